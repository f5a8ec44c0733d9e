"""Benchmark: a whole `innocast run` with nothing to do, on the demo and on a 200-hour catalogue,
against a one-task Prefect flow in the same configuration.

Three commands are timed as fresh processes, in paired rounds whose order turns round every
round, once with the temporary Prefect server a run starts by itself and once against a
running `prefect server start` (PREFECT_API_URL set):

- `prefect`: a one-task Prefect flow (`python -c`), what any Prefect run costs here;
- `demo`: `innocast run` on the demo show, after one real run made everything;
- `synthetic`: `innocast run` on the demo's config with its episodes replaced by 200 one-hour
  episodes (sparse 8 kHz WAV files), seeded as a previous run leaves a catalogue: audio
  remembered by size, modification time and inode, an enclosure, a transcript of about 600
  segments with word timings, and tags for every episode (made by the real steps, except that
  the MP3 and the transcript are stand-ins: encoding and transcribing 200 hours would take
  days here), then published once by a real run.

Reported: wall and CPU seconds (children included) of each; the synthetic / demo ratio (target
1.2x); innocast's own part, a run's wall time minus the one-task flow's in the same round
(target at most 1 s); and, from the runs' own log timestamps, how long each phase inside the
flow took, publishing apart (another change makes publishing incremental).

Usage: .venv/bin/python benchmarks/noop_run.py [--hours N] [--rounds R]
Writes benchmarks/results/noop_run.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.noop_ingest import sparse_wav  # noqa: E402
from demo import DEMO_CONFIG, DEMO_DIR  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "noop_run.md"
TARGET_RATIO = 1.2
TARGET_OWN_SECONDS = 1.0
BIN = Path(sys.executable).parent
ENV = {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
       "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
ONE_TASK_FLOW = """
from prefect import flow, task

@task
def one() -> int:
    return 1

@flow(name="one-task")
def one_task() -> int:
    return one()

one_task()
"""
SENTENCES = [
    "Kommunen har startat ett innovationslabb där medarbetare testar nya arbetssätt",
    "Vi pratar om digitalisering och hur e-tjänster kan göra vardagen enklare",
    "Regionen samverkar med näringslivet och akademin kring hållbar utveckling",
    "Tjänstedesign handlar om att utgå från invånarnas behov och prova prototyper",
    "Ledarskapet avgör ofta om nya idéer får fäste i en organisation",
    "Öppna data gör det möjligt för andra att bygga tjänster ovanpå myndighetens arbete",
]
# Log lines as Prefect prints them: "HH:MM:SS.mmm | LEVEL | Flow run 'name' - message".
LOG_LINE = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) \| \w+\s*\| (.*)$")
PHASES = ("ingest-episodes", "ingest-news", "prepare-audio", "transcribe", "tag", "publish",
          "collect-garbage")


def synthetic_config(folder: Path, hours: int) -> Path:
    """The demo's config with its episodes replaced by `hours` one-hour sparse WAV files."""
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    head = text[: text.index("[[episodes]]")]
    folder.mkdir(parents=True, exist_ok=True)
    # The config's paths are relative to it: the demo's cover and news beside it.
    shutil.copy(DEMO_DIR / "cover.jpg", folder / "cover.jpg")
    shutil.copytree(DEMO_DIR / "news", folder / "news")
    head = re.sub(r'trailer = \{[^}]*\}\n', "", head)
    entries = []
    for n in range(hours):
        audio = folder / "audio" / f"avsnitt-{n:03d}.wav"
        audio.parent.mkdir(exist_ok=True)
        sparse_wav(audio, 3600)
        entries.append(
            f'[[episodes]]\nid = "avsnitt-{n:03d}"\ntitle = "Avsnitt {n}: {SENTENCES[n % 6]}"\n'
            f'audio = "{audio}"\nnotes = "{SENTENCES[(n + 1) % 6]}."\n'
            f"published = 2020-01-01T08:00:00+01:00\nepisode = {n + 1}\n"
        )
    config = folder / "innocast.toml"
    config.write_text(head + "\n".join(entries) + '\n[[news]]\nsource = "news"\n',
                      encoding="utf-8")
    return config


