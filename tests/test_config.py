"""`make run` serves on the host and port it was given, and its QR codes lead there.

The run recipe itself is executed (``make -o setup``: without installing or migrating anything) with a stand-in
for ``flask`` that reports the address the app would be given and the port it would serve on.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import tools

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def make_run(tmp_path):
    """``make_run("PORT=5001", env=...)`` -> (address given to the app, flask's arguments), run in a copy of the
    project's Makefile so an ``instance/config.py`` can be put beside it."""
    make = tools.require("make", "make")
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    fake = tmp_path / "fake-flask"
    fake.write_text('#!/bin/sh\nprintf "%s\\n%s\\n" "${TRACEAPP_PUBLIC_BASE_URL-<unset>}" "$*"\n')
    fake.chmod(0o755)

    def _run(*variables: str, env: dict[str, str] | None = None) -> tuple[str, str]:
        environ = {k: v for k, v in os.environ.items() if k != "TRACEAPP_PUBLIC_BASE_URL"} | (env or {})
        result = subprocess.run(
            [make, "-s", "-o", "setup", "run", f"FLASK={fake}", *variables],
            cwd=tmp_path,
            env=environ,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        *_, address, arguments = result.stdout.strip().splitlines()
        return address, arguments

    return _run


def test_make_run_serves_and_prints_labels_for_the_same_port(make_run):
    assert make_run() == ("http://127.0.0.1:5000", "run --debug --host 127.0.0.1 --port 5000")
    assert make_run("PORT=5001") == ("http://127.0.0.1:5001", "run --debug --host 127.0.0.1 --port 5001")
    assert make_run("HOST=::1", "PORT=8080") == ("http://[::1]:8080", "run --debug --host ::1 --port 8080")


def test_make_run_on_every_interface_prints_an_address_a_phone_on_the_wifi_can_open(make_run):
    hostname = tools.require("hostname", "hostname")
    addresses = subprocess.run([hostname, "-I"], capture_output=True, text=True).stdout.split()
    network = addresses[0] if addresses else "0.0.0.0"  # a machine with no network: only itself to name
    host = f"[{network}]" if ":" in network else network
    assert make_run("HOST=0.0.0.0", "PORT=5001") == (f"http://{host}:5001", "run --debug --host 0.0.0.0 --port 5001")


def test_an_address_set_by_hand_wins(make_run, tmp_path):
    assert make_run("PORT=5001", env={"TRACEAPP_PUBLIC_BASE_URL": "https://truyxuat.ducpho.example"})[0] == (
        "https://truyxuat.ducpho.example"
    )
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "config.py").write_text('PUBLIC_BASE_URL = "https://truyxuat.ducpho.example"\n')
    # Left unset, so instance/config.py (read before the environment) decides.
    assert make_run("PORT=5001")[0] == "<unset>"
