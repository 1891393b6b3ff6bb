"""What compiled expressions call: the numpy namespace for ``lambdify``, plus the few
functions sympy's printer leaves to the namespace."""

from __future__ import annotations

import numpy as np


def _heaviside(x, h0=0.5):
    return np.heaviside(x, h0)


#: ``modules=`` argument for every ``sympy.lambdify`` in the project.
NUMPY_MODULES = [{"Heaviside": _heaviside}, "numpy"]
