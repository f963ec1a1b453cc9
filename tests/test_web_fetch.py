"""Fetching pages from a real server on 127.0.0.1: every outcome, the safety rules, the
bounds (bombs, endless and dripping bodies, loops), and the folding of quotes."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from dealtimeline.web.check import judge
from dealtimeline.web.fetch import USER_AGENT, Fetched, Settings, client, fetch
from dealtimeline.web.safety import Guard, Refused, refusal
from dealtimeline.web.text import closest_passage, visible_text
from tests.web_server import LATIN, QUOTE, SECOND, Site, serving

ADMITTED = Guard.of(["127.0.0.1"])
QUICK = Settings(timeout=2.0)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serving(bomb=True) as running:
        yield running


def get(site: Site, path: str, guard: Guard = ADMITTED, settings: Settings = QUICK) -> Fetched:
    with client(guard) as session:
        return fetch(session, guard, site.base + path, settings)


def test_a_quote_split_across_elements_and_retypeset_is_found(site: Site) -> None:
    fetched = get(site, "/quote")
    assert fetched.kind == "page"
    assert "var QUOTE" not in (fetched.text or "") and "color: red" not in (fetched.text or "")
    verdict = judge("s", site.base + "/quote", fetched, [("e1", QUOTE), ("e2", SECOND)])
    assert (verdict.verdict, verdict.detail) == ("ok", "2 of 2 quotes found")
    assert site.headers["/quote"]["User-Agent"] == USER_AGENT
    assert site.headers["/quote"]["Accept-Encoding"] == "gzip, deflate, br"


def test_a_changed_page_gives_the_closest_passage(site: Site) -> None:
    fetched = get(site, "/changed")
    verdict = judge("s", site.base + "/changed", fetched, [("e1", QUOTE)])
    assert verdict.verdict == "quote missing"
    assert verdict.quotes[0].closest == "Microsoft will become our preferred cloud provider,"
    assert verdict.quotes[0].similarity == 0.85
    assert verdict.detail.startswith("1 of 1 quotes not on the page; closest to")


@pytest.mark.parametrize(
    ("status", "reason"),
    [(404, "HTTP 404 Not Found"), (410, "HTTP 410 Gone"), (500, "HTTP 500 Internal Server Error")],
)
def test_an_error_status_is_dead_with_its_reason(site: Site, status: int, reason: str) -> None:
    fetched = get(site, f"/status/{status}")
    assert (fetched.kind, fetched.reason, fetched.status) == ("dead", reason, status)


def test_a_chain_of_301s_is_followed_and_moved(site: Site) -> None:
    fetched = get(site, "/chain/1")
    assert (fetched.kind, fetched.final_url) == ("page", site.base + "/quote")
    verdict = judge("s", site.base + "/chain/1", fetched, [("e1", QUOTE)])
    assert (verdict.verdict, verdict.detail) == ("moved", f"now at {site.base}/quote")


def test_more_redirects_than_allowed_is_dead(site: Site) -> None:
    fetched = get(site, "/chain/1", settings=Settings(timeout=2, redirects=2))
    assert (fetched.kind, fetched.reason) == ("dead", "more than 2 redirects")


def test_a_redirect_loop_ends(site: Site) -> None:
    fetched = get(site, "/loop/a")
    loop = f"{site.base}/loop/a -> {site.base}/loop/b -> {site.base}/loop/a"
    assert (fetched.kind, fetched.reason) == ("dead", f"a redirect loop: {loop}")


def test_a_redirect_from_an_admitted_host_to_a_private_address_is_refused(site: Site) -> None:
    fetched = get(site, "/private")
    assert fetched.kind == "refused"
    assert fetched.reason == (
        "127.0.0.2 is a loopback address; give --allow-host 127.0.0.2 to admit it"
    )


def test_a_host_not_admitted_is_refused_before_any_request(site: Site) -> None:
    before = dict(site.hits)
    fetched = get(site, "/quote", guard=Guard())
    assert fetched.kind == "refused"
    assert site.hits == before


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only http and https addresses are fetched, not file"),
        ("ftp://127.0.0.1/x", "only http and https addresses are fetched, not ftp"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local"),
        ("http://10.0.0.1/", "10.0.0.1 is a private address"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1 is a loopback"),
        ("http://localhost/", "localhost (127.0.0.1) is a loopback address"),
        ("http://0.0.0.0/", "0.0.0.0 is a private address"),
    ],
)
def test_internal_addresses_and_other_schemes_are_refused(url: str, reason: str) -> None:
    with client(Guard()) as session:
        fetched = fetch(session, Guard(), url, QUICK)
    assert fetched.kind == "refused"
    assert fetched.reason.startswith(reason)


def test_public_addresses_pass_the_rule() -> None:
    import ipaddress

    assert refusal(ipaddress.ip_address("93.184.216.34")) is None
    assert refusal(ipaddress.ip_address("100.64.0.1")) is not None
    with pytest.raises(Refused):
        Guard().check_url("http", "127.0.0.1")


def test_429_is_tried_again_after_its_retry_after(site: Site) -> None:
    start = time.monotonic()
    fetched = get(site, "/busy", settings=Settings(timeout=5))
    assert fetched.kind == "page"
    assert site.hits["/busy"] == 2
    assert 0.9 < time.monotonic() - start < 3


def test_a_slow_drip_ends_at_the_deadline(site: Site) -> None:
    start = time.monotonic()
    fetched = get(site, "/drip", settings=Settings(timeout=1))
    assert (fetched.kind, fetched.reason) == ("dead", "timeout: the page took over 1 s")
    assert time.monotonic() - start < 2


def test_a_50_mb_body_stops_at_the_limit(site: Site) -> None:
    fetched = get(site, "/huge")
    assert (fetched.kind, fetched.reason) == ("dead", "the page is over the limit of 10 MB")


def test_a_gzip_bomb_stops_at_the_limit(site: Site) -> None:
    fetched = get(site, "/bomb")
    assert (fetched.kind, fetched.reason) == ("dead", "the page is over the limit of 10 MB")


@pytest.mark.parametrize("path", ["/gzip", "/brotli"])
def test_compressed_pages_are_decoded(site: Site, path: str) -> None:
    fetched = get(site, path)
    assert QUOTE in (fetched.text or "")


def test_a_latin_1_page_is_read_in_its_charset(site: Site) -> None:
    assert (get(site, "/latin").text or "") == LATIN + "."


def test_a_pdf_is_not_a_page(site: Site) -> None:
    fetched = get(site, "/pdf")
    assert (fetched.kind, fetched.reason) == ("not a page", "application/pdf")
    assert judge("s", "u", fetched, []).verdict == "not a page"


def test_visible_text_drops_scripts_and_keeps_blocks_apart() -> None:
    html = "<title>T</title><script>x()</script><p>a<b>b</b></p><p>c</p><template>t</template>"
    assert visible_text(html) == "T ab c"


def test_the_closest_passage_of_a_quote_absent_from_an_empty_page() -> None:
    assert closest_passage("anything", "") is None
