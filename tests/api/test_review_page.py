"""The succession review page over plain HTTP: who may open it, login and logout, filters, paging,
escaping, and the download link. The browser test (tests/browser/test_review_browser.py) checks
the figures."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from graph.auth import AccessRole
from graph.db import Database
from graph.services.review import CARDS_PER_PAGE
from graph.settings import Settings
from tests.support.factories import Org
from tests.support.http_server import ApiClient, serve
from tests.support.orgs import NASTY_TITLE, review_org

_CARD = re.compile(r'<article class="role-card"[^>]*data-role-id="([^"]*)"')


def card_roles(html: str) -> list[str]:
    """The role ids of the cards on a page, in order."""
    return [unescape(m) for m in _CARD.findall(html)]


def figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{re.escape(name)}">([^<]*)<', html)
    assert found, f"no figure {name!r} on the page"
    return unescape(found.group(1))


def browser(api: ApiClient) -> httpx.Client:
    """A client like a browser's: no Authorization header, keeps cookies, no redirects followed."""
    return httpx.Client(base_url=api.base_url, timeout=30, follow_redirects=False)


def token(api: ApiClient, *roles: AccessRole | str, employee_id: str | None = None) -> str:
    found = api.as_user(f"{'-'.join(map(str, roles))}@example.com", *roles, employee_id=employee_id)
    assert found.token
    return found.token


def get(client: httpx.Client, path: str) -> httpx.Response:
    return client.get(path)


def as_bearer(api: ApiClient, tok: str, path: str) -> httpx.Response:
    with browser(api) as client:
        return client.get(path, headers={"Authorization": f"Bearer {tok}"})


@pytest.fixture
def hr_client(api: ApiClient) -> Iterator[httpx.Client]:
    """A browser signed in as hr through the login form."""
    with browser(api) as client:
        response = client.post("/review/login", data={"token": token(api, "hr"), "next": "/review"})
        assert response.status_code == 303, response.text
        yield client


async def test_without_a_token_the_page_sends_you_to_the_login_form(
    db: Database, api: ApiClient
) -> None:
    with browser(api) as client:
        response = client.get("/review?unit=SALES&roles=all")
        assert response.status_code == 303
        target = urlsplit(response.headers["location"])
        assert target.path == "/review/login"
        assert parse_qs(target.query)["next"] == ["/review?unit=SALES&roles=all"]
        form = client.get(response.headers["location"])
        assert form.status_code == 200
        assert '<label for="token">' in form.text
        assert 'name="next" value="/review?unit=SALES&amp;roles=all"' in form.text
        # the API itself answers 401, not a redirect
        assert (
            client.post("/graphql", json={"query": "{ nineBox { potential } }"}).status_code == 401
        )


async def test_login_sets_a_strict_httponly_cookie_and_logout_clears_it(
    db: Database, api: ApiClient
) -> None:
    await review_org().save(db)
    with browser(api) as client:
        response = client.post(
            "/review/login", data={"token": token(api, "hr"), "next": "/review?unit=SALES"}
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/review?unit=SALES"
        cookie = response.headers["set-cookie"].lower()
        assert cookie.startswith("talentgraph_token=")
        assert "httponly" in cookie
        assert "samesite=strict" in cookie
        assert "path=/" in cookie
        assert "max-age=" in cookie
        page = client.get("/review?unit=SALES")
        assert page.status_code == 200
        assert "Succession review: Sales" in page.text
        assert page.headers["cache-control"] == "no-store"
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]

        out = client.post("/review/logout")
        assert out.status_code == 303
        assert out.headers["location"] == "/review/login"
        assert "max-age=0" in out.headers["set-cookie"].lower()
        assert client.get("/review").status_code == 303


async def test_login_refuses_bad_tokens_and_roles_that_cannot_review(
    db: Database, api: ApiClient
) -> None:
    with browser(api) as client:
        bad = client.post("/review/login", data={"token": "not-a-token"})
        assert bad.status_code == 401
        assert "That token was not accepted" in bad.text
        assert "set-cookie" not in bad.headers
        employee = client.post("/review/login", data={"token": token(api, "employee")})
        assert employee.status_code == 403
        assert "cannot open succession reviews" in employee.text
        assert "set-cookie" not in employee.headers
        # an open redirect is not possible
        ok = client.post(
            "/review/login", data={"token": token(api, "hr"), "next": "https://evil.example/"}
        )
        assert ok.headers["location"] == "/review"


