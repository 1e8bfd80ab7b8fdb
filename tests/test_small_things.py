"""Small things a real user hits (issue 11, item 8): the login field's keyboard, the favicon, and the user list
that keeps its page and search after an admin acts on an account."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from tests.factories import make_user
from traceapp.extensions import db
from traceapp.models import Role, User


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str, tag_name: str, /, **attrs: str) -> list[dict[str, str | None]]:
    parser = _Tags()
    parser.feed(html)
    return [a for tag, a in parser.tags if tag == tag_name and all(a.get(k) == v for k, v in attrs.items())]


def test_login_field_opens_the_ordinary_keyboard_not_the_e_mail_one(client):
    """Most people log in with a phone number: an e-mail keyboard hides the digits and adds an @ they never need."""
    page = client.get("/login").data.decode()
    (field,) = tags(page, "input", name="identifier")
    assert field["type"] == "text"
    assert field.get("inputmode") not in ("email", "url")
    assert field["autocomplete"] == "username"
    assert field.get("autocapitalize") == "none", "a phone keyboard must not capitalise an e-mail address"


def test_every_page_links_the_favicon_and_favicon_ico_answers(client):
    page = client.get("/").data.decode()
    (icon,) = tags(page, "link", rel="icon")
    assert icon["type"] == "image/svg+xml"
    assert client.get(icon["href"]).status_code == 200

    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert urlsplit(response.headers["Location"]).path == icon["href"]
    image = client.get(icon["href"])
    assert image.mimetype == "image/svg+xml" and b"<svg" in image.data


def _third_page_of_a_search(app, login_as) -> tuple[User, str]:
    """An admin on the third page of the accounts matching "Kiểm", and an inspector listed there."""
    app.config["PER_PAGE"] = 2
    for n in range(6):
        make_user(role=Role.INSPECTOR, name=f"Kiểm soát viên {n}")
    login_as(Role.ADMIN, name="Quản trị")
    listing = "/admin/users?q=Ki%E1%BB%83m&page=3"
    return db.session.scalar(db.select(User).where(User.name == "Kiểm soát viên 4")), listing


def test_deactivating_an_account_returns_to_the_same_page_of_the_same_search(app, client, login_as):
    inspector, listing = _third_page_of_a_search(app, login_as)
    page = client.get(listing).data.decode()
    assert "Kiểm soát viên 4" in page
    (back,) = {f["value"] for f in tags(page, "input", name="next")}
    assert back == listing

    response = client.post(f"/admin/users/{inspector.id}/deactivate", data={"next": back})
    assert response.status_code == 302 and response.headers["Location"] == listing
    db.session.refresh(inspector)
    assert not inspector.active
    shown = client.get(listing).data.decode()
    assert "Kiểm soát viên 4" in shown and "Kiểm soát viên 0" not in shown

    again = client.post(f"/admin/users/{inspector.id}/activate", data={"next": back})
    assert again.headers["Location"] == listing


def test_editing_an_account_returns_to_the_same_page_of_the_same_search(app, client, login_as):
    inspector, listing = _third_page_of_a_search(app, login_as)
    page = client.get(listing).data.decode()
    (edit,) = [a["href"] for a in tags(page, "a") if (a.get("href") or "").startswith(f"/admin/users/{inspector.id}/")]
    form = client.get(edit).data.decode()
    (cancel,) = [a["href"] for a in tags(form, "a", **{"class": "button secondary"})]
    assert cancel == listing

    response = client.post(
        edit,
        data={
            "name": "Kiểm soát viên Bốn",
            "phone": inspector.phone,
            "email": "",
            "role": "inspector",
            "agency_id": str(inspector.agency_id or ""),
            "password": "",
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == listing
    db.session.refresh(inspector)
    assert inspector.name == "Kiểm soát viên Bốn"


def test_a_next_outside_the_user_list_is_ignored(client, login_as):
    inspector = make_user(role=Role.INSPECTOR)
    login_as(Role.ADMIN)
    for target in ("https://evil.example/admin/users", "//evil.example/admin/users", "/admin/agencies", ""):
        response = client.post(f"/admin/users/{inspector.id}/deactivate", data={"next": target})
        assert response.headers["Location"] == "/admin/users", target
