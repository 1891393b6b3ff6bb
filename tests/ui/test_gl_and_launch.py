"""Whole-app checks in subprocesses: the OpenGL surface renders, and ``landscape gui
--screenshot`` writes a real picture. A driver crash cannot take the suite down."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.ui.conftest import ROOT, python_with_app, subprocess_env

MIN_COLOURS = 40

GL_SCRIPT = r"""
import json, os, sys
if os.environ.get("QT_QPA_PLATFORM") in ("offscreen", "minimal") or not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    print(json.dumps({"skip": "no display with OpenGL (run under Xvfb: scripts/with-display)"}))
    sys.exit(0)
from PySide6.QtCore import QElapsedTimer
from PySide6.QtWidgets import QApplication
from ui.shell.app import create_application
from ui.shell.launch import default_session
from ui.shell.main_window import MainWindow

def main():
    app = create_application()
    window = MainWindow(default_session(), use_3d=True, autoplay=False, remember=False)
    window.resize(1300, 850)
    window.show()
    clock = QElapsedTimer(); clock.start()
    edit = window.function_bar.text_edit
    sv = window.surface_view
    typed = False
    while clock.elapsed() < 150000:  # generous: CI machines are shared
        app.processEvents()
        if "unavailable" in sv.message.text():
            print(json.dumps({"skip": sv.message.text()})); return
        if not typed and window.is_ready():
            edit.setText("x^2 - y^2"); edit.returnPressed.emit(); typed = True
        data = window.model.landscape
        if typed and data is not None and data.text == "x^2 - y^2" and window.is_ready() \
                and sv.current_landscape is data:
            break
    window.model.set_frame(window.model.last_frame())
    for _ in range(20):
        app.processEvents()
    image = sv.grab_image()
    colours = set()
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            colours.add(image.pixel(x, y))
    print(json.dumps({
        "text": None if sv.current_landscape is None else sv.current_landscape.text,
        "colours": len(colours), "size": [image.width(), image.height()],
        "trails": {str(k): len(v) for k, v in sv.trail_points.items()},
    }))
    window.close()

main()
"""


@pytest.mark.gl
def test_surface_view_renders_the_typed_landscape(tmp_path):
    out = subprocess.run(
        python_with_app(GL_SCRIPT),
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env=subprocess_env(tmp_path),
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if "skip" in result:
        pytest.skip(result["skip"])
    assert result["text"] == "x^2 - y^2"
    assert result["colours"] >= MIN_COLOURS, result
    assert result["size"][0] > 100 and result["size"][1] > 100
    assert result["trails"] and all(n >= 2 for n in result["trails"].values()), result


def png_stats(path) -> tuple[int, int, int]:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    colours = {
        image.pixel(x, y) for y in range(0, image.height(), 4) for x in range(0, image.width(), 4)
    }
    return image.width(), image.height(), len(colours)


def test_screenshot_smoke(tmp_path, app):
    png = tmp_path / "out.png"
    code = "import sys; from landscape_cli import main; sys.exit(main())"
    argv = python_with_app(code) + [
        "gui",
        "--screenshot",
        str(png),
        "--steps",
        "50",
        "--size",
        "1400x900",
    ]
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        argv.append("--no-3d")
    out = subprocess.run(
        argv, capture_output=True, text=True, timeout=180, cwd=ROOT, env=subprocess_env(tmp_path)
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert png.is_file()
    width, height, colours = png_stats(png)
    assert width >= 1400 and height >= 900
    assert colours > 200


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--start", "abc"], "--start"),
        (["--size", "big"], "--size"),
        (["--preset", "nosuch"], "unknown preset"),
        (["--optimizers", "gd,nosuch"], "unknown optimizer"),
        (["--function", "x^2 + (y"], "error"),
        (["--steps", "5"], "--screenshot"),
        (["--function", "x", "--preset", "saddle"], "not allowed"),
        (["--session", "/nonexistent/s.json"], "cannot read"),
    ],
)
def test_bad_gui_arguments_exit_2_with_one_error_line(args, fragment, capsys):
    from landscape_cli import main

    with pytest.raises(SystemExit) as info:
        status = main(["gui", *args])
        raise SystemExit(status)
    assert info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:"), err
    assert fragment in err[0]


def test_hostile_session_on_the_command_line_exits_2(tmp_path, capsys):
    from landscape_cli import main

    path = tmp_path / "evil.json"
    path.write_text('{"version": 1, "text": "__import__(\'os\')"}')
    assert main(["gui", "--session", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {path}: text:")  # names the file


def test_importing_the_cli_does_not_load_qt():
    code = (
        "import sys, landscape_cli, landscape_cli.gui; "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run(
        python_with_app(code), capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert out.stdout.strip() == "False", out.stderr


HARD_FUNCTIONS = [
    "relu(x) + abs(y)",
    "log(x*y)",
    "floor(x) + y^2",
    "abs(x) + abs(y)",
    "sqrt(x^2 + y^2)",
    "max(x, y) + min(x, -y)",
    "sign(x) y^2",
]


@pytest.mark.parametrize("function", HARD_FUNCTIONS)
def test_screenshot_of_a_hard_function_ends_without_a_traceback(tmp_path, function):
    """Kinks, steps and undefined regions: the picture is taken, nothing internal goes wrong."""
    png = tmp_path / "hard.png"
    code = "import sys; from landscape_cli import main; sys.exit(main())"
    argv = python_with_app(code) + [
        "gui",
        "--function",
        function,
        "--optimizers",
        "gd,newton,adam",
        "--screenshot",
        str(png),
        "--no-3d",
    ]
    out = subprocess.run(
        argv, capture_output=True, text=True, timeout=180, cwd=ROOT, env=subprocess_env(tmp_path)
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr, out.stderr
    assert png.is_file() and png_stats(png)[2] > 50


def test_screenshot_of_a_formula_that_cannot_be_drawn_exits_2_with_the_picture(tmp_path):
    """Too costly to differentiate: one error line, exit 2, and the picture shows why."""
    png = tmp_path / "costly.png"
    costly = "*".join(f"(x+{k}*y+sin({k}*x*y))" for k in range(1, 30))
    code = "import sys; from landscape_cli import main; sys.exit(main())"
    argv = python_with_app(code) + [
        "gui",
        "--function",
        costly,
        "--screenshot",
        str(png),
        "--no-3d",
    ]
    out = subprocess.run(
        argv, capture_output=True, text=True, timeout=180, cwd=ROOT, env=subprocess_env(tmp_path)
    )
    errors = [line for line in out.stderr.splitlines() if line.startswith("error:")]
    assert out.returncode == 2, out.stderr[-3000:]
    assert len(errors) == 1 and "too costly" in errors[0], out.stderr
    assert "Traceback" not in out.stderr
    assert png.is_file()
