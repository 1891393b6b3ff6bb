"""The export core without Qt: frame plans, PNG encoding, the three writers, trajectories."""

from __future__ import annotations

import io
import json
import os

import numpy as np
import pytest
from PIL import Image

from landscape.errors import InputError
from landscape.export import files
from landscape.export.frames import (
    ExportOptions,
    FramePlan,
    format_for,
    make_plan,
    orbit_azimuth,
    output_size,
)
from landscape.export.trajectories import RunRecord, manifest, to_csv, write_trajectories
from landscape.export.writers import (
    GIFWriter,
    MP4Writer,
    PNGSequenceWriter,
    build_palette,
    encode_png,
    pad_even,
)

W, H = 96, 64
TRAIL = (255, 69, 58)


def frames(n: int, w: int = W, h: int = H, alpha: bool = True) -> list[np.ndarray]:
    """A smooth ramp background with a red square that moves right frame by frame."""
    ramp = np.linspace(0, 255, w, dtype=np.float64)
    base = np.zeros((h, w, 4 if alpha else 3), dtype=np.uint8)
    base[..., 0] = 40
    base[..., 1] = ramp.astype(np.uint8)[None, :]
    base[..., 2] = 255 - ramp.astype(np.uint8)[None, :]
    if alpha:
        base[..., 3] = 255
    out = []
    for k in range(n):
        f = base.copy()
        f[20:30, 5 + 3 * k : 15 + 3 * k, :3] = TRAIL
        out.append(f)
    return out


def leftovers(folder) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.startswith("."))


# -- plans ----------------------------------------------------------------------------------
def test_plan_covers_the_range_and_always_ends_on_the_last_step():
    plan = FramePlan(0, 10, 3)
    assert plan.steps() == [0, 3, 6, 9, 10]
    assert plan.count == 5
    assert FramePlan(5, 5).steps() == [5]
    assert FramePlan(2, 8, 2).steps() == [2, 4, 6, 8]
    assert make_plan(499).count == 500
    assert make_plan(120, 0, 10_000).last == 120  # clipped to the steps that exist
    assert plan.sample_frames(4) == [0, 1, 3, 4]
    with pytest.raises(InputError):
        make_plan(10, first=20)
    with pytest.raises(InputError):
        FramePlan(0, 10, 0)


def test_orbit_sizes_and_formats():
    assert orbit_azimuth(0, 11, -60) == -60
    assert orbit_azimuth(10, 11, -60) == pytest.approx(30)
    assert output_size("both", (800, 600)) == (1600, 600)
    assert output_size("contour", (800, 600)) == (800, 600)
    assert format_for("a/race.GIF") == "gif"
    assert format_for("frames") == "png"
    assert format_for("x.gif", "mp4") == "mp4"
    with pytest.raises(InputError):
        format_for("x", "avi")
    with pytest.raises(InputError):
        ExportOptions(out="x.gif", size=(10, 10)).check()
    with pytest.raises(InputError):
        ExportOptions(out="x.gif", view="sideways").check()
    with pytest.raises(InputError):
        ExportOptions(out="x.gif", fps=0).check()


# -- PNG ------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(64, 96, 4), (7, 5, 3), (1, 1, 4), (33, 17, 3)])
def test_encode_png_round_trips_exactly(shape):
    rng = np.random.default_rng(1)
    frame = rng.integers(0, 256, shape, dtype=np.uint8)
    back = np.asarray(Image.open(io.BytesIO(encode_png(frame))))
    assert back.shape == (*shape[:2], 3)
    assert np.array_equal(back, frame[..., :3])


def test_encode_png_is_deterministic():
    f = frames(1)[0]
    assert encode_png(f) == encode_png(f.copy())


def test_png_sequence_writes_frames_and_manifest(tmp_path):
    out = tmp_path / "frames"
    writer = PNGSequenceWriter(out, fps=12, manifest={"expression": "x^2"}).open()
    assert not out.exists()  # nothing under the final name until close
    for f in frames(5):
        writer.write(f)
    assert writer.close() == out
    names = sorted(os.listdir(out))
    assert names == [f"frame_{i:04d}.png" for i in range(5)] + ["manifest.json"]
    info = json.loads((out / "manifest.json").read_text())
    assert info == {"expression": "x^2", "fps": 12, "frame_count": 5, "files": "frame_%04d.png"}
    first = np.asarray(Image.open(out / "frame_0000.png"))
    assert first.shape == (H, W, 3)
    assert leftovers(tmp_path) == []
    assert oct(os.stat(out / "frame_0000.png").st_mode & 0o777) != "0o600"


def test_abort_leaves_nothing(tmp_path):
    for writer in (
        PNGSequenceWriter(tmp_path / "frames"),
        GIFWriter(tmp_path / "a.gif"),
        MP4Writer(tmp_path / "a.mp4"),
    ):
        writer.open()
        for f in frames(6):
            writer.write(f)
        writer.abort()
        writer.abort()  # twice is harmless
    assert os.listdir(tmp_path) == []


