"""No 500, ever, from what a client sends (issue 10, item 1): every route of the URL map, as every role, with hostile
path values, query strings and form bodies — odd lengths, NUL, invalid UTF-8, huge and negative numbers,
impossible dates, injection strings, odd uploads. No answer may be a 5xx, and a write that was refused (a 4xx, a
form shown again with its errors, a redirect with an error message) must leave every table as it was.

What is sent is derived from the code, so a new route or form is fuzzed without editing this file: the rules from
``app.url_map``; the form fields a route reads from the form classes its view builds (found in the view's source)
and the names it reads from ``request.form``; the query keys from every ``request.args`` the package reads.

Bounded: the ``fuzz-ci`` profile (the default) runs a fixed number of examples with a fixed seed, so a failure
reproduces; ``HYPOTHESIS_PROFILE=fuzz-long`` runs many more, randomised, for a local hunt.
"""

from __future__ import annotations

import inspect
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from werkzeug.routing import AnyConverter, IntegerConverter, PathConverter

from tests import factories
from tests.conftest import make_test_config
from tests.images import decompression_bomb, png
from traceapp import create_app
from traceapp.clock import local_today
from traceapp.extensions import db
from traceapp.models import (
    Certification,
    CertificationKind,
    EventCommitment,
    EventInvitation,
    InspectionStatus,
    LinkStatus,
    PlanReport,
    Role,
    TeamRole,
)
from traceapp.models import enums as model_enums
from traceapp.web.forms import Form

PACKAGE = Path(__file__).resolve().parent.parent / "traceapp"

settings.register_profile(
    "fuzz-ci",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "7")),
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    # No shrinking: a walk is dozens of requests, and the failing example is printed whole and, with the fixed
    # seed, comes back on the next run.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=(HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large),
)
settings.register_profile(
    "fuzz-long",
    parent=settings.get_profile("fuzz-ci"),
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
    derandomize=False,
    phases=tuple(Phase),
)
FUZZ = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "fuzz-ci"))

ROLES = ("anonymous", "business", "inspector", "police", "officer", "admin")
WRITES = ("POST", "PUT", "PATCH", "DELETE")
# Tables a refused request writes to on purpose: request and login counters (issue 10, item 4) and scan counts.
COUNTERS = frozenset({"scan_day", "rate_limit_counter", "login_failure", "account_lock"})


# --- what the code reads: routes, form fields, query keys -------------------------------------------------------


def _routes_app():
    return create_app(make_test_config(Path("/nonexistent"), SQLALCHEMY_DATABASE_URI="sqlite://"))


def _form_classes(view) -> list[type[Form]]:
    source = inspect.getsource(inspect.unwrap(view))
    found = []
    for name in sorted(set(re.findall(r"\b([A-Z]\w*Form)\(", source))):
        cls = inspect.unwrap(view).__globals__.get(name)
        if isinstance(cls, type) and issubclass(cls, Form):
            found.append(cls)
    return found


def _field_names(cls: type[Form]) -> list[str]:
    return sorted(name for name in dir(cls) if hasattr(getattr(cls, name, None), "field_class"))


def _file_fields(cls: type[Form]) -> list[str]:
    return [name for name in _field_names(cls) if "File" in getattr(cls, name).field_class.__name__]


@dataclass(frozen=True)
class Route:
    rule: str
    endpoint: str
    methods: tuple[str, ...]
    variables: tuple[tuple[str, str, tuple[str, ...]], ...]  # (name, converter kind, any() items)
    fields: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    prefixed: bool = False  # a form built with prefix=...: its names start "<prefix>-"


def _converter_kind(converter) -> tuple[str, tuple[str, ...]]:
    if isinstance(converter, IntegerConverter):
        return "int", ()
    if isinstance(converter, AnyConverter):
        return "any", tuple(sorted(converter.items))
    if isinstance(converter, PathConverter):
        return "path", ()
    return "text", ()


def _routes() -> list[Route]:
    app = _routes_app()
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        source = inspect.getsource(inspect.unwrap(view))
        forms = _form_classes(view)
        fields = {name for cls in forms for name in _field_names(cls)}
        fields |= set(re.findall(r"request\.form\.(?:get|getlist)\(\s*\"(\w+)\"", source))
        fields |= set(re.findall(r"request\.form\[\"(\w+)\"\]", source))
        variables = tuple((name, *_converter_kind(conv)) for name, conv in rule._converters.items())
        routes.append(
            Route(
                rule=rule.rule,
                endpoint=rule.endpoint,
                methods=tuple(sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})),
                variables=variables,
                fields=tuple(sorted(fields)),
                files=tuple(sorted({name for cls in forms for name in _file_fields(cls)})),
                prefixed="prefix=" in source,
            )
        )
    return sorted(routes, key=lambda r: (r.rule, r.endpoint))


