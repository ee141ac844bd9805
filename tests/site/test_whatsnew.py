"""What is new (issue 15): /nouveautes/, the home page's block of latest additions and the
Atom feed of new startups, built from a test repository with a known history.

Expected lists are computed from the profiles read as plain YAML and from the dates the
test gave its commits, not with the code under test.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import posixpath
import re
import subprocess
from pathlib import Path

import feedparser
import pytest
import yaml
from startupdir.site import history

SITE_URL = os.environ.get("SITE_URL") or "https://annuaire.example/"
BASE = SITE_URL.rstrip("/") + "/"
LOGGER = "mkdocs.plugins.startupdir"
MESSAGE = "Historique git indisponible"

# The repository's history: every other profile in the first commit, then these.
FIRST = "2025-06-01T10:00:00+00:00"
LATER = [
    # 00:30 in Casablanca (+01:00) is still the day before in UTC: the committer's day counts.
    ("2026-03-03T00:30:00+01:00", ["argania-lab"]),
    ("2026-11-22T18:00:00+00:00", ["darija-ai", "chifra-labs"]),
]
LATER_SLUGS = {slug for _, slugs in LATER for slug in slugs}
ADDED = {"argania-lab": dt.date(2026, 3, 3)} | dict.fromkeys(
    ("darija-ai", "chifra-labs"), dt.date(2026, 11, 22)
)
FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre")  # fmt: skip


def french(day: dt.date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {FRENCH_MONTHS[day.month - 1]} {day.year}"


def git(root: Path, *args: str, date: str = FIRST) -> str:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(root),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Équipe",
        "GIT_AUTHOR_EMAIL": "equipe@annuaire.example",
        "GIT_COMMITTER_NAME": "Équipe",
        "GIT_COMMITTER_EMAIL": "equipe@annuaire.example",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    return subprocess.run(
        ["git", "-C", str(root), *args], env=env, check=True, capture_output=True, text=True
    ).stdout


def make_history(root: Path) -> None:
    """Commit the copy: every profile but LATER's first, then LATER's at their dates."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "--", *[p for p in os.listdir(root) if p != "startups"])
    for path in sorted((root / "startups").iterdir()):
        if path.stem not in LATER_SLUGS:
            git(root, "add", "--", str(path.relative_to(root)))
    git(root, "commit", "-q", "-m", "Premier import")
    for date, slugs in LATER:
        for slug in slugs:
            git(root, "add", "--", f"startups/{slug}.yml")
        git(root, "commit", "-q", "-m", "Nouvelles startups", date=date)
    assert not git(root, "status", "--porcelain")


def raw_profiles(root: Path) -> dict[str, dict]:
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((root / "startups").glob("*.yml"))
    }


def expected_changes(raw: dict[str, dict], added: dict[str, dt.date]) -> list[tuple]:
    """(slug, date, label) newest first, ties by slug: an update when `updated` is later."""
    rows = []
    for slug, profile in raw.items():
        if profile.get("status") == "closed":
            continue
        updated = profile["updated"]
        day = added.get(slug, updated)
        if updated > day:
            rows.append((slug, updated, f"Mise à jour le {french(updated)}"))
        else:
            rows.append((slug, day, f"Ajoutée le {french(day)}"))
    return sorted(rows, key=lambda r: (-r[1].toordinal(), r[0]))


def expected_additions(raw: dict[str, dict], added: dict[str, dt.date]) -> list[tuple]:
    rows = [
        (slug, added.get(slug, p["updated"]), p["name"])
        for slug, p in raw.items()
        if p.get("status") != "closed"
    ]
    return sorted(rows, key=lambda r: (-r[1].toordinal(), r[0]))


def committed_dates(raw: dict[str, dict]) -> dict[str, dt.date]:
    first = dt.date.fromisoformat(FIRST[:10])
    return {slug: ADDED.get(slug, first) for slug in raw}