def test_an_earlier_export_is_replaced_but_other_folders_are_refused(tmp_path):
    out = tmp_path / "frames"
    for n in (4, 2):
        w = PNGSequenceWriter(out).open()
        for f in frames(n):
            w.write(f)
        w.close()
    assert sorted(os.listdir(out)) == ["frame_0000.png", "frame_0001.png", "manifest.json"]
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"x")
    with pytest.raises(InputError, match="not an empty folder"):
        PNGSequenceWriter(other).open()
    assert os.listdir(other) == ["holiday.jpg"]


def test_a_path_under_a_regular_file_is_refused_even_for_root(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("I am a file")
    for writer in (
        PNGSequenceWriter(blocker / "frames"),
        GIFWriter(blocker / "a.gif"),
        MP4Writer(blocker / "a.mp4"),
    ):
        with pytest.raises(InputError) as info:
            writer.open()
        assert "\n" not in str(info.value)
        assert "not a folder" in str(info.value)
    with pytest.raises(InputError, match="does not exist"):
        GIFWriter(tmp_path / "missing" / "a.gif").open()


# -- GIF ------------------------------------------------------------------------------------
def test_gif_loops_forever_with_every_frame_and_exact_reserved_colours(tmp_path):
    clip = frames(7)
    writer = GIFWriter(tmp_path / "a.gif", fps=10, reserved=[TRAIL]).open()
    writer.set_samples([clip[0], clip[-1]])
    for f in clip:
        writer.write(f)
    path = writer.close()
    gif = Image.open(path)
    assert gif.n_frames == 7
    assert gif.info["loop"] == 0
    gif.seek(3)
    rgb = np.asarray(gif.convert("RGB"))
    assert tuple(rgb[25, 5 + 3 * 3 + 2]) == TRAIL
    ramp_error = np.abs(rgb[40].astype(int) - clip[3][40, :, :3].astype(int)).max()
    assert ramp_error <= 8  # the smooth ramp keeps close colours (no dithering noise)


def test_palette_keeps_reserved_colours_and_leaves_an_index_free():
    palette = build_palette(frames(2), reserved=[(1, 2, 3), TRAIL])
    entries = palette.getpalette()
    assert len(entries) == 3 * 255
    triples = {tuple(entries[i : i + 3]) for i in range(0, len(entries), 3)}
    assert {(1, 2, 3), TRAIL} <= triples
    mapped = Image.fromarray(frames(1, alpha=False)[0]).quantize(palette=palette)
    assert np.asarray(mapped).max() < 255  # 255 marks unchanged pixels in later GIF frames


# -- MP4 ------------------------------------------------------------------------------------
def test_mp4_reads_back_with_every_frame_and_even_size(tmp_path):
    import imageio.v2 as iio

    writer = MP4Writer(tmp_path / "a.mp4", fps=15).open()
    for f in frames(9, w=101, h=75):
        writer.write(f)
    path = writer.close()
    reader = iio.get_reader(path, "ffmpeg")
    try:
        assert reader.count_frames() == 9
        assert tuple(reader.get_meta_data()["size"]) == (102, 76)
    finally:
        reader.close()
    assert pad_even(np.zeros((4, 6, 4), np.uint8)).shape == (4, 6, 4)


# -- trajectories ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def records():
    from landscape.objective import CallableObjective
    from landscape.optim import make_optimizer, run

    bowl = CallableObjective(lambda x: float(x @ x), lambda x: 2 * x)
    return [
        RunRecord(
            name,
            name.upper(),
            "#ff0000",
            run(make_optimizer(name, lr=0.1), bowl, (1.0, -2.0), max_steps=20),
        )
        for name in ("gd", "adam")
    ]


def test_trajectories_as_csv_and_json(tmp_path, records):
    text = to_csv(records, first=2, last=4)
    rows = text.strip().splitlines()
    assert rows[0] == "run,optimizer,step,x,y,f,grad_norm"
    assert len(rows) == 1 + 2 * 3
    assert rows[1].startswith("1,gd,2,")
    path = write_trajectories(tmp_path / "t.json", records, "json", {"expression": "x^2 + y^2"})
    data = json.loads(path.read_text())
    assert data["expression"] == "x^2 + y^2"
    assert [r["optimizer"] for r in data["runs"]] == ["gd", "adam"]
    assert data["runs"][0]["hyperparameters"]["lr"] == 0.1
    assert len(data["runs"][0]["points"]) == len(records[0].trajectory.fs)
    assert leftovers(tmp_path) == []


def test_manifest_names_the_optimizers_and_the_frames(records):
    info = manifest(
        expression="x^2",
        domain=(-1, 1, -1, 1),
        start=(1, -2),
        runs=records,
        view="contour",
        size=(800, 600),
        frame_size=(800, 600),
        steps=[0, 5, 10],
        steps_per_frame=5,
    )
    assert [o["optimizer"] for o in info["optimizers"]] == ["gd", "adam"]
    assert info["optimizers"][1]["hyperparameters"]["lr"] == 0.1
    assert (info["first_step"], info["last_step"], info["frame_steps"]) == (0, 10, [0, 5, 10])
    json.dumps(info, allow_nan=False)


def test_write_atomic_refuses_a_folder(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        files.write_atomic(tmp_path, b"x")
