"""Audio: probing real files and making MP3 enclosures at -16 LUFS with ID3 tags."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import wave
from collections.abc import Callable
from pathlib import Path

import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from podcast import AudioFileError, CoverArtError, EncodeSettings, Id3Tags, prepare_enclosure, probe
from tests.podcast.conftest import FORMATS, ffmpeg


def ebur128_loudness(path: Path) -> float:
    """Integrated loudness measured by ffmpeg's own EBU R128 meter (independent of pyloudnorm)."""
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-i", str(path), "-af", "ebur128", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    )
    summary = result.stderr.rsplit("Summary:", 1)[1]
    return float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))


def ffprobe_duration(path: Path) -> float:
    """The duration ffprobe reports."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, check=True,
    )
    return float(result.stdout)


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_probe_describes_every_format(fmt: str, speech_in: Callable[[str], Path]) -> None:
    info = probe(speech_in(fmt))
    assert info.duration == pytest.approx(ffprobe_duration(speech_in("wav")), abs=0.1)
    assert info.channels == 2
    assert info.sample_rate in (44100, 48000)
    assert info.bytes == speech_in(fmt).stat().st_size


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_prepare_enclosure_normalises_every_format(
    fmt: str, speech_in: Callable[[str], Path], cover: Path, tmp_path: Path
) -> None:
    src = speech_in(fmt)
    before = (sha256(src), src.stat().st_mtime_ns)
    dest = tmp_path / "out" / "avsnitt.mp3"
    tags = Id3Tags(title="Avsnitt 1", show="Innovation", date="2024-05-01", episode=1,
                   cover=cover)

    enclosure = prepare_enclosure(src, dest, tags, EncodeSettings())

    assert enclosure.path == dest
    assert enclosure.mime == "audio/mpeg"
    assert enclosure.bytes == dest.stat().st_size
    assert enclosure.duration == pytest.approx(ffprobe_duration(dest), abs=0.06)
    assert enclosure.duration == pytest.approx(probe(src).duration, abs=0.15)
    assert ebur128_loudness(dest) == pytest.approx(-16.0, abs=1.0)
    assert enclosure.loudness_lufs == pytest.approx(-16.0, abs=1.0)
    info = MP3(dest).info
    assert (info.channels, info.sample_rate) == (1, 44100)
    assert info.bitrate == pytest.approx(64000, abs=100)
    assert (sha256(src), src.stat().st_mtime_ns) == before
    assert [p.name for p in dest.parent.iterdir()] == ["avsnitt.mp3"]


def test_prepare_enclosure_writes_id3_tags(
    speech_in: Callable[[str], Path], cover: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "avsnitt.mp3"
    title = "Avsnitt 7: Öppna data\noch AI"
    prepare_enclosure(speech_in("wav"), dest,
                      Id3Tags(title=title, show="Innovation", date="2024-05-01", episode=7,
                              cover=cover))

    tags = ID3(dest)
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]) == "Avsnitt 7: Öppna data och AI"
    assert str(tags["TALB"]) == "Innovation"
    assert str(tags["TDRC"]) == "2024-05-01"
    assert str(tags["TRCK"]) == "7"
    apic = tags.getall("APIC")[0]
    assert (apic.mime, apic.type, apic.data) == ("image/jpeg", 3, cover.read_bytes())


@pytest.mark.parametrize("gain_db", [-25, 12])
def test_prepare_enclosure_reaches_target_from_quiet_and_loud(
    gain_db: int, speech_wav: Path, tmp_path: Path
) -> None:
    src = tmp_path / "source.flac"
    ffmpeg("-i", str(speech_wav), "-af", f"volume={gain_db}dB", str(src))
    enclosure = prepare_enclosure(src, tmp_path / "out.mp3", Id3Tags(title="T", show="S"),
                                  EncodeSettings(channels=2, bitrate="128k", target_lufs=-19.0))
    assert ebur128_loudness(enclosure.path) == pytest.approx(-19.0, abs=1.0)
    assert MP3(enclosure.path).info.channels == 2


def test_prepare_enclosure_replaces_an_old_enclosure_atomically(
    speech_in: Callable[[str], Path], tmp_path: Path
) -> None:
    dest = tmp_path / "avsnitt.mp3"
    dest.write_bytes(b"old")
    enclosure = prepare_enclosure(speech_in("mp3"), dest, Id3Tags(title="T", show="S"))
    assert enclosure.bytes == dest.stat().st_size > 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["avsnitt.mp3"]


def test_prepare_enclosure_refuses_to_overwrite_its_source(
    speech_in: Callable[[str], Path], tmp_path: Path
) -> None:
    src = tmp_path / "a.mp3"
    src.write_bytes(speech_in("mp3").read_bytes())
    with pytest.raises(AudioFileError, match="would overwrite its source"):
        prepare_enclosure(src, tmp_path / "." / "a.mp3", Id3Tags(title="T", show="S"))


def _truncated(fmt: str) -> Callable[[Path, Callable[[str], Path]], bytes]:
    return lambda _tmp, speech_in: speech_in(fmt).read_bytes()[: speech_in(fmt).stat().st_size // 2]


def _cut_wav(path: Path) -> bytes:
    """A WAV cut on a frame boundary (16-bit stereo): only its header knows it is short."""
    data = path.read_bytes()
    start = data.index(b"data") + 8
    return data[: start + 4 * 40_000]


BAD_FILES: dict[str, tuple[Callable[[Path, Callable[[str], Path]], bytes], str]] = {
    "empty.mp3": (lambda _tmp, _s: b"", "empty file"),
    "notes.mp3": (lambda _tmp, _s: "Det här är text.\n".encode() * 50,
                  r"not an audio file \(ffmpeg could not decode it\)"),
    "noise.wav": (lambda _tmp, _s: os.urandom(20_000),
                  r"not an audio file \(ffmpeg could not decode it\)"),
    "cut.mp3": (_truncated("mp3"), r"truncated \(decodes to [\d.]+ s of the [\d.]+ s"),
    "cut.flac": (_truncated("flac"), "corrupt or truncated audio"),
    "cut.m4a": (_truncated("m4a"), "not an audio file"),
    "cut.wav": (lambda _tmp, s: _cut_wav(s("wav")), r"truncated \(decodes to"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_probe_rejects_bad_file_in_one_line(
    name: str, speech_in: Callable[[str], Path], tmp_path: Path
) -> None:
    make, expected = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(make(tmp_path, speech_in))
    with pytest.raises(AudioFileError) as caught:
        probe(path)
    message = str(caught.value)
    assert "\n" not in message
    assert re.match(re.escape(f"{path}: ") + expected, message), message


def test_prepare_enclosure_of_bad_file_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "notes.mp3"
    src.write_text("not audio", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(AudioFileError, match="notes.mp3: not an audio file"):
        prepare_enclosure(src, out / "a.mp3", Id3Tags(title="T", show="S"))
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("rate", [1, 1_000_000])
def test_probe_rejects_absurd_sample_rate(rate: int, tmp_path: Path) -> None:
    path = tmp_path / "odd.wav"
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(b"\x10\x00" * 4000)
    with pytest.raises(AudioFileError, match=rf"odd.wav: implausible sample rate {rate} Hz"):
        probe(path)


def test_probe_rejects_audio_over_the_duration_limit(speech_in: Callable[[str], Path]) -> None:
    with pytest.raises(AudioFileError, match=r"speech.mp3: \d s long, over the limit of 1 s"):
        probe(speech_in("mp3"), max_duration=1.0)


def test_prepare_enclosure_rejects_silence(tmp_path: Path) -> None:
    src = tmp_path / "silence.wav"
    ffmpeg("-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-t", "3", str(src))
    with pytest.raises(AudioFileError, match="silence.wav: silent"):
        prepare_enclosure(src, tmp_path / "out.mp3", Id3Tags(title="T", show="S"))


def test_prepare_enclosure_rejects_cover_that_is_not_an_image(
    speech_in: Callable[[str], Path], tmp_path: Path
) -> None:
    fake = tmp_path / "cover.jpg"
    fake.write_text("<svg/>", encoding="utf-8")
    with pytest.raises(CoverArtError, match="cover.jpg: cover art is not a readable image"):
        prepare_enclosure(speech_in("wav"), tmp_path / "out.mp3",
                          Id3Tags(title="T", show="S", cover=fake))

