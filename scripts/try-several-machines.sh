#!/usr/bin/env bash
# Several machines, tried on one: an S3-compatible store (moto), a Prefect server, a Dask
# scheduler and two Dask workers, each in a folder of its own with its own HOME and no data
# folder. The demo runs once on the thread runner and once on the workers, through the store;
# the two publications are compared byte for byte (the feed's build time aside). Everything
# started here is stopped at the end. Prints `identical` when they match.
#
#   bash scripts/try-several-machines.sh            (after `make setup`)
set -euo pipefail

BIN="${BIN:-$(cd "$(dirname "$0")/.." && pwd)/.venv/bin}"
WORK="$(mktemp -d -t innocast-machines.XXXXXX)"
PIDS=()

stop_all() {
    # The last started first: workers before their scheduler, which they would wait for.
    local pid n
    for ((n = ${#PIDS[@]} - 1; n >= 0; n--)); do
        pid=${PIDS[n]}
        kill "$pid" 2>/dev/null || continue
        for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
trap stop_all EXIT

port() { "$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start NAME COMMAND...: run COMMAND in $WORK/NAME with HOME=$WORK/NAME/home, logging there.
start() {
    local name=$1; shift
    mkdir -p "$WORK/$name/home"
    (cd "$WORK/$name" && HOME="$WORK/$name/home" PREFECT_HOME="$WORK/$name/home/.prefect" \
        exec "$@" >"$WORK/$name/log" 2>&1) &
    PIDS+=($!)
}

wait_for() {  # wait_for WHAT COMMAND...: poll COMMAND for up to three minutes
    local what=$1; shift
    for _ in $(seq 180); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
    echo "Error: $what did not start; see $WORK" >&2
    exit 1
}

# moto accepts any credentials; real S3 takes the usual AWS variables on every machine.
export AWS_ACCESS_KEY_ID=innocast AWS_SECRET_ACCESS_KEY=innocast AWS_DEFAULT_REGION=us-east-1
export PREFECT_SERVER_ANALYTICS_ENABLED=false
unset INNOCAST_DATA INNOCAST_CACHE INNOCAST_STORE_URL INNOCAST_STORE_ENDPOINT_URL

S3_PORT=$(port)
S3="http://127.0.0.1:$S3_PORT"
start store "$BIN/moto_server" -H 127.0.0.1 -p "$S3_PORT"
wait_for "the S3 store" curl -sf "$S3"
curl -sf -X PUT "$S3/innocast" >/dev/null

PREFECT_PORT=$(port)
export PREFECT_API_URL="http://127.0.0.1:$PREFECT_PORT/api"
start prefect "$BIN/prefect" server start --host 127.0.0.1 --port "$PREFECT_PORT"
wait_for "the Prefect server" curl -sf "$PREFECT_API_URL/health"

DASK_PORT=$(port)
SCHEDULER="tcp://127.0.0.1:$DASK_PORT"
start scheduler "$BIN/dask" scheduler --host 127.0.0.1 --port "$DASK_PORT" --no-dashboard
for worker in worker-1 worker-2; do
    # --no-nanny keeps the shell's thread defaults, so Whisper hears what one machine hears.
    start "$worker" "$BIN/dask" worker "$SCHEDULER" --nthreads 1 --no-nanny --no-dashboard \
        --host 127.0.0.1 --local-directory "$WORK/$worker"
done
wait_for "the first Dask worker" grep -q "Registered to" "$WORK/worker-1/log"
wait_for "the second Dask worker" grep -q "Registered to" "$WORK/worker-2/log"

DEMO=$("$BIN/python" -c 'from demo import DEMO_DIR; print(DEMO_DIR)')
show() {  # show FOLDER EXTRA: a copy of the demo show whose config ends with EXTRA
    cp -r "$DEMO" "$1"
    printf '%s\n' "$2" >>"$1/innocast.toml"
}
show "$WORK/one-machine" '
[runner]
kind = "threads"
workers = 2
threads = 1'
show "$WORK/several-machines" "
[runner]
kind = \"dask\"
address = \"$SCHEDULER\"
threads = 1

[store]
url = \"s3://innocast/demo\"
endpoint_url = \"$S3\""

run() {  # run NAME: the demo copy NAME through `innocast run`, on the flow's own machine
    mkdir -p "$WORK/flow/home"
    local start=$SECONDS
    if ! (cd "$WORK" && HOME="$WORK/flow/home" "$BIN/innocast" run --config "$1/innocast.toml" \
            --out "$1.public" --data "$1.data" >"$1.log" 2>&1); then
        tail -n 20 "$WORK/$1.log" >&2
        exit 1
    fi
    grep -E '^(Transcribed|Published)' "$WORK/$1.log"
    echo "  ($((SECONDS - start)) s)"
}
echo "One machine (threads):"
run one-machine
echo "Several machines (two Dask workers, the store at $S3):"
run several-machines

"$BIN/python" - "$WORK/one-machine.public" "$WORK/several-machines.public" <<'EOF'
import re
import sys
from pathlib import Path

stamp = re.compile(rb"<lastBuildDate>[^<]*</lastBuildDate>")


def files(root: Path) -> dict[str, bytes]:
    # The search index too: its files are written in a fixed order, the same on every build.
    return {str(p.relative_to(root)): stamp.sub(b"", p.read_bytes())
            for p in sorted(root.rglob("*"))
            if p.is_file()}


one, several = (files(Path(folder)) for folder in sys.argv[1:])
differ = sorted(n for n in one.keys() | several.keys() if one.get(n) != several.get(n))
if differ:
    sys.exit("Error: the publications differ: " + ", ".join(differ))
print(f"{len(one)} files compared")
EOF
echo "The publications and every process's log are in $WORK"
echo identical
