"""Workers that share nothing but an object store: a real S3-compatible server (moto), a Dask
scheduler and two workers as processes of their own (own folder, own HOME, no data folder), a
real Prefect server; the demo through the flow gives what the thread runner gives."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from catalog.blobs import BlobStore
from demo import DEMO_DIR
from steps.publication import STATE
from tests.flows.conftest import BIN, wait_for
from tests.objectstore import CREDENTIALS, free_port, s3_server

pytestmark = pytest.mark.slow
# The feed's build time is the only stamp a publication carries.
BUILD_DATE = re.compile(rb"<lastBuildDate>[^<]*</lastBuildDate>")


def published(out: Path) -> dict[str, bytes]:
    """Every published file's bytes, build stamps blanked (the search index included: its
    files are written in a fixed order, so one site gives the same bytes on every build)."""
    return {
        name: BUILD_DATE.sub(b"", path.read_bytes())
        for path in sorted(out.rglob("*"))
        # The state file is this build's stamp (its catalog revision, its files' times).
        if path.is_file() and (name := str(path.relative_to(out))) != STATE
    }


def differing(one: dict[str, bytes], other: dict[str, bytes]) -> list[str]:
    """The files that only one publication has or that differ between the two."""
    return sorted(name for name in one.keys() | other.keys() if one.get(name) != other.get(name))


def demo_show(folder: Path, extra: str) -> Path:
    """A copy of the demo show whose config ends with `extra` (runner and store tables)."""
    shutil.copytree(DEMO_DIR, folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    config = folder / "innocast.toml"
    config.write_text(config.read_text() + extra)
    return config


@contextmanager
def process(command: list[str], folder: Path, env: dict[str, str]) -> Iterator[Path]:
    """Run a command in a folder of its own (its log there) until the block ends."""
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "process.log"
    with log.open("wb") as out:
        started = subprocess.Popen(command, cwd=folder, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield log
        finally:
            os.killpg(started.pid, signal.SIGTERM)
            try:
                started.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(started.pid, signal.SIGKILL)
                started.wait(30)


def machine(folder: Path, base: dict[str, str], **extra: str) -> dict[str, str]:
    """The environment of a separate machine: its own HOME and caches, nothing of the flow's."""
    home = folder / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in base.items() if not k.startswith(("INNOCAST_", "XDG_"))}
    return {**env, "HOME": str(home), "PREFECT_HOME": str(home / ".prefect"), **extra}


def dask_worker(scheduler: str, folder: Path) -> list[str]:
    """`dask worker` with one task at a time, its scratch space in its own folder."""
    # No nanny: it would pin OpenMP to one thread and change Whisper's numerics (README).
    return [str(BIN / "dask"), "worker", scheduler, "--nthreads", "1", "--no-nanny",
            "--no-dashboard", "--host", "127.0.0.1", "--local-directory", str(folder)]


def innocast_run(
    config: Path, out: Path, data: Path, env: dict[str, str]
) -> subprocess.CompletedProcess:
    """`innocast run` as the person on the flow's machine runs it."""
    return subprocess.run(
        [str(BIN / "innocast"), "run", "--config", str(config), "--out", str(out),
         "--data", str(data)],
        env=env, capture_output=True, text=True, timeout=1800, cwd=data.parent,
    )


def registered(folder: Path) -> bool:
    log = folder / "process.log"
    return log.exists() and "Registered to" in log.read_text(errors="replace")


def test_workers_share_only_a_store_and_publish_what_threads_publish(
    prefect_server: dict[str, str], tmp_path: Path
) -> None:
    env = {**prefect_server, **CREDENTIALS}
    threads = tmp_path / "threads"
    reference = demo_show(threads / "show", '\n[runner]\nkind = "threads"\nworkers = 2\n'
                          "threads = 1\n")
    alone = innocast_run(reference, threads / "public", threads / "data", machine(threads, env))
    assert alone.returncode == 0, alone.stdout[-2000:] + alone.stderr[-2000:]

    with ExitStack() as stack:
        endpoint = stack.enter_context(s3_server(tmp_path / "moto.log", ("innocast", "other")))
        port = free_port()
        scheduler = f"tcp://127.0.0.1:{port}"
        stack.enter_context(process(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
             "--no-dashboard"],
            tmp_path / "scheduler", machine(tmp_path / "scheduler", env)))
        one, two = tmp_path / "worker-1", tmp_path / "worker-2"
        stack.enter_context(process(dask_worker(scheduler, one), one, machine(one, env)))
        second = ExitStack()
        second.enter_context(process(dask_worker(scheduler, two), two, machine(two, env)))
        stack.callback(lambda: second.close())
        wait_for(lambda: registered(one) and registered(two), 180, "two Dask workers")

        flow = tmp_path / "flow"
        config = demo_show(flow / "show", (
            f'\n[runner]\nkind = "dask"\naddress = "{scheduler}"\nthreads = 1\n'
            f'\n[store]\nurl = "s3://innocast/demo"\nendpoint_url = "{endpoint}"\n'))
        out = flow / "public"
        spread = innocast_run(config, out, flow / "data", machine(flow, env))
        assert spread.returncode == 0, spread.stdout[-3000:] + spread.stderr[-3000:]
        assert "Transcribed 4 episode(s), prepared 4 audio file(s)" in spread.stdout
        site = published(out)
        assert differing(site, published(threads / "public")) == []
        assert not list(one.rglob("catalog.sqlite")) and not list(two.rglob("catalog.sqlite"))

        # The second worker now reaches another bucket; a fresh data folder gives every item
        # work, so both workers get some.
        second.close()
        (two / "process.log").unlink()
        lost = machine(two, env, INNOCAST_STORE_URL="s3://other/demo")
        second.enter_context(process(dask_worker(scheduler, two), two, lost))
        wait_for(lambda: registered(two), 180, "the second Dask worker again")
        refused = innocast_run(config, out, flow / "fresh-data", machine(flow, env))
        with pytest.MonkeyPatch.context() as patch:
            for name, value in CREDENTIALS.items():
                patch.setenv(name, value)
            identity = BlobStore("s3://innocast/demo", {"endpoint_url": endpoint}).identity()
    assert refused.returncode == 1, refused.stdout[-3000:] + refused.stderr[-3000:]
    errors = [line for line in (refused.stdout + refused.stderr).splitlines()
              if line.startswith("Error:")]
    assert errors == [
        "Error: store s3://other/demo: no innocast store here (no innocast-store.json); "
        f"the flow's store is {identity}; nothing was published, {out} is as "
        "it was"
    ]
    assert differing(published(out), site) == []

