"""pytest plugin: in CI, nothing may skip for lack of a real component.

Loaded for every run by ``addopts = [..., "-p", "tests.ci_guard"]`` in pyproject.toml. Outside CI it does
nothing. Tests that need PostgreSQL, Chromium, pdftoppm or zxing-cpp skip with a reason that names the
missing piece ("requires Chromium at /usr/bin/chromium"); with ``CI=true`` (as ``.ci/run`` runs) such a skip
becomes a failure, because CI installs and starts all of them first:

- Chromium / Playwright, pdftoppm (poppler-utils), zxing-cpp: in every CI run;
- PostgreSQL: in the run with ``TRACEAPP_TEST_DATABASE_URL`` set (the PostgreSQL pass of ``.ci/run``).
  The SQLite pass may skip PostgreSQL-only tests; the PostgreSQL pass runs them. (A SQLite-only test may
  skip in the PostgreSQL pass if its reason says "SQLite only".)

Under pytest-xdist (``make test`` runs ``-n auto``) the judgement is made in the controller, which receives
every worker's test and skipped-collection reports.

Name the missing piece in a skip reason: "requires PostgreSQL (set TRACEAPP_TEST_DATABASE_URL)",
"requires Chromium at /usr/bin/chromium", "requires pdftoppm (Debian package poppler-utils)".

In the PostgreSQL pass of the whole suite, at least one test must also have passed on a PostgreSQL
connection (``tests/test_postgres_required.py`` records ``database_dialect`` with ``record_property``), so
a mis-wired run that silently used SQLite cannot go green.
"""

from __future__ import annotations

import os
import re

import pytest

ALWAYS_REQUIRED = {
    "Chromium": re.compile(r"chromium|chrome|playwright", re.IGNORECASE),
    "pdftoppm": re.compile(r"pdftoppm|poppler", re.IGNORECASE),
    "zxing-cpp": re.compile(r"zxing", re.IGNORECASE),
    "LibreOffice": re.compile(r"libreoffice", re.IGNORECASE),
}
POSTGRESQL = re.compile(r"postgres|TRACEAPP_TEST_DATABASE_URL", re.IGNORECASE)
# A test that only makes sense on SQLite may skip in the PostgreSQL pass if its reason says so.
SQLITE_ONLY = re.compile(r"sqlite[- ]only|only (on|for|with) sqlite", re.IGNORECASE)
DIALECT_PROPERTY = "database_dialect"

_problems: list[str] = []
_postgresql_proven = False
_session: pytest.Session | None = None


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def postgresql_pass() -> bool:
    return bool(os.environ.get("TRACEAPP_TEST_DATABASE_URL"))


def forbidden_skip(reason: str) -> str | None:
    """The component a CI run must not skip for, if ``reason`` names one; else None."""
    for component, pattern in ALWAYS_REQUIRED.items():
        if pattern.search(reason):
            return component
    if postgresql_pass() and POSTGRESQL.search(reason) and not SQLITE_ONLY.search(reason):
        return "PostgreSQL"
    return None


def skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = skip_reason(report)
        component = forbidden_skip(reason)
        if component:
            report.outcome = "failed"
            report.longrepr = (
                f"CI=true: {item.nodeid} skipped for lack of {component}, which .ci/run installs and starts; "
                f"in CI that is a failure.\nSkip reason: {reason}"
            )
    return report


def pytest_sessionstart(session: pytest.Session) -> None:
    global _session
    _session = session


def pytest_collectreport(report) -> None:
    if in_ci() and report.skipped:
        reason = skip_reason(report)
        component = forbidden_skip(reason)
        if component:
            _problems.append(f"{report.nodeid}: skipped at collection for lack of {component} ({reason})")


def pytest_runtest_logreport(report) -> None:
    global _postgresql_proven
    if report.when == "call" and report.passed and (DIALECT_PROPERTY, "postgresql") in report.user_properties:
        _postgresql_proven = True


def _whole_suite(config: pytest.Config) -> bool:
    return (
        config.args_source is pytest.Config.ArgsSource.TESTPATHS
        and not config.option.keyword
        and not config.option.markexpr
        and not config.option.collectonly
    )


def _xdist_worker(config: pytest.Config) -> bool:
    """Under pytest-xdist the controller sees every worker's reports; a worker alone cannot judge the run."""
    return hasattr(config, "workerinput")


def _all_problems(session: pytest.Session) -> list[str]:
    if _xdist_worker(session.config):
        return []
    problems = list(_problems)
    if (
        in_ci()
        and postgresql_pass()
        and _whole_suite(session.config)
        and session.testscollected
        and not _postgresql_proven
    ):
        problems.append(
            "TRACEAPP_TEST_DATABASE_URL is set but no test passed on a PostgreSQL connection "
            f"(none recorded {DIALECT_PROPERTY}=postgresql): the PostgreSQL pass did not run on PostgreSQL."
        )
    return problems


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus) -> None:
    if _all_problems(session) and session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    problems = _all_problems(_session) if _session is not None else []
    if problems:
        terminalreporter.section("CI guard", red=True)
        for problem in problems:
            terminalreporter.line(problem, red=True)
