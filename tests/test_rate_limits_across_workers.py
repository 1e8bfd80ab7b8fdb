"""The limits hold across gunicorn workers (issue 10, item 4): the request limits count in the app's database
("database://", traceapp/rate_limits.py) and failed logins in ``login_failure``, both shared by every process.

The two-worker test steers requests to each worker without asking them who they are: a connection that has sent
half a request holds the sync worker that accepted it, so everything sent meanwhile is answered by the other one.
Phase one goes to one worker, phase two to the other, and the counts must carry over. A control run with
Flask-Limiter's per-process ``memory://`` store shows that the steering works: there the second worker starts
counting afresh and lets the extra report through.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import PG_URL, make_test_config
from tests.databases import scratch_database
from tests.factories import PASSWORD, make_user
from traceapp import clock, create_app
from traceapp.extensions import db
from traceapp.rate_limits import DatabaseStorage

ROOT = Path(__file__).resolve().parents[1]
REPORT_LIMIT = 3
LOCKOUT_AFTER = 3
PHONE = "0905123456"
REPORT = {"kind": "counterfeit", "place": "Chợ Đức Phổ, sạp 12", "message": "Nước mắm không có nhãn phụ."}
LOCKED = "this account is locked until"


# --- the store itself ---------------------------------------------------------------------------------------


def test_hits_from_many_threads_at_once_are_each_counted_once(app):
    """Eight threads (each its own connection, as workers are) hit one counter together: every hit gets its own
    number, none is lost."""
    storage = DatabaseStorage("database://")
    seen: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def hammer() -> None:
        with app.app_context():
            start.wait()
            for _ in range(15):
                count = storage.incr("LIMITER/198.51.100.7/report", 3600)
                with lock:
                    seen.append(count)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(seen) == list(range(1, 121))
    assert storage.get("LIMITER/198.51.100.7/report") == 120


def test_a_window_ends_and_the_count_starts_again(app):
    storage = DatabaseStorage("database://")
    start = clock.utcnow()
    previous = clock.set_source(lambda: start)
    try:
        assert [storage.incr("k", 60) for _ in range(3)] == [1, 2, 3]
        # The window's end is handed to `limits` on the system clock (its Retry-After is measured against
        # time.time()), whatever instant the app's clock shows: 60 s after now as the system reads it.
        system_now = clock.on_system_clock(start.timestamp())
        assert storage.get_expiry("k") == pytest.approx(system_now + 60, abs=1)
        clock.set_source(lambda: start + timedelta(seconds=61))
        assert storage.get("k") == 0
        assert storage.incr("k", 60) == 1
        assert storage.sweep() == 0  # the counter is live again: nothing to sweep
        storage.clear("k")
        assert storage.get("k") == 0
        assert storage.incr("x" * 400, 60) == 1 and storage.get("x" * 400) == 1  # a long key is stored hashed
    finally:
        clock.set_source(previous)


# --- two gunicorn workers -------------------------------------------------------------------------------------


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


@contextmanager
def _gunicorn(config: dict, tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """``gunicorn -w 2`` serving an app built from ``config``; yields its port and its log."""
    (tmp_path / "served_app.py").write_text(
        "import json, os\nfrom traceapp import create_app\n"
        "app = create_app(json.loads(os.environ['SERVED_APP_CONFIG']))\n",
        encoding="utf-8",
    )
    log = tmp_path / "gunicorn.log"
    env = {**os.environ, "SERVED_APP_CONFIG": json.dumps(config), "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    # --preload: the app is imported once, before the fork (half the start-up on a busy machine); no control
    # socket, whose default path is shared with any other gunicorn on the machine.
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", "127.0.0.1:0", "--preload", "--no-control-socket"]
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [*command, "served_app:app"], cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
        )
    try:
        port = _wait_until_serving(process, log)
        yield port, log
    finally:
        # The answers are in: end the master and its workers at once (their own process group), not gracefully.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _wait_until_serving(process: subprocess.Popen, log: Path) -> int:
    deadline = time.monotonic() + 20
    port = None
    while time.monotonic() < deadline:
        assert process.poll() is None, f"gunicorn stopped:\n{log.read_text(errors='replace')}"
        content = log.read_text(errors="replace")
        if port is None and "Listening at: http://127.0.0.1:" in content:
            port = int(content.split("Listening at: http://127.0.0.1:")[1].split()[0])
        if port is not None and content.count("Booting worker") >= 2:
            try:
                if _request(port, "GET", "/login")[0] == 200:
                    return port
            except OSError:
                pass
        time.sleep(0.1)
    raise AssertionError(f"gunicorn did not start in 20 s:\n{log.read_text(errors='replace')}")


def _request(port: int, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        body = urlencode(form) if form is not None else None
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if form is not None else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


class HeldWorker:
    """A POST sent up to its last header line: the sync worker that accepted it waits for the rest, answering
    nothing else, until :meth:`finish` sends the rest and reads the answer."""

    def __init__(self, port: int, path: str, form: dict) -> None:
        body = urlencode(form).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
        ).encode()
        self.rest = b"Connection: close\r\n\r\n" + body
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=15)
        self.sock.sendall(head)
        time.sleep(0.5)  # an idle worker accepts it at once; the other worker answers everything meanwhile

    def finish(self) -> int:
        self.sock.sendall(self.rest)
        answer = b""
        while chunk := self.sock.recv(65536):
            answer += chunk
        self.sock.close()
        return int(answer.split(b" ", 2)[1])

    def drop(self) -> None:
        self.sock.close()


def _login(port: int, password: str) -> tuple[int, str]:
    return _request(port, "POST", "/login?lang=en", {"identifier": PHONE, "password": password})


@pytest.mark.parametrize(
    ("backend", "store"),
    [(backend, "database://") for backend in _backends()] + [("sqlite", "memory://")],
)
def test_two_gunicorn_workers_share_the_report_limit_and_the_account_lockout(tmp_path, backend, store):
    started = time.monotonic()
    with scratch_database(backend, tmp_path, "gunicorn") as settings:
        config = make_test_config(
            tmp_path,
            **settings,
            RATELIMIT_STORAGE_URI=store,
            REPORT_RATE_LIMIT=f"{REPORT_LIMIT} per hour",
            LOGIN_LOCKOUT_AFTER=LOCKOUT_AFTER,
            LOGIN_SLOWDOWN_AFTER=100,
        )
        prepared = create_app(config)
        with prepared.app_context():
            db.create_all()
            make_user(phone=PHONE)
            db.engine.dispose()

        with _gunicorn(config, tmp_path) as (port, log):
            # Phase one: worker A is held, worker B answers two reports and two wrong passwords.
            held_a = HeldWorker(port, "/report", REPORT)
            first = [_request(port, "POST", "/report", REPORT)[0] for _ in range(REPORT_LIMIT - 1)]
            wrong = [_login(port, "wrong-password-1") for _ in range(LOCKOUT_AFTER - 1)]
            # Phase two: worker B is held; A answers its held report, one more, then the guesses.
            held_b = HeldWorker(port, "/report", REPORT)
            second = [held_a.finish(), _request(port, "POST", "/report", REPORT)[0]]
            last_wrong = _login(port, "wrong-password-1")
            right = _login(port, PASSWORD)
            held_b.drop()
            log_text = log.read_text(errors="replace")

    reports = first + second
    assert first == [302] * (REPORT_LIMIT - 1)
    assert all(status == 200 and "not correct" in body for status, body in wrong)
    # The account lockout is in the database whatever the request limits' store: it holds across workers.
    assert last_wrong[0] == 200 and LOCKED in last_wrong[1]
    assert right[0] == 200 and LOCKED in right[1], "the right password is refused while the account is locked"
    if store == "database://":
        assert reports == [302] * REPORT_LIMIT + [429], "the 4th report is refused by the worker that saw none"
    else:  # the control: each worker counts on its own, so the second lets the extra report through
        assert reports == [302] * (REPORT_LIMIT + 1)
    assert "Traceback" not in log_text
    assert time.monotonic() - started < 30