async def test_an_expired_cookie_goes_back_to_login_and_is_cleared(
    db: Database, api: ApiClient
) -> None:
    expired = api.as_user("hr@example.com", "hr", ttl_seconds=-3600).token
    assert expired
    with browser(api) as client:
        client.cookies.set("talentgraph_token", expired)
        response = client.get("/review")
        assert response.status_code == 303
        assert "reason=invalid" in response.headers["location"]
        assert "max-age=0" in response.headers["set-cookie"].lower()


@pytest.mark.parametrize("role", ["employee", "service"])
async def test_employees_and_services_get_a_403_page(
    db: Database, api: ApiClient, role: str
) -> None:
    await review_org().save(db)
    response = as_bearer(api, token(api, role, employee_id="eu2"), "/review")
    assert response.status_code == 403
    assert "<h1>Not allowed</h1>" in response.text
    assert "FORBIDDEN" in response.text
    person = as_bearer(api, token(api, role, employee_id="eu2"), "/review/people/eu2")
    assert person.status_code == 403


async def test_a_manager_sees_their_own_subtree_only(db: Database, api: ApiClient) -> None:
    await review_org().save(db)
    boss = token(api, "manager", employee_id="boss")
    own = as_bearer(api, boss, "/review")  # no unit: their own part of the organisation
    assert own.status_code == 200, own.text[own.text.find("<main") :][:600]
    assert "Succession review: Sales" in own.text
    assert set(card_roles(own.text)) == {"HEAD", "EU"}
    assert '<option value="OPS"' not in own.text  # the picker offers their units only
    assert '<option value="SALES_EU"' in own.text
    assert "Download CSV" not in own.text  # exports are for hr and admin
    below = as_bearer(api, boss, "/review?unit=SALES_EU")
    assert below.status_code == 200
    assert card_roles(below.text) == ["EU"]

    for other in ("OPS", "ROOT"):
        refused = as_bearer(api, boss, f"/review?unit={other}")
        assert refused.status_code == 403, other
        assert "outside" in refused.text
        assert "Head of Operations" not in refused.text
    ops = token(api, "manager", employee_id="ops1")
    assert as_bearer(api, ops, "/review?unit=SALES").status_code == 403
    assert card_roles(as_bearer(api, ops, "/review").text) == ["OPS"]

    # people: their reporting subtree, not someone else's
    assert as_bearer(api, boss, "/review/people/hid").status_code == 200
    assert as_bearer(api, boss, "/review/people/ops1").status_code == 403
    # a manager who holds no role has nothing to review
    assert as_bearer(api, token(api, "manager", employee_id="nobody"), "/review").status_code == 403


async def test_filters_unit_critical_and_changed_since(
    db: Database, hr_client: httpx.Client
) -> None:
    await review_org().save(db)
    everything = get(hr_client, "/review")
    assert everything.status_code == 200
    # highest key-person risk first: EU (eu1 MEDIUM/HIGH, bench 0.25: 0.3 × 1 × 0.75), OPS
    # (LOW/LOW, no bench: 0.1 × 1/3), HEAD (bench 1.5 covers it: 0)
    assert card_roles(everything.text) == ["EU", "OPS", "HEAD"]
    assert figure(everything.text, "critical-roles") == "3"
    assert sorted(card_roles(get(hr_client, "/review?roles=all").text)) == [
        "EU",
        "HEAD",
        "JUNIOR",
        "OPS",
    ]
    assert sorted(card_roles(get(hr_client, "/review?unit=SALES").text)) == ["EU", "HEAD"]
    assert card_roles(get(hr_client, "/review?unit=SALES_EU").text) == ["EU"]
    since = get(hr_client, "/review?since=2026-01-15")
    assert card_roles(since.text) == ["EU"]
    assert "Changes since 2026-01-15" in since.text
    assert "Otto Ops" in since.text  # who changed: ops1 nominated for EU on 2026-02-01
    assert card_roles(get(hr_client, "/review?since=2026-01-10").text) == ["EU", "HEAD"]


