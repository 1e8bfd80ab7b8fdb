"""Turn one bench/run.sh run (wrk outputs, seed metadata) into docs/benchmarks.md, and judge it.

The verdict is the issue's: the scan page reaches at least half the requests per second of a static
file served by the same gunicorn, its p99 stays under 50 ms, and every response of both runs is a 200
(no error status, redirect, timeout or socket error). Exits 1 when the verdict is FAIL, after writing.
Hand-written notes below the NOTES_MARKER line of the existing file are kept.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import statistics
import sys
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bench.sections import NOTES_MARKER

MIN_RATIO = 0.5
MAX_P99_MS = 50.0
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_200: int
    socket_errors: dict[str, int] = field(default_factory=dict)
    cpu: dict[str, int] = field(default_factory=dict)  # bench-cpu line written by run.sh, in ms

    @property
    def server_ms_per_request(self) -> float:
        return self.cpu.get("gunicorn_ms", 0) / self.requests if self.requests else 0.0

    @property
    def others_share(self) -> float:
        """Share of the machine's CPU that neither gunicorn nor wrk used during the run."""
        capacity = self.cpu.get("elapsed_ms", 0) * self.cpu.get("cpus", 0)
        if not capacity:
            return 0.0
        others = self.cpu["machine_busy_ms"] - self.cpu["gunicorn_ms"] - self.cpu["wrk_ms"]
        return max(0.0, others / capacity)

    @property
    def clean(self) -> bool:
        return self.requests > 0 and self.non_200 == 0 and not any(self.socket_errors.values())

    def problems(self) -> str:
        parts = [f"{self.non_200} non-200"] if self.non_200 else []
        parts += [f"{n} socket {kind}" for kind, n in self.socket_errors.items() if n]
        return ", ".join(parts) or "none"


def _latency_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise ValueError(f"unreadable wrk latency {text!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse_wrk(text: str) -> WrkResult:
    """Read wrk's --latency summary, plus the counts bench/scan.lua prints in its done() hook."""

    def find(pattern: str) -> re.Match:
        match = re.search(pattern, text, re.MULTILINE)
        if not match:
            raise ValueError(f"wrk output has no line matching {pattern!r}")
        return match

    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    socket_errors = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, socket.groups()), strict=True)) if socket else {}
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    # scan.lua counts every status other than 200 (redirects too); wrk's own line counts >= 400 only.
    non_200 = max(int(find(r"^bench: non-200 (\d+)").group(1)), int(non_2xx.group(1)) if non_2xx else 0)
    cpu_line = re.search(r"^bench-cpu: (.*)$", text, re.MULTILINE)
    words = cpu_line.group(1).split() if cpu_line else []
    cpu = {key: int(value) for key, value in zip(words[::2], words[1::2], strict=True)}
    return WrkResult(
        cpu=cpu,
        rps=float(find(r"^Requests/sec:\s+([\d.]+)").group(1)),
        p50_ms=_latency_ms(find(r"^\s+50%\s+(\S+)").group(1)),
        p99_ms=_latency_ms(find(r"^\s+99%\s+(\S+)").group(1)),
        requests=int(find(r"^\s+(\d+) requests in").group(1)),
        non_200=non_200,
        socket_errors=socket_errors,
    )


