"""The one reader of named files: regular files only, bounded, never out of a folder source."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
from pathlib import Path

import pytest

from innocast.files import (
    FileMissingError,
    FileReadError,
    FileTooLargeError,
    read_bounded,
    read_utf8,
)


def test_read_bounded_reads_a_file_up_to_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"x" * 100)
    assert read_bounded(path, 100) == b"x" * 100


def test_read_bounded_refuses_a_larger_file_naming_it_and_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"x" * 100_001)
    with pytest.raises(FileTooLargeError) as caught:
        read_bounded(path, 100_000)
    assert str(caught.value) == f"{path}: is larger than 100 kB, the limit for this file"


def test_read_bounded_refuses_a_device_without_reading_it() -> None:
    with pytest.raises(FileReadError) as caught:
        read_bounded(Path("/dev/zero"), 1_000)
    assert str(caught.value) == "/dev/zero: is a character device, not a regular file"


def test_read_bounded_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "transcript.vtt"
    os.mkfifo(fifo)
    # Were the FIFO opened for reading, the call would block until a writer came: none comes.
    result: list[BaseException] = []
    thread = threading.Thread(target=lambda: _catch(result, fifo), daemon=True)
    thread.start()
    thread.join(5)
    assert not thread.is_alive(), "reading a FIFO blocked"
    assert [str(e) for e in result] == [f"{fifo}: is a FIFO (named pipe), not a regular file"]


def _catch(result: list[BaseException], path: Path) -> None:
    try:
        read_bounded(path, 1_000)
    except FileReadError as exc:
        result.append(exc)


def test_read_bounded_refuses_a_socket() -> None:
    # A socket's path must be short (108 bytes): pytest's temporary folders can be longer.
    with tempfile.TemporaryDirectory(dir="/tmp") as folder, socket.socket(socket.AF_UNIX) as sock:
        path = Path(folder) / "news.txt"
        sock.bind(str(path))
        with pytest.raises(FileReadError, match=r"news\.txt: is a socket, not a regular file$"):
            read_bounded(path, 1_000)


def test_read_bounded_refuses_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileReadError, match=r": is a folder, not a regular file$"):
        read_bounded(tmp_path, 1_000)
    with pytest.raises(FileMissingError, match=r"gone\.txt: no such file$"):
        read_bounded(tmp_path / "gone.txt", 1_000)


def test_read_bounded_within_refuses_a_link_out_of_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    with pytest.raises(FileReadError) as caught:
        read_bounded(folder / "passwd.txt", 1_000_000, within=folder)
    assert str(caught.value) == (
        f"{folder / 'passwd.txt'}: is a link out of the folder {folder}; it is not read"
    )


def test_read_bounded_within_follows_a_link_that_stays_in_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Hej")
    (folder / "b.txt").symlink_to("a.txt")
    assert read_bounded(folder / "b.txt", 100, within=folder) == b"Hej"


def test_read_bounded_without_within_follows_a_link_the_user_named(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("Hej")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    assert read_bounded(tmp_path / "link.txt", 100) == b"Hej"


def test_read_utf8_names_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes("Välkommen".encode("cp1252"))
    with pytest.raises(FileReadError, match=r"notes\.txt: is not UTF-8 text$"):
        read_utf8(path, 100)
    path.write_bytes("\ufeffVälkommen".encode())
    assert read_utf8(path, 100) == "Välkommen"
