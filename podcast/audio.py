"""Episode audio: checking a file is real, complete audio, and making the MP3 enclosure.

`probe` decodes the whole file once (ffmpeg to a null sink), because headers lie: a truncated MP3
or WAV still declares its full length. `prepare_enclosure` decodes with pydub, measures loudness
with pyloudnorm (ITU-R BS.1770, the measure behind the podcast norm of -16 LUFS integrated, taken
a minute at a time so an hour-long episode does not need gigabytes), and lets ffmpeg apply the
gain in floating point followed by a peak limiter, so loud speech is not clipped by a gain applied
to 16-bit samples. If the limiter moved the loudness it corrects once, then encodes the MP3 once.
Loudness, duration and byte length are read from the produced file.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from mutagen import File as MutagenFile
from mutagen import MutagenError
from mutagen.id3 import APIC, ID3, TALB, TCON, TDRC, TIT2, TPE1, TRCK
from mutagen.mp3 import MP3
from PIL import Image, UnidentifiedImageError
from pydub import AudioSegment
from pydub.exceptions import CouldntDecodeError, CouldntEncodeError
from pydub.utils import get_encoder_name, get_prober_name

from podcast.errors import AudioFileError, CoverArtError
from text.cleaning import clean_line

MAX_DURATION_SECONDS = 6 * 3600.0
# The largest audio file read: a six-hour episode (MAX_DURATION_SECONDS) as a 320 kbps MP3 fits.
MAX_AUDIO_BYTES = 1_000_000_000
MIN_SAMPLE_RATE = 8_000
MAX_SAMPLE_RATE = 192_000
MAX_CHANNELS = 8
# A decode that falls this far short of the declared length means the file was cut off.
TRUNCATION_TOLERANCE_SECONDS = 0.5
TRUNCATION_TOLERANCE_RATIO = 0.02
# BS.1770 measures 400 ms blocks every 100 ms; shorter audio has no integrated loudness.
BLOCK_SECONDS = 0.4
BLOCK_STEP_SECONDS = 0.1
MIN_LOUDNESS_SECONDS = BLOCK_SECONDS
ABSOLUTE_GATE_LUFS = -70.0
LOUDNESS_CHUNK_SECONDS = 60.0
SAMPLE_TYPES = {1: np.int8, 2: np.int16, 4: np.int32}
# Loudness may land this far from the target before a second, corrective encode.
LOUDNESS_TOLERANCE_LU = 0.3
# The limiter's ceiling (-1 dBFS), leaving room for the MP3 encoder's overshoot.
LIMITER_CEILING = 0.891
SUBPROCESS_TIMEOUT_SECONDS = 3600
COVER_MIMES = {"JPEG": "image/jpeg", "PNG": "image/png"}
MP3_MIME = "audio/mpeg"


@dataclass(frozen=True)
class AudioInfo:
    """What ffprobe and a full decode say about an audio file."""

    duration: float
    sample_rate: int
    channels: int
    codec: str
    bytes: int


@dataclass(frozen=True)
class EncodeSettings:
    """How the MP3 enclosure is encoded."""

    bitrate: str = "64k"
    channels: int = 1
    target_lufs: float = -16.0
    sample_rate: int = 44100


@dataclass(frozen=True)
class Id3Tags:
    """The ID3 tags written into the enclosure."""

    title: str
    show: str
    date: str | None = None
    episode: int | None = None
    cover: Path | None = None


@dataclass(frozen=True)
class Enclosure:
    """The produced MP3: its path, and facts read back from the file itself."""

    path: Path
    bytes: int
    duration: float
    mime: str
    loudness_lufs: float


def probe(path: Path, *, max_duration: float = MAX_DURATION_SECONDS) -> AudioInfo:
    """Check that `path` is complete, plausible audio and describe it (AudioFileError if not)."""
    path = Path(path)
    size = _size(path)
    stream, declared = _first_audio_stream(path)
    sample_rate = _int(stream.get("sample_rate"))
    channels = _int(stream.get("channels"))
    if not MIN_SAMPLE_RATE <= sample_rate <= MAX_SAMPLE_RATE:
        raise AudioFileError(f"{path}: implausible sample rate {sample_rate} Hz")
    if not 1 <= channels <= MAX_CHANNELS:
        raise AudioFileError(f"{path}: implausible channel count {channels}")
    if declared > max_duration:
        raise AudioFileError(
            f"{path}: {declared:.0f} s long, over the limit of {max_duration:.0f} s"
        )
    decoded = _decoded_seconds(path)
    if decoded <= 0:
        raise AudioFileError(f"{path}: contains no audio")
    if decoded > max_duration:
        raise AudioFileError(
            f"{path}: {decoded:.0f} s long, over the limit of {max_duration:.0f} s"
        )
    header = _declared_seconds(path) or declared
    if header - decoded > max(TRUNCATION_TOLERANCE_SECONDS, TRUNCATION_TOLERANCE_RATIO * header):
        raise AudioFileError(
            f"{path}: truncated (decodes to {decoded:.1f} s of the {header:.1f} s it declares)"
        )
    return AudioInfo(
        duration=decoded,
        sample_rate=sample_rate,
        channels=channels,
        codec=str(stream.get("codec_name", "unknown")),
        bytes=size,
    )


def prepare_enclosure(
    src: Path, dest: Path, tags: Id3Tags, settings: EncodeSettings = EncodeSettings()
) -> Enclosure:
    """Encode `src` as a loudness-normalised, ID3-tagged MP3 at `dest`, written atomically."""
    src, dest = Path(src), Path(dest)
    if dest.resolve() == src.resolve():
        raise AudioFileError(f"{dest}: the enclosure would overwrite its source audio")
    probe(src)
    cover = _cover_art(tags.cover) if tags.cover is not None else None
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        _encode(_loudness_normalised(src, settings), tmp, settings, source=src)
        produced = measure_loudness(_decode(tmp, settings), source=src)
        _write_tags(tmp, tags, cover)
        duration = _mp3_duration(tmp, source=src)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Enclosure(
        path=dest,
        bytes=dest.stat().st_size,
        duration=duration,
        mime=MP3_MIME,
        loudness_lufs=produced,
    )


def measure_loudness(segment: AudioSegment, *, source: Path) -> float:
    """Integrated loudness of a pydub segment in LUFS (AudioFileError if too short or silent)."""
    # pyloudnorm pulls in scipy (2+ s); importing it here keeps every `innocast` command quick,
    # since the CLI imports this package for its error classes.
    import pyloudnorm

    if segment.duration_seconds < MIN_LOUDNESS_SECONDS:
        raise AudioFileError(
            f"{source}: too short to measure loudness ({segment.duration_seconds:.2f} s)"
        )
    meter = pyloudnorm.Meter(segment.frame_rate, block_size=BLOCK_SECONDS)
    samples = np.frombuffer(segment.raw_data, dtype=SAMPLE_TYPES[segment.sample_width])
    samples = samples.reshape(-1, segment.channels)
    scale = float(1 << (8 * segment.sample_width - 1))
    chunk = round(LOUDNESS_CHUNK_SECONDS * segment.frame_rate)
    # Each chunk carries the rest of its last block, so the blocks tile the whole signal.
    tail = round((BLOCK_SECONDS - BLOCK_STEP_SECONDS) * segment.frame_rate)
    blocks: list[float] = []
    for start in range(0, len(samples), chunk):
        part = samples[start : start + chunk + tail]
        if len(part) < BLOCK_SECONDS * segment.frame_rate:
            break
        meter.integrated_loudness((part / scale).astype(np.float32))
        blocks.extend(meter.blockwise_loudness)
    loudness = _gated_loudness(np.array(blocks))
    if not np.isfinite(loudness):
        raise AudioFileError(f"{source}: silent, its loudness cannot be normalised")
    return loudness


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


def _size(path: Path) -> int:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise AudioFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise AudioFileError(f"{path}: cannot be read ({exc.strerror})") from exc
    if not path.is_file():
        raise AudioFileError(f"{path}: not a file")
    if size == 0:
        raise AudioFileError(f"{path}: empty file")
    return size


def _first_audio_stream(path: Path) -> tuple[dict, float]:
    """The first audio stream ffprobe finds, and the container's declared duration."""
    result = _run(
        [get_prober_name(), "-v", "error", "-show_format", "-show_streams", "-of", "json",
         str(path)],
        path,
    )
    try:
        info = json.loads(result.stdout or "{}")
    except json.JSONDecodeError:
        info = {}
    streams = [s for s in info.get("streams", []) if s.get("codec_type") == "audio"]
    if result.returncode != 0 or not streams:
        raise AudioFileError(f"{path}: not an audio file (ffmpeg could not decode it)")
    stream = streams[0]
    declared = _float(stream.get("duration")) or _float(info.get("format", {}).get("duration"))
    return stream, declared