@pytest.mark.parametrize(
    ("query", "status", "text"),
    [
        ("since=yesterday", 400, "since must be a date"),
        ("roles=some", 400, "roles must be"),
        ("page=0", 400, "page must be"),
        ("unit=NOPE", 404, "no org unit with id"),
        ("page=2", 404, "only 1 pages"),
    ],
)
async def test_bad_filters_get_a_clear_error_page(
    db: Database, hr_client: httpx.Client, query: str, status: int, text: str
) -> None:
    await review_org().save(db)
    response = get(hr_client, f"/review?{query}")
    assert response.status_code == status
    assert text in response.text


async def test_everything_from_the_graph_is_escaped(db: Database, hr_client: httpx.Client) -> None:
    await review_org().save(db)
    html = get(hr_client, "/review?unit=SALES").text
    assert "<script>alert" not in html
    assert "Head of Sales &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in html
    assert "Hana &lt;Hidden&gt;" in html
    assert "Kestrel &amp; Vale" in html
    assert NASTY_TITLE not in html


async def test_at_most_fifty_cards_a_page_with_a_next_link(
    db: Database, hr_client: httpx.Client
) -> None:
    org = Org().unit("BIG", name="Big unit").skill("s")
    for i in range(CARDS_PER_PAGE + 3):
        org.role(f"R{i:03d}", "BIG", {"s": (1, 1)}, critical=True)
    await org.save(db)
    first = get(hr_client, "/review?unit=BIG")
    assert len(card_roles(first.text)) == CARDS_PER_PAGE
    assert 'href="/review?unit=BIG&amp;page=2" rel="next"' in first.text
    assert "Page 1 of 2" in first.text
    second = get(hr_client, "/review?unit=BIG&page=2")
    assert len(card_roles(second.text)) == 3
    assert 'rel="prev"' in second.text
    assert 'rel="next"' not in second.text
    assert set(card_roles(first.text)).isdisjoint(card_roles(second.text))


async def test_the_download_links_export_the_same_roles(
    db: Database, hr_client: httpx.Client
) -> None:
    await review_org().save(db)
    html = get(hr_client, "/review?unit=SALES&since=2026-01-01").text
    href = "/exports/readiness?format=csv&amp;orgUnitId=SALES&amp;since=2026-01-01T00%3A00%3A00Z"
    assert f'href="{href}"' in html
    assert "format=parquet" in html
    response = get(hr_client, href.replace("&amp;", "&"))  # with the login cookie, as a browser
    assert response.status_code == 200, response.text
    exported = {row["role_id"] for row in csv.DictReader(io.StringIO(response.text))}
    assert exported == set(card_roles(html)) == {"EU", "HEAD"}


async def test_person_page_shows_the_talent_map(db: Database, hr_client: httpx.Client) -> None:
    await review_org().save(db)
    response = get(hr_client, "/review/people/hid?back=/review%3Funit%3DSALES")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Hana &lt;Hidden&gt;</h1>" in html
    assert "Talent map" in html
    # hid holds JUNIOR (grade 1): the map keeps to grades 0 to 4, so EU (grade 3) is on it and
    # HEAD (grade 5), however well it fits, is not
    assert 'data-role-id="EU"' in html
    assert 'data-role-id="HEAD"' not in html
    assert 'href="/review?unit=SALES"' in html  # back to where they came from
    assert get(hr_client, "/review/people/nobody").status_code == 404


async def test_with_auth_off_the_page_needs_no_login(
    db: Database, neo4j_settings: Settings
) -> None:
    await review_org().save(db)
    with serve(neo4j_settings, auth=False) as local, browser(local) as client:
        response = client.get("/review?unit=SALES")
        assert response.status_code == 200
        assert "local-developer" in response.text
        assert "authentication off" in response.text
        assert "Sign out" not in response.text
        assert sorted(card_roles(response.text)) == ["EU", "HEAD"]
        login = client.get("/review/login")
        assert "no token is needed" in login.text
