"""Frame writers: a numbered PNG sequence with a JSON manifest, an animated GIF, an H.264 MP4.

``open()`` checks the target (a link is followed to the file it names; anything but a regular
file, or a folder for PNG frames, is refused) and makes a temporary file or folder beside it;
``write(frame)`` takes an RGBA or RGB ``(h, w, 4|3) uint8`` array and returns at once while a
pool of threads encodes (zlib, Pillow and the ffmpeg pipe release the GIL); ``close()`` waits,
finishes and renames to the final name; ``abort()`` stops and removes everything written. The
caller must not change a frame after handing it over.
"""

from __future__ import annotations

import json
import os
import struct
import threading
import zlib
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from landscape.errors import InputError
from landscape.export import files

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: zlib level for PNG frames (with the Up filter and the run-length strategy)
PNG_LEVEL = 1
#: rows per independently compressed band of a PNG, and how many versions of each band the
#: encoder remembers across frames
BAND_ROWS = 16
#: colours of the global GIF palette (the 256th index marks unchanged pixels)
GIF_COLORS = 255
BAND_MEMORY = 4
MP4_PARAMS = ["-crf", "18", "-preset", "veryfast", "-tune", "animation", "-movflags", "+faststart"]


class Cancelled(Exception):
    """The export was aborted while it was being finished."""


def default_workers() -> int:
    """One more thread than cores (at most 4): encoding overlaps the rendering thread."""
    return max(2, min(4, (os.cpu_count() or 1) + 1))


# -- PNG encoding ---------------------------------------------------------------------------
def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def rgb_of(frame: np.ndarray) -> np.ndarray:
    """A C-contiguous ``(h, w, 3)`` copy of an RGB(A) frame (alpha dropped). Pillow's C loop
    does RGBA → RGB ~3x faster than a numpy copy of the strided channels."""
    if frame.shape[2] == 3:
        return np.ascontiguousarray(frame)
    from PIL import Image

    h, w = frame.shape[:2]
    image = Image.frombuffer("RGBA", (w, h), np.ascontiguousarray(frame), "raw", "RGBA", 0, 1)
    return np.asarray(image.convert("RGB"))


def _filtered(frame: np.ndarray) -> np.ndarray:
    """PNG scanlines ``(h, 1 + 3w)``: each row with the "Up" filter (the difference to the row
    above, one numpy pass), under which still areas become runs of zeros."""
    h, w = frame.shape[:2]
    rgb = rgb_of(frame)
    raw = np.empty((h, 1 + 3 * w), dtype=np.uint8)
    raw[:, 0] = 2  # filter type Up; row 0's "row above" is zeros, so it is stored as is
    body = raw[:, 1:].reshape(h, w, 3)
    body[0] = rgb[0]
    np.subtract(rgb[1:], rgb[:-1], out=body[1:])  # wraps modulo 256, as PNG defines
    return raw


