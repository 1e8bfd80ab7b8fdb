#!/usr/bin/env bash
# Runs the pytest suite again with the app's clock moved (TRACEAPP_TEST_CLOCK, read by tests/conftest.py) to
# instants where a calendar rule could break. The ward's local midnight (UTC+7) falls at 17:00 UTC, so each
# instant is just before or just after a local midnight that UTC has not reached yet. Every "now" of the app
# and of the tests comes from traceapp.clock (ruff bans the others), so moving it moves them all; it keeps
# ticking from the instant. Every test must pass at every one of them.
#   tests/at_dates.sh [pytest arguments...]     (`make test-dates`; .ci/run runs it)
set -euo pipefail
cd "$(dirname "$0")/.."

INSTANTS=(
    "2026-11-30T16:30:00+00:00"  # 23:30 on 30 November in Đức Phổ: the last day of a month
    "2026-11-15T16:30:00+00:00"  # 23:30 on 15 November
    "2026-11-15T17:30:00+00:00"  # 00:30 on 16 November, while UTC is still the 15th
    "2026-12-31T16:30:00+00:00"  # 23:30 on 31 December
    "2026-12-31T17:30:00+00:00"  # 00:30 on 1 January 2027, while UTC is still 2026
    "2028-02-29T05:00:00+00:00"  # noon on a leap day
)

failed=()
for instant in "${INSTANTS[@]}"; do
    printf '\n==== clock at %s ====\n' "$instant"
    TRACEAPP_TEST_CLOCK="$instant" .venv/bin/python -m pytest "$@" || failed+=("$instant")
done
if ((${#failed[@]})); then
    printf '\nFAILED with the clock at: %s\n' "${failed[*]}" >&2
    exit 1
fi
