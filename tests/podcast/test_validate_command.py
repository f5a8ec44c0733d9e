"""`innocast validate-feed`, run as a real command in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.podcast.conftest import BASE_URL

INNOCAST = str(Path(sys.executable).parent / "innocast")
CASES = Path(__file__).parent / "validate_cases"


def innocast(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the innocast command and capture its output."""
    return subprocess.run([INNOCAST, *args], capture_output=True, text=True, timeout=120)


def test_validate_feed_command_passes_the_published_site(published_site: Path) -> None:
    feed = str(published_site / "feed.xml")
    result = innocast("validate-feed", feed, "--site", str(published_site))
    assert (result.returncode, result.stdout, result.stderr) == (
        0, f"{feed}: valid (3 episodes)\n", ""
    )


def test_validate_feed_command_lists_problems_and_fails() -> None:
    case = CASES / "item_broken.xml"
    result = innocast("validate-feed", str(case))
    assert result.returncode == 1
    assert result.stdout == case.with_suffix(".txt").read_text(encoding="utf-8")


def test_validate_feed_command_prints_warnings_of_a_valid_feed() -> None:
    case = CASES / "podcast_guid_of_another_url.xml"
    result = innocast("validate-feed", str(case))
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        *case.with_suffix(".txt").read_text(encoding="utf-8").splitlines(),
        f"{case}: valid (2 episodes)",
    ]


def test_validate_feed_command_checks_site_urls(published_site: Path, tmp_path: Path) -> None:
    empty_site = tmp_path / "empty"
    empty_site.mkdir()
    result = innocast("validate-feed", str(published_site / "feed.xml"), "--site",
                      str(empty_site), "--base-url", BASE_URL)
    assert result.returncode == 1
    assert f"error: channel: {BASE_URL}cover.jpg does not resolve to a file in {empty_site}" in (
        result.stdout.splitlines()
    )


def test_validate_feed_command_missing_file_is_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.xml"
    result = innocast("validate-feed", str(missing))
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", f"Error: {missing}: no such file\n"
    )


def test_validate_feed_command_not_xml_is_one_line_error(tmp_path: Path) -> None:
    page = tmp_path / "page.xml"
    page.write_text("<!doctype html><p>Hej", encoding="utf-8")
    result = innocast("validate-feed", str(page))
    assert (result.returncode, result.stderr) == (
        1, f"Error: {page}: not XML (syntax error: line 1, column 0)\n"
    )


def test_validate_feed_command_hostile_xml_is_one_line_error(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text('<!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel><title>&a;</title>'
                    "</channel></rss>", encoding="utf-8")
    result = innocast("validate-feed", str(feed))
    assert (result.returncode, result.stderr) == (
        1, f"Error: {feed}: refused hostile XML (EntitiesForbidden: entity declarations are not "
           "allowed in a feed)\n",
    )


def test_validate_feed_command_has_help_with_example() -> None:
    result = innocast("validate-feed", "--help")
    assert result.returncode == 0
    assert "--site" in result.stdout and "--base-url" in result.stdout
    assert "Example: innocast validate-feed public/feed.xml --site public" in result.stdout
