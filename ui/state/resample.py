"""The rectangles a zoom or pan resamples on (plain functions, no Qt).

A domain is ``(xmin, xmax, ymin, ymax)`` (a tuple) or a :class:`~landscape.grid.Domain`.
"""

from __future__ import annotations


def shown_domain(domain) -> tuple[float, ...]:
    """A domain as the function bar shows it (two decimals)."""
    return tuple(round(float(v), 2) for v in domain)


def domain_tuple(domain) -> tuple[float, float, float, float]:
    return (domain.xmin, domain.xmax, domain.ymin, domain.ymax)


def same_box(box, domain) -> bool:
    """``box (xmin, xmax, ymin, ymax)`` equals ``domain`` to a millionth of its size."""
    size = max(domain.width, domain.height)
    return all(abs(a - b) <= 1e-6 * size for a, b in zip(box, domain_tuple(domain), strict=True))


def resample_target(box) -> tuple[float, float, float, float] | None:
    """The rectangle to sample for a view range ``box``: clamped to what a
    :class:`~landscape.grid.Domain` allows (±MAX_SPAN/2 each way); None when empty."""
    from landscape.grid import MAX_SPAN

    half = 0.5 * MAX_SPAN
    x0, x1, y0, y1 = (min(max(float(v), -half), half) for v in box)
    if not (x1 - x0 > 1e-9 * max(1.0, abs(x0), abs(x1))):
        return None
    if not (y1 - y0 > 1e-9 * max(1.0, abs(y0), abs(y1))):
        return None
    return (x0, x1, y0, y1)