def _decoded_seconds(path: Path) -> float:
    """Decode the first audio stream to nothing and return how many seconds it yielded."""
    result = _run(
        [get_encoder_name(), "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0",
         "-f", "null", "-progress", "pipe:1", "-nostats", "-"],
        path,
    )
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    if result.returncode != 0 or errors:
        detail = errors[-1].strip() if errors else f"exit code {result.returncode}"
        raise AudioFileError(f"{path}: corrupt or truncated audio (ffmpeg: {detail[:200]})")
    out_us = [line.split("=", 1)[1] for line in result.stdout.splitlines()
              if line.startswith("out_time_us=")]
    return _int(out_us[-1]) / 1e6 if out_us else 0.0


def _declared_seconds(path: Path) -> float:
    """The length a file's own header declares (mutagen), 0 when it declares none."""
    try:
        parsed = MutagenFile(path)
    except (MutagenError, OSError, ValueError):
        return 0.0
    if parsed is None:
        return 0.0
    return float(getattr(parsed.info, "length", 0.0) or 0.0)


def _decode(src: Path, settings: EncodeSettings) -> AudioSegment:
    """Decode with ffmpeg to a WAV in the enclosure's channels and rate, loaded by pydub.

    Going through a file rather than `AudioSegment.from_file` (which copies the decoded audio
    several times in memory) keeps the peak near twice the decoded size.
    """
    with tempfile.TemporaryDirectory(prefix="innocast-decode-") as folder:
        wav = Path(folder) / "decoded.wav"
        result = _run(
            [get_encoder_name(), "-nostdin", "-v", "error", "-i", str(src), "-map", "0:a:0",
             "-ac", str(settings.channels), "-ar", str(settings.sample_rate),
             "-c:a", "pcm_s16le", "-f", "wav", str(wav)],
            src,
        )
        if result.returncode != 0:
            raise AudioFileError(f"{src}: not an audio file (ffmpeg could not decode it)")
        return _load_wav(wav, source=src)


