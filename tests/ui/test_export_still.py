"""A still frame for print: SVG (vector: trails as paths, names as text, the formula as glyph
paths) and PDF, from the renderer, the dialog and `landscape export --format svg|pdf`."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from tests.ui.test_export import open_from_file_menu, run_cli
from tests.ui.test_export_slide import race  # noqa: F401 - the shared fixture

SVG = "{http://www.w3.org/2000/svg}"


def write(model, tmp_path, name, view="contour", last=40, **slide):
    from landscape.export.frames import ExportOptions
    from ui.export.slide import SlideOptions
    from ui.export.still import write_still

    options = ExportOptions(out=tmp_path / name, view=view, size=(640, 480), last_step=last)
    return write_still(model, options.check(), slide=SlideOptions(**slide))


def svg_facts(path):
    root = ET.parse(path).getroot()  # parses as XML, or raises
    texts = ["".join(e.itertext()).strip() for e in root.iter(f"{SVG}text")]
    strokes = {e.get("stroke") for e in root.iter() if e.get("stroke")}
    from ui.export.overlay import TEXT

    glyphs = [  # paths filled in the overlay's text colour (Qt puts the fill on their group)
        path
        for group in root.iter(f"{SVG}g")
        if group.get("fill") == TEXT
        for path in group.iter(f"{SVG}path")
    ]
    return root, texts, strokes, glyphs


def test_an_svg_still_is_vector_with_the_legend_step_caption_and_formula(race, tmp_path):  # noqa: F811
    from ui.export.overlay import legend_entries

    path = write(race, tmp_path, "still.svg", caption="For the handout")
    root, texts, strokes, glyphs = svg_facts(path)
    assert root.get("viewBox") == "0 0 640 480"
    for label, colour in legend_entries(race):
        assert label in texts
        assert colour in strokes  # the run's trail is a vector path in its colour
    assert "For the handout" in texts
    assert f"step 40 / {race.last_frame()}" in texts
    assert {"x", "y"} <= set(texts)  # axis labels stay text
    plain = write(race, tmp_path, "plain.svg", formula=False)
    assert len(glyphs) - len(svg_facts(plain)[3]) >= 10  # the typeset formula's glyphs
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.svg", "still.svg"]


def test_a_pdf_still_is_one_page_of_the_frames_size(race, tmp_path):  # noqa: F811
    path = write(race, tmp_path, "still.pdf", view="contour+loss")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    box = re.search(rb"MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert box and (float(box.group(1)), float(box.group(2))) == (960.0, 360.0)  # 1280×480 px
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1  # one page (and one /Pages)


def test_a_still_shows_the_last_step_of_the_range(race, tmp_path):  # noqa: F811
    from landscape.export.frames import ExportOptions
    from ui.export.still import still_step

    options = ExportOptions(out=tmp_path / "a.svg", last_step=25).check()
    assert still_step(options, race.last_frame()) == 25
    assert still_step(ExportOptions(out=tmp_path / "b.svg").check(), 60) == 60
    texts = svg_facts(write(race, tmp_path, "c.svg", last=None))[1]
    assert f"step {race.last_frame()} / {race.last_frame()}" in texts


def test_the_dialog_writes_an_svg_still_at_once(window, qtbot, tmp_path):
    from PySide6.QtCore import Qt

    dialog = open_from_file_menu(window, qtbot)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("svg"))
    assert not dialog.spf_box.isEnabled() and not dialog.fps_box.isEnabled()
    assert dialog.overlay_fields.isEnabled()
    dialog.last_box.setValue(30)
    assert "one frame: step 30" in dialog.summary.text()
    assert dialog.path_edit.text().endswith(".svg")
    dialog.path_edit.setText(str(tmp_path / "slide.svg"))
    qtbot.keyClicks(dialog.overlay_fields.caption_edit, "Week 3")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "saved" in dialog.status.text(), timeout=30_000)
    texts = svg_facts(tmp_path / "slide.svg")[1]
    assert "Week 3" in texts and f"step 30 / {window.model.last_frame()}" in texts


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_the_export_command_writes_stills_without_a_display(tmp_path, fmt):
    out = run_cli(
        tmp_path,
        "--preset",
        "bowl",
        "--optimizers",
        "gd,adam",
        "--steps",
        "30",
        "--range",
        "0:12",
        "--size",
        "400x300",
        "--caption",
        "bowl, step 12",
        "--out",
        f"still.{fmt}",
        display=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "wrote" in out.stdout and "error" not in out.stderr
    path = tmp_path / f"still.{fmt}"
    if fmt == "pdf":
        assert path.read_bytes().startswith(b"%PDF")
    else:
        texts = svg_facts(path)[1]
        assert "bowl, step 12" in texts and "step 12 / 30" in texts


@pytest.mark.gl
def test_a_surface_still_embeds_the_surface_at_twice_its_pixels(tmp_path):
    import base64
    import io
    import os

    from PIL import Image

    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        pytest.skip("no display with OpenGL (run under Xvfb: scripts/with-display)")
    out = run_cli(
        tmp_path, "--view", "both", "--steps", "20", "--size", "320x240", "--out", "s.svg"
    )
    if out.returncode == 2 and "OpenGL" in out.stderr:
        pytest.skip(out.stderr.strip())
    assert out.returncode == 0, out.stderr[-2000:]
    root = ET.parse(tmp_path / "s.svg").getroot()
    sizes = []
    for image in root.iter(f"{SVG}image"):
        href = image.get("{http://www.w3.org/1999/xlink}href") or image.get("href") or ""
        if href.startswith("data:image/"):
            data = base64.b64decode(href.split(",", 1)[1])
            sizes.append(Image.open(io.BytesIO(data)).size)
    from ui.export.slide import SlideOptions, slide_layout

    _x, _y, w, h = slide_layout("both", (320, 240), SlideOptions()).pane("surface")
    assert (2 * w, 2 * h) in sizes, sizes  # the surface, at print resolution
