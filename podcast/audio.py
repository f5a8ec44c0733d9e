"""Episode audio: checking a file is real, complete audio, and making the MP3 enclosure.

`probe` decodes the whole file once (ffmpeg to a null sink), because headers lie: a truncated MP3
or WAV still declares its full length. `prepare_enclosure` streams: ffmpeg decodes to 16-bit PCM
on a pipe and pyloudnorm measures it a minute at a time (ITU-R BS.1770, the measure behind the
podcast norm of -16 LUFS integrated); a second pass measures the audio with the gain applied in
floating point and a peak limiter after it (so loud speech is not clipped), and if the limiter
took loudness off the peaks the gain gives that back once; then the MP3 is encoded once, in a
third pass. No episode is ever held in memory whole. Loudness, duration and byte length are read
from the produced file.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mutagen import File as MutagenFile
from mutagen import MutagenError
from mutagen.id3 import APIC, ID3, TALB, TCON, TDRC, TIT2, TPE1, TRCK
from mutagen.mp3 import MP3

from innocast.files import FileReadError, read_bounded
from podcast.artwork import MAX_COVER_BYTES, read_artwork
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
CHANNEL_LAYOUTS = {1: "mono", 2: "stereo"}
FFMPEG = "ffmpeg"
FFPROBE = "ffprobe"
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
        _encode_normalised(src, tmp, settings)
        produced = measure_loudness(tmp, settings, source=src)
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


def measure_loudness(
    path: Path, settings: EncodeSettings = EncodeSettings(), *, source: Path | None = None
) -> float:
    """Integrated loudness in LUFS of `path` decoded to the enclosure's layout (AudioFileError).

    The audio is streamed from ffmpeg a minute at a time, so an episode of any length is measured
    in a few megabytes.
    """
    return _streamed_loudness(
        _pcm_command(path, settings, audio_filter=None), settings, source=Path(source or path)
    )


def _streamed_loudness(command: list[str], settings: EncodeSettings, *, source: Path) -> float:
    # Imported here: numpy and the meter are slow to import, and a run that finds its audio
    # unchanged (or a command that only reads the config) measures nothing.
    from podcast.loudness import streamed_loudness

    return streamed_loudness(command, settings.sample_rate, settings.channels, source=source,
                             timeout=SUBPROCESS_TIMEOUT_SECONDS)


def _encode_normalised(src: Path, target: Path, settings: EncodeSettings) -> None:
    """Encode `src` as MP3 at `target`, brought to the target loudness, in streamed passes."""
    gain = settings.target_lufs - measure_loudness(src, settings)
    limited = _streamed_loudness(
        _pcm_command(src, settings, audio_filter=_gain_and_limiter(gain)), settings, source=src
    )
    miss = settings.target_lufs - limited
    if abs(miss) > LOUDNESS_TOLERANCE_LU:
        # The limiter took some loudness off the peaks: give that back once.
        gain += miss
    _encode(src, target, gain, settings)


def _gain_and_limiter(gain_db: float) -> str:
    """The ffmpeg filters applying `gain_db` and then limiting the peaks.

    >>> _gain_and_limiter(3.14159)
    'volume=3.142dB,alimiter=limit=0.891:level=disabled:attack=5:release=50'
    """
    # volume= works in float, so the gain cannot clip before the limiter catches the peaks.
    limiter = f"alimiter=limit={LIMITER_CEILING}:level=disabled:attack=5:release=50"
    return f"volume={gain_db:.3f}dB,{limiter}"


def _layout(settings: EncodeSettings) -> str:
    """The filter converting decoded audio to the enclosure's rate and channels, done first as
    decoding to the enclosure's layout did before any gain."""
    layout = CHANNEL_LAYOUTS.get(settings.channels, f"{settings.channels}c")
    return f"aformat=sample_rates={settings.sample_rate}:channel_layouts={layout}"


def media_arg(path: Path) -> str:
    """A path as ffmpeg and ffprobe must be given it: a `file:` URL of the absolute path, so a
    name like `-report` is never an option, and `concat:x` or `http:x` never another protocol.

    >>> media_arg(Path("/tmp/-report"))
    'file:/tmp/-report'
    """
    return f"file:{Path(path).absolute()}"


def _pcm_command(src: Path, settings: EncodeSettings, *, audio_filter: str | None) -> list[str]:
    """ffmpeg decoding `src` (then `audio_filter`) to 16-bit PCM on stdout in the enclosure's
    rate and channels."""
    filters = _layout(settings) + (f",{audio_filter}" if audio_filter else "")
    return [
        FFMPEG, "-nostdin", "-v", "error", "-i", media_arg(src), "-filter_complex",
        f"[0:a:0]{filters}[pcm]", "-map", "[pcm]", "-c:a", "pcm_s16le", "-f", "s16le", "pipe:1",
    ]


def _encode(src: Path, target: Path, gain_db: float, settings: EncodeSettings) -> None:
    """Write `src` with `gain_db` applied and its peaks limited as MP3 at `target`."""
    result = _run(
        [FFMPEG, "-nostdin", "-v", "error", "-i", media_arg(src), "-filter_complex",
         f"[0:a:0]{_layout(settings)},{_gain_and_limiter(gain_db)}[mp3]", "-map", "[mp3]",
         "-c:a", "libmp3lame", "-b:a", settings.bitrate, "-f", "mp3", "-y", media_arg(target)],
        src,
    )
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]
        raise AudioFileError(f"{src}: ffmpeg could not encode it as MP3 ({detail[:200]})")


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
        [FFPROBE, "-v", "error", "-show_format", "-show_streams", "-of", "json",
         media_arg(path)],
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
        [FFMPEG, "-nostdin", "-v", "error", "-i", media_arg(path), "-map", "0:a:0",
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
    kind = read_artwork(cover).format
    try:
        data = read_bounded(Path(cover), MAX_COVER_BYTES)
    except FileReadError as exc:
        raise CoverArtError(f"{cover}: cover art {exc.reason}") from exc
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