def _load_wav(wav: Path, *, source: Path) -> AudioSegment:
    try:
        return AudioSegment.from_wav(wav)
    except (CouldntDecodeError, OSError, IndexError, ValueError) as exc:
        raise AudioFileError(f"{source}: not an audio file (ffmpeg could not decode it)") from exc


def _loudness_normalised(src: Path, settings: EncodeSettings) -> AudioSegment:
    """`src` decoded to the enclosure's layout and brought to the target loudness."""
    # Only the result outlives this function, so an hour of decoded audio is held at most twice.
    segment = _decode(src, settings)
    gain = settings.target_lufs - measure_loudness(segment, source=src)
    normalised, level = _normalise(segment, gain, settings, source=src)
    miss = settings.target_lufs - level
    if abs(miss) > LOUDNESS_TOLERANCE_LU:
        # The limiter took some loudness off the peaks: give that back once.
        normalised, _ = _normalise(segment, gain + miss, settings, source=src)
    return normalised


def _normalise(
    segment: AudioSegment, gain_db: float, settings: EncodeSettings, *, source: Path
) -> tuple[AudioSegment, float]:
    """`segment` with `gain_db` applied and its peaks limited, and its measured loudness."""
    # volume= works in float, so the gain cannot clip before the limiter catches the peaks.
    audio_filter = (
        f"volume={gain_db:.3f}dB,"
        f"alimiter=limit={LIMITER_CEILING}:level=disabled:attack=5:release=50"
    )
    with tempfile.TemporaryDirectory(prefix="innocast-loudness-") as folder:
        wav = Path(folder) / "normalised.wav"
        try:
            segment.export(
                wav, format="wav", parameters=["-af", audio_filter, "-c:a", "pcm_s16le"]
            ).close()
        except (CouldntEncodeError, OSError) as exc:
            raise AudioFileError(f"{source}: ffmpeg could not normalise it ({exc})") from exc
        normalised = _load_wav(wav, source=source)
    return normalised, measure_loudness(normalised, source=source)