def _query_keys() -> list[str]:
    """Every query-string key the package reads, plus the enum filters of the list pages."""
    keys = {"q", "page", "lang", "next"}
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"args\.get(?:list)?\(\s*\"(\w+)\"", text))
        keys |= set(re.findall(r"args\[\"(\w+)\"\]", text))
        keys |= set(re.findall(r"(?:query_date|read_id|_day|_positive)\(\s*(?:args,\s*)?\"(\w+)\"", text))
        for call in re.findall(r"parse_list_args\(([^)]*)\)", text):
            keys |= set(re.findall(r"(\w+)=", call))
    return sorted(keys)


ROUTES = _routes()
QUERY_KEYS = _query_keys()
BLUEPRINTS = sorted({route.endpoint.split(".")[0] for route in ROUTES})


def test_the_walk_covers_every_route_and_form():
    """The introspection itself: every rule but ``static`` is walked, and the routes that take a form post its
    fields (a view that stopped naming its form class in its body would silently be fuzzed with no fields)."""
    app = _routes_app()
    assert {r.endpoint for r in ROUTES} == {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    by_endpoint = {r.endpoint: r for r in ROUTES}
    assert {"identifier", "password"} <= set(by_endpoint["auth.login"].fields)
    assert {"message", "kind", "photo"} <= set(by_endpoint["consumer_reports.new"].fields)
    assert "photos" in by_endpoint["inspections.new_item"].files
    assert {"from", "to", "page", "q", "status"} <= set(QUERY_KEYS)


# --- a small ward to walk through ------------------------------------------------------------------------------


@dataclass(repr=False)
class World:
    users: dict[str, object]
    ids: dict[str, list[int]]
    texts: dict[str, list[str]]
    token: str
    samples: list[str] = field(default_factory=list)


@pytest.fixture
def world(app) -> World:
    """One of everything a route can name, owned by the logged-in roles where ownership matters."""
    from traceapp.api import tokens

    agency = factories.make_agency(short_name="VH-XH")
    police_agency = factories.make_agency(name="Công an phường Đức Phổ", short_name="CA")
    business = factories.make_business(name="Cơ sở Nước mắm Sa Huỳnh")
    other = factories.make_business(name="Hộ kinh doanh Bánh tráng")
    users = {
        "business": factories.make_user(role=Role.BUSINESS, business=business),
        "inspector": factories.make_user(role=Role.INSPECTOR, agency=agency),
        "police": factories.make_user(role=Role.POLICE, agency=police_agency),
        "officer": factories.make_user(role=Role.OFFICER, agency=agency),
        "admin": factories.make_user(role=Role.ADMIN, agency=agency),
    }
    product = factories.make_product(business=business, gtin=factories.valid_gtin())
    batch = factories.make_batch(product=product)
    other_batch = factories.make_batch(product=factories.make_product(business=other))
    link = factories.make_link(upstream=other_batch, downstream=batch, status=LinkStatus.PENDING)
    outgoing = factories.make_link(upstream=batch, downstream=other_batch, status=LinkStatus.PENDING)
    cert = Certification(product=product, kind=CertificationKind.OCOP, stars=3, number="OCOP-1")
    db.session.add(cert)
    draft = factories.make_inspection(business=business, agency=agency, created_by=users["inspector"])
    member = factories.join_team(draft, users["police"], TeamRole.OFFICER)
    item = factories.make_item(inspection=draft, batch=batch)
    draft_violation = factories.make_violation(inspection=draft, items=[item])
    submitted = factories.make_inspection(
        business=business, agency=agency, created_by=users["inspector"], status=InspectionStatus.SUBMITTED
    )
    violation = factories.make_violation(inspection=submitted)
    instrument = factories.make_instrument(business=business)
    metrology = factories.make_inspection(
        business=business, agency=agency, created_by=users["inspector"], fields=["metrology", "prepackaged"]
    )
    weighed = factories.make_item(inspection=metrology, description="Cân điện tử sạp 12", rest=None)
    weighed.instrument = instrument
    report = factories.make_report(batch=batch)
    event = factories.make_event(created_by=users["officer"])
    invitation = EventInvitation(event=event, business=business)
    commitment = EventCommitment(event=event, business=business, text="Dán tem truy xuất")
    db.session.add_all([invitation, commitment])
    use = factories.make_technology(business=business)
    year = local_today().year
    plan = PlanReport(
        period_kind=model_enums.PeriodKind.YEAR,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        created_by=users["officer"],
    )
    db.session.add(plan)
    db.session.commit()
    issued, secret = tokens.issue("Sở KH&CN", None, users["admin"], local_today())
    ids = {
        "product_id": [product.id, other_batch.product_id],
        "batch_id": [batch.id, other_batch.id],
        "business_id": [business.id, other.id],
        "inspection_id": [draft.id, submitted.id, metrology.id],
        "item_id": [item.id, weighed.id],
        "instrument_id": [instrument.id],
        "member_id": [member.id],
        "violation_id": [draft_violation.id, violation.id],
        "report_id": [report.id, plan.id],
        "event_id": [event.id],
        "invitation_id": [invitation.id],
        "commitment_id": [commitment.id],
        "attachment_id": [1],
        "cert_id": [cert.id],
        "use_id": [use.id],
        "link_id": [link.id, outgoing.id],
        "token_id": [issued.id],
        "user_id": [user.id for user in users.values()],
        "entity_id": [business.id, product.id, draft.id],
    }
    from traceapp.reports.records import RECORD_TYPES

    texts = {
        "code": [product.public_code, batch.public_code, instrument.public_code],
        "tracking_code": [report.tracking_code],
        "record_type": sorted(RECORD_TYPES),
        "department": [d.value for d in model_enums.Department],
        "entity": ["business", "product", "batch", "inspection", "violation"],
        "rest": [f"{product.gtin}", f"{product.gtin}/10/{batch.lot_code}", f"{product.gtin}/21/A1"],
        "unknown": ["products", "x/y"],
        "name": ["a.jpg", "../../etc/passwd"],
    }
    samples = [str(i) for values in ids.values() for i in values]
    samples += [t for values in texts.values() for t in values]
    today = local_today().isoformat()
    samples += [users["business"].phone, factories.PASSWORD, product.gtin or "", today, f"{today}T08:30"]
    samples += [m.value for enum_cls in _labelled_enums() for m in enum_cls]
    samples += ["on", "y", "1", "all", "confirm"]
    return World(users=users, ids=ids, texts=texts, token=secret, samples=samples)


def _labelled_enums():
    return [
        obj
        for obj in vars(model_enums).values()
        if isinstance(obj, type) and issubclass(obj, model_enums.LabelledEnum) and obj is not model_enums.LabelledEnum
    ]


# --- hostile values --------------------------------------------------------------------------------------------

NUMBERS = ["0", "-1", "1", "2", str(2**31 - 1), str(2**31), str(2**63 - 1), str(2**63), str(2**64), "9" * 40]
NUMBERS += ["-" + "9" * 30, "9" * 5000, "0" * 30 + "7"]
NUMBERS += ["1e309", "NaN", "nan", "Infinity", "-inf", "sNaN", "1.5", "0x1A", "1_000", "²", "١٢", "½", " 7 "]
DATES = ["9999-12-31", "0001-01-01", "0000-00-00", "2026-02-30", "2026-13-01", "99999-01-01", "-2026-01-01"]
DATES += ["2026-11-15T25:61", "1899-12-31", "3000-01-01", "2026-W46-7", "15/11/2026"]
INJECTIONS = ["' OR '1'='1", "1; DROP TABLE product; --", "<script>alert(1)</script>", "{{ 7*7 }}", "${7*7}"]
INJECTIONS += ["%(max)d", "%s%s%n", "=1+1", '=HYPERLINK("http://x")', "../../../etc/passwd", "..\\..\\boot.ini"]
INJECTIONS += ["\r\nSet-Cookie: a=b", "a\x00b", "\x00", "\ufeff", "\u202e", "𝕏😀", "\ud800", "\udfff", "Đ" * 300]
INJECTIONS += ["x" * 5000, "%", "%zz", "/", "//evil.example", "javascript:alert(1)", "null", "[]", "{}"]
# GS1 Digital Link: AIs as query keys (the resolver reads the raw query itself), link types, qualifier chains.
GS1_LINKS = ["17", "10", "21", "235", "999", "01", "linkType", "gs1:pip", "all", "261332", "10/L/21/S", "22//10"]
HOSTILE = NUMBERS + DATES + INJECTIONS + GS1_LINKS


def _value(world: World) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from(world.samples),
        st.text(max_size=40),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )


def _encoded(text: str) -> str:
    """Percent-encoded; a lone surrogate becomes bytes that are not UTF-8, as a broken client would send."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def _raw_bytes() -> st.SearchStrategy[str]:
    return st.binary(min_size=1, max_size=6).map(lambda raw: quote_from_bytes(raw, safe=""))


def _path_value(world: World, name: str, kind: str, items: tuple[str, ...]) -> st.SearchStrategy[str]:
    hostile = st.one_of(st.sampled_from(HOSTILE).map(_encoded), _raw_bytes())
    if kind == "int":
        real = st.sampled_from(world.ids.get(name) or [1]).map(str)
        edges = [0, 1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, 10**30]
        numbers = st.one_of(st.sampled_from(edges), st.integers(min_value=0))
        return st.one_of(real, real, numbers.map(str), st.just("-1"), hostile)
    if kind == "any":
        return st.one_of(st.sampled_from(items), st.sampled_from(items), hostile)
    real = st.sampled_from(world.texts.get(name) or ["x"]).map(lambda t: quote(t, safe="/"))
    return st.one_of(real, real, hostile, st.text(min_size=1, max_size=30).map(_encoded))


@dataclass
class Request:
    method: str
    path: str
    query: str
    form: list[tuple[str, str]]
    files: list[tuple[str, tuple[bytes, str, str]]]
    multipart: bool
    headers: dict[str, str]
    raw_path: bytes | None = None  # sent as PATH_INFO as it is: bytes a browser would have percent-encoded


UPLOADS = [
    (b"", "", "application/octet-stream"),
    (b"\x00" * 64, "a\x00.jpg", "image/jpeg"),
    (b"GIF89a" + b"\xff" * 40, "x.gif", "image/gif"),
    (b"%PDF-1.4\n%%EOF", "../../x.pdf", "application/pdf"),
    (b"<svg onload=alert(1)></svg>", "x.svg", "image/svg+xml"),
    (b"\xff\xd8\xff\xe0 broken jpeg", "photo.jpg", "image/jpeg"),
    (b"PK\x03\x04 not a workbook", "x.xlsx", "application/zip"),
]


@st.composite
def requests(draw, world: World, route: Route) -> Request:
    method = draw(st.sampled_from(route.methods))
    if route.methods != ("GET",) and "GET" in route.methods and draw(st.booleans()):
        method = draw(st.sampled_from([m for m in route.methods if m != "GET"]))
    path = route.rule
    for name, kind, items in route.variables:
        value = draw(_path_value(world, name, kind, items))
        path = re.sub(rf"<(?:[^<>]*:)?{re.escape(name)}>", lambda _m, v=value: v, path, count=1)
    keys = st.one_of(st.sampled_from(QUERY_KEYS), st.sampled_from(QUERY_KEYS), st.sampled_from(HOSTILE))
    pairs = draw(st.lists(st.tuples(keys, _value(world)), max_size=4))
    query = "&".join(f"{_encoded(k)}={_encoded(v)}" for k, v in pairs)
    if draw(st.integers(0, 9)) == 0:
        query += ("&" if query else "") + draw(_raw_bytes()) + "=" + draw(_raw_bytes())
    form: list[tuple[str, str]] = []
    files: list[tuple[str, tuple[bytes, str, str]]] = []
    multipart = False
    if method in WRITES:
        names = list(route.fields) or ["x"]
        name_strategy = st.one_of(st.sampled_from(names), st.sampled_from(names), st.sampled_from(HOSTILE))
        if route.prefixed:
            prefix = st.sampled_from([f"l{i}-" for i in world.ids["link_id"]])
            name_strategy = st.one_of(name_strategy, st.tuples(prefix, st.sampled_from(names)).map("".join))
        # Usually every field the form has, each with a hostile or plausible value; sometimes a few of them.
        if draw(st.booleans()):
            form = [(name, draw(_value(world))) for name in names]
        form += draw(st.lists(st.tuples(name_strategy, _value(world)), max_size=6))
        multipart = bool(route.files) and draw(st.booleans())
        if multipart:
            for name in route.files:
                content = draw(st.sampled_from([*UPLOADS, (png(), "p.png", "image/png"), (BOMB, "b.png", "image/png")]))
                files.append((name, content))
    headers = {}
    if route.endpoint.startswith("api."):
        headers["Authorization"] = draw(
            st.sampled_from([f"Bearer {world.token}", "Bearer x", "Basic Og==", f"Bearer {world.token}\x00"])
        )
    if draw(st.integers(0, 9)) == 0:
        headers["Accept"] = draw(st.sampled_from(["application/json", "application/linkset+json", "*/*", "x"]))
    raw_path = None
    if draw(st.integers(0, 14)) == 0:  # the path itself not UTF-8 (a client that does not percent-encode)
        raw_path = path.encode("utf-8", "surrogatepass") + draw(st.binary(min_size=1, max_size=4))
    return Request(method, path, query, form, files, multipart, headers, raw_path)


BOMB = decompression_bomb()


# --- sending, and what must hold ------------------------------------------------------------------------------


def _row_counts() -> dict[str, int]:
    """Rows per table, in one query (a refused write must leave every count, the audit trail's included, as it
    was); updates of audited rows show in the audit trail's count."""
    tables = [t for t in db.metadata.sorted_tables if t.name not in COUNTERS]
    columns = [select(func.count()).select_from(t).scalar_subquery().label(t.name) for t in tables]
    row = db.session.execute(select(*columns)).one()
    db.session.rollback()
    return dict(zip([t.name for t in tables], row, strict=True))