def stand_in_transcript(seconds: float, language: str, model: object) -> dict:
    """A transcript of `seconds` of speech: 6-second segments with timed words."""
    from transcripts.segments import Segment, Transcript, Word

    segments = []
    for n in range(int(seconds // 6)):
        words = f"{SENTENCES[n % 6]} i avsnittets del {n}.".split()
        start, step = n * 6.0, 5.5 / len(words)
        timed_words = [Word(round(start + i * step, 3), round(start + (i + 1) * step, 3), word,
                            0.9) for i, word in enumerate(words)]
        segments.append(Segment(start, start + 5.5, " ".join(words), timed_words))
    return Transcript(language, seconds, segments, model.identity,  # type: ignore[attr-defined]
                      model.revision).to_dict()  # type: ignore[attr-defined]


def seed(config_path: Path, data_dir: Path, silence_mp3: Path) -> None:
    """Ingest, 'encode', 'transcribe' and tag every episode the way a finished run leaves them."""
    from catalog import Catalog, sha256_bytes
    from steps.config import load_config
    from steps.episodes import enclosure_job, ingest_episode, store_enclosure
    from steps.records import Enclosure, record_transcript
    from steps.store import flow_store
    from steps.tagging import item_tagging_job, run_tagging, store_tagging
    from steps.transcription import transcription_job
    from themes.taxonomy import load_taxonomy
    from transcripts.model import resolve_model

    config = load_config(config_path)
    store, _ = flow_store(config.store, data_dir)
    model = resolve_model(config.transcription.model).id
    taxonomy = load_taxonomy(config.taxonomy)
    cover = store.put_bytes(config.show_image_bytes(), config.show_image.suffix.lower())
    with Catalog(data_dir) as catalog:
        for source in config.episodes:
            # As a previous run left it: the stored copy a hard link, the file's size, mtime
            # and inode remembered against its hash (a stand-in, unique per file) and duration.
            audio = Path(source.audio)
            digest = sha256_bytes(audio.name.encode())
            blob = catalog.blob_path(digest, ".wav")
            blob.parent.mkdir(parents=True, exist_ok=True)
            os.link(audio, blob)
            catalog.remember_file(audio, audio.stat(), digest, ".wav", {"duration": 3600.0})
            ingest_episode(catalog, source, audio)
        for item in catalog.items("episode"):
            job = enclosure_job(catalog, store, item, config.audio, config.show.title, cover)
            if job is not None:
                mp3 = store.put_file(silence_mp3, ".mp3")
                store_enclosure(catalog, store, job, Enclosure(
                    key=job.key, sha=mp3[:64], bytes=silence_mp3.stat().st_size,
                    duration=3600.0, mime="audio/mpeg", loudness_lufs=-16.0))
            item = catalog.item(item.id)
            tjob = transcription_job(catalog, store, item, config.transcription, model)
            if tjob is not None:
                data = stand_in_transcript(3600.0, tjob.settings.language, model)
                catalog.put_transcript(tjob.key, audio_hash=tjob.audio[:64],
                                       model=model.identity, data=data)
                record_transcript(catalog, item.id, tjob.key)
            item = catalog.item(item.id)
            tag = item_tagging_job(catalog, item, taxonomy)
            if tag is not None:
                store_tagging(catalog, tag, run_tagging(tag, taxonomy))


def command(label: str, configs: dict[str, tuple[Path, Path, Path]]) -> list[str]:
    """The command line of one timed variant."""
    if label == "prefect":
        return [sys.executable, "-c", ONE_TASK_FLOW]
    config, out, data = configs[label]
    return [str(BIN / "innocast"), "run", "--config", str(config), "--out", str(out),
            "--data", str(data)]


def timed(cmd: list[str], env: dict[str, str]) -> dict:
    """Run a command to its end: wall and CPU seconds (its children's included), its log."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                               cwd=ROOT, text=True)
    output, _ = process.communicate()
    wall = time.perf_counter() - start
    # communicate() reaped the child; its resource use is what RUSAGE_CHILDREN gained.
    if process.returncode != 0:
        sys.exit(f"Error: {' '.join(cmd[:3])}: exit {process.returncode}\n{output[-3000:]}")
    return {"wall": wall, "log": output}


def cpu_children() -> float:
    """CPU seconds of every reaped child so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def phases(log: str) -> dict[str, float]:
    """Seconds per phase inside the flow, from the log's timestamps: a phase ends with its
    task's first line (ingest, publish, collect-garbage: "Finished") or its "N to do" line
    (the per-item phases, logged once their jobs are planned) and begins where the one before
    it ended; `flow` is the flow's "Beginning flow run" line to the last line."""
    stamps: list[tuple[float, str]] = []
    for line in log.splitlines():
        match = LOG_LINE.match(line.strip())
        if match:
            h, m, s, ms, message = match.groups()
            stamps.append((int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000, message))
    if not stamps:
        return {}
    # The flow begins at its "Beginning flow run" line (a temporary server logs before it).
    mark = next((stamp for stamp, message in stamps if "Beginning flow run" in message),
                stamps[0][0])
    found = {"flow": stamps[-1][0] - mark}
    for phase in PHASES:
        planned = phase in ("prepare-audio", "transcribe", "tag")
        ends = (f"Task run '{phase}-", f"- {phase}: " if planned else "\0")
        ended = next((stamp for stamp, message in stamps
                      if message.startswith(ends[0]) or ends[1] in message), None)
        if ended is not None:
            found[phase], mark = ended - mark, ended
    return found


def start_server(home: Path) -> tuple[subprocess.Popen, str]:
    """A `prefect server start` of our own on a free port; it and its API URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, **ENV, "PREFECT_HOME": str(home)}
    server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1",
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2):
                return server, url
        except OSError:
            time.sleep(0.5)
    server.kill()
    sys.exit("Error: prefect server start: no answer within 180 s")


def rounds(setup: str, rounds_n: int, configs: dict, env: dict[str, str]) -> list[dict]:
    """`rounds_n` rounds of the three variants, the order turned round every round."""
    rows = []
    labels = ["prefect", "demo", "synthetic"]
    for n in range(rounds_n):
        for label in labels if n % 2 == 0 else labels[::-1]:
            before = cpu_children()
            result = timed(command(label, configs), env)
            row = {"setup": setup, "round": n + 1, "variant": label, "wall": result["wall"],
                   "cpu": cpu_children() - before, "phases": phases(result["log"])}
            print(json.dumps(row), flush=True)
            rows.append(row)
    return rows


def summary(rows: list[dict], setup: str) -> tuple[list[str], dict[str, float]]:
    """The table lines of one setup and its headline ratios."""
    mine = [r for r in rows if r["setup"] == setup]
    by_round: dict[int, dict[str, dict]] = {}
    for r in mine:
        by_round.setdefault(r["round"], {})[r["variant"]] = r
    ratio = [p["synthetic"]["wall"] / p["demo"]["wall"] for p in by_round.values()]
    ratio_cpu = [p["synthetic"]["cpu"] / p["demo"]["cpu"] for p in by_round.values()]
    own = [p["demo"]["wall"] - p["prefect"]["wall"] for p in by_round.values()]
    own_synth = [p["synthetic"]["wall"] - p["prefect"]["wall"] for p in by_round.values()]
    lines = ["| variant | wall, median (s) | min-max (s) | CPU, median (s) | in the flow (s) | "
             + " | ".join(PHASES) + " |",
             "|---|---|---|---|---|" + "---|" * len(PHASES)]
    for label in ("prefect", "demo", "synthetic"):
        these = [r for r in mine if r["variant"] == label]
        walls = [r["wall"] for r in these]

        def phase(name: str, these: list[dict] = these) -> str:
            values = [r["phases"][name] for r in these if name in r["phases"]]
            return f"{statistics.median(values):.2f}" if values else "-"

        lines.append(f"| {label} | {statistics.median(walls):.2f} | {min(walls):.2f}-"
                     f"{max(walls):.2f} | {statistics.median(r['cpu'] for r in these):.2f} | "
                     f"{phase('flow')} | " + " | ".join(phase(p) for p in PHASES) + " |")
    figures = {"ratio": statistics.median(ratio), "ratio_cpu": statistics.median(ratio_cpu),
               "own": statistics.median(own), "own_synthetic": statistics.median(own_synth),
               "ratios": ratio, "owns": own}
    return lines, figures


def without_publish(rows: list[dict], setup: str) -> float:
    """The synthetic / demo ratio of the flow's time less publishing (median of rounds)."""
    by_round: dict[int, dict[str, dict]] = {}
    for r in rows:
        if r["setup"] == setup:
            by_round.setdefault(r["round"], {})[r["variant"]] = r

    def rest(r: dict) -> float:
        return r["wall"] - r["phases"].get("publish", 0.0)

    return statistics.median(rest(p["synthetic"]) / rest(p["demo"]) for p in by_round.values())


def main() -> None:
    """Seed both catalogues, time the rounds in both setups, print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="innocast-noop-run-") as name:
        folder = Path(name)
        env = {**os.environ, **ENV, "PREFECT_HOME": str(folder / "prefect-home")}
        env.pop("PREFECT_API_URL", None)
        demo_data, synth_data = folder / "demo-data", folder / "synthetic-data"
        configs = {"demo": (DEMO_CONFIG, folder / "demo-public", demo_data),
                   "synthetic": (synthetic_config(folder / "synthetic", args.hours),
                                 folder / "synthetic-public", synth_data)}
        silence = folder / "silence.mp3"
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                        "anullsrc=r=44100:cl=mono", "-t", "1", "-c:a", "libmp3lame", "-b:a",
                        "64k", str(silence)], check=True)
        started = time.perf_counter()
        seed(configs["synthetic"][0], synth_data, silence)
        seeded = time.perf_counter() - started
        first = {}
        for label in ("demo", "synthetic"):  # the real first runs: the demo is made for real
            started = time.perf_counter()
            timed(command(label, configs), env)
            first[label] = time.perf_counter() - started
            print(label, "first run", f"{first[label]:.1f} s", flush=True)
        rows = rounds("temporary server", args.rounds, configs, env)
        server, url = start_server(folder / "server-home")
        try:
            rows += rounds("running server", args.rounds, configs, {**env, "PREFECT_API_URL": url})
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=60)
        segments = json.loads(sqlite_first_transcript(synth_data))
    lines = [
        f"# A whole run with nothing to do: the demo against a {args.hours}-hour catalogue",
        "",
        f"`.venv/bin/python benchmarks/noop_run.py --hours {args.hours} --rounds {args.rounds}` "
        f"on {platform.node()} ({os.cpu_count()} cores, shared; load average "
        f"{os.getloadavg()[0]:.1f} at the end), "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        f"The synthetic catalogue: {args.hours} one-hour episodes, each seeded with an "
        f"enclosure, a transcript of {segments} segments with word timings, and tags "
        f"(seeding took {seeded:.0f} s), plus the demo's news; its first real run "
        f"(publishing everything) took {first['synthetic']:.0f} s, the demo's (transcribing "
        f"for real) {first['demo']:.0f} s. Each figure is a fresh process; rounds alternate the "
        "order. Phases are read from the runs' log timestamps (see `phases`); `in the flow` "
        "is the flow's first to its last log line.",
        "",
    ]
    figures = {}
    for setup in ("temporary server", "running server"):
        table, figures[setup] = summary(rows, setup)
        lines += [f"## {setup.capitalize()}", "", *table, ""]
    lines += ["## Targets", ""]
    for setup, f in figures.items():
        lines += [
            f"- {setup}: synthetic / demo, median of per-round ratios {f['ratio']:.2f}x wall "
            f"(rounds {', '.join(f'{r:.2f}' for r in f['ratios'])}), {f['ratio_cpu']:.2f}x CPU; "
            f"without publishing {without_publish(rows, setup):.2f}x "
            f"(target {TARGET_RATIO}x: {'met' if f['ratio'] <= TARGET_RATIO else 'missed'}).",
            f"- {setup}: innocast's own part on the demo, run minus the one-task flow in the "
            f"same round, median {f['own']:.2f} s (rounds "
            f"{', '.join(f'{r:.2f}' for r in f['owns'])}); on the synthetic catalogue "
            f"{f['own_synthetic']:.2f} s (target at most {TARGET_OWN_SECONDS:.0f} s: "
            f"{'met' if f['own'] <= TARGET_OWN_SECONDS else 'missed'}).",
        ]
    lines += ["", "## Raw figures (JSON lines)", "", "```",
              *(json.dumps(r, sort_keys=True) for r in rows), "```", ""]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


def sqlite_first_transcript(data: Path) -> str:
    """How many segments the synthetic catalogue's first transcript has (as JSON)."""
    import sqlite3

    with sqlite3.connect(data / "catalog.sqlite") as connection:
        row = connection.execute("SELECT data FROM transcripts LIMIT 1").fetchone()
    return json.dumps(len(json.loads(row[0])["segments"]))


if __name__ == "__main__":
    main()
