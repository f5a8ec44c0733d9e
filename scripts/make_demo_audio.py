"""Speak the demo episodes' scripts with espeak-ng into compressed MP3 files (run once, committed).

Each line of `demo/episodes/NN-name.script.txt` is `HOST: text` or `GUEST: text`; the two roles get
different espeak-ng voice variants and a short pause between lines. The language of a script is
Swedish unless its file name contains `english`.

Usage: python scripts/make_demo_audio.py
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

EPISODES = Path(__file__).resolve().parent.parent / "demo" / "episodes"
VOICES = {"HOST": "+f3", "GUEST": "+m3"}
PAUSE_SECONDS = 0.6
BITRATE = "32k"


def speak_script(script: Path, target: Path) -> None:
    """Speak every line of `script` and join the lines into one mono MP3 at `target`."""
    language = "en" if "english" in script.name else "sv"
    with tempfile.TemporaryDirectory() as tmp:
        parts = []
        for number, line in enumerate(script.read_text(encoding="utf-8").splitlines()):
            role, _, text = line.partition(":")
            if not text.strip():
                continue
            wav = Path(tmp) / f"{number:03d}.wav"
            voice = language + VOICES[role.strip()]
            subprocess.run(
                ["espeak-ng", "-v", voice, "-s", "155", "-w", str(wav), text.strip()], check=True
            )
            parts.append(wav)
        pause = f"apad=pad_dur={PAUSE_SECONDS}"
        joined = Path(tmp) / "joined.wav"
        # Pad each part with silence so the speakers do not run into each other.
        padded = []
        for wav in parts:
            out = wav.with_suffix(".pad.wav")
            subprocess.run(
                ["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-af", pause, str(out)], check=True
            )
            padded.append(out)
        listing = Path(tmp) / "parts.txt"
        listing.write_text("".join(f"file '{p}'\n" for p in padded), encoding="utf-8")
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing),
             str(joined)],
            check=True,
        )
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-i", str(joined), "-ac", "1", "-ar", "22050",
             "-b:a", BITRATE, "-map_metadata", "-1", str(target)],
            check=True,
        )


def main() -> None:
    """Make every demo episode's MP3 from its script."""
    for script in sorted(EPISODES.glob("*.script.txt")):
        target = script.with_name(script.name.replace(".script.txt", ".mp3"))
        speak_script(script, target)
        print(f"{target.name}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
