"""The integrated loudness of audio that ffmpeg decodes, measured a minute at a time.

ffmpeg writes 16-bit PCM on a pipe; pyloudnorm gives the BS.1770 loudness of every 400 ms block
of each minute, and the gating over all blocks (`_gated_loudness`) makes the integrated
loudness, so an episode of any length is measured in a few megabytes. Its own module because
numpy is slow to import: `podcast.audio` imports it only when audio is measured.
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import numpy as np

from podcast.errors import AudioFileError

# BS.1770 measures 400 ms blocks every 100 ms; shorter audio has no integrated loudness.
BLOCK_SECONDS = 0.4
BLOCK_STEP_SECONDS = 0.1
MIN_LOUDNESS_SECONDS = BLOCK_SECONDS
ABSOLUTE_GATE_LUFS = -70.0
LOUDNESS_CHUNK_SECONDS = 60.0
PCM_SAMPLE_BYTES = 2
PCM_SCALE = float(1 << 15)
PIPE_READ_BYTES = 1 << 20


def streamed_loudness(
    command: list[str], rate: int, channels: int, *, source: Path, timeout: float
) -> float:
    """Run `command` (ffmpeg writing 16-bit PCM of `rate` Hz and `channels` channels on stdout)
    and measure the integrated loudness of what it writes; AudioFileError if it cannot, or if
    ffmpeg runs longer than `timeout` seconds."""
    # pyloudnorm pulls in scipy (2+ s): imported when audio is measured, not with this module.
    import pyloudnorm

    meter = pyloudnorm.Meter(rate, block_size=BLOCK_SECONDS)
    frame_bytes = PCM_SAMPLE_BYTES * channels
    chunk = round(LOUDNESS_CHUNK_SECONDS * rate)
    # Each chunk carries the rest of its last block, so the blocks tile the whole signal.
    tail = round((BLOCK_SECONDS - BLOCK_STEP_SECONDS) * rate)
    blocks: list[float] = []
    received = 0
    with _ffmpeg_stdout(command, source, timeout) as stdout:
        pending = bytearray()
        for data in iter(lambda: stdout.read(PIPE_READ_BYTES), b""):
            received += len(data)
            pending += data
            while len(pending) >= (chunk + tail) * frame_bytes:
                blocks.extend(_block_loudness(meter, pending[: (chunk + tail) * frame_bytes],
                                              channels))
                del pending[: chunk * frame_bytes]
        if len(pending) >= BLOCK_SECONDS * rate * frame_bytes:
            blocks.extend(_block_loudness(meter, pending, channels))
    seconds = received / frame_bytes / rate
    if seconds < MIN_LOUDNESS_SECONDS:
        raise AudioFileError(f"{source}: too short to measure loudness ({seconds:.2f} s)")
    loudness = _gated_loudness(np.array(blocks))
    if not np.isfinite(loudness):
        raise AudioFileError(f"{source}: silent, its loudness cannot be normalised")
    return loudness


def _block_loudness(meter: object, pcm: bytearray, channels: int) -> list[float]:
    """BS.1770 loudness of every 400 ms block of a stretch of 16-bit PCM."""
    usable = len(pcm) - len(pcm) % (PCM_SAMPLE_BYTES * channels)
    samples = np.frombuffer(bytes(pcm[:usable]), dtype=np.int16).reshape(-1, channels)
    meter.integrated_loudness((samples / PCM_SCALE).astype(np.float32))  # type: ignore[attr-defined]
    return list(meter.blockwise_loudness)  # type: ignore[attr-defined]


@contextmanager
def _ffmpeg_stdout(command: list[str], source: Path, timeout: float) -> Iterator[BinaryIO]:
    """ffmpeg's stdout while it runs; AudioFileError if it fails or outlives the time limit."""
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE, stderr=errors)
        except FileNotFoundError as exc:
            missing = f"{source}: cannot be read: {command[0]} is not installed"
            raise AudioFileError(missing) from exc
        timed_out = threading.Event()

        def stop() -> None:
            timed_out.set()
            process.kill()

        watchdog = threading.Timer(timeout, stop)
        watchdog.start()
        try:
            assert process.stdout is not None
            yield process.stdout
            process.stdout.close()
            code = process.wait()
        finally:
            watchdog.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()
        if timed_out.is_set():
            raise AudioFileError(f"{source}: ffmpeg took too long to read it")
        if code != 0:
            errors.seek(0)
            detail = errors.read(2000).decode("utf-8", "replace").strip().splitlines()
            last = detail[-1][:200] if detail else f"exit code {code}"
            raise AudioFileError(f"{source}: ffmpeg could not process it ({last})")


def _gated_loudness(blocks: np.ndarray) -> float:
    """Integrated loudness from BS.1770 block loudnesses: absolute and relative gating.

    pyloudnorm gives the loudness of every 400 ms block of a chunk; measuring chunk by chunk
    keeps memory flat on hour-long episodes, and the gating over all blocks is this.

    >>> round(_gated_loudness(np.array([-20.0, -20.0, -80.0, -45.0])), 2)
    -20.0
    >>> _gated_loudness(np.array([-90.0, -float("inf")]))
    -inf
    """
    power = 10.0 ** ((blocks + 0.691) / 10.0)
    above_absolute = blocks >= ABSOLUTE_GATE_LUFS
    if not above_absolute.any():
        return float("-inf")
    relative_gate = -0.691 + 10.0 * np.log10(power[above_absolute].mean()) - 10.0
    gated = above_absolute & (blocks > relative_gate)
    return float(-0.691 + 10.0 * np.log10(power[gated].mean()))
