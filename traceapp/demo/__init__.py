"""Demo data that looks like Đức Phổ, made the way its people make it: businesses of every kind, their products
and batches, staff of each role, and two years of the ward's work for the plan report to count.

Every record is made by the service a user's request calls (sign-up, the officer's decisions, products and
batches, inspections, consumer reports, supply links, events), on a clock moved back to the moment it happened
(:mod:`traceapp.demo.timeline`), so the rules those services apply hold for the demo too. Deterministic (a
seeded random generator): the same logins and the same ward on every machine; only drawn codes differ.
The whole load is one unit of work: a demo that fails half-way leaves the database empty.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import func, select

from traceapp.clock import local_today, utcnow
from traceapp.demo import cooperation, market, metrology, register
from traceapp.demo.staff import make_staff
from traceapp.demo.timeline import Timeline
from traceapp.extensions import db
from traceapp.models import User
from traceapp.unit_of_work import unit_of_work

DEMO_PASSWORD = "demo1234"
SEED = 20261115
STAFF_SINCE_DAYS = 730  # the staff accounts are set up before the first business registers
LOGIN_BUSINESSES = (0, 12)  # a verified company and a household business still waiting for the officer


def is_empty() -> bool:
    return not db.session.scalar(select(func.count(User.id)))


def load() -> dict[str, Any]:
    """Load the demo set into an empty database; returns the logins to print."""
    timeline = Timeline(local_today(), utcnow())
    plans = market.plan_market(random.Random(SEED), timeline.today)
    with unit_of_work():
        staff = make_staff(timeline.days_ago(STAFF_SINCE_DAYS, 8), DEMO_PASSWORD)
        market.schedule(timeline, plans, staff.officer, DEMO_PASSWORD)
        register.schedule(timeline, plans, staff)
        cooperation.schedule(timeline, plans, staff)
        metrology.schedule(timeline, plans, staff)
        timeline.run()
        market.count_scans(plans)
    logins = list(staff.logins)
    for index in LOGIN_BUSINESSES:
        plan = plans[index]
        logins.append((f"business ({plan.profile.name})", plan.owner_user.phone, None))
    return {"password": DEMO_PASSWORD, "logins": logins}