class PNGEncoder:
    """Opaque RGB PNGs of ``(h, w, 3|4) uint8`` frames (alpha dropped), fast for animations.

    The scanlines are deflated in bands of :data:`BAND_ROWS` rows, each by a fresh compressor
    (zlib level ``level``, run-length strategy) and flushed to a byte boundary, so the bands
    are independent pieces of one valid zlib stream. A band whose filtered bytes equal one
    seen in the last few frames reuses its compressed bytes: between two frames of a race only
    the rows the trails cross change, so most of the picture is never compressed twice. zlib
    releases the GIL, so threads encode in parallel; the cache is shared between them.
    """

    def __init__(
        self, level: int = PNG_LEVEL, band_rows: int = BAND_ROWS, memory: int = BAND_MEMORY
    ) -> None:
        self.level, self.band_rows, self.memory = level, band_rows, memory
        self._bands: dict[int, list[tuple[bytes, bytes]]] = {}
        self._lock = threading.Lock()
        self.reused = self.packed = 0

    def _band(self, index: int, chunk: bytes) -> bytes:
        recent = self._bands.get(index, ())
        for known, data in recent:
            if known == chunk:  # a byte comparison: far cheaper than hashing the band
                self.reused += 1
                return data
        packer = zlib.compressobj(self.level, zlib.DEFLATED, -15, 9, zlib.Z_RLE)
        data = packer.compress(chunk) + packer.flush(zlib.Z_SYNC_FLUSH)
        self.packed += 1
        if self.memory:
            with self._lock:
                self._bands[index] = [(chunk, data), *self._bands.get(index, ())][: self.memory]
        return data

    def encode(self, frame: np.ndarray) -> bytes:
        h, w = frame.shape[:2]
        raw = _filtered(frame)
        parts = [b"\x78\x01"]  # zlib header: deflate, 32 KiB window
        for index, top in enumerate(range(0, h, self.band_rows)):
            parts.append(self._band(index, raw[top : top + self.band_rows].tobytes()))
        parts.append(b"\x03\x00")  # the final, empty block
        parts.append(struct.pack(">I", zlib.adler32(raw.data)))
        header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
        return b"".join(
            (
                PNG_SIGNATURE,
                _chunk(b"IHDR", header),
                _chunk(b"IDAT", b"".join(parts)),
                _chunk(b"IEND", b""),
            )
        )


def encode_png(frame: np.ndarray, level: int = PNG_LEVEL) -> bytes:
    """One PNG of ``frame`` (no reuse between calls; see :class:`PNGEncoder`)."""
    return PNGEncoder(level, memory=0).encode(frame)


# -- the common machinery -------------------------------------------------------------------
class FrameWriter:
    """Base class: temporary target, encoding pool, backlog, commit and abort."""

    folder = False  # True: the output is a folder

    def __init__(self, path, *, fps: int = 30, workers: int | None = None) -> None:
        self.path = Path(path)
        self.fps = int(fps)
        self.workers = workers or default_workers()
        self.frames_in = 0
        self._done = 0
        self._futures: deque[Future] = deque()
        self._pool: ThreadPoolExecutor | None = None
        self._tmp: Path | None = None
        self._target: Path | None = None  # self.path with its links followed
        self._lock = threading.Lock()
        self._state = "new"

    @property
    def max_backlog(self) -> int:
        """Frames queued at most before ``write`` waits (bounds memory)."""
        return 2 * self.workers + 2

    def open(self) -> FrameWriter:
        self._target = files.check_target(self.path, folder=self.folder)  # links followed
        self._tmp = (
            files.temp_folder(self._target) if self.folder else files.temp_file(self._target)
        )
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="export")
        self._state = "open"
        return self

    def backlog(self) -> int:
        while self._futures and self._futures[0].done():
            self._futures.popleft().result()  # raises the encoder's error, if any
        return len(self._futures)

    def written(self) -> int:
        """Frames encoded so far."""
        return self._done

    @property
    def committed(self) -> bool:
        """The output is complete under its final name."""
        return self._state == "done"

    def write(self, frame: np.ndarray, block: bool = True) -> None:
        if self._state != "open":
            raise RuntimeError(f"the writer is {self._state}, not open")
        while block and self.backlog() >= self.max_backlog:
            self._futures[0].result()
        pool = self._pool
        if pool is None:
            raise RuntimeError("the writer has no encoding threads: it was never opened")
        index, self.frames_in = self.frames_in, self.frames_in + 1
        self._futures.append(pool.submit(self._run_encode, index, frame))

    def _folder(self) -> Path:
        """The temporary output being written (a file or a folder), only while open."""
        if self._tmp is None:
            raise RuntimeError("the writer is not open")
        return self._tmp

    def _destination(self) -> Path:
        """Where the output goes on close (``path`` with its links followed), once opened."""
        if self._target is None:
            raise RuntimeError("the writer is not open")
        return self._target

    def _run_encode(self, index: int, frame: np.ndarray) -> None:
        try:
            self._encode(index, frame)
        except OSError as exc:
            raise InputError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        with self._lock:
            self._done += 1

    def close(self) -> Path:
        """Wait for the encoders, finish the file and move it to its final name."""
        try:
            while self._futures:
                self._futures.popleft().result()
            self._finish()
            with self._lock:
                if self._state == "aborted":
                    raise Cancelled()
                files.commit(self._folder(), self._destination())
                self._state = "done"
        except OSError as exc:
            self.abort()
            raise InputError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        except BaseException:
            self.abort()
            raise
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=False)
        return self.path

    def abort(self) -> None:
        """Stop encoding and remove the temporary output (safe to call twice, from any
        thread, also while ``close`` runs elsewhere)."""
        with self._lock:
            if self._state == "done":
                return
            self._state = "aborted"
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._futures.clear()
        self._discard()
        files.discard(self._tmp)

    # -- for subclasses ---------------------------------------------------------------------
    def _encode(self, index: int, frame: np.ndarray) -> None:
        raise NotImplementedError

    def _finish(self) -> None:
        """Called once every frame is encoded, before the rename."""

    def _discard(self) -> None:
        """Release anything beyond the temporary path (a subprocess) on abort."""


