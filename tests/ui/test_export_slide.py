"""Slide-ready frames: the formula, the legend, the step counter and a caption on exported
frames, panes that each get their share, and the dialog's fields and larger preview."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from PIL import Image

from tests.ui.test_export import SMALL, open_from_file_menu, read_png, run_cli

SLIDE = (640, 480)


@pytest.fixture(scope="module")
def race(qapp):
    """The default race, 60 steps, computed as the headless export does."""
    from ui.shell.app import create_application
    from ui.shell.headless_export import build_model
    from ui.shell.launch import default_session

    create_application()
    session = default_session()
    session.max_steps, session.resolution = 60, 100
    return build_model(session)


def render(model, at=30, view="contour", size=SLIDE, **slide):
    """The frame at step ``at`` with ``SlideOptions(**slide)``, and its overlay."""
    from ui.export.renderer import FrameRenderer
    from ui.export.slide import SlideOptions

    renderer = FrameRenderer(model, view, size, slide=SlideOptions(**slide))
    try:
        return renderer.render(at), renderer.overlay
    finally:
        renderer.close()


def crop(frame: np.ndarray, rect) -> np.ndarray:
    if hasattr(rect, "getRect"):  # a QRectF
        rect = rect.getRect()
    x, y, w, h = (round(v) for v in rect)
    return frame[y : y + h, x : x + w, :3]


def rgb(colour: str) -> tuple[int, int, int]:
    from PySide6.QtGui import QColor

    c = QColor(colour)
    return (c.red(), c.green(), c.blue())


def background_share(pixels: np.ndarray) -> float:
    from ui.export.overlay import BACKGROUND

    return float((pixels.reshape(-1, 3) == rgb(BACKGROUND)).all(axis=1).mean())


# -- the layout: a pure table -----------------------------------------------------------------
VIEW_SIZES = [
    (view, size, caption)
    for view in ("contour", "surface", "both", "contour+loss", "surface+loss")
    for size in ((800, 600), (320, 240), (1920, 1080), (64, 64))
    for caption in ("", "A caption that is long enough to need a second line " * 3)
]


@pytest.mark.parametrize(("view", "size", "caption"), VIEW_SIZES)
def test_every_pane_gets_its_share_and_the_bands_fit(view, size, caption):
    from landscape.export.frames import output_size, panels
    from ui.export.slide import MAX_BANDS, SlideOptions, slide_layout

    options = SlideOptions(caption=caption)
    layout = slide_layout(view, size, options, lambda f, w: (2, 3), title_em=9.0)  # capped
    width, height = layout.size
    assert layout.size == output_size(view, size)  # the bands are carved out, not added
    names = [name for name, _ in layout.panes]
    assert tuple(names) == panels(view)
    x = 0
    for _name, (px, _y, pw, ph) in layout.panes:
        assert px == x and pw >= 0.4 * width - 1  # side by side, none squashed
        assert ph >= (1 - MAX_BANDS) * height - 1 and ph == layout.panes[0][1][3]
        x += pw
    assert x == width
    top = layout.panes[0][1][1]
    bands = [b for b in (layout.title, layout.legend) if b]
    assert sum(b[3] for b in bands) == top
    if layout.caption:
        assert layout.caption[1] == top + layout.panes[0][1][3]
        assert layout.caption[1] + layout.caption[3] == height
    if "loss" in names:
        assert layout.pane("loss")[2] == pytest.approx(0.4 * width, abs=1)


def test_a_tall_formula_gets_a_taller_title_band_within_bounds():
    from ui.export.slide import MAX_TITLE_EM, TITLE_EM, SlideOptions, slide_layout

    heights = [
        slide_layout("contour", (800, 600), SlideOptions(), title_em=em).title[3]
        for em in (0.5, TITLE_EM, 2.8, MAX_TITLE_EM, 9.0)
    ]
    font = slide_layout("contour", (800, 600), SlideOptions()).font
    want = (TITLE_EM, TITLE_EM, 2.8, MAX_TITLE_EM, MAX_TITLE_EM)
    assert heights == [round(font * e) for e in want]


def test_no_overlays_leave_the_panes_the_whole_frame():
    from ui.export.slide import SlideOptions, slide_layout

    off = SlideOptions(formula=False, legend=False, step=False)
    layout = slide_layout("both", (800, 600), off)
    assert layout.title is layout.legend is layout.caption is None
    assert layout.panes == (("contour", (0, 0, 800, 600)), ("surface", (800, 0, 800, 600)))


# -- what a frame carries -------------------------------------------------------------------
def test_the_legend_shows_each_runs_swatch_in_its_colour_at_its_place(race):
    frame, overlay = render(race)
    runs = [r for r in race.runs if r.visible]
    swatches = overlay.legend_swatches()
    assert [c for _, c in swatches] == [r.color for r in runs]
    lx, ly, lw, lh = overlay.layout.legend
    for (rect, _), entry in zip(swatches, runs, strict=True):
        assert lx <= rect.left() and rect.right() <= lx + lw
        assert ly <= rect.top() and rect.bottom() <= ly + lh
        inside = crop(frame, (rect.x() + 2, rect.y() + 2, rect.width() - 4, rect.height() - 4))
        assert (inside.reshape(-1, 3) == rgb(entry.color)).all(), entry.display_name
    without, _ = render(race, legend=False)
    band = crop(frame, overlay.layout.legend)
    for entry in runs:  # the legend is gone, and its band with it: the panes moved up
        assert (band.reshape(-1, 3) == rgb(entry.color)).all(axis=1).sum() > 50
    assert not np.array_equal(crop(without, overlay.layout.legend), band)


def test_the_step_counter_changes_between_frames_and_nothing_else_in_the_title(race):
    from ui.export.renderer import FrameRenderer
    from ui.export.slide import SlideOptions

    renderer = FrameRenderer(race, "contour", SLIDE, slide=SlideOptions())
    try:
        a, b, again = renderer.render(10), renderer.render(47), renderer.render(10)
        step_rect, formula_rect = renderer.overlay.step_rect(), renderer.overlay.formula_room()
        assert renderer.overlay.step_text(47) == f"step 47 / {race.last_frame()}"
    finally:
        renderer.close()
    assert not np.array_equal(crop(a, step_rect), crop(b, step_rect))
    assert np.array_equal(crop(a, step_rect), crop(again, step_rect))
    assert np.array_equal(crop(a, formula_rect), crop(b, formula_rect))
    assert background_share(crop(a, formula_rect)) < 0.97  # the formula is drawn there


def test_without_the_step_counter_its_place_stays_empty(race):
    a, overlay = render(race, at=10, step=False)
    assert background_share(crop(a, overlay.step_rect())) == 1.0


def test_the_formula_is_typeset_and_can_be_left_out(race):
    frame, overlay = render(race)
    assert overlay.latex and overlay.latex.startswith("f(x, y) = ")
    assert overlay._svg is not None  # typeset, not the text fallback
    room = crop(frame, overlay.formula_room())
    bare, _ = render(race, formula=False)
    assert background_share(room) < 0.97
    assert background_share(crop(bare, overlay.formula_room())) == 1.0


def test_the_caption_appears_under_the_panes(race):
    plain, none = render(race)
    assert none.layout.caption is None
    frame, overlay = render(race, caption="Adam follows the valley floor")
    other, _ = render(race, caption="Gradient descent zig-zags")
    band = overlay.layout.caption
    assert band is not None and band[1] + band[3] == SLIDE[1]
    assert background_share(crop(frame, band)) < 0.98  # text is drawn
    assert not np.array_equal(crop(frame, band), crop(other, band))
    assert overlay.layout.panes[0][1][3] < none.layout.panes[0][1][3]  # room taken from panes


def test_a_formula_too_long_to_typeset_falls_back_to_text_and_a_model_says_its_words(qapp):
    from types import SimpleNamespace

    from tests.ui.conftest import bowl_landscape
    from ui.export.overlay import formula_of, run_label

    bowl = SimpleNamespace(landscape=bowl_landscape())  # numpy callables: no sympy formula
    assert formula_of(bowl) == (None, "f(x, y) = x^2 + 3y^2")
    model = SimpleNamespace(landscape=bowl_landscape(train=True))
    latex, text = formula_of(model)
    assert latex is None and text == model.landscape.text
    cases = [
        ("gd", "Gradient descent", {"lr": 0.1}, None, "Gradient descent (lr 0.1)"),
        ("adam", "Adam", {}, None, "Adam (lr 0.05)"),  # the optimizer's default
        (
            "momentum",
            "Momentum (heavy ball)",
            {"lr": 0.001},
            None,
            "Momentum (heavy ball), lr 0.001",
        ),
        ("gd", "GD (lr 0.1)", {"lr": 0.1}, None, "GD (lr 0.1)"),  # already says it
        ("newton", "Newton", {}, None, "Newton"),  # no learning rate
        ("gd", "Gradient descent", {"lr": 5.0}, "diverged", "Gradient descent (lr 5) — failed"),
    ]
    for name, display, hyper, error, want in cases:  # entries without a label
        entry = SimpleNamespace(name=name, display_name=display, hyper=hyper, error=error)
        assert run_label(entry) == want
    labelled = SimpleNamespace(label="GD (lr 0.1) #2", error=None, display_name="", hyper={})
    assert run_label(labelled) == "GD (lr 0.1) #2"  # the model's label, as the app shows it


@pytest.mark.parametrize("view", ["contour", "contour+loss"])
def test_slide_frames_are_pixel_identical_to_a_full_redraw(race, view):
    from ui.export.renderer import FrameRenderer
    from ui.export.slide import SlideOptions

    slide = SlideOptions(caption="same either way")
    fast = FrameRenderer(race, view, SMALL, slide=slide)
    full = FrameRenderer(race, view, SMALL, slide=slide, layered=False)
    try:
        for step in (0, 13, 60):
            a, b = fast.render(step), full.render(step)
            assert a.shape == (SMALL[1], SMALL[0] * len(fast.panels), 4)
            assert np.array_equal(a, b), f"step {step}: {(a != b).any(axis=2).sum()} pixels"
    finally:
        fast.close()
        full.close()


def test_the_loss_curves_get_forty_percent_with_their_plots_stacked(race):
    from ui.export.renderer import FrameRenderer
    from ui.export.slide import SlideOptions

    renderer = FrameRenderer(race, "contour+loss", (800, 600), slide=SlideOptions())
    try:
        loss, contour = renderer.loss, renderer.contour
        assert loss.width() == 640 and contour.width() == 960  # 40 % and 60 % of 1600
        f_box = loss.f_plot.sceneBoundingRect()
        g_box = loss.g_plot.sceneBoundingRect()
        assert g_box.top() >= f_box.bottom() - 1  # stacked, not side by side
        assert f_box.width() > 0.9 * loss.width() and g_box.width() > 0.9 * loss.width()
        assert min(f_box.height(), g_box.height()) > 0.4 * loss.height()
        # one legend per frame: the slide's band, not the map's or the loss panel's own
        assert renderer.contour.legend.item.opacity() == 0.0
        assert loss.legend.item not in loss.graphics.ci.items
    finally:
        renderer.close()


# -- exports and the dialog -------------------------------------------------------------------
def test_a_png_export_carries_the_overlays_and_says_so_in_its_manifest(race, tmp_path):
    from landscape.export.frames import ExportOptions
    from ui.export.job import make_job
    from ui.export.slide import SlideOptions

    options = ExportOptions(out=tmp_path / "frames", size=SMALL, steps_per_frame=30).check()
    job = make_job(race, options, slide=SlideOptions(caption="hello"))
    try:
        job.run()
        overlay = job.renderer.overlay
    finally:
        job.renderer.close()
    info = json.loads((tmp_path / "frames" / "manifest.json").read_text())
    assert info["overlays"] == {"formula": True, "legend": True, "step": True, "caption": "hello"}
    first, last = (read_png(tmp_path / "frames" / f"frame_000{i}.png") for i in (0, 2))
    assert first.shape == (SMALL[1], SMALL[0], 3)
    assert not np.array_equal(crop(first, overlay.step_rect()), crop(last, overlay.step_rect()))
    rect, colour = overlay.legend_swatches()[0]
    assert tuple(first[round(rect.center().y()), round(rect.center().x())]) == rgb(colour)


def test_the_export_command_takes_caption_and_the_no_switches(tmp_path):
    out = run_cli(
        tmp_path,
        "--preset",
        "bowl",
        "--optimizers",
        "gd,adam",
        "--steps",
        "20",
        "--steps-per-frame",
        "20",
        "--size",
        "320x240",
        "--caption",
        "-a bowl",
        "--no-legend",
        "--out",
        "frames",
        display=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    info = json.loads((tmp_path / "frames" / "manifest.json").read_text())
    assert info["overlays"] == {
        "formula": True,
        "legend": False,
        "step": True,
        "caption": "-a bowl",
    }
    too_long = run_cli(tmp_path, "--preset", "bowl", "--caption", "x" * 201, "--out", "a.gif")
    assert too_long.returncode == 2 and "--caption" in too_long.stderr
    assert too_long.stderr.count("\n") == 1


def test_the_dialog_has_the_overlay_fields_a_larger_preview_and_exports_them(
    window, qtbot, tmp_path
):
    from PySide6.QtCore import Qt

    from ui.export.preview import PREVIEW_HEIGHT, PREVIEW_WIDTH

    dialog = open_from_file_menu(window, qtbot)
    fields = dialog.overlay_fields
    assert fields.formula_box.isChecked() and fields.legend_box.isChecked()
    assert fields.step_box.isChecked() and fields.caption_edit.text() == ""
    qtbot.waitUntil(lambda: not dialog.preview.pixmap().isNull(), timeout=20_000)
    shown = dialog.preview.pixmap()  # the 800×600 frame fills the 640×420 box's height
    assert max(shown.width() / PREVIEW_WIDTH, shown.height() / PREVIEW_HEIGHT) > 0.99
    assert shown.width() >= 560 and shown.height() >= 420  # it was 360×270
    qtbot.mouseClick(fields.legend_box, Qt.MouseButton.LeftButton)
    fields.caption_edit.setFocus()
    qtbot.keyClicks(fields.caption_edit, "Three optimizers on Rosenbrock")
    assert fields.options().legend is False
    assert fields.options().caption == "Three optimizers on Rosenbrock"
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("png"))
    dialog.width_box.setValue(SMALL[0])
    dialog.height_box.setValue(SMALL[1])
    dialog.first_box.setValue(0)
    dialog.last_box.setValue(20)
    dialog.spf_box.setValue(10)
    dialog.path_edit.setText(str(tmp_path / "frames"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert "saved" in dialog.status.text()
    info = json.loads((tmp_path / "frames" / "manifest.json").read_text())
    assert info["overlays"]["caption"] == "Three optimizers on Rosenbrock"
    assert info["overlays"]["legend"] is False
    frame = read_png(tmp_path / "frames" / "frame_0000.png")
    assert frame.shape == (SMALL[1], SMALL[0], 3)
    assert background_share(frame[-12:, :, :]) < 0.98  # the caption's band, at the bottom
    assert sorted(os.listdir(tmp_path / "frames"))[-1] == "manifest.json"
    Image.open(tmp_path / "frames" / "frame_0002.png").verify()


def test_a_twelve_run_legend_wraps_to_three_rows_and_counts_the_rest(qapp):
    from tests.ui.conftest import bowl_landscape, bowl_run
    from ui.export.overlay import SlideOverlay
    from ui.export.slide import MAX_LEGEND_ROWS, SlideOptions, font_px
    from ui.state.model import AppModel

    model = AppModel()
    model.set_max_steps(10)
    model.set_landscape(bowl_landscape())
    for i in range(12):
        bowl_run(model, ["gd", "momentum", "adam"][i % 3], {"lr": 0.01 * (i + 1)})
    wide = SlideOverlay(model, "contour+loss", (960, 540), SlideOptions())
    mid = SlideOverlay(model, "contour", (480, 360), SlideOptions())
    narrow = SlideOverlay(model, "contour", (320, 240), SlideOptions())
    for overlay in (wide, mid, narrow):
        rows = overlay._legend_rows(overlay.layout.font, overlay.layout.size[0])
        assert overlay.layout.legend_rows == min(len(rows), MAX_LEGEND_ROWS)
        swatches = overlay.legend_swatches()
        x, y, w, h = overlay.layout.legend
        assert all(y <= r.top() and r.bottom() <= y + h for r, _ in swatches)
        labels = [label for *_, label, _ in overlay._legend_items()]
        if len(swatches) < 12:  # the rest are counted, not dropped silently
            assert labels[-1].endswith(f"(+{12 - len(swatches)} more)")
        colours = [c for _, c in swatches]
        assert colours == [r.color for r in model.runs][: len(colours)]
    assert len(wide.legend_swatches()) == 12 and wide.layout.font == font_px(540)
    assert len(mid.legend_swatches()) == 12 and mid.layout.font < font_px(360)  # shrunk
    assert len(narrow.legend_swatches()) < 12  # at the smallest font: "+k more" says the rest
