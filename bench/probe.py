"""Wait for gunicorn, then check a sample of the paths answer 200 before wrk hammers them.

A wrong path list or a broken page would otherwise show up only as a failed 20-second run; here it
fails in a second with the path and status. It also records whether Flask-Limiter announces a limit
on these pages (``X-RateLimit-*`` headers), which would mean the benchmark measures the limiter.

    python -m bench.probe http://127.0.0.1:8000 /static/css/app.css paths.txt --out probe.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.request


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is a failure here (wrk does not follow it either), so it must not be followed."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers={"User-Agent": "traceapp-bench-probe"})
    try:
        with _opener.open(request, timeout=10) as response:
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers)


def wait_until_up(base: str, path: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            fetch(base + path)
            return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise SystemExit(f"probe: nothing answers at {base} after {seconds:.0f} s") from None
            time.sleep(0.2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("static_path")
    parser.add_argument("paths_file")
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    wait_until_up(args.base, args.static_path, 60)
    with open(args.paths_file, encoding="ascii") as lines:
        paths = [line.strip() for line in lines if line.strip()]
    # Both forms of scan link are in the sample: the list mixes them, so the first N hold both.
    sample = [args.static_path, *paths[: args.sample]]
    limited, failures = [], []
    for path in sample:
        status, headers = fetch(args.base + path)
        if status != 200:
            failures.append(f"{status} {path}")
        if any(name.lower().startswith("x-ratelimit") or name.lower() == "retry-after" for name in headers):
            limited.append(path)
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump({"checked": len(sample), "failures": failures, "rate_limited_paths": limited}, out)
    if failures:
        print("probe: these paths do not answer 200:\n  " + "\n  ".join(failures[:10]), file=sys.stderr)
        return 1
    if limited:
        print(
            f"probe: warning: a rate limit applies to {len(limited)} benchmarked paths, e.g. {limited[0]}",
            file=sys.stderr,
        )
    print(f"probe: {len(sample)} paths answer 200; rate-limit headers on {len(limited)} of them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