# -- PNG sequence ---------------------------------------------------------------------------
class PNGSequenceWriter(FrameWriter):
    """``frame_0000.png``, ``frame_0001.png``, … and ``manifest.json`` in a folder."""

    folder = True

    def __init__(
        self, path, *, fps: int = 30, manifest: dict | None = None, workers: int | None = None
    ) -> None:
        super().__init__(path, fps=fps, workers=workers)
        self.manifest = dict(manifest or {})
        self.encoder = PNGEncoder()

    def _encode(self, index: int, frame: np.ndarray) -> None:
        (self._folder() / f"frame_{index:04d}.png").write_bytes(self.encoder.encode(frame))

    def _finish(self) -> None:
        manifest = {
            **self.manifest,
            "fps": self.fps,
            "frame_count": self.frames_in,
            "files": "frame_%04d.png",
        }
        text = json.dumps(manifest, indent=2, allow_nan=False) + "\n"
        (self._folder() / files.MANIFEST).write_text(text, encoding="utf-8")


# -- GIF ------------------------------------------------------------------------------------
def build_palette(samples: list[np.ndarray], reserved=(), colors: int = GIF_COLORS):
    """One adaptive palette for the whole GIF (a Pillow "P" image).

    Median cut over a few sample frames spends most entries along the colour map's smooth
    ramp; ``reserved`` RGB colours (the runs' colours, white, black) are added exactly, so
    small trails keep their true colour. 255 colours: index 255 stays free to mark the pixels
    a frame leaves unchanged (transparent over the previous frame), which LZW packs tightly.
    """
    from PIL import Image

    reserved = list(dict.fromkeys(tuple(int(c) for c in rgb[:3]) for rgb in reserved))
    reserved = reserved[: colors // 2]
    stack = np.concatenate([rgb_of(s) for s in samples], axis=0)
    n = colors - len(reserved)
    adaptive = Image.fromarray(stack).quantize(
        colors=n, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    used = len(adaptive.getcolors(colors) or []) or n
    entries = list((adaptive.getpalette() or [])[: 3 * used])
    for rgb in reserved:
        entries.extend(rgb)
    entries += entries[:3] * (colors - len(entries) // 3)  # pad with a repeated colour
    palette = Image.new("P", (1, 1))
    palette.putpalette(entries[: 3 * colors])
    return palette


class GIFWriter(FrameWriter):
    """An animated GIF that loops forever, every frame mapped onto one global palette
    (no dithering, so the colour map stays smooth and frames do not flicker)."""

    def __init__(self, path, *, fps: int = 20, reserved=(), workers: int | None = None) -> None:
        super().__init__(path, fps=fps, workers=workers)
        self.reserved = list(reserved)
        self.palette = None
        self._frames: dict[int, Any] = {}  # index -> PIL.Image.Image

    def set_samples(self, samples: list[np.ndarray]) -> None:
        """Build the palette from a few frames spread over the animation (before writing)."""
        self.palette = build_palette(samples, self.reserved)

    def _encode(self, index: int, frame: np.ndarray) -> None:
        from PIL import Image

        if self.palette is None:
            with self._lock:
                if self.palette is None:
                    self.palette = build_palette([frame], self.reserved)
        rgb = Image.fromarray(rgb_of(frame))
        self._frames[index] = rgb.quantize(palette=self.palette, dither=Image.Dither.NONE)

    def _finish(self) -> None:
        frames = [self._frames[i] for i in range(self.frames_in)]
        self._frames.clear()
        if not frames:
            raise InputError("nothing to write: the animation has no frames")
        duration = max(20, round(1000 / self.fps))
        # optimize: each frame after the first is cropped to what changed, and unchanged
        # pixels inside that box become the free, transparent index (disposal 1 keeps the
        # previous frame underneath)
        frames[0].save(
            self._tmp,
            format="GIF",
            save_all=True,
            append_images=frames[1:],
            loop=0,
            duration=duration,
            optimize=True,
            disposal=1,
            transparency=GIF_COLORS,
        )

    def _discard(self) -> None:
        self._frames.clear()


# -- MP4 ------------------------------------------------------------------------------------
def pad_even(frame: np.ndarray) -> np.ndarray:
    """H.264 with yuv420p needs even sizes: repeat the last row / column when odd."""
    h, w = frame.shape[:2]
    if h % 2 == 0 and w % 2 == 0:
        return frame
    return np.pad(frame, ((0, h % 2), (0, w % 2), (0, 0)), mode="edge")


class MP4Writer(FrameWriter):
    """H.264 (libx264, yuv420p) through the ffmpeg binary bundled with imageio-ffmpeg.

    One thread feeds ffmpeg's pipe in order; ffmpeg encodes in its own process."""

    def __init__(self, path, *, fps: int = 30, workers: int | None = None) -> None:
        super().__init__(path, fps=fps, workers=1)
        self._gen = None

    @property
    def max_backlog(self) -> int:
        return 8

    def _start(self, size: tuple[int, int], channels: int) -> None:
        import imageio_ffmpeg

        gen = imageio_ffmpeg.write_frames(
            str(self._folder()),
            size,
            pix_fmt_in="rgba" if channels == 4 else "rgb24",
            pix_fmt_out="yuv420p",
            fps=self.fps,
            codec="libx264",
            quality=None,
            macro_block_size=2,
            ffmpeg_log_level="error",
            output_params=list(MP4_PARAMS),
        )
        gen.send(None)
        self._gen = gen

    def _encode(self, index: int, frame: np.ndarray) -> None:
        frame = np.ascontiguousarray(pad_even(frame))
        if self._gen is None:
            self._start((frame.shape[1], frame.shape[0]), frame.shape[2])
        gen = self._gen
        assert gen is not None  # _start set it
        gen.send(frame)

    def _finish(self) -> None:
        if self._gen is None:
            raise InputError("nothing to write: the animation has no frames")
        gen, self._gen = self._gen, None
        gen.close()

    def _discard(self) -> None:
        gen, self._gen = self._gen, None
        if gen is not None:
            try:
                gen.close()
            except Exception:  # noqa: BLE001 - ffmpeg already gone: the file is removed anyway
                pass


def make_writer(
    fmt: str,
    path,
    *,
    fps: int = 30,
    manifest: dict | None = None,
    reserved=(),
    workers: int | None = None,
) -> FrameWriter:
    """The writer for ``fmt`` (png, gif or mp4), not yet opened."""
    if fmt == "png":
        return PNGSequenceWriter(path, fps=fps, manifest=manifest, workers=workers)
    if fmt == "gif":
        return GIFWriter(path, fps=fps, reserved=reserved, workers=workers)
    if fmt == "mp4":
        return MP4Writer(path, fps=fps)
    raise InputError(f"no frame writer for {fmt!r}; choose png, gif or mp4")
