"""``--screenshot`` writes like every other file: a PNG through the safe writer, links followed,
pipes and devices refused, the umask honoured."""

from __future__ import annotations

import os
import stat

import pytest
from PySide6.QtGui import QColor, QImage

from landscape.errors import InputError
from ui.shell.screenshot import save_png


def _image() -> QImage:
    image = QImage(8, 6, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    return image


def test_the_png_is_written_with_the_usual_mode(tmp_path):
    mask = os.umask(0o027)
    try:
        save_png(_image(), str(tmp_path / "s.png"))
    finally:
        os.umask(mask)
    path = tmp_path / "s.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert QImage(str(path)).size().width() == 8
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_link_keeps_pointing_at_the_file_it_names(tmp_path):
    real = tmp_path / "real.png"
    real.write_bytes(b"old")
    link = tmp_path / "shot.png"
    link.symlink_to(real)
    save_png(_image(), str(link))
    assert link.is_symlink() and real.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    "make, message",
    [
        (os.mkfifo, "it is a named pipe (FIFO), not a regular file"),
        (os.mkdir, "it is a folder (give a file name)"),
    ],
)
def test_a_target_that_is_not_a_regular_file_is_refused(tmp_path, make, message):
    path = tmp_path / "s.png"
    make(path)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        save_png(_image(), str(path))


def test_an_empty_capture_is_refused(tmp_path):
    with pytest.raises(InputError, match="the window could not be captured"):
        save_png(QImage(), str(tmp_path / "s.png"))
    assert os.listdir(tmp_path) == []
