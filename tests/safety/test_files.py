"""Files and output, through the real `innocast` commands: links, special files, permissions,
two publishes into one output folder, links inside and as the output."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from demo import DEMO_DIR
from tests.safety.conftest import INNOCAST, Innocast
from tests.safety.outputs import assert_publication_whole, orphans
from tests.shows import make_show

NEWS_TEXT = "digad-digital-innovation-offentlig-sektor.txt"
# A publish waits for the lock no longer than this in the tests that expect it to give up.
SHORT_WAIT = {"INNOCAST_OUTPUT_WAIT": "1"}


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, **extra}


def _news_data(innocast: Innocast, tmp_path: Path, name: str, texts: tuple[str, ...]) -> Path:
    """A data folder holding the news of a folder of the given demo texts."""
    folder, data = tmp_path / f"{name}-news", tmp_path / f"{name}-data"
    folder.mkdir()
    for text in texts:
        shutil.copy(DEMO_DIR / "news" / text, folder / text)
    done = innocast("ingest", "news", folder, "--data", data)
    assert done.returncode == 0, done.stderr
    return data


def _publish(innocast: Innocast, config: Path, out: Path, data: Path, **env: str):
    return innocast("publish", "--config", config, "--out", out, "--data", data, env=_env(**env))


@pytest.mark.slow
def test_files_news_folder_link_out_and_fifo_are_skipped_by_name_never_published(
    innocast: Innocast, small_show: Path, tmp_path: Path
) -> None:
    folder, data, out = tmp_path / "news", tmp_path / "data", tmp_path / "site" / "public"
    folder.mkdir()
    shutil.copy(DEMO_DIR / "news" / NEWS_TEXT, folder / NEWS_TEXT)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    os.mkfifo(folder / "pipe.txt")
    done = innocast("ingest", "news", folder, "--data", data, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"{folder}: 1 new, 0 updated, 0 unchanged, 2 skipped",
        f"skipped {folder / 'passwd.txt'}: {folder / 'passwd.txt'}: is a link out of the folder "
        f"{folder}; it is not read",
        f"skipped {folder / 'pipe.txt'}: {folder / 'pipe.txt'}: is a FIFO (named pipe), "
        "not a regular file",
    ]
    published = _publish(innocast, small_show, out, data)
    assert published.returncode == 0, published.stderr
    passwd = Path("/etc/passwd").read_bytes().splitlines()[0]
    leaked = [p for p in out.rglob("*") if p.is_file() and passwd in p.read_bytes()]
    assert leaked == []
    assert b"passwd" not in (out / "news.xml").read_bytes()


def test_files_a_device_or_fifo_as_news_source_is_refused_in_one_line(
    innocast: Innocast, tmp_path: Path
) -> None:
    fifo, zero = tmp_path / "news.txt", tmp_path / "zero.txt"
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    for source, kind in ((zero, "a character device"), (fifo, "a FIFO (named pipe)")):
        done = innocast("ingest", "news", source, "--data", tmp_path / "data", timeout=60)
        assert (done.returncode, done.stdout) == (1, "")
        assert done.stderr.splitlines() == [f"Error: {source}: is {kind}, not a regular file"]


@pytest.mark.parametrize("field", ["notes_file", "script_file"])
def test_files_dev_zero_as_a_config_text_file_is_refused_in_one_line(
    innocast: Innocast, tmp_path: Path, field: str
) -> None:
    config = make_show(tmp_path / "show")
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'notes = "A short summary."', f'{field} = "/dev/zero"'
        ),
        encoding="utf-8",
    )
    done = _publish(innocast, config, tmp_path / "public", tmp_path / "data")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        f"Error: innocast.toml: episodes[1].{field}: cannot read /dev/zero "
        "(is a character device, not a regular file)"
    ]


def test_files_a_fifo_as_the_cover_image_is_refused_in_one_line(
    innocast: Innocast, tmp_path: Path
) -> None:
    config = make_show(tmp_path / "show")
    (config.parent / "cover.jpg").unlink()
    os.mkfifo(config.parent / "cover.jpg")
    done = _publish(innocast, config, tmp_path / "public", tmp_path / "data")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == ["Error: innocast.toml: show.image: cover.jpg is not a file"]


def test_files_dev_zero_and_fifo_as_notes_file_and_transcript_are_refused(
    innocast: Innocast, tmp_path: Path
) -> None:
    data, fifo = tmp_path / "data", tmp_path / "rättad.vtt"
    os.mkfifo(fifo)
    audio = DEMO_DIR / "episodes" / "04-english-summary.mp3"
    for notes, kind in (("/dev/zero", "a character device"), (fifo, "a FIFO (named pipe)")):
        done = innocast("ingest", "episode", audio, "--title", "t", "--notes-file", notes,
                        "--data", data, timeout=60)
        # A bad option value: click's usage error (exit 2), ending in the one line that names it.
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr.splitlines()[-1] == (
            f"Error: Invalid value for --notes-file: {notes}: cannot read it as UTF-8 text "
            f"(is {kind}, not a regular file)"
        )
    added = innocast("ingest", "episode", audio, "--title", "t", "--id", "ep", "--data", data)
    assert added.returncode == 0, added.stderr
    done = innocast("transcript", "set", "ep", fifo, "--data", data, timeout=60)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        f"Error: {fifo}: cannot read the transcript (is a FIFO (named pipe), not a regular file)"
    ]


@pytest.mark.slow
def test_files_publish_under_umask_000_leaves_nothing_world_writable(
    innocast: Innocast, small_show: Path, tmp_path: Path
) -> None:
    data = _news_data(innocast, tmp_path, "a", (NEWS_TEXT,))
    out = tmp_path / "site" / "public"
    done = subprocess.run(
        [str(INNOCAST), "publish", "--config", str(small_show), "--out", str(out),
         "--data", str(data)],
        capture_output=True, text=True, timeout=300, preexec_fn=lambda: os.umask(0),
    )
    assert done.returncode == 0, done.stderr
    paths = [out, *out.rglob("*")]
    fragments = [p for p in paths if p.parent.name == "pages" and p.suffix == ".json"
                 and p.relative_to(out).parts[0] == "search-index"]
    assert fragments, "no search index to check"
    modes = {stat.S_IMODE(p.lstat().st_mode) for p in paths if p.is_dir()}
    assert modes == {0o755}
    modes = {stat.S_IMODE(p.lstat().st_mode) for p in paths if not p.is_dir()}
    assert modes == {0o644}


@pytest.mark.slow
def test_files_two_publishes_from_two_data_folders_into_one_output_take_turns(
    innocast: Innocast, small_show: Path, tmp_path: Path
) -> None:
    first = _news_data(innocast, tmp_path, "a", (NEWS_TEXT,))
    second = _news_data(innocast, tmp_path, "b", ("partsradet-innovativa-aktiviteter.txt",))
    out = tmp_path / "site" / "public"
    for _round in range(3):
        processes = [
            subprocess.Popen(
                [str(INNOCAST), "publish", "--config", str(small_show), "--out", str(out),
                 "--data", str(data)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            for data in (first, second)
        ]
        results = [(p.wait(300), *p.communicate()) for p in processes]
        assert [code for code, _out, _err in results] == [0, 0], results
        assert_publication_whole(out)
        assert (out / "cover.jpg").is_file()
        for data in (first, second):
            assert orphans(data, out) == []


@pytest.mark.slow
def test_files_publish_gives_up_in_one_line_while_another_holds_the_output(
    innocast: Innocast, small_show: Path, tmp_path: Path
) -> None:
    data = _news_data(innocast, tmp_path, "a", (NEWS_TEXT,))
    out = tmp_path / "site" / "public"
    assert _publish(innocast, small_show, out, data).returncode == 0
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    holder = subprocess.Popen(
        [str(INNOCAST.parent / "python"), "-c",
         "import sys, pathlib\n"
         "from steps.staging import output_lock\n"
         f"with output_lock(pathlib.Path({str(out)!r})):\n"
         "    print('held', flush=True); sys.stdin.read()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        done = _publish(innocast, small_show, out, data, **SHORT_WAIT)
    finally:
        holder.communicate("", timeout=30)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        f"Error: {out}: another innocast publish is writing this output folder; "
        "gave up after 1 s (set INNOCAST_OUTPUT_WAIT to wait longer)"
    ]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert_publication_whole(out)
    assert orphans(data, out) == []


@pytest.mark.slow
def test_files_a_linked_subfolder_in_the_output_is_never_written_through(
    innocast: Innocast, small_show: Path, tmp_path: Path
) -> None:
    data = _news_data(innocast, tmp_path, "a", (NEWS_TEXT,))
    out, outside = tmp_path / "site" / "public", tmp_path / "elsewhere"
    assert _publish(innocast, small_show, out, data).returncode == 0
    # The news pages' folder replaced by a link to a folder that holds someone else's files,
    # among them one of the name a page of this publication has.
    shutil.copytree(out / "news", outside)
    (outside / "mine.txt").write_text("not innocast's")
    pages = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    for page in pages:
        if page.name == "index.html":
            page.write_bytes(b"someone else's page")
    pages = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    shutil.rmtree(out / "news")
    (out / "news").symlink_to(outside, target_is_directory=True)
    # A publication without the news item would delete its page through the link.
    empty = _news_data(innocast, tmp_path, "b", ("partsradet-innovativa-aktiviteter.txt",))
    done = _publish(innocast, small_show, out, empty)
    assert done.returncode == 0, done.stderr
    assert {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()} == pages
    assert not (out / "news").is_symlink()
    assert_publication_whole(out)


@pytest.mark.slow
def test_files_an_output_that_is_a_link_is_published_through(
    innocast: Innocast, small_show: Path, tmp_path: Path
) -> None:
    data = _news_data(innocast, tmp_path, "a", (NEWS_TEXT,))
    releases, web = tmp_path / "releases", tmp_path / "www"
    (releases / "site").mkdir(parents=True)
    web.symlink_to(releases / "site", target_is_directory=True)
    for _round in range(2):
        done = _publish(innocast, small_show, web, data)
        assert done.returncode == 0, done.stderr
        assert web.is_symlink() and web.readlink() == releases / "site"
        assert_publication_whole(releases / "site")
    assert sorted(p.name for p in releases.iterdir()) == ["site"]