ITEM = re.compile(
    r'<li><a href="[./]*startups/([^/]+)/">[^<]*</a> <span class="sd-muted">'
    r'\(<time datetime="([\d-]+)">([^<]+)</time>'
)


def page_rows(html: str) -> list[tuple]:
    return [(slug, dt.date.fromisoformat(day), label) for slug, day, label in ITEM.findall(html)]


def home_block(html: str) -> str:
    match = re.search(r'<section class="sd-home-whatsnew".*?</section>', html, re.S)
    assert match, "no block of latest additions on the home page"
    return match.group(0)


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory, copy_repo) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("history") / "repo")
    make_history(root)
    return root


@pytest.fixture(scope="module")
def built(history_repo, build, tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("history-built")
    return build(history_repo, out / "a"), build(history_repo, out / "b")


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built[0]


# ---------------------------------------------------------------------------
# Reading the history


def test_history_gives_each_profile_the_day_of_the_commit_that_added_it(history_repo):
    read = history.read_history(history_repo)
    assert read.available and read.reason == ""
    assert read.added == committed_dates(raw_profiles(history_repo))


def test_history_parses_one_log_for_every_file():
    log = (
        "\x012026-05-02T09:00:00+01:00\n\nstartups/b.yml\nstartups/logos/b.png\n"
        "\x012026-04-01T09:00:00+00:00\n\nstartups/a.yml\nstartups/b.yml\nstartups/notes.txt\n"
    )
    assert history.parse_log(log) == {"b": dt.date(2026, 5, 2), "a": dt.date(2026, 4, 1)}


def test_history_reads_git_once_whatever_the_number_of_profiles(history_repo, monkeypatch):
    calls = []
    real = history._git

    def counting(root, *args):
        calls.append(args)
        return real(root, *args)

    monkeypatch.setattr(history, "_git", counting)
    assert history.read_history(history_repo).available
    assert [args[0] for args in calls] == ["rev-parse", "log"]


def test_a_folder_without_git_has_no_history(tmp_path):
    read = history.read_history(tmp_path)
    assert not read.available
    assert read.added == {}
    assert "dépôt git" in history.unavailable_message(read)


def test_a_shallow_clone_has_no_history(history_repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{history_repo}", str(clone)],
        check=True,
        capture_output=True,
    )
    read = history.read_history(clone)
    assert not read.available
    assert "superficiel" in read.reason


# ---------------------------------------------------------------------------
# The built site, full history


def test_whatsnew_page_lists_additions_and_updates_newest_first(site, history_repo):
    raw = raw_profiles(history_repo)
    html = (site / "nouveautes" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Nouveautés</h1>" in html
    rows = page_rows(html)
    assert rows == expected_changes(raw, committed_dates(raw))
    labels = dict((slug, label) for slug, _, label in rows)
    assert labels["darija-ai"] == "Ajoutée le 22 novembre 2026"
    if raw["argania-lab"]["updated"] <= ADDED["argania-lab"]:
        assert labels["argania-lab"] == "Ajoutée le 3 mars 2026"
    assert any(label.startswith("Mise à jour le ") for label in labels.values())
    assert "zerbia-market" not in labels  # closed: not listed


def test_home_block_shows_the_latest_additions(site, history_repo):
    raw = raw_profiles(history_repo)
    block = home_block((site / "index.html").read_text(encoding="utf-8"))
    expected = expected_additions(raw, committed_dates(raw))[:3]
    assert [r[0] for r in expected] == ["chifra-labs", "darija-ai", "argania-lab"]
    rows = page_rows(block)
    assert rows == [(slug, day, f"Ajoutée le {french(day)}") for slug, day, _ in expected]
    assert 'href="nouveautes/"' in block


def test_whatsnew_is_reachable_from_home_and_directory(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    directory = (site / "startups" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="nouveautes/">Nouveautés</a>', home)
    assert re.search(r'<a href="\.\./nouveautes/">Nouveautés</a>', directory)


def test_feed_of_new_startups(site, history_repo):
    raw = raw_profiles(history_repo)
    feed = feedparser.parse((site / "nouveautes" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Nouvelles startups de l'annuaire"
    assert feed.feed.id == BASE + "nouveautes/"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"alternate": BASE + "nouveautes/", "self": BASE + "nouveautes/feed.xml"}
    expected = expected_additions(raw, committed_dates(raw))[:20]
    assert [e.id for e in feed.entries] == [BASE + f"startups/{s}/" for s, _, _ in expected]
    assert [e.link for e in feed.entries] == [e.id for e in feed.entries]
    assert [e.title for e in feed.entries] == [name for _, _, name in expected]
    for entry, (slug, day, _) in zip(feed.entries, expected, strict=True):
        assert entry.updated == f"{day.isoformat()}T08:00:00+00:00"
        assert entry.published == entry.updated
        assert entry.summary == raw[slug]["tagline"]["fr"]
    assert feed.feed.updated == "2026-11-22T08:00:00+00:00"


@pytest.mark.parametrize("page", ["index.html", "nouveautes/index.html"])
def test_feed_is_advertised_with_its_sitemap(site, page):
    html = (site / page).read_text(encoding="utf-8")
    hrefs = re.findall(
        r'<link rel="alternate" type="application/atom\+xml" '
        r'title="Nouvelles startups de l(?:\'|&#39;)annuaire" href="([^"]+)">',
        html,
    )
    assert len(hrefs) == 1, page
    feed = posixpath.normpath(posixpath.join(posixpath.dirname(page), hrefs[0]))
    assert feed == "nouveautes/feed.xml"
    # Material fetches sitemap.xml next to every alternate link: it must exist.
    sitemap = site / posixpath.dirname(feed) / "sitemap.xml"
    assert sitemap.read_text(encoding="utf-8").startswith("<?xml")


def test_feed_is_not_advertised_on_other_pages(site):
    html = (site / "startups" / "index.html").read_text(encoding="utf-8")
    assert "nouveautes/feed.xml" not in html


def test_two_builds_of_one_commit_are_byte_identical(built):
    first, second = built
    for rel in ("nouveautes/index.html", "nouveautes/feed.xml", "index.html"):
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


# ---------------------------------------------------------------------------
# Without history: the `updated` dates, and a French message (not a warning)


def fallback_build(root: Path, out: Path, build, caplog) -> Path:
    with caplog.at_level(logging.INFO, logger=LOGGER):
        site = build(root, out)  # strict mode: a warning would fail the build
    messages = [r for r in caplog.records if r.name == LOGGER and MESSAGE in r.getMessage()]
    assert len(messages) == 1
    assert messages[0].levelno == logging.INFO
    assert "updated" in messages[0].getMessage()
    return site


def check_fallback(site: Path, root: Path) -> None:
    raw = raw_profiles(root)
    html = (site / "nouveautes" / "index.html").read_text(encoding="utf-8")
    assert page_rows(html) == expected_changes(raw, {})
    assert all(label.startswith("Ajoutée le ") for _, _, label in page_rows(html))
    feed = feedparser.parse((site / "nouveautes" / "feed.xml").read_bytes())
    expected = expected_additions(raw, {})[:20]
    assert [e.id for e in feed.entries] == [BASE + f"startups/{s}/" for s, _, _ in expected]
    block = home_block((site / "index.html").read_text(encoding="utf-8"))
    assert [r[0] for r in page_rows(block)] == [s for s, _, _ in expected[:3]]


def test_shallow_clone_falls_back_to_updated(history_repo, build, tmp_path, caplog):
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{history_repo}", str(clone)],
        check=True,
        capture_output=True,
    )
    site = fallback_build(clone, tmp_path / "site", build, caplog)
    check_fallback(site, clone)
    assert "clone superficiel" in caplog.text


def test_folder_without_git_falls_back_to_updated(site_repo, build, tmp_path, caplog):
    site = fallback_build(site_repo, tmp_path / "site", build, caplog)
    check_fallback(site, site_repo)
    assert "pas un dépôt git" in caplog.text