def _refused(client, response) -> bool:
    """A 4xx, a form shown again with its errors, or a redirect carrying an error message."""
    if 400 <= response.status_code < 500:
        return True
    if response.status_code == 200 and response.mimetype == "text/html":
        page = response.get_data(as_text=True)
        return "has-error" in page or "flash-error" in page
    if response.status_code in (302, 303):
        with client.session_transaction() as session:
            return any(category == "error" for category, _ in session.get("_flashes", []))
    return False


def _clear_flashes(client) -> None:
    with client.session_transaction() as session:
        session.pop("_flashes", None)


def _text(value: str) -> str:
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _send(client, request: Request):
    kwargs: dict = {"method": request.method, "headers": request.headers, "query_string": request.query}
    if request.raw_path is not None:
        kwargs["environ_overrides"] = {"PATH_INFO": request.raw_path.decode("latin-1")}
    if request.multipart:
        data = MultiDict()
        for name, value in request.form:  # multipart carries text: a lone surrogate becomes U+FFFD
            data.add(_text(name), _text(value))
        for name, (content, filename, mimetype) in request.files:
            data.add(name, (io.BytesIO(content), filename, mimetype))
        kwargs.update(data=data, content_type="multipart/form-data")
    elif request.method in WRITES:
        body = "&".join(f"{_encoded(k)}={_encoded(v)}" for k, v in request.form)
        kwargs.update(data=body.encode("ascii"), content_type="application/x-www-form-urlencoded")
    return client.open(request.path.split("?")[0] or "/", **kwargs)


