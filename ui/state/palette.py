"""The run colours and how a new run gets one (plain Python: no Qt).

Rules: a run keeps its colour while it exists; a new run takes the first :data:`PALETTE`
colour that no run holds (hidden runs included), so no two runs share a colour, after
removals too; past the palette, further hues are made that no run holds either.
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterable

#: run colours, colour-blind safe: Okabe–Ito's seven (black left out: it vanishes on dark
#: backgrounds), then five of Paul Tol's "light" and "vibrant" colours for larger races. Each
#: reads on viridis-like maps on light and dark backgrounds (the selected trail gets a dark
#: outline), in an order that keeps the first few far apart.
PALETTE = (
    "#e69f00",  # orange
    "#56b4e9",  # sky blue
    "#cc79a7",  # reddish purple
    "#009e73",  # bluish green
    "#f0e442",  # yellow
    "#d55e00",  # vermillion
    "#0072b2",  # blue
    "#ffaabb",  # pink (Tol light)
    "#dddddd",  # pale grey (Tol light)
    "#bbcc33",  # pear (Tol light)
    "#99ddff",  # light cyan (Tol light)
    "#ee3377",  # magenta (Tol vibrant)
)
#: the golden angle as a share of the hue circle: successive extra hues stay far apart
_GOLDEN = 0.381966


def free_color(held: Iterable[str]) -> str:
    """The first :data:`PALETTE` colour not in ``held`` (``#rrggbb`` names, any case); past
    the palette, a further hue (golden-angle steps) that is not held either."""
    taken = {str(c).lower() for c in held}
    for color in PALETTE:
        if color not in taken:
            return color
    k = 0
    while True:
        k += 1
        r, g, b = colorsys.hsv_to_rgb((0.1 + _GOLDEN * k) % 1.0, 0.55, 0.95)
        color = "#{:02x}{:02x}{:02x}".format(*(round(255 * v) for v in (r, g, b)))
        if color not in taken:
            return color
