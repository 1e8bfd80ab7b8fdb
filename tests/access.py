"""Shared pieces of the authorisation matrices (tests/test_access_*.py).

Each feature keeps its own matrix module with a ``MATRIX`` list of rows
``(endpoint, method, url template, form data, {role: status})`` and a ``world`` fixture giving users per role
and the ids the templates name; ``check(...)`` runs one case. tests/test_access_matrix.py checks that the
union of every module's ``MATRIX`` covers every route of the app.
"""

from __future__ import annotations

ANON, OWNER, OTHER_BIZ = "anonymous", "business", "other_business"
INSPECTOR, POLICE, OFFICER, ADMIN = "inspector", "police", "officer", "admin"
ROLES = (ANON, OWNER, OTHER_BIZ, INSPECTOR, POLICE, OFFICER, ADMIN)
STAFF = (INSPECTOR, POLICE, OFFICER, ADMIN)


# The team dimension of the inspection register (tests/test_access_inspections.py): a user who is on the
# inspection's team, who is of its agency but not on the team, or who is neither.
MEMBER, SAME_AGENCY, OTHER_AGENCY = "member", "same-agency-not-member", "other-agency-not-member"
RELATIONS = (MEMBER, SAME_AGENCY, OTHER_AGENCY)
TEAM_ROLES = (INSPECTOR, POLICE, OFFICER)


def team_status(role: str, relation: str, ok: int) -> int:
    """A member gets ``ok``; a non-member who may read the inspection (of its agency, or the officer, who sees
    everything) 403; a field worker of another agency, who does not see it at all, 404."""
    if relation == MEMBER:
        return ok
    if relation == OTHER_AGENCY and role != OFFICER:
        return 404
    return 403


def expect(default: int, anonymous: int | None = 302, **by_role: int) -> dict[str, int]:
    """Statuses per role: ``default`` for every logged-in role unless named, 302 (to login) for anonymous."""
    table = {role: default for role in ROLES}
    table[ANON] = anonymous if anonymous is not None else default
    table.update(by_role)
    return table


def only(allowed: tuple[str, ...], ok: int, *, other_business: int = 403) -> dict[str, int]:
    table = expect(403)
    for role in allowed:
        table[role] = ok
    if OWNER in allowed:
        table[OTHER_BIZ] = other_business
    return table


def cases(matrix) -> tuple[list[tuple[str, str]], list[str]]:
    """pytest parametrize arguments: one case per (endpoint, role)."""
    pairs = [(endpoint, role) for endpoint, *_ in matrix for role in ROLES]
    return pairs, [f"{e}-{r}" for e, r in pairs]


def check(matrix, client, login_as, world, endpoint: str, role: str, anonymous_redirect_exempt=()) -> None:
    users, ids = world
    _, method, template, data, statuses = next(row for row in matrix if row[0] == endpoint)
    if role != ANON:
        login_as(users[role])
    url = template.format(**ids)
    response = client.get(url) if method == "GET" else client.post(url, data=data)
    assert response.status_code == statuses[role], f"{role} {method} {url}"
    if role == ANON and statuses[role] == 302 and endpoint not in anonymous_redirect_exempt:
        assert response.location.startswith("/login")
