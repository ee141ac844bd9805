"""The news section in a real browser (Debian's Chromium through Playwright), on the
sample site served from 127.0.0.1: the news page opens, a post opens from it, and the
post leads to the startup it names. No console error, no request leaves 127.0.0.1.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

FINANCING_TITLE = "Journées du financement : rencontrer les investisseurs du réseau"
FINANCING_URL = "actualites/2026-10-20-journees-du-financement/"


# Every page is left only once it is idle, so that no request is cut short by the click.


def outside_requests(record) -> list[str]:
    """Requests to anything but the local test server (data: and blob: stay in the page)."""
    return [
        url
        for url in record.requests
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"
    ]


def test_news_page_opens_a_post_that_links_to_its_startup(recorded_page, site_server):
    page = recorded_page.page
    page.goto(site_server + "actualites/", wait_until="networkidle")
    assert page.locator("h1").first.inner_text().strip() == "Actualités"

    page.locator("article").get_by_role("link", name=FINANCING_TITLE).first.click()
    page.wait_for_url(site_server + FINANCING_URL, wait_until="networkidle")
    assert page.locator("h1").first.inner_text().strip() == FINANCING_TITLE
    event = page.locator("aside.sd-event")
    assert "du 10 au 11 décembre 2026" in event.inner_text()

    page.locator("aside.sd-post-links").get_by_role("link", name="Atlas Pay", exact=True).click()
    page.wait_for_url(site_server + "startups/atlas-pay/", wait_until="networkidle")
    assert page.locator("h1").first.inner_text().strip() == "Atlas Pay"
    news = page.get_by_role("heading", name="Dans l'actualité", exact=True)
    assert news.is_visible()

    assert recorded_page.problems == []
    assert outside_requests(recorded_page) == []


def test_link_in_the_post_text_reaches_the_startup_too(recorded_page, site_server):
    page = recorded_page.page
    page.goto(site_server + FINANCING_URL, wait_until="networkidle")
    body_link = page.locator("article, .md-content").get_by_role("link", name="Sahara Solar")
    body_link.last.click()
    page.wait_for_url(
        re.compile(re.escape(site_server) + r"startups/sahara-solar/(#.*)?$"),
        wait_until="networkidle",
    )
    assert page.locator("h1").first.inner_text().strip() == "Sahara Solar"
    assert recorded_page.problems == []
    assert outside_requests(recorded_page) == []


def test_home_page_leads_to_the_upcoming_event(recorded_page, site_server):
    page = recorded_page.page
    page.goto(site_server, wait_until="networkidle")
    events = page.locator("section.sd-home-news__events")
    assert "du 10 au 11 décembre 2026" in events.inner_text()
    events.get_by_role("link", name=FINANCING_TITLE).click()
    page.wait_for_url(site_server + FINANCING_URL, wait_until="networkidle")
    assert recorded_page.problems == []
    assert outside_requests(recorded_page) == []
