"""Issue 19: the challenges' open data (api/challenges.json and its schema), their Atom
feed at /defis/feed.xml and their share cards, for the pinned today (2026-11-26).

Expected states and entries are computed from the challenge files with plain YAML, not
with the code under test.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from pathlib import Path

import feedparser
import jsonschema
import pytest
import yaml
from PIL import Image
from startupdir.content.jsonschema import challenge_schema
from startupdir.content.validate import load_directory
from startupdir.images.images import ImagePipeline
from startupdir.site import urls
from startupdir.site.challenge_feed import atom
from startupdir.site.exports import (
    CHALLENGE_EXTRA_FIELDS,
    CHALLENGE_SCHEMA_JSON,
    CHALLENGES_JSON,
    FILES,
    export_files,
    exports_page_html,
)
from startupdir.site.i18n import catalogue
from startupdir.site.views import Site, Views

SITE = "https://annuaire.example/"
TODAY = dt.date(2026, 11, 26)
SCHEMA = challenge_schema()


def raw_challenges(root: Path) -> dict[str, dict]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((root / "challenges").glob("*.yml"))
    }


def expected_state(raw: dict, day: dt.date = TODAY) -> str:
    if day < raw["opens"]:
        return "upcoming"
    return "open" if day <= raw["deadline"] else "closed"


def without_nulls(value):
    """A record as a file would write it: no null, no empty list, no empty object."""
    if isinstance(value, dict):
        kept = {k: without_nulls(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


@pytest.fixture(scope="module")
def raw(repo_root) -> dict[str, dict]:
    return raw_challenges(repo_root)


@pytest.fixture(scope="module")
def directory(repo_root, when):
    directory, report = load_directory(repo_root, when=when)
    assert directory is not None, [p.as_text() for p in report.sorted()[:5]]
    return directory


@pytest.fixture(scope="module")
def files(directory) -> dict[str, bytes]:
    return export_files(directory, SITE, day=TODAY)


@pytest.fixture(scope="module")
def exported(files) -> dict:
    return json.loads(files[CHALLENGES_JSON])


# ---------------------------------------------------------------------------
# api/challenges.json and api/challenge.schema.json


def test_every_challenge_with_its_state_on_the_build_day(exported, raw):
    assert exported["count"] == len(raw) == 4
    assert exported["licence"] == "CC-BY-4.0"
    assert exported["schema"] == "challenge.schema.json"
    assert exported["date"] == "2026-11-26"
    states = {c["slug"]: c["state"] for c in exported["challenges"]}
    assert states == {slug: expected_state(r) for slug, r in raw.items()}
    assert sorted(states.values()) == ["closed", "open", "open", "upcoming"]
    assert [c["slug"] for c in exported["challenges"]] == sorted(raw)


def test_every_validated_field_then_labels_and_address(exported, raw, directory):
    tx = directory.taxonomy
    for record in exported["challenges"]:
        slug, source = record["slug"], raw[record["slug"]]
        expected_keys = {*SCHEMA["properties"], "slug", *CHALLENGE_EXTRA_FIELDS}
        assert set(record) == expected_keys, slug
        for name, value in source.items():  # every field of the file, as written
            if isinstance(value, dt.date):
                value = value.isoformat()
            if isinstance(value, dict) and isinstance(record[name], dict):
                assert without_nulls(record[name]) == value, (slug, name)
            else:
                assert record[name] == value, (slug, name)
        assert record["url"] == f"{SITE}defis/{slug}/"
        assert record["sector_labels"] == [tx.label("sectors", s) for s in source["sectors"]]
        assert record["need_labels"] == [tx.label("needs", n) for n in source.get("needs", [])]
        assert record["stage_labels"] == [tx.label("stages", s) for s in source.get("stages", [])]
        assert record["city_labels"] == [tx.label("cities", c) for c in source.get("cities", [])]
        program = source.get("program")
        assert record["program_label"] == (tx.label("programs", program) if program else None)
        fr = catalogue("fr")
        assert record["format_label"] == fr.t(f"challenge.format.{source['format']}")
        assert record["state_label"] == fr.t(f"challenges_data.state.{record['state']}")
    closed = next(c for c in exported["challenges"] if c["state"] == "closed")
    assert closed["state_label"] == "clos" and closed["format_label"] == "Prix"


def test_records_validate_against_the_published_schema(exported, files):
    published = json.loads(files[CHALLENGE_SCHEMA_JSON])
    assert published == SCHEMA
    validator = jsonschema.Draft202012Validator(published)
    for record in exported["challenges"]:
        fields = {k: v for k, v in record.items() if k in published["properties"]}
        errors = [e.message for e in validator.iter_errors(without_nulls(fields))]
        assert errors == [], (record["slug"], errors)


def test_the_schema_is_published_as_the_profile_schema_is(files, repo_root):
    assert FILES[-2:] == (CHALLENGES_JSON, CHALLENGE_SCHEMA_JSON)
    assert CHALLENGES_JSON == "api/challenges.json" == urls.CHALLENGES_API
    assert files[CHALLENGE_SCHEMA_JSON] == (repo_root / "schema/challenge.schema.json").read_bytes()


def test_states_follow_the_day(directory, raw):
    later = json.loads(export_files(directory, SITE, day=dt.date(2027, 3, 1))[CHALLENGES_JSON])
    assert {c["slug"]: c["state"] for c in later["challenges"]} == {
        slug: expected_state(r, dt.date(2027, 3, 1)) for slug, r in raw.items()
    }
    assert {c["state"] for c in later["challenges"]} == {"closed"}


def test_deterministic_and_the_default_day_is_the_pinned_today(directory, files):
    assert export_files(directory, SITE, day=TODAY) == files
    assert export_files(directory, SITE) == files  # content.clock: STARTUPDIR_TODAY


def test_data_page_lists_the_challenge_files(directory):
    views = Views(directory.taxonomy, directory.startups, Site(identity=directory.identity))
    french = exports_page_html(views, TODAY)
    english = exports_page_html(views.edition("en"), TODAY)
    for page, lang in ((french, "fr"), (english, "en")):
        tr = catalogue(lang)
        assert 'api/challenges.json"' in page
        assert "<code>api/challenge.schema.json</code>" in page
        assert tr.html("data.files.challenges_json") in page
        assert tr.html("data.files.challenge_schema_json") in page


# ---------------------------------------------------------------------------
# The feed of new challenges


@pytest.fixture(scope="module")
def feed_bytes(directory) -> bytes:
    return atom(directory.challenges, TODAY, SITE, directory.identity)


def test_feed_lists_the_opened_challenges_newest_first(feed_bytes, raw):
    feed = feedparser.parse(feed_bytes)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Défis d'open innovation"
    opened = [s for s, r in raw.items() if expected_state(r) != "upcoming"]
    opened.sort(key=lambda s: raw[s]["opens"], reverse=True)
    assert len(opened) == 3
    assert [e.link for e in feed.entries] == [f"{SITE}defis/{s}/" for s in opened]
    for entry, slug in zip(feed.entries, opened, strict=True):
        source = raw[slug]
        assert entry.id == entry.link
        assert entry.title == source["title"]["fr"]
        assert source["summary"]["fr"] in entry.summary
        assert source["company"]["name"] in entry.summary
        assert entry.author == source["company"]["name"]
        assert entry.published.startswith(source["opens"].isoformat())
        assert [t.term for t in entry.tags] == source["sectors"]
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"alternate": f"{SITE}defis/", "self": f"{SITE}defis/feed.xml"}


def test_the_english_feed_has_the_english_texts_and_pages(directory, raw):
    feed = feedparser.parse(atom(directory.challenges, TODAY, SITE, directory.identity, "en"))
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Open-innovation challenges"
    assert feed.feed.language == "en"
    opened = [s for s, r in raw.items() if expected_state(r) != "upcoming"]
    opened.sort(key=lambda s: raw[s]["opens"], reverse=True)
    assert [e.link for e in feed.entries] == [f"{SITE}en/challenges/{s}/" for s in opened]
    for entry, slug in zip(feed.entries, opened, strict=True):
        title, summary = raw[slug]["title"], raw[slug]["summary"]
        assert entry.title == title.get("en", title["fr"])
        assert summary.get("en", summary["fr"]) in entry.summary
        assert "applications until" in entry.summary
    assert any("en" in raw[s]["title"] for s in opened)  # the sample has English titles
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {
        "alternate": f"{SITE}en/challenges/",
        "self": f"{SITE}en/challenges/feed.xml",
    }


def test_feed_is_byte_identical_and_follows_the_day(directory, feed_bytes):
    assert atom(directory.challenges, TODAY, SITE, directory.identity) == feed_bytes
    later = feedparser.parse(atom(directory.challenges, dt.date(2027, 3, 1), SITE))
    assert len(later.entries) == 4
    assert feedparser.parse(atom((), TODAY, SITE)).entries == []


# ---------------------------------------------------------------------------
# Share cards


def test_challenge_share_card(tmp_path):
    pipeline = ImagePipeline(tmp_path)
    card = pipeline.share_card_challenge(
        "Maintenance prédictive des lignes de production " * 3,
        "Atlas Industries (exemple fictif)",
        "Date limite : 15 janvier 2027",
        "Annuaire des startups",
        "#1d4ed8",
    )
    assert card.url.startswith("assets/img/og/") and (card.width, card.height) == (1200, 630)
    again = ImagePipeline(tmp_path).share_card_challenge(
        "Maintenance prédictive des lignes de production " * 3,
        "Atlas Industries (exemple fictif)",
        "Date limite : 15 janvier 2027",
        "Annuaire des startups",
        "#1d4ed8",
    )
    assert again.url == card.url
    other = pipeline.share_card_challenge(
        "Autre défi", "Atlas Industries", "Date limite : 15 janvier 2027", "Annuaire", "#1d4ed8"
    )
    assert other.url != card.url


# ---------------------------------------------------------------------------
# The built site


def og_image(site: Path, url: str) -> str:
    """The share card a built page gives, as a path in the site."""
    page = (site / url / "index.html").read_text("utf-8")
    image = re.search(r'<meta property="og:image" content="([^"]+)"', page)
    assert image is not None, url
    assert image.group(1).startswith(SITE), (url, image.group(1))
    return image.group(1).removeprefix(SITE)


def test_built_site_publishes_the_files_and_the_feeds(built_site, directory, files):
    for path in (CHALLENGES_JSON, CHALLENGE_SCHEMA_JSON):
        assert (built_site / path).read_bytes() == files[path], path
    for lang in ("fr", "en"):
        built = (built_site / urls.challenges_feed(lang)).read_bytes()
        assert built == atom(directory.challenges, TODAY, SITE, directory.identity, lang)
        sitemap = built_site / urls.challenges_sitemap(lang)
        assert "<urlset" in sitemap.read_text(encoding="utf-8")
    home = (built_site / "index.html").read_text(encoding="utf-8")
    feed_link = re.search(
        r'<link rel="alternate" type="application/atom\+xml"[^>]*defis/feed', home
    )
    assert feed_link is not None


def test_each_challenge_page_has_its_own_share_card(built_site, raw):
    """A page without a card of its own would show its edition's default card (the home
    page's): each challenge page, in each edition, shows a 1200 × 630 card of its own."""
    cards = {}
    for lang in ("fr", "en"):
        default = og_image(built_site, urls.home(lang))
        for slug in raw:
            card = cards[slug, lang] = og_image(built_site, urls.challenge(slug, lang))
            assert card.startswith("assets/img/og/") and card != default, (slug, lang)
            with Image.open(built_site / card, formats=["PNG"]) as image:
                assert image.size == (1200, 630), card
    assert len(cards) == 8 and len(set(cards.values())) == 8  # one per challenge and edition


def test_the_challenge_lists_advertise_the_feed_of_their_edition(built_site):
    for url, lang in ((urls.challenges("fr"), "fr"), (urls.challenges("en"), "en"), ("en/", "en")):
        page = (built_site / url / "index.html").read_text("utf-8")
        hrefs = re.findall(
            r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', page
        )
        feeds = {posixpath.normpath(posixpath.join(url, href)) for href in hrefs}
        assert urls.challenges_feed(lang) in feeds, url
        other = urls.challenges_feed("en" if lang == "fr" else "fr")
        assert other not in feeds, url