def machine() -> dict[str, str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        ram = "unknown"
    os_name = platform.system()
    try:
        os_name = re.search(r'^PRETTY_NAME="?([^"\n]+)', Path("/etc/os-release").read_text(), re.M).group(1)
    except (OSError, AttributeError):
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "cores": str(usable),
        "ram": ram,
        "os": f"{os_name}, Linux {platform.release()}" if platform.system() == "Linux" else os_name,
    }


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def render(
    args, meta: dict, probe: dict, rounds: list[tuple[WrkResult, WrkResult]], scan_answered: int
) -> tuple[str, bool, str]:
    ratios = [scan.rps / static.rps if static.rps else 0.0 for static, scan in rounds]
    ratio = _median(ratios)
    p50, p99 = _median([scan.p50_ms for _, scan in rounds]), _median([scan.p99_ms for _, scan in rounds])
    clean = all(static.clean and scan.clean for static, scan in rounds)
    problems = "; ".join(
        f"round {n}: static {static.problems()}, scan page {scan.problems()}"
        for n, (static, scan) in enumerate(rounds, 1)
        if not (static.clean and scan.clean)
    )
    checks = [
        (f"scan page ≥ {MIN_RATIO:g} × the static file's requests/s", f"{ratio:.2f} ×", ratio >= MIN_RATIO),
        (f"scan page p99 < {MAX_P99_MS:g} ms", f"{p99:.1f} ms", p99 < MAX_P99_MS),
        ("every response of every run was a 200", "yes" if clean else f"no: {problems}", clean),
    ]
    passed = all(ok for _, _, ok in checks)
    data, settings, host = meta["data"], meta["settings"], machine()
    counted = args.scans_counted
    count_note = "none lost" if counted >= scan_answered else f"{scan_answered - counted:,} lost"
    limited = probe.get("rate_limited_paths") or []
    static_rps = _median([static.rps for static, _ in rounds])
    scan_rps = _median([scan.rps for _, scan in rounds])

    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` ([`bench/run.sh`](../bench/run.sh)); run it again rather than editing the figures.",
        "",
        "## Public scan page",
        "",
        f"**{'PASS' if passed else 'FAIL'}** — run of {args.started:%Y-%m-%d %H:%M %Z}; "
        f"medians of {len(rounds)} rounds.",
        "",
        "| | requests/s | p50 | p99 |",
        "|---|---:|---:|---:|",
        f"| static file `{args.static_path}` (reference) | {static_rps:,.0f} | "
        f"{_median([s.p50_ms for s, _ in rounds]):.1f} ms | {_median([s.p99_ms for s, _ in rounds]):.1f} ms |",
        f"| scan page, {data['scan_paths']:,} random codes | {scan_rps:,.0f} | {p50:.1f} ms | {p99:.1f} ms |",
        "",
        f"Scan page / static file: **{ratio:.2f}** (median of the rounds' ratios).",
        "",
        "| target | measured | |",
        "|---|---|---|",
        *[f"| {name} | {measured} | {'PASS' if ok else 'FAIL'} |" for name, measured, ok in checks],
        "",
        "Each round, the static file then the scan page:",
        "",
        "| round | static req/s | scan req/s | ratio | scan p50 | scan p99 | requests (static / scan) | "
        "gunicorn CPU per request (static / scan) | CPU used by other processes (static / scan) | errors |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        *[
            f"| {n} | {static.rps:,.0f} | {scan.rps:,.0f} | {r:.2f} | {scan.p50_ms:.1f} ms | {scan.p99_ms:.1f} ms | "
            f"{static.requests:,} / {scan.requests:,} | "
            f"{static.server_ms_per_request:.2f} / {scan.server_ms_per_request:.2f} ms | "
            f"{static.others_share:.0%} / {scan.others_share:.0%} | "
            f"{'none' if static.clean and scan.clean else static.problems() + ' / ' + scan.problems()} |"
            for n, ((static, scan), r) in enumerate(zip(rounds, ratios, strict=True), 1)
        ],
        "",
        "Gunicorn CPU per request is its workers' CPU time over the requests answered; CPU used by other "
        "processes is the machine's busy time that neither gunicorn nor wrk used, as a share of all cores: "
        "well above 0% means a neighbour competed for the CPU during that run.",
        "",
        "### Set-up",
        "",
        f"- Machine: {host['cpu']}, {host['cores']} cores, {host['ram']} RAM; {host['os']}. "
        f"Load average before the run: {args.load_before} (above about 0.5, other processes shared the CPU).",
        f"- Server: gunicorn {_version('gunicorn')}, {args.workers} sync workers, on 127.0.0.1; "
        f"Python {platform.python_version()}, Flask {_version('flask')}, SQLAlchemy {_version('sqlalchemy')}, "
        f"{settings['database']} (SQLite {sqlite3.sqlite_version}, a throw-away file).",
        f"- Load: {args.wrk_version} in a second process on the same machine, {args.threads} threads, "
        f"{args.connections} connections, {args.duration} per URL and round after a warm-up; the same Lua "
        "script (bench/scan.lua, which counts every status other than 200) for both URLs.",
        f"- Data: {data['businesses']:,} businesses, {data['products']:,} products, {data['batches']:,} batches, "
        f"{data['certifications']:,} certifications. Scan paths: 90% batches (half `/q/<code>`, half "
        "`/01/<gtin>/10/<lot>` where the product has a GTIN), 10% products (`/01/<gtin>` or `/q/<code>`).",
        f"- Settings: production defaults — scan counts written every {settings['SCAN_FLUSH_SECONDS']:g} s "
        f"(`SCAN_FLUSH_SECONDS`), rate limits in `{settings['RATELIMIT_STORAGE_URI']}` (only login is limited, "
        f"{settings['LOGIN_RATE_LIMIT']}); a random `SECRET_KEY`"
        f"{'' if not settings['instance_config'] else '; note: an instance/config.py was present'}.",
        f"- Rate limiter: {'none' if not limited else len(limited)} of the {probe['checked']} probed paths carried "
        "rate-limit headers" + ("." if not limited else f", e.g. `{limited[0]}`: the limiter applies to them."),
        f"- Scan counters: {counted:,} scans in `scan_day` after gunicorn stopped, for {scan_answered:,} scan "
        f"pages answered ({count_note}; a few more than answered are requests still in flight when wrk stopped).",
        "",
        "To reproduce: `make bench` (it installs `wrk` with apt-get when run as root). "
        f"Raw wrk output: `bench/results/{Path(args.run_dir).name}/` (git-ignored). "
        "Knobs: `BENCH_WORKERS`, `BENCH_DURATION`, `BENCH_ROUNDS`, `BENCH_CONNECTIONS` (see bench/run.sh).",
        "",
    ]
    summary = (
        f"{'PASS' if passed else 'FAIL'}: static {static_rps:,.0f} req/s; scan page {scan_rps:,.0f} req/s, "
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms; ratio {ratio:.2f}; {'no' if clean else 'SOME'} errors"
    )
    return "\n".join(lines), passed, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run-dir", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--connections", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--duration", required=True)
    parser.add_argument("--rounds", type=int, required=True)
    parser.add_argument("--load-before", default="?")
    parser.add_argument("--static-path", required=True)
    parser.add_argument("--scans-counted", type=int, required=True)
    parser.add_argument("--wrk-version", default="wrk")
    args = parser.parse_args(argv)

    run = Path(args.run_dir)
    args.started = datetime.fromtimestamp((run / "meta.json").stat().st_mtime).astimezone()  # seeded at the start
    meta = json.loads((run / "meta.json").read_text())
    probe = json.loads((run / "probe.json").read_text())
    rounds = [
        (parse_wrk((run / f"static-{n}.txt").read_text()), parse_wrk((run / f"scan-{n}.txt").read_text()))
        for n in range(1, args.rounds + 1)
    ]
    warmup = parse_wrk((run / "warmup-scan.txt").read_text())
    probed_scans = probe["checked"] - 1  # the probe's first path is the static file
    answered = warmup.requests + probed_scans + sum(scan.requests for _, scan in rounds)
    text, passed, summary = render(args, meta, probe, rounds, answered)

    out = Path(args.out)
    notes = ""
    if out.exists() and NOTES_MARKER in out.read_text():
        notes = out.read_text().split(NOTES_MARKER, 1)[1]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n" + NOTES_MARKER + (notes or "\n"))
    print(f"report: {summary}; written to {out}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
