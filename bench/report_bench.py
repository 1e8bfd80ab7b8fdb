"""Benchmark of the plan report over a year of data (issue 5): the figures page and the XLSX export.

Seeds (or reuses) a SQLite file and, when ``BENCH_DATABASE_URL`` names one, a PostgreSQL database with
bench/report_seed.py's data, then times in one process, through Flask's test client logged in as an officer:
``figures.compute(reporting year)``, the figures page ``/reports/figures`` (which computes the year and the year
before) and the XLSX export ``/reports/export/workbook.xlsx``; each a warm-up and then ``--runs`` runs, median.
References measured in the same run — ``SELECT COUNT(*) FROM scan_day`` and the home page — give the figures as
ratios too, so they compare across machines. Targets (the issue's): page under 2 s, export under 30 s. The result
goes into docs/benchmarks.md between this script's markers, below bench/report.py's notes marker so both
sections survive.

    BENCH_DATABASE_URL=postgresql+psycopg://t:t@127.0.0.1:55600/benchdb python -m bench.report_bench
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import secrets
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import astuple, dataclass, field
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import func, select, text

from bench import report_seed
from bench.sections import markers, write_section
from traceapp import create_app
from traceapp.clock import local_today, utcnow
from traceapp.extensions import db
from traceapp.models import ScanDay
from traceapp.reports.periods import default_period

PAGE_URL, EXPORT_URL, HOME_URL = "/reports/figures", "/reports/export/workbook.xlsx", "/"
PAGE_TARGET, EXPORT_TARGET = 2.0, 30.0
START, END = markers("report-bench", "bench/report_bench.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Timing:
    first: float
    runs: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


@dataclass
class Result:
    name: str
    url: str
    server: str = ""
    seed: dict = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, Timing] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    profiles: dict[str, str] = field(default_factory=dict)
    export_bytes: int = 0


def timed(action: Callable[[], object], runs: int) -> Timing:
    def once() -> float:
        started = time.perf_counter()
        action()
        return time.perf_counter() - started

    first = once()
    return Timing(first, [once() for _ in range(runs)])


def profiled(action: Callable[[], object]) -> str:
    profile = cProfile.Profile()
    profile.runcall(action)
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
    return out.getvalue()


def bench_database(name: str, url: str, sizes: report_seed.Sizes, runs: int, *, reseed: bool, profile: bool) -> Result:
    result = Result(name, url)
    result.seed = report_seed.prepare(url, sizes, reseed=reseed, log=lambda line: print(line, file=sys.stderr))
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(16)})
    period = default_period(local_today())
    with app.app_context():
        result.server = _server_version()
        result.counts = {
            table: db.session.scalar(text(f"SELECT COUNT(*) FROM {table}"))
            for table in ("business", "product", "batch", "inspection", "inspection_item", "violation", "scan_day")
        }
        officer_id = db.session.scalar(
            text("SELECT id FROM user_account WHERE phone = :p"), {"p": report_seed.OFFICER_PHONE}
        )
        db.session.remove()
    client = app.test_client()
    with client.session_transaction() as session:  # logged in as the officer, without the login form
        session["_user_id"], session["_fresh"] = str(officer_id), True

    def count_scan_days() -> None:
        with app.app_context():
            db.session.scalar(select(func.count()).select_from(ScanDay))
            db.session.remove()

    def compute() -> None:
        from traceapp.reports import figures

        with app.app_context():
            figures.compute(period)
            db.session.remove()

    def get(url: str, kind: str | None = None) -> Callable[[], None]:
        def request() -> None:
            response = client.get(url)
            if response.status_code != 200 or (kind and not response.content_type.startswith(kind)):
                raise RuntimeError(f"{url}: {response.status_code} {response.content_type}")
            if kind == XLSX:
                result.export_bytes = len(response.data)

        return request

    result.timings["count"] = timed(count_scan_days, runs)
    result.timings["home"] = timed(get(HOME_URL, "text/html"), runs)
    result.timings["compute"] = timed(compute, runs)
    result.timings["page"] = timed(get(PAGE_URL, "text/html"), runs)
    if any(rule.rule == EXPORT_URL for rule in app.url_map.iter_rules()):
        result.timings["export"] = timed(get(EXPORT_URL, XLSX), runs)
    else:
        result.notes.append(f"{EXPORT_URL} does not exist yet: export not measured")
    if profile:
        result.profiles["page"] = profiled(get(PAGE_URL))
        if "export" in result.timings:
            result.profiles["export"] = profiled(get(EXPORT_URL))
    return result


def _server_version() -> str:
    if db.engine.dialect.name == "postgresql":
        return "PostgreSQL " + db.session.scalar(text("SHOW server_version")).split()[0]
    return f"SQLite {sqlite3.sqlite_version}"


def seconds(value: float) -> str:
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def verdicts(result: Result) -> dict[str, bool | None]:
    export = result.timings.get("export")
    return {
        "page": result.timings["page"].median < PAGE_TARGET,
        "export": None if export is None else export.median < EXPORT_TARGET,
    }


def render(results: list[Result], args, pg_missing: bool, started: datetime) -> str:
    passed = [v for r in results for v in verdicts(r).values()]
    overall = (
        "PASS" if all(v is True for v in passed) else ("FAIL" if any(v is False for v in passed) else "INCOMPLETE")
    )
    names = [r.server for r in results] + (["PostgreSQL"] if pg_missing else [])
    head = "| | " + " | ".join(names) + " |"
    rule = "|---|" + "---:|" * len(names)

    def row(label: str, cell: Callable[[Result], str]) -> str:
        cells = [cell(r) for r in results] + (["not run"] if pg_missing else [])
        return f"| {label} | " + " | ".join(cells) + " |"

    def timing(key: str, ratio: bool = True) -> Callable[[Result], str]:
        def cell(r: Result) -> str:
            t = r.timings.get(key)
            if t is None:
                return "not measured"
            base = r.timings["count"].median
            extra = (
                f" ({t.median / base:,.0f}× COUNT, {t.median / r.timings['home'].median:,.0f}× home)" if ratio else ""
            )
            return f"**{seconds(t.median)}**{extra}; first {seconds(t.first)}"

        return cell

    def verdict(key: str, target: float) -> Callable[[Result], str]:
        def cell(r: Result) -> str:
            ok = verdicts(r)[key]
            t = r.timings.get(key)
            return "not measured" if ok is None else f"{'PASS' if ok else 'FAIL'} ({seconds(t.median)})"

        return cell

    data = results[0].counts
    host = _host()
    lines = [
        START,
        "## Plan report: figures page and XLSX export",
        "",
        f"**{overall}** — run of {started:%Y-%m-%d %H:%M} UTC; medians of {args.runs} runs after a warm-up "
        '("first" is the warm-up run).',
        "",
        head,
        rule,
        row("reference: `SELECT COUNT(*) FROM scan_day`", timing("count", ratio=False)),
        row("reference: home page `/`", timing("home", ratio=False)),
        row("`figures.compute(reporting year)`", timing("compute")),
        row("figures page `/reports/figures` (the year and the year before)", timing("page")),
        row(f"XLSX export `{EXPORT_URL}`", timing("export")),
        "",
        "| target | " + " | ".join(names) + " |",
        rule,
        row(f"page under {PAGE_TARGET:g} s", verdict("page", PAGE_TARGET)),
        row(f"export under {EXPORT_TARGET:g} s", verdict("export", EXPORT_TARGET)),
        "",
        "### Set-up",
        "",
        f"- Data (bench/report_seed.py): {data['business']:,} businesses, {data['product']:,} products, "
        f"{data['batch']:,} batches, {data['inspection']:,} inspections with {data['inspection_item']:,} checked "
        f"items and {data['violation']:,} violations, {data['scan_day']:,} scan-day rows; inspections, scan days, "
        "consumer reports, recalls and label sheets all fall in the current reporting year "
        f"({default_period(local_today()).start:%d/%m/%Y}–{default_period(local_today()).end:%d/%m/%Y}), "
        "so the year's figures aggregate every one of them.",
        "- Measured in one Python process with Flask's test client, logged in as an officer (no gunicorn, no "
        "network): the time is the app's own. The ratios divide by the references measured in the same run.",
        f"- Machine: {host}; Python {platform.python_version()}, Flask {version('flask')}, "
        f"SQLAlchemy {version('sqlalchemy')}, psycopg {version('psycopg')}.",
        "- SQLite: a throw-away file, WAL, the schema from the migrations, no `ANALYZE` (the app never runs it). "
        "PostgreSQL: local server on loopback, default settings, `VACUUM ANALYZE` after the bulk load (what "
        "autovacuum does on its own soon after).",
        *(f"- {r.name}: the workbook is {r.export_bytes / 1e6:.1f} MB." for r in results if r.export_bytes),
        *(f"- {r.name}: {'; '.join(r.notes)}." for r in results if r.notes),
        *(
            ["- PostgreSQL was not run: set `BENCH_DATABASE_URL` (an empty database the benchmark may fill)."]
            if pg_missing
            else []
        ),
        "",
        "To reproduce: `make bench-report` (or `make bench` for both benchmarks); `BENCH_DATABASE_URL` for "
        "PostgreSQL, `BENCH_RUNS`, `BENCH_SQLITE` (a file to reuse between runs).",
        END,
    ]
    return "\n".join(lines)


def _host() -> str:
    """The same description of the machine as the scan benchmark's (bench/report.py)."""
    from bench.report import machine

    host = machine()
    return f"{host['cpu']}, {host['cores']} cores, {host['ram']} RAM; {host['os']}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 3)))
    parser.add_argument("--out", default=os.environ.get("BENCH_OUT", "docs/benchmarks.md"))
    parser.add_argument(
        "--sqlite",
        default=os.environ.get("BENCH_SQLITE"),
        help="SQLite file to seed or reuse (default: a new one under bench/results/)",
    )
    parser.add_argument("--reseed", action="store_true", help="drop and seed the databases again")
    parser.add_argument("--scale", type=float, default=1.0, help="data size as a share of the issue's (to try it)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the page and the export")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing it")
    args = parser.parse_args(argv)
    started = utcnow()
    sqlite_path = Path(args.sqlite or f"bench/results/report-{started:%Y%m%d-%H%M%S}.sqlite").resolve()
    sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    targets = [("SQLite", f"sqlite:///{sqlite_path}")]
    pg_url = os.environ.get("BENCH_DATABASE_URL")
    if pg_url:
        targets.append(("PostgreSQL", pg_url))
    else:
        print("report-bench: BENCH_DATABASE_URL is not set: SQLite only, PostgreSQL is not run", file=sys.stderr)
    results = []
    for name, url in targets:
        print(f"report-bench: {name}", file=sys.stderr)
        sizes = report_seed.Sizes(*(round(n * args.scale) for n in astuple(report_seed.Sizes())))
        results.append(bench_database(name, url, sizes, args.runs, reseed=args.reseed, profile=args.profile))
    if not args.sqlite:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    section = render(results, args, pg_missing=not pg_url, started=started)
    for r in results:
        for what, text_ in r.profiles.items():
            print(f"--- profile: {r.name} {what}\n{text_}", file=sys.stderr)
    if args.no_write:
        print(section)
    else:
        write_section(Path(args.out), section, START, END)
        print(f"report-bench: written to {args.out}", file=sys.stderr)
    summary = "; ".join(
        f"{r.name}: page {seconds(r.timings['page'].median)}"
        + (f", export {seconds(r.timings['export'].median)}" if "export" in r.timings else "")
        for r in results
    )
    print(f"report-bench: {summary}")
    return 0 if all(v is not False for r in results for v in verdicts(r).values()) else 1


if __name__ == "__main__":
    sys.exit(main())