def _log_in(client, world: World, role: str) -> bool:
    if role == "anonymous":
        return True
    user = world.users[role]
    response = client.post("/login", data={"identifier": user.phone, "password": factories.PASSWORD})
    return response.status_code == 302


def _walk(client, world: World, role: str, routes: list[Route], data) -> Iterator[tuple[Request, object]]:
    for route in routes:
        request = data.draw(requests(world, route), label=route.endpoint)
        write = request.method in WRITES
        if write:
            _clear_flashes(client)
            before = _row_counts()
        response = _send(client, request)
        response.close()  # a streamed export ends its request context here, before the next request starts
        assert response.status_code < 500, f"{role} {request}: {response.status_code}"
        if write and _refused(client, response) and route.endpoint != "auth.login":
            assert _row_counts() == before, f"{role} {request}: refused ({response.status_code}) but wrote"
        if route.endpoint in ("auth.logout", "auth.password", "admin.toggle_user", "admin.edit_user"):
            _log_in(client, world, role)  # the walk goes on as the same role (unless it locked itself out)
        yield request, response


@pytest.fixture
def sent(record_property) -> Iterator[list[int]]:
    """Requests a test sent over all its examples: in the JUnit report (``requests``) and, with ``-s``, printed."""
    counts: list[int] = []
    yield counts
    record_property("requests", sum(counts))
    print(f"fuzz: {sum(counts)} requests")


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
@pytest.mark.parametrize("role", ROLES)
@FUZZ
@given(data=st.data())
def test_no_request_is_a_server_error(app, client, world, sent, role, blueprint, data):
    """Each example sends one hostile request to every route of the blueprint."""
    if not getattr(client, "fuzz_logged_in", False):
        assert _log_in(client, world, role), f"{role} could not log in"
        client.fuzz_logged_in = True
    routes = [route for route in ROUTES if route.endpoint.split(".")[0] == blueprint]
    walked = sum(1 for _ in _walk(client, world, role, routes, data))
    sent.append(walked)
    assert walked == len(routes)
