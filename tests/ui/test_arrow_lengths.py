"""The −∇f arrow's length rule and the 3D view's numbers (ticks, mesh, 3D arrows, wheel zoom),
as tables of cases on the plain functions (no window, no OpenGL)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ui.views.arrows import GRADIENT_SHARE, MAX_SHARE, gradient_arrow
from ui.views.surface_camera import wheel_zoom
from ui.views.surface_mesh import arrow_lines, grid_mesh, nice_ticks, tick_labels

SPAN = 4.0
D = np.array([3.0, 4.0])  # any direction: only its angle counts


def length(arrow) -> float:
    return float(np.hypot(*arrow))


@pytest.mark.parametrize(
    ("mode", "norm", "reference", "tolerance", "expected_share"),
    [
        ("scaled", 10.0, 10.0, 1e-6, GRADIENT_SHARE),  # the start: the reference length
        ("scaled", 5.0, 10.0, 1e-6, GRADIENT_SHARE / 2),  # half the gradient, half as long
        ("scaled", 0.1, 10.0, 1e-6, GRADIENT_SHARE / 100),
        ("scaled", 20.0, 10.0, 1e-6, 2 * GRADIENT_SHARE),
        ("scaled", 1e3, 10.0, 1e-6, MAX_SHARE),  # clipped
        ("log", 10.0, 10.0, 1e-6, GRADIENT_SHARE),
        ("log", 1e-1, 10.0, 1e-6, GRADIENT_SHARE * 5 / 7),  # 5 of 7 decades above gtol
        ("log", 1e-5, 10.0, 1e-6, GRADIENT_SHARE / 7),
        ("log", 1e12, 10.0, 1e-6, MAX_SHARE),  # 18 decades: clipped
        ("unit", 1e-3, 10.0, 1e-6, GRADIENT_SHARE),
        ("unit", 1e3, 10.0, 1e-6, GRADIENT_SHARE),
        ("scaled", 5.0, 0.0, 1e-6, GRADIENT_SHARE),  # no reference: the direction only
    ],
)
def test_the_length_follows_the_gradient_norm(mode, norm, reference, tolerance, expected_share):
    arrow = gradient_arrow(D, norm, reference, tolerance, SPAN, mode)
    assert length(arrow) == pytest.approx(expected_share * SPAN)
    assert np.allclose(arrow / length(arrow), D / 5.0)  # the direction of −∇f, kept


@pytest.mark.parametrize("mode", ["scaled", "log", "unit"])
@pytest.mark.parametrize("norm", [1e-6, 5e-7, 0.0])
def test_no_arrow_at_or_below_the_tolerance(mode, norm):
    assert gradient_arrow(D, norm, 10.0, 1e-6, SPAN, mode) is None


@pytest.mark.parametrize(
    "direction", [np.array([0.0, 0.0]), np.array([np.nan, 1.0]), np.array([np.inf, 0.0])]
)
def test_no_arrow_without_a_direction(direction):
    assert gradient_arrow(direction, 1.0, 1.0, 1e-6, SPAN, "unit") is None


def test_the_length_scales_with_the_view():
    near = gradient_arrow(D, 5.0, 10.0, 1e-6, 1.0, "scaled")
    far = gradient_arrow(D, 5.0, 10.0, 1e-6, 8.0, "scaled")
    assert length(far) == pytest.approx(8 * length(near))


@pytest.mark.parametrize(
    ("lo", "hi", "expected"),
    [
        (-2.0, 2.0, ["-2", "-1", "0", "1", "2"]),
        (-1.0, 1.0, ["-1.0", "-0.5", "0.0", "0.5", "1.0"]),
        (0.19, 0.2, ["0.190", "0.195", "0.200"]),
        (0.0, 1e7, ["0", "5e6", "1e7"]),
        (-1e-5, 3e-5, ["-1e-5", "0", "1e-5", "2e-5", "3e-5"]),
        (1000.0, 1000.01, ["1000.000", "1000.005", "1000.010"]),
    ],
)
def test_tick_values_are_round_and_their_labels_distinct(lo, hi, expected):
    values = nice_ticks(lo, hi)
    assert np.all((values >= lo - 1e-12) & (values <= hi + 1e-12))
    labels = tick_labels(values)
    assert labels == expected and len(set(labels)) == len(labels)


def test_the_mesh_leaves_out_undefined_heights_and_its_normals_point_up():
    x, y = np.linspace(-1, 1, 5), np.linspace(-1, 1, 4)
    z = np.add.outer(x**2, 0.5 * y)
    z[4, 3] = np.nan
    vertices, faces, normals = grid_mesh(x, y, z)
    assert vertices.shape == (20, 3) and normals.shape == (20, 3)
    assert len(faces) == 2 * 4 * 3 - 2  # the one cell touching the undefined corner is gone
    assert 19 not in faces  # vertex (4, 3)
    assert np.allclose(np.linalg.norm(normals, axis=1), 1.0) and np.all(normals[:, 2] > 0)
    # the normal of z = x² + y/2 at (x, y) is ∝ (−2x, −1/2, 1) (central differences inside)
    i, j = 2, 1
    expected = np.array([-2 * x[i], -0.5, 1.0])
    assert np.allclose(normals[i * 4 + j], expected / np.linalg.norm(expected))


def test_3d_arrows_are_a_shaft_and_two_head_strokes_ending_at_the_tip():
    tails = np.array([[0.0, 0.0, 0.5], [1.0, 1.0, 1.0], [np.nan, 0, 0]])
    tips = np.array([[0.5, 0.0, 0.3], [1.0, 1.0, 1.0], [1.0, 0, 0]])
    segments = arrow_lines(tails, tips)
    assert segments.shape == (6, 3)  # the zero-length and the undefined arrows are dropped
    assert np.allclose(segments[0], tails[0]) and np.allclose(segments[1], tips[0])
    assert np.allclose(segments[[2, 4]], tips[0])
    for k in (3, 5):  # each head stroke points back along the shaft
        back = segments[k] - tips[0]
        shaft = tips[0] - tails[0]
        assert np.dot(back, shaft) < 0 and np.linalg.norm(back) <= 0.06 + 1e-12


@pytest.mark.parametrize(
    ("angle", "pixel", "expected"),
    [
        (120, 0, 0.999**120),  # one notch of a mouse wheel
        (-120, 0, 0.999**-120),
        (240, 0, 0.999**240),
        (15, 0, 0.999 ** (0.35 * 15)),  # a high-resolution delta: a trackpad
        (120, 40, 0.999 ** (0.35 * 120)),  # a pixel delta: a trackpad
        (0, 0, 1.0),
    ],
)
def test_a_trackpad_zooms_more_gently_than_a_wheel(angle, pixel, expected):
    assert wheel_zoom(angle, pixel) == pytest.approx(expected)
    assert math.isfinite(wheel_zoom(angle, pixel))