def _encode(segment: AudioSegment, target: Path, settings: EncodeSettings, *, source: Path) -> None:
    """Export `segment` as MP3 with the enclosure's bitrate, channels and sample rate."""
    try:
        segment.export(
            target,
            format="mp3",
            bitrate=settings.bitrate,
            parameters=["-ar", str(settings.sample_rate), "-ac", str(settings.channels)],
        ).close()
    except (CouldntEncodeError, OSError) as exc:
        raise AudioFileError(f"{source}: ffmpeg could not encode it as MP3 ({exc})") from exc


def _write_tags(path: Path, tags: Id3Tags, cover: tuple[bytes, str] | None) -> None:
    # A fresh tag replaces the one ffmpeg wrote (its encoder name) when saved.
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=clean_line(tags.title)))
    id3.add(TALB(encoding=3, text=clean_line(tags.show)))
    id3.add(TPE1(encoding=3, text=clean_line(tags.show)))
    id3.add(TCON(encoding=3, text="Podcast"))
    if tags.date:
        id3.add(TDRC(encoding=3, text=tags.date))
    if tags.episode is not None:
        id3.add(TRCK(encoding=3, text=str(tags.episode)))
    if cover is not None:
        data, mime = cover
        id3.add(APIC(encoding=3, mime=mime, type=3, desc="Cover", data=data))
    # ID3v2.3 is the version every podcast app and Apple read.
    id3.save(path, v2_version=3)


def _cover_art(cover: Path) -> tuple[bytes, str]:
    """The bytes and MIME type of a JPEG or PNG cover (CoverArtError otherwise)."""
    try:
        data = Path(cover).read_bytes()
        with Image.open(cover) as image:
            kind = image.format
    except FileNotFoundError:
        raise CoverArtError(f"{cover}: no such cover art file") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise CoverArtError(f"{cover}: cover art is not a readable image") from exc
    if kind not in COVER_MIMES:
        raise CoverArtError(f"{cover}: cover art must be JPEG or PNG, not {kind}")
    return data, COVER_MIMES[kind]


def _mp3_duration(path: Path, *, source: Path) -> float:
    try:
        return float(MP3(path).info.length)
    except MutagenError as exc:
        raise AudioFileError(f"{source}: the encoded MP3 cannot be read back ({exc})") from exc


def _run(args: list[str], path: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            args, capture_output=True, text=True, errors="replace",
            timeout=SUBPROCESS_TIMEOUT_SECONDS, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise AudioFileError(f"{path}: ffmpeg took too long to read it") from exc
    except FileNotFoundError as exc:
        raise AudioFileError(f"{path}: cannot be read: {args[0]} is not installed") from exc


def _int(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return 0


def _float(value: object) -> float:
    try:
        return float(str(value))
    except (TypeError, ValueError):
        return 0.0
