"""The numbers behind the 3D view's pictures, in plain numpy (no OpenGL, testable anywhere).

- :func:`grid_mesh`: a height grid as one triangle mesh: ``vertices (nx·ny, 3)``, ``faces (m,
  3)`` (no face touches an undefined height) and unit ``normals (nx·ny, 3)`` from central
  differences, for lighting (pyqtgraph's own per-vertex normals cost ~1 s for 150² vertices);
- :func:`nice_ticks` / :func:`tick_labels`: round tick values over a range and distinct,
  short labels for them;
- :func:`arrow_lines`: 3D arrows (shaft and two head strokes) as line-segment pairs.
"""

from __future__ import annotations

import math

import numpy as np

#: a 3D arrow's head: at most this long (box units), and at most this share of the shaft
HEAD_LENGTH = 0.06
HEAD_SHARE = 0.35
HEAD_ANGLE = math.radians(28)


def grid_mesh(x, y, z) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``x (nx,)``, ``y (ny,)``, ``z (nx, ny)`` (nan: undefined) → vertices, faces, normals.

    Vertex ``i * ny + j`` is ``(x[i], y[j], z[i, j])`` (an undefined height becomes 0 and no
    face uses it); two triangles per grid cell; normals point up (+z) and are unit length.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    z = np.asarray(z, dtype=float)
    nx, ny = z.shape
    defined = np.isfinite(z)
    zz = np.where(defined, z, 0.0)
    X, Y = np.meshgrid(x, y, indexing="ij")
    vertices = np.column_stack([X.ravel(), Y.ravel(), zz.ravel()])
    index = np.arange(nx * ny).reshape(nx, ny)
    a, b = index[:-1, :-1].ravel(), index[1:, :-1].ravel()
    c, d = index[1:, 1:].ravel(), index[:-1, 1:].ravel()
    faces = np.concatenate([np.column_stack([a, b, c]), np.column_stack([a, c, d])])
    flat = defined.ravel()
    faces = faces[flat[faces].all(axis=1)]
    normals = _normals(x, y, zz, defined)
    return vertices, faces.astype(np.uint32), normals


def _normals(x, y, z, defined) -> np.ndarray:
    """Unit normals ``(nx·ny, 3)`` of the surface ``z (nx, ny)``: (−∂z/∂x, −∂z/∂y, 1)."""
    nx, ny = z.shape
    dzdx = np.gradient(z, x, axis=0) if nx > 1 else np.zeros_like(z)
    dzdy = np.gradient(z, y, axis=1) if ny > 1 else np.zeros_like(z)
    n = np.stack([-dzdx, -dzdy, np.ones_like(z)], axis=-1)
    n[~defined] = (0.0, 0.0, 1.0)
    n[~np.isfinite(n).all(axis=-1)] = (0.0, 0.0, 1.0)
    n /= np.linalg.norm(n, axis=-1, keepdims=True)
    return n.reshape(-1, 3)


def nice_ticks(lo: float, hi: float, count: int = 5) -> np.ndarray:
    """Round values (1, 2 or 5 × 10ᵏ apart) inside ``[lo, hi]``, about ``count`` of them."""
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
        return np.array([lo]) if np.isfinite(lo) else np.empty(0)
    raw = (hi - lo) / max(count - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * 0.999)
    first = math.ceil(lo / step - 1e-9) * step
    values = first + step * np.arange(int(math.floor((hi - first) / step + 1e-9)) + 1)
    values[np.abs(values) < step * 1e-9] = 0.0  # no "-0" or "1e-17"
    return values


def tick_labels(values) -> list[str]:
    """Short labels for evenly spaced ``values``, as many digits as the spacing needs (1eN
    notation outside 1e-3…1e5), so that neighbours never read the same."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return []
    step = float(np.min(np.diff(values))) if values.size > 1 else abs(float(values[0])) or 1.0
    top = float(np.max(np.abs(values))) or step
    if top >= 1e5 or top < 1e-3:
        digits = max(1, math.floor(math.log10(top)) - math.floor(math.log10(step)) + 1)
        return [_tidy_exponent(f"{v:.{digits - 1}e}") if v else "0" for v in values]
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return [f"{v:.{decimals}f}" for v in values]


def _tidy_exponent(text: str) -> str:
    mantissa, exponent = text.split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def arrow_lines(tails, tips) -> np.ndarray:
    """Arrows from ``tails (k, 3)`` to ``tips (k, 3)`` → ``(6m, 3)`` segment pairs (shaft, then
    two head strokes) for the m arrows with finite ends and non-zero length, in input order;
    each head lies in the plane of its shaft and the horizontal at right angles to it."""
    tails = np.asarray(tails, dtype=float).reshape(-1, 3)
    tips = np.asarray(tips, dtype=float).reshape(-1, 3)
    d = tips - tails
    length = np.linalg.norm(d, axis=1)
    keep = np.isfinite(tails).all(axis=1) & np.isfinite(tips).all(axis=1) & (length > 0)
    tails, tips, d, length = tails[keep], tips[keep], d[keep], length[keep]
    if len(tails) == 0:
        return np.zeros((0, 3))
    unit = d / length[:, None]
    side = np.cross(unit, [0.0, 0.0, 1.0])
    flat = np.linalg.norm(side, axis=1) < 1e-9  # a vertical shaft: any horizontal side
    side[flat] = (1.0, 0.0, 0.0)
    side /= np.linalg.norm(side, axis=1, keepdims=True)
    head = np.minimum(HEAD_LENGTH, HEAD_SHARE * length)[:, None]
    back = tips - unit * head * math.cos(HEAD_ANGLE)
    spread = side * head * math.sin(HEAD_ANGLE)
    out = np.empty((len(tails), 6, 3))
    out[:, 0], out[:, 1] = tails, tips
    out[:, 2], out[:, 3] = tips, back + spread
    out[:, 4], out[:, 5] = tips, back - spread
    return out.reshape(-1, 3)
