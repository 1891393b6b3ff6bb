"""What compiled expressions call: the numpy namespace for ``lambdify``, plus the few
functions sympy's printer leaves to the namespace."""

from __future__ import annotations

import numpy as np

from landscape.kinks import TIE_SHARE


def _heaviside(x, h0=TIE_SHARE):
    """sympy's ``Heaviside(t, h0)``: 0 for t < 0, 1 for t > 0, ``h0`` at 0. The derivatives
    always pass ``h0`` (:mod:`landscape.realdiff`: ½ at a tie of max/min, 0 for relu)."""
    return np.heaviside(x, h0)


#: ``modules=`` argument for every ``sympy.lambdify`` in the project.
NUMPY_MODULES = [{"Heaviside": _heaviside}, "numpy"]
