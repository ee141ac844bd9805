"""The Atom feed, read back by a real feed parser (feedparser), and the lists that feed the
home page: latest posts and upcoming events for a fixed "today".

Expected entries are computed from the post files with plain YAML, not with the code
under test.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import feedparser
import pytest
import yaml
from startupdir.content.posts import AUTHORS_FILE, Event, Post, PostMeta
from startupdir.site import news
from startupdir.site.atom_feed import FEED_SIZE
from startupdir.site.feed import FEED_TITLE, atom

ROOT = Path(__file__).resolve().parents[2]
POSTS = ROOT / "content" / "actualites" / "posts"
TODAY = dt.date(2026, 11, 26)
# mkdocs.yml: site_url: !ENV [SITE_URL, "https://annuaire.example/"]
SITE_URL = os.environ.get("SITE_URL") or "https://annuaire.example/"
BASE = SITE_URL.rstrip("/") + "/"


def raw_posts() -> list[dict]:
    """Every post file read with plain YAML: stem, front matter and `# ` title."""
    out = []
    for path in sorted(POSTS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        title = re.search(r"^# (.+)$", body, re.M).group(1).strip()
        out.append({"stem": path.stem, "title": title, **meta})
    return out


def published(posts: list[dict], today: dt.date = TODAY) -> list[dict]:
    """Published posts, newest first: not drafts, not dated after today."""
    kept = [p for p in posts if not p.get("draft") and p["date"] <= today]
    return sorted(kept, key=lambda p: (p["date"], p["stem"]), reverse=True)


@pytest.fixture(scope="module")
def feed(built_site: Path):
    return feedparser.parse((built_site / "actualites" / "feed.xml").read_bytes())


@pytest.fixture(scope="module")
def expected() -> list[dict]:
    return published(raw_posts())


# ---------------------------------------------------------------------------
# The built feed


def test_feed_is_well_formed_atom(feed):
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == FEED_TITLE
    assert feed.feed.language == "fr"


def test_feed_links_to_the_news_and_to_itself(feed):
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"alternate": BASE + "actualites/", "self": BASE + "actualites/feed.xml"}
    assert feed.feed.id == BASE + "actualites/"


def test_feed_entries_are_the_published_posts_newest_first(feed, expected):
    assert len(expected) >= 3
    assert [e.title for e in feed.entries] == [p["title"] for p in expected]


def test_feed_entries_link_absolutely_to_their_pages(feed, expected, built_site):
    for entry, post in zip(feed.entries, expected, strict=True):
        url = BASE + f"actualites/{post['stem']}/"
        assert entry.link == url
        assert entry.id == url
        assert (built_site / "actualites" / post["stem"] / "index.html").is_file()


def test_feed_entries_carry_summary_dates_authors_and_categories(feed, expected):
    for entry, post in zip(feed.entries, expected, strict=True):
        assert entry.summary == post["description"]
        assert tuple(entry.published_parsed[:3]) == post["date"].timetuple()[:3]
        assert tuple(entry.updated_parsed[:3]) == post["date"].timetuple()[:3]
        assert [t.term for t in entry.tags] == post["categories"]
        assert entry.author == "Équipe de l'annuaire"
    newest = expected[0]["date"].timetuple()[:3]
    assert tuple(feed.feed.updated_parsed[:3]) == newest


def test_feed_has_no_draft_and_no_future_post(feed):
    unpublished = [p for p in raw_posts() if p.get("draft") or p["date"] > TODAY]
    assert unpublished, "the sample content should hold a draft"
    links = {e.link for e in feed.entries}
    titles = {e.title for e in feed.entries}
    for post in unpublished:
        assert BASE + f"actualites/{post['stem']}/" not in links
        assert post["title"] not in titles


# ---------------------------------------------------------------------------
# startupdir.site.feed.atom on synthetic posts


def make_post(
    stem_date: str,
    slug: str,
    title: str | None = None,
    *,
    draft: bool | None = None,
    event: Event | None = None,
    categories=("Partenariat",),
    description: str = "Résumé.",
) -> Post:
    day = dt.date.fromisoformat(stem_date)
    stem = f"{stem_date}-{slug}"
    meta = PostMeta(
        date=day,
        authors=("equipe",),
        categories=tuple(categories),
        description=description,
        draft=draft,
        event=event,
    )
    return Post(stem, f"content/actualites/posts/{stem}.md", title or f"Titre {slug}", meta)


def newest_first(posts: list[Post]) -> list[Post]:
    """The order startupdir.content.posts.load_posts returns."""
    return sorted(posts, key=lambda p: (p.date, p.stem), reverse=True)


@pytest.fixture
def mixed_posts() -> list[Post]:
    return newest_first(
        [
            make_post(
                "2026-05-01", "ancienne", "R&D <labo> « test »", description='Un "résumé" & plus'
            ),
            make_post("2026-11-01", "publiee"),
            make_post("2026-11-26", "du-jour"),
            make_post("2026-11-10", "brouillon", draft=True),
            make_post("2026-11-27", "demain"),
            make_post("2099-01-01", "lointaine"),
        ]
    )


def test_atom_of_visible_posts_leaves_out_drafts_and_future_posts(mixed_posts):
    data = atom(news.visible(mixed_posts, TODAY), "https://exemple.example/")
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    assert [e.link for e in parsed.entries] == [
        "https://exemple.example/actualites/2026-11-26-du-jour/",
        "https://exemple.example/actualites/2026-11-01-publiee/",
        "https://exemple.example/actualites/2026-05-01-ancienne/",
    ]


def test_atom_escapes_titles_and_summaries(mixed_posts):
    parsed = feedparser.parse(atom(news.visible(mixed_posts, TODAY), "https://exemple.example/"))
    oldest = parsed.entries[-1]
    assert oldest.title == "R&D <labo> « test »"
    assert oldest.summary == 'Un "résumé" & plus'


def test_atom_is_byte_identical_on_two_calls(mixed_posts):
    visible = news.visible(mixed_posts, TODAY)
    first = atom(visible, "https://exemple.example/")
    assert first == atom(list(visible), "https://exemple.example/")
    assert first.startswith(b"<?xml")


def test_atom_uses_the_site_url_with_or_without_a_trailing_slash(mixed_posts):
    visible = news.visible(mixed_posts, TODAY)
    a = atom(visible, "https://exemple.example/annuaire")
    assert a == atom(visible, "https://exemple.example/annuaire/")
    parsed = feedparser.parse(a)
    assert (
        parsed.entries[0].link == "https://exemple.example/annuaire/actualites/2026-11-26-du-jour/"
    )
    assert {link.rel: link.href for link in parsed.feed.links}["self"] == (
        "https://exemple.example/annuaire/actualites/feed.xml"
    )


def test_atom_names_authors_from_the_authors_file(mixed_posts):
    parsed = feedparser.parse(atom(mixed_posts[:1], "https://e.example/", {"equipe": "L'équipe"}))
    assert parsed.entries[0].author == "L'équipe"
    parsed = feedparser.parse(atom(mixed_posts[:1], "https://e.example/"))
    assert parsed.entries[0].author == "equipe"


def test_atom_keeps_the_latest_posts_only():
    posts = newest_first([make_post(f"2026-01-{day:02d}", f"p{day}") for day in range(1, 31)])
    parsed = feedparser.parse(atom(posts, "https://e.example/"))
    assert len(parsed.entries) == FEED_SIZE
    assert [e.title for e in parsed.entries] == [p.title for p in posts[:FEED_SIZE]]


def test_atom_without_posts_is_still_a_valid_feed():
    parsed = feedparser.parse(atom([], "https://e.example/"))
    assert not parsed.bozo
    assert parsed.version == "atom10"
    assert parsed.entries == []


# ---------------------------------------------------------------------------
# Latest posts and upcoming events for a fixed today


def event(start: str, end: str | None = None, city: str | None = "casablanca") -> Event:
    return Event(
        start=dt.date.fromisoformat(start),
        end=dt.date.fromisoformat(end) if end else None,
        city=city,
    )


@pytest.fixture
def event_posts() -> list[Post]:
    return newest_first(
        [
            make_post("2026-04-15", "passe", event=event("2026-05-20")),
            make_post("2026-10-01", "fini-hier", event=event("2026-11-20", "2026-11-25")),
            make_post("2026-10-02", "en-cours", event=event("2026-11-25", "2026-11-27")),
            make_post("2026-10-03", "aujourd-hui", event=event("2026-11-26", city=None)),
            make_post("2026-10-04", "lointain", event=event("2027-03-01")),
            make_post("2026-10-05", "decembre", event=event("2026-12-10", "2026-12-11")),
            make_post("2026-10-06", "sans-evenement"),
            make_post("2026-10-07", "brouillon", draft=True, event=event("2026-12-01")),
            make_post("2026-11-30", "programme", event=event("2026-12-02")),
        ]
    )


def titles(items) -> list[str]:
    return [item["title"] if isinstance(item, dict) else item.title for item in items]


def test_upcoming_events_soonest_first_past_ones_dropped(event_posts, taxonomy):
    events = news.upcoming_events(event_posts, TODAY, taxonomy)
    assert titles(events) == [
        "Titre en-cours",  # started yesterday, ends tomorrow
        "Titre aujourd-hui",  # today still counts
        "Titre decembre",
        "Titre lointain",
    ]


def test_upcoming_event_views(event_posts, taxonomy):
    events = {e["title"]: e for e in news.upcoming_events(event_posts, TODAY, taxonomy)}
    december = events["Titre decembre"]
    assert december["when"] == "du 10 au 11 décembre 2026"
    assert december["city"] == "Casablanca"
    assert december["url"] == "actualites/2026-10-05-decembre/"
    assert events["Titre aujourd-hui"]["city"] == ""


def test_multi_day_event_stays_until_its_end_date(taxonomy):
    post = make_post("2026-10-01", "salon", event=event("2026-12-10", "2026-12-12"))
    for day, listed in (
        ("2026-12-09", True),
        ("2026-12-10", True),
        ("2026-12-12", True),
        ("2026-12-13", False),
    ):
        events = news.upcoming_events([post], dt.date.fromisoformat(day), taxonomy)
        assert bool(events) is listed, day


def test_drafts_and_scheduled_posts_have_no_upcoming_event(event_posts, taxonomy):
    events = titles(news.upcoming_events(event_posts, TODAY, taxonomy))
    assert "Titre brouillon" not in events
    assert "Titre programme" not in events
    with_drafts = titles(news.upcoming_events(event_posts, TODAY, taxonomy, include_drafts=True))
    assert with_drafts[:2] == ["Titre en-cours", "Titre aujourd-hui"]
    assert "Titre brouillon" in with_drafts
    assert "Titre programme" in with_drafts


def test_latest_three_published_posts_newest_first(event_posts):
    latest = news.latest(event_posts, TODAY)
    assert titles(latest) == ["Titre sans-evenement", "Titre decembre", "Titre lointain"]
    assert latest[0].url == "actualites/2026-10-06-sans-evenement/"
    assert latest[0].date == "6 octobre 2026"
    assert latest[0].description == "Résumé."


def test_a_past_event_keeps_its_post(event_posts):
    every = titles(news.latest(event_posts, TODAY, count=100))
    assert "Titre passe" in every
    assert "Titre fini-hier" in every
    assert "Titre brouillon" not in every
    assert "Titre programme" not in every


def test_latest_under_serve_includes_drafts_and_scheduled_posts(event_posts):
    latest = news.latest(event_posts, TODAY, include_drafts=True)
    assert titles(latest) == ["Titre programme", "Titre brouillon", "Titre sans-evenement"]


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        ("2026-12-10", None, "10 décembre 2026"),
        ("2026-12-10", "2026-12-10", "10 décembre 2026"),
        ("2026-12-10", "2026-12-11", "du 10 au 11 décembre 2026"),
        ("2026-04-30", "2026-05-02", "du 30 avril au 2 mai 2026"),
        ("2026-12-30", "2027-01-02", "du 30 décembre 2026 au 2 janvier 2027"),
    ],
)
def test_event_dates(start, end, text):
    start_date = dt.date.fromisoformat(start)
    end_date = dt.date.fromisoformat(end) if end else None
    assert news.event_dates(start_date, end_date) == text


def test_feed_authors_come_from_the_validated_authors_file(repo_root, feed):
    """The names are read from content/actualites/.authors.yml by the validator, not from
    Material's blog plugin."""
    from startupdir.content.validate import load_directory

    authors = yaml.safe_load((repo_root / AUTHORS_FILE).read_text(encoding="utf-8"))
    names = {key: value["name"] for key, value in authors["authors"].items()}
    directory, report = load_directory(repo_root)
    assert report.ok and directory.posts
    assert directory.authors == {k: names[k] for p in directory.posts for k in p.meta.authors}
    for post in directory.posts:
        assert post.author_names == tuple(names[k] for k in post.meta.authors)
    assert {a.name for entry in feed.entries for a in entry.authors} <= set(names.values())
    assert any(entry.authors for entry in feed.entries)
