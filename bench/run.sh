#!/usr/bin/env bash
# Benchmark of the public scan page (`make bench`); the figures go to docs/benchmarks.md.
#
# gunicorn serves the app on 127.0.0.1 from a throw-away SQLite database with 10,000 products and
# 100,000 batches; wrk, in its own process, sends 32 connections on 2 threads, in alternating rounds, at
# a static file served by the same gunicorn (the reference) and at the scan page, every request for a
# random code from a list of 50,000 (/q/<code> and /01/<gtin>/10/<lot>). The result is a ratio to the
# reference, so it compares across machines. App settings are production's defaults: inherited TRACEAPP_* variables
# are dropped, only the secret key is set.
#
# Knobs (environment): BENCH_WORKERS (default 2 x cores), BENCH_DURATION (20s per URL and round),
# BENCH_ROUNDS (3), BENCH_WARMUP (5s), BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_OUT (docs/benchmarks.md).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${VENV:-.venv}
PY=$ROOT/$VENV/bin/python
GUNICORN=$ROOT/$VENV/bin/gunicorn
STATIC_PATH=/static/css/app.css

WORKERS=${BENCH_WORKERS:-$(($(nproc) * 2))}
DURATION=${BENCH_DURATION:-20s}
ROUNDS=${BENCH_ROUNDS:-3}
WARMUP=${BENCH_WARMUP:-5s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
OUT=${BENCH_OUT:-docs/benchmarks.md}

die() { echo "bench: $*" >&2; exit 1; }

[ -x "$PY" ] && [ -x "$GUNICORN" ] || die "no $VENV with gunicorn: run 'make bench', which installs it"

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        echo "bench: installing wrk (Debian package)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y wrk || { apt-get update && apt-get install -y wrk; } || die "could not install wrk"
    else
        die "wrk is missing: install the Debian package as root ('apt-get install -y wrk') and run again"
    fi
fi

RUN_DIR=$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$RUN_DIR"
GUNICORN_PID=
cleanup() {
    if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill "$GUNICORN_PID" 2>/dev/null || true
        wait "$GUNICORN_PID" 2>/dev/null || true
    fi
    rm -f "$RUN_DIR"/bench.sqlite*
}
trap cleanup EXIT

# Production's settings, not whatever this shell exports.
while IFS= read -r name; do
    case $name in TRACEAPP_*) unset "$name" ;; esac
done < <(compgen -e)
unset DATABASE_URL
export DATABASE_URL="sqlite:///$RUN_DIR/bench.sqlite"
TRACEAPP_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_hex(32))')
export TRACEAPP_SECRET_KEY
[ -f instance/config.py ] && echo "bench: note: instance/config.py is read by the app and may change what is measured"

"$PY" -m bench.photos --out "$OUT" || echo "bench: the photo benchmark (bench/photos.py) missed its target; see $OUT" >&2
"$PY" -m bench.labels --out "$OUT" || echo "bench: the label benchmark (bench/labels.py) missed a target; see $OUT" >&2
echo "bench: seeding $DATABASE_URL"
"$PY" -m bench.seed --paths "$RUN_DIR/scan-paths.txt" --meta "$RUN_DIR/meta.json" 2>"$RUN_DIR/seed.log" \
    || { cat "$RUN_DIR/seed.log" >&2; die "seeding failed"; }
echo "$STATIC_PATH" >"$RUN_DIR/static-path.txt"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
echo "bench: gunicorn with $WORKERS workers on $BASE"
"$GUNICORN" --workers "$WORKERS" --bind "127.0.0.1:$PORT" --log-level warning \
    --error-logfile "$RUN_DIR/gunicorn.log" wsgi:app &
GUNICORN_PID=$!

"$PY" -m bench.probe "$BASE" "$STATIC_PATH" "$RUN_DIR/scan-paths.txt" --out "$RUN_DIR/probe.json"

# CPU accounting, in milliseconds: the whole machine's busy time (/proc/stat), gunicorn's (master and
# workers) and wrk's (the shell's waited-for children, from `times`). What is left was used by other
# processes: report.py prints it, so a run disturbed by a neighbour shows as such.
HZ=$(getconf CLK_TCK)
machine_busy_ms() {
    awk -v hz="$HZ" '/^cpu / { printf "%d", ($2 + $3 + $4 + $7 + $8 + $9) * 1000 / hz }' /proc/stat
}
gunicorn_ms() {
    local total=0 p fields
    for p in "$GUNICORN_PID" $(awk -v pid="$GUNICORN_PID" '$4 == pid { print $1 }' /proc/[0-9]*/stat 2>/dev/null); do
        fields=$(cut -d' ' -f14,15 "/proc/$p/stat" 2>/dev/null) || continue
        total=$((total + ${fields% *} + ${fields#* }))
    done
    echo $((total * 1000 / HZ))
}
children_ms() {  # sets CHILDREN_MS
    # `times` must run in this shell, not in a pipe or $(...), whose subshell has no children; its
    # second line is the children's user and system time, as "0m1.234s 0m0.567s".
    times >"$RUN_DIR/.times"
    CHILDREN_MS=$(awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]);
                                                         t += a[1] * 60 + a[2] }
                                 printf "%d", t * 1000 }' "$RUN_DIR/.times")
}

run_wrk() {  # name, duration, paths file
    local busy0 gun0 wrk0 start end
    children_ms
    busy0=$(machine_busy_ms); gun0=$(gunicorn_ms); wrk0=$CHILDREN_MS; start=$(date +%s%N)
    wrk --threads "$THREADS" --connections "$CONNECTIONS" --duration "$2" --latency \
        --script bench/scan.lua "$BASE" -- "$3" >"$RUN_DIR/$1.txt"
    end=$(date +%s%N)
    children_ms
    echo "bench-cpu: elapsed_ms $(((end - start) / 1000000)) cpus $(getconf _NPROCESSORS_ONLN)" \
        "machine_busy_ms $(($(machine_busy_ms) - busy0)) gunicorn_ms $(($(gunicorn_ms) - gun0))" \
        "wrk_ms $((CHILDREN_MS - wrk0))" >>"$RUN_DIR/$1.txt"
}
echo "bench: warming up ($WARMUP each)"
run_wrk warmup-static "$WARMUP" "$RUN_DIR/static-path.txt"
run_wrk warmup-scan "$WARMUP" "$RUN_DIR/scan-paths.txt"
# Rounds alternate the two URLs, so a neighbour process that steals CPU for a while hurts both alike.
for round in $(seq 1 "$ROUNDS"); do
    echo "bench: round $round of $ROUNDS: static file $STATIC_PATH, then scan page, $DURATION each"
    run_wrk "static-$round" "$DURATION" "$RUN_DIR/static-path.txt"
    run_wrk "scan-$round" "$DURATION" "$RUN_DIR/scan-paths.txt"
done

# A graceful stop makes every worker write the scan counts it still holds (traceapp/scans.py).
kill -TERM "$GUNICORN_PID"
wait "$GUNICORN_PID" || true
GUNICORN_PID=
SCANS_COUNTED=$("$PY" -m bench.seed --count-scans 2>>"$RUN_DIR/seed.log")

"$PY" -m bench.report --run-dir "$RUN_DIR" --out "$OUT" --rounds "$ROUNDS" --duration "$DURATION" \
    --workers "$WORKERS" --connections "$CONNECTIONS" --threads "$THREADS" --static-path "$STATIC_PATH" \
    --scans-counted "$SCANS_COUNTED" --load-before "$LOAD_BEFORE" \
    --wrk-version "$(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2 || true)"
