"""A plain `innocast tag` runs without click and prints what the click command prints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from themes.evaluation import SEEDS_DIR

INNOCAST = str(Path(sys.executable).with_name("innocast"))
SEED = str(SEEDS_DIR / "partsradet-innovativa-aktiviteter.txt")
# The same command line through click alone, the way the entry point ran it before.
THROUGH_CLICK = (
    "import sys; from flows.cli import cli, run_cli; sys.argv[0] = 'innocast'; run_cli(cli)"
)


def run(command: list[str], stdin: bytes) -> tuple[int, bytes, bytes]:
    result = subprocess.run(command, input=stdin, capture_output=True, timeout=120, check=False)
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        ([SEED], b""),
        ([SEED, "--json"], b""),
        (["--json", SEED], b""),
        (["-", "--json"], "Kompetensutveckling för äldreomsorgen".encode("cp1252")),
        (["-"], b"\x00\x01\x02"),
        (["-"], b""),
        (["saknas.txt"], b""),
        ([str(SEEDS_DIR)], b""),
    ],
)
def test_entry_plain_tag_prints_what_the_click_command_prints(
    args: list[str], stdin: bytes
) -> None:
    plain = run([INNOCAST, "tag", *args], stdin)
    clicked = run([sys.executable, "-c", THROUGH_CLICK, "tag", *args], stdin)
    assert plain == clicked

