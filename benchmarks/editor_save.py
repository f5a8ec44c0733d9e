"""How long the editor takes to start, and to save a corrected segment (with its re-tagging).

Run: .venv/bin/python -m benchmarks.editor_save
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from tests.editor.conftest import make_editor_data
from tests.editor.server import csrf_of
from tests.objectstore import free_port

ROUNDS = 20


def main() -> None:
    """Print the editor's start-up time and the median and worst save time."""
    data = make_editor_data(Path(tempfile.mkdtemp()))
    port = free_port()
    innocast = str(Path(sys.executable).with_name("innocast"))
    started = time.perf_counter()
    process = subprocess.Popen([innocast, "edit", "--data", str(data.data), "--config",
                                str(data.config), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                httpx.get(url + "/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        startup = time.perf_counter() - started
        with httpx.Client(base_url=url) as client:
            token = csrf_of(client, f"/objekt/{data.episode}/transkription")
            times = []
            for n in range(ROUNDS):
                begin = time.perf_counter()
                answer = client.post(f"/objekt/{data.episode}/segment/1",
                                     data={"text": f"Kommuner och regioner samverkar {n}.",
                                           "csrf": token},
                                     headers={"Accept": "application/json"})
                times.append(time.perf_counter() - begin)
                assert answer.status_code == 200, answer.text
    finally:
        process.terminate()
        process.wait(30)
    print(f"start-up to first page: {startup:.1f} s")
    print(f"segment save with re-tagging ({ROUNDS} saves): median "
          f"{statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
