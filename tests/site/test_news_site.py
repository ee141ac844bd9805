"""The news section in the built site: blog pages, cross-links with profiles, programs
and the home page, the feed advertised in every <head>, drafts and scheduled posts.

The sample site is built once per session (conftest's `built_site`, today pinned to
2026-11-26); a copy of the repository with extra posts (one published with tricky
punctuation, two scheduled for 2099) is built once for this module. Expectations come
from the post files read with plain YAML, not from the code under test.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import os
import re
import shutil
import socket
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
import quality_hostile as hostile
import yaml
from post_routes import BUILD_WARNINGS, ROUTES, Balance
from startupdir.site import news, urls
from startupdir.site.build import BuildFailed

ROOT = Path(__file__).resolve().parents[2]
NEWS_FIXTURES = Path(__file__).parents[1] / "fixtures" / "news"
POSTS_DIR = "content/actualites/posts"
TODAY = dt.date(2026, 11, 26)
SITE_URL = os.environ.get("SITE_URL") or "https://annuaire.example/"
BASE = SITE_URL.rstrip("/") + "/"
FINANCING = "2026-10-20-journees-du-financement"
DRAFT = "2026-11-24-bilan-premiere-annee"
# Category -> the ASCII slug of its page (categories_url_format: "categories/{slug}").
CATEGORY_SLUGS = {
    "Partenariat": "partenariat",
    "Programmes": "programmes",
    "Appels à candidatures": "appels-a-candidatures",
    "Événements": "evenements",
    "Startups": "startups",
    "Financement": "financement",
}
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
TEXT_SUFFIXES = {".html", ".xml", ".json", ".txt", ".js", ".css"}


# ---------------------------------------------------------------------------
# Helpers


def raw_posts(root: Path = ROOT) -> list[dict]:
    """Every post file read with plain YAML: stem, front matter and `# ` title."""
    out = []
    for path in sorted((root / POSTS_DIR).glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        title = re.search(r"^# (.+)$", body, re.M).group(1).strip()
        out.append({"stem": path.stem, "title": title, **yaml.safe_load(front)})
    return out


def published(posts: list[dict]) -> list[dict]:
    kept = [p for p in posts if not p.get("draft") and p["date"] <= TODAY]
    return sorted(kept, key=lambda p: (p["date"], p["stem"]), reverse=True)


def home_news(found: list[dict], count: int = 3) -> list[dict]:
    """The home's news block: pinned posts first (issue 15), then the latest others."""
    pinned = [p for p in found if p.get("pin")]
    return pinned + [p for p in found if not p.get("pin")][: max(0, count - len(pinned))]


def unpublished(posts: list[dict]) -> list[dict]:
    return [p for p in posts if p.get("draft") or p["date"] > TODAY]


def french_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def page_file(site: Path, url: str) -> Path:
    """The file serving a site-relative URL ("" is the home page)."""
    if url == "" or url.endswith("/"):
        return site / url / "index.html"
    return site / url


def resolve(page_url: str, href: str) -> str:
    """A link of page ``page_url`` as a site-relative URL."""
    return urlsplit(urljoin("http://site.invalid/" + page_url, href)).path.lstrip("/")


def page_url_of(site: Path, file: Path) -> str:
    rel = file.relative_to(site).as_posix()
    return rel.removesuffix("index.html")


def site_texts(site: Path):
    """(relative path, text) of every text file of the build, gzip included."""
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        rel = file.relative_to(site).as_posix()
        if file.suffix == ".gz":
            yield rel, gzip.decompress(file.read_bytes()).decode("utf-8", "replace")
        elif file.suffix in TEXT_SUFFIXES:
            yield rel, file.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def page(parse_html):
    """``page(site, url)`` -> the HtmlDoc of that page of the build."""

    def read(site: Path, url: str):
        file = page_file(site, url)
        assert file.is_file(), f"/{url} is missing from the build"
        return parse_html(file.read_text(encoding="utf-8"))

    return read


def links(doc, *, inside: tuple[str, str] | None = None) -> list:
    found = [a for a in doc.find_all("a") if "href" in a.attrs]
    if inside:
        found = [a for a in found if a.inside(*inside)]
    return found


def list_after_heading(doc, text: str) -> list | None:
    """The links of the first <ul> after the <h2> reading ``text`` (None without it)."""
    elements = doc.elements
    starts = [i for i, e in enumerate(elements) if e.tag == "h2" and e.text.strip() == text]
    if not starts:
        return None
    ul = next(e for e in elements[starts[0] + 1 :] if e.tag == "ul")
    return [e for e in elements if e.tag == "a" and any(p is ul for p in e.parents)]


def post_links(page_url: str, anchors) -> list[str]:
    """The post stems that a list of links points to, in order."""
    out = []
    for a in anchors:
        target = resolve(page_url, a.attrs["href"])
        match = re.fullmatch(r"actualites/(\d{4}-\d{2}-\d{2}-[a-z0-9-]+)/", target)
        if match:
            out.append(match.group(1))
    return out


@pytest.fixture(scope="module")
def posts() -> list[dict]:
    return raw_posts()


@pytest.fixture(scope="module")
def live(posts) -> list[dict]:
    found = published(posts)
    assert 3 <= len(found) <= 5
    return found


@pytest.fixture(scope="module")
def startup_names() -> dict[str, str]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["name"]
        for path in (ROOT / "startups").glob("*.yml")
    }


# ---------------------------------------------------------------------------
# The news section


def test_news_index_lists_every_published_post(built_site, page, live):
    doc = page(built_site, "actualites/")
    linked = set(post_links("actualites/", [a for a in links(doc) if a.inside("article")]))
    assert linked == {p["stem"] for p in live}


def test_every_published_post_has_its_page(built_site, page, live):
    for post in live:
        url = f"actualites/{post['stem']}/"
        doc = page(built_site, url)
        (h1,) = doc.find_all("h1")
        assert h1.text.strip() == post["title"]
        times = [t.text.strip() for t in doc.find_all("time")]
        assert french_date(post["date"]) in times, url


def test_category_pages_list_their_posts(built_site, page, live):
    assert page_file(built_site, "actualites/categories/evenements/").is_file()
    assert page_file(built_site, "actualites/categories/appels-a-candidatures/").is_file()
    expected: dict[str, set[str]] = {}
    for post in live:
        for category in post["categories"]:
            expected.setdefault(CATEGORY_SLUGS[category], set()).add(post["stem"])
    built = {p.name for p in (built_site / "actualites" / "categories").iterdir()}
    assert built == set(expected)
    for slug, stems in expected.items():
        url = f"actualites/categories/{slug}/"
        doc = page(built_site, url)
        articles = [a for a in links(doc) if a.inside("article")]
        assert set(post_links(url, articles)) == stems, slug


def test_archive_pages_list_their_posts(built_site, page, live):
    years = {p["date"].year for p in live}
    built = {p.name for p in (built_site / "actualites" / "archives").iterdir()}
    assert built == {str(y) for y in years}
    for year in years:
        url = f"actualites/archives/{year}/"
        articles = [a for a in links(page(built_site, url)) if a.inside("article")]
        stems = {p["stem"] for p in live if p["date"].year == year}
        assert set(post_links(url, articles)) == stems


def test_the_draft_is_nowhere_in_the_build(built_site, posts):
    hidden = unpublished(posts)
    assert DRAFT in {p["stem"] for p in hidden}
    for post in hidden:
        assert not (built_site / "actualites" / post["stem"]).exists()
    for rel, text in site_texts(built_site):
        for post in hidden:
            assert post["stem"] not in text, rel
            assert post["title"] not in text, rel


# ---------------------------------------------------------------------------
# Post pages


def test_post_page_shows_the_event_block(built_site, page):
    doc = page(built_site, f"actualites/{FINANCING}/")
    (block,) = doc.find_all("aside", "sd-event")
    text = " ".join(block.text.split())
    assert "du 10 au 11 décembre 2026" in text
    assert "Casablanca, Siège de la CGEM" in text
    (register,) = [a for a in links(doc) if a.inside("aside", "sd-event")]
    assert register.attrs["href"] == "https://financement.technopark.example/inscription"


def test_a_past_event_keeps_its_post_and_block(built_site, page):
    doc = page(built_site, "actualites/2026-04-15-defi-open-innovation/")
    (block,) = doc.find_all("aside", "sd-event")
    assert "20 mai 2026" in block.text


def test_post_pages_link_the_startups_and_programs_they_name(
    built_site, page, live, startup_names, raw_taxonomy
):
    programs = {p["id"]: p for p in raw_taxonomy["programs"]}
    for post in live:
        url = f"actualites/{post['stem']}/"
        doc = page(built_site, url)
        named = links(doc, inside=("aside", "sd-post-links"))
        startups = [a for a in named if resolve(url, a.attrs["href"]).startswith("startups/")]
        assert [(a.text, resolve(url, a.attrs["href"])) for a in startups] == [
            (startup_names[s], f"startups/{s}/") for s in post.get("startups", [])
        ], url
        targets = [resolve(url, a.attrs["href"]) for a in named]
        for program in post.get("programs", []):
            assert program in programs
            assert f"programmes/{program}/" in targets, url
        if not post.get("startups") and not post.get("programs"):
            assert not doc.find_all("aside", "sd-post-links")
        if not post.get("event"):
            assert not doc.find_all("aside", "sd-event")


def test_financing_post_links_atlas_pay(built_site, page):
    url = f"actualites/{FINANCING}/"
    named = links(page(built_site, url), inside=("aside", "sd-post-links"))
    assert ("Atlas Pay", "startups/atlas-pay/") in [
        (a.text, resolve(url, a.attrs["href"])) for a in named
    ]


def test_post_description_meta_is_escaped(built_site, page, live):
    for post in live:
        url = f"actualites/{post['stem']}/"
        (meta,) = page(built_site, url).find_all("meta", name="description")
        assert meta.attrs["content"] == post["description"], url
    accord = page_file(built_site, "actualites/2026-02-03-accord-cgem-technopark/")
    raw = accord.read_text(encoding="utf-8")
    (tag,) = re.findall(r'<meta name="description"[^>]*>', raw)
    assert "l'international" not in tag  # the apostrophe is escaped, not raw


def test_links_of_news_pages_resolve(built_site, page, live):
    """Every internal link of the news pages (post extras included) reaches a file."""
    urls = ["", "actualites/"] + [f"actualites/{p['stem']}/" for p in live]
    for url in urls:
        for a in links(page(built_site, url)):
            href = a.attrs["href"]
            if urlsplit(href).scheme or href.startswith("#"):
                continue
            target = resolve(url, href)
            assert page_file(built_site, target).is_file(), f"/{url}: {href}"


# ---------------------------------------------------------------------------
# Cross-links: profiles, programs, home page


def test_atlas_pay_profile_is_in_the_news(built_site, page):
    url = "startups/atlas-pay/"
    anchors = list_after_heading(page(built_site, url), "Dans l'actualité")
    assert anchors is not None, "no « Dans l'actualité » section"
    assert post_links(url, anchors) == [FINANCING]
    assert anchors[0].text == "Journées du financement : rencontrer les investisseurs du réseau"


def test_every_profile_lists_the_posts_naming_it(built_site, page, live, startup_names):
    for slug in startup_names:
        url = f"startups/{slug}/"
        if not page_file(built_site, url).is_file():
            continue  # closed or removed profiles have no page
        expected = [p["stem"] for p in live if slug in p.get("startups", [])]
        anchors = list_after_heading(page(built_site, url), "Dans l'actualité")
        if not expected:
            assert anchors is None, slug
        else:
            assert anchors is not None and post_links(url, anchors) == expected, slug


def test_program_page_lists_its_news(built_site, page, live, raw_taxonomy):
    url = "programmes/startup-financing-days/"
    anchors = list_after_heading(page(built_site, url), "Actualités du programme")
    assert anchors is not None
    assert FINANCING in post_links(url, anchors)
    for program in (p["id"] for p in raw_taxonomy["programs"]):
        url = f"programmes/{program}/"
        expected = [p["stem"] for p in live if program in p.get("programs", [])]
        anchors = list_after_heading(page(built_site, url), "Actualités du programme")
        assert (post_links(url, anchors) if anchors else []) == expected, program


def test_home_shows_the_pinned_then_the_latest_posts(built_site, page, live):
    doc = page(built_site, "")
    latest = links(doc, inside=("section", "sd-home-news__latest"))
    shown = home_news(live)
    assert any(p.get("pin") for p in shown)  # the partnership announcement
    assert post_links("", latest) == [p["stem"] for p in shown]
    texts = " ".join(doc.find("section", "sd-home-news__latest").text.split())
    for post in shown:
        assert post["description"] in texts
        assert french_date(post["date"]) in texts


def test_home_shows_upcoming_events_only(built_site, page):
    doc = page(built_site, "")
    events = links(doc, inside=("section", "sd-home-news__events"))
    assert post_links("", events) == [FINANCING]
    text = " ".join(doc.find("section", "sd-home-news__events").text.split())
    assert "du 10 au 11 décembre 2026, Casablanca (Siège de la CGEM)" in text
    assert "20 mai 2026" not in text  # the open-innovation selection day has passed


# ---------------------------------------------------------------------------
# The feed in every <head>


def test_every_page_advertises_the_feed(built_site, parse_html):
    """Every page its edition's news feed: the French one, the English posts' under /en/."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    feeds = {"fr": ("Actualités de l'annuaire", "actualites/feed.xml")}
    feeds["en"] = ("Directory news", "en/news/feed.xml")
    for file in pages:
        text = file.read_text(encoding="utf-8")
        head = text[: text.index("</head>")]
        url = page_url_of(built_site, file)
        title, feed = feeds[urls.language_of(url)]
        alternates = [
            e
            for e in parse_html(head).find_all("link", rel="alternate")
            if e.attrs.get("type") == "application/atom+xml" and e.attrs.get("title") == title
        ]
        assert len(alternates) == 1, file  # (home and what's new add the new startups')
        href = alternates[0].attrs["href"]
        assert resolve(url, href) == feed, file
    for _, feed in feeds.values():
        assert (built_site / feed).is_file()


# ---------------------------------------------------------------------------
# Drafts and scheduled posts: a repository copy with extra posts

SCHEDULED = "2099-01-15-actualite-programmee"
SCHEDULED_NOT_DRAFT = "2099-02-01-programmee-draft-false"
TRICKY = "2026-11-25-guillemets-et-esperluettes"
# Quotes, apostrophe, ampersand and an already-escaped "<": each must survive exactly once.
TRICKY_DESCRIPTION = (
    'Atlas Pay & Sahara Solar : « cap sur 2027 », l\'"accélération" &lt;en cours&gt;'
)
EXTRA_POSTS = {
    SCHEDULED: """\
---
date: 2099-01-15
authors: [equipe]
categories: [Événements]
description: Une actualité programmée pour 2099.
startups: [atlas-pay, kraya]
programs: [international-bootcamp]
event:
  start: 2099-02-01
  city: rabat
  venue: Technopark Rabat
---

# Rendez-vous de 2099 à Rabat

Elle n'apparaît qu'à partir du 15 janvier 2099.
""",
    SCHEDULED_NOT_DRAFT: """\
---
date: 2099-02-01
authors: [equipe]
categories: [Financement]
description: Une actualité programmée dont le brouillon a été levé trop tôt.
startups: [kraya]
draft: false
---

# Une actualité programmée sans brouillon

« draft: false » ne doit pas avancer la date de publication.
""",
    TRICKY: """\
---
date: 2026-11-25
authors: [equipe]
categories: [Startups]
description: '{quoted}'
startups: [atlas-pay]
programs: [startup-financing-days]
---

# Atlas Pay & Sahara Solar : cap sur 2027

Un texte.
""".format(quoted=TRICKY_DESCRIPTION.replace("'", "''")),
}


@pytest.fixture(scope="module")
def scheduled_repo(tmp_path_factory, copy_repo) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("news-scheduled") / "repo")
    for stem, text in EXTRA_POSTS.items():
        (root / POSTS_DIR / f"{stem}.md").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def scheduled_site(scheduled_repo, build, tmp_path_factory) -> Path:
    return build(scheduled_repo, tmp_path_factory.mktemp("news-scheduled-site") / "site")


def test_extra_posts_are_what_the_test_means(scheduled_repo):
    by_stem = {p["stem"]: p for p in raw_posts(scheduled_repo)}
    assert by_stem[TRICKY]["description"] == TRICKY_DESCRIPTION
    assert {SCHEDULED, SCHEDULED_NOT_DRAFT} <= {
        p["stem"] for p in unpublished(raw_posts(scheduled_repo))
    }


def assert_absent(site: Path, stem: str, title: str) -> None:
    assert not (site / "actualites" / stem).exists(), f"/actualites/{stem}/ was built"
    for rel, text in site_texts(site):
        assert stem not in text, f"{stem} named in {rel}"
        assert title not in text, f"« {title} » in {rel}"


def test_a_scheduled_post_is_absent_from_the_build(scheduled_site):
    assert_absent(scheduled_site, SCHEDULED, "Rendez-vous de 2099 à Rabat")


def test_a_scheduled_post_marked_draft_false_is_absent_from_the_build(scheduled_site):
    """`draft: false` must not publish a post dated in the future (Material's blog would)."""
    assert_absent(scheduled_site, SCHEDULED_NOT_DRAFT, "Une actualité programmée sans brouillon")
    assert not (scheduled_site / "actualites" / "archives" / "2099").exists()


def test_the_draft_is_absent_from_the_copy_too(scheduled_site):
    assert_absent(scheduled_site, DRAFT, "Bilan de la première année")


def test_scheduled_posts_are_not_cross_linked(scheduled_site, page):
    assert list_after_heading(page(scheduled_site, "startups/kraya/"), "Dans l'actualité") is None
    bootcamp = page(scheduled_site, "programmes/international-bootcamp/")
    assert list_after_heading(bootcamp, "Actualités du programme") is None
    home = page(scheduled_site, "")
    assert post_links("", links(home, inside=("section", "sd-home-news__events"))) == [FINANCING]


def test_the_new_published_post_is_cross_linked_newest_first(scheduled_site, page):
    url = "startups/atlas-pay/"
    anchors = list_after_heading(page(scheduled_site, url), "Dans l'actualité")
    assert post_links(url, anchors) == [TRICKY, FINANCING]
    url = "programmes/startup-financing-days/"
    anchors = list_after_heading(page(scheduled_site, url), "Actualités du programme")
    assert post_links(url, anchors) == [TRICKY, FINANCING]
    home = page(scheduled_site, "")
    latest = links(home, inside=("section", "sd-home-news__latest"))
    # the pinned announcement first, then the latest (the new one included)
    assert post_links("", latest) == ["2026-02-03-accord-cgem-technopark", TRICKY, FINANCING]


def test_tricky_description_is_escaped_once(scheduled_site, page):
    description = TRICKY_DESCRIPTION
    url = f"actualites/{TRICKY}/"
    (meta,) = page(scheduled_site, url).find_all("meta", name="description")
    assert meta.attrs["content"] == description
    raw = page_file(scheduled_site, url).read_text(encoding="utf-8")
    (tag,) = re.findall(r'<meta name="description" [^>]*>', raw)
    assert "&amp;amp;" not in tag and "&amp;quot;" not in tag
    home = page(scheduled_site, "").find("section", "sd-home-news__latest")
    assert description in home.text


def test_the_feed_of_the_copy_has_no_scheduled_post(scheduled_site):
    parsed = feedparser.parse((scheduled_site / "actualites" / "feed.xml").read_bytes())
    assert not parsed.bozo
    stems = [e.link.removeprefix(BASE + "actualites/").strip("/") for e in parsed.entries]
    assert stems == [
        TRICKY,
        FINANCING,
        "2026-04-15-defi-open-innovation",
        "2026-03-02-appel-candidatures-incubation",
        "2026-02-03-accord-cgem-technopark",
    ]
    assert parsed.entries[0].summary == TRICKY_DESCRIPTION


# ---------------------------------------------------------------------------
# Under `mkdocs serve`, drafts and scheduled posts are visible


@pytest.fixture
def plugin_for(scheduled_repo, monkeypatch):
    """``plugin_for(command)``: the configured startupdir plugin of the copy."""
    from mkdocs.config import load_config

    monkeypatch.setenv("STARTUPDIR_TODAY", TODAY.isoformat())

    def make(command: str):
        config = load_config(str(scheduled_repo / "mkdocs.yml"))
        plugin = config.plugins["startupdir"]
        plugin.on_startup(command=command, dirty=False)
        plugin.on_config(config)
        return plugin, config

    return make


def home_markdown(plugin, config) -> str:
    markdown = (ROOT / "content" / "index.md").read_text(encoding="utf-8")
    fake = SimpleNamespace(file=SimpleNamespace(src_uri="index.md"), meta={})
    return plugin.on_page_markdown(markdown, page=fake, config=config, files=None)


def test_blog_plugin_hides_drafts_and_future_posts_except_under_serve():
    """Drafts show under serve only; future posts are hidden by startupdir's today (the
    plugin's on_files), never by Material's reading of the clock."""
    from mkdocs.config import load_config

    blog = load_config(str(ROOT / "mkdocs.yml")).plugins["material/blog"].config
    assert blog.draft_on_serve is True
    assert blog.draft_if_future_date is False
    assert blog.draft is False


def test_build_plugin_hides_drafts_and_scheduled_posts(plugin_for):
    plugin, config = plugin_for("build")
    assert plugin.serving is False
    assert "kraya" not in plugin.news["fr"].by_startup
    home = home_markdown(plugin, config)
    assert "Rendez-vous de 2099 à Rabat" not in home
    assert "Une actualité programmée sans brouillon" not in home
    assert "Bilan de la première année" not in home


def test_serve_plugin_shows_drafts_and_scheduled_posts(plugin_for):
    plugin, config = plugin_for("serve")
    assert plugin.serving is True
    assert [n.url for n in plugin.news["fr"].by_startup["kraya"]] == [
        f"actualites/{SCHEDULED_NOT_DRAFT}/",
        f"actualites/{SCHEDULED}/",
    ]
    home = home_markdown(plugin, config)
    assert "Une actualité programmée sans brouillon" in home  # latest
    assert "1er février 2099, Rabat (Technopark Rabat)" in home  # upcoming event
    visible = news.visible(plugin.directory.posts, TODAY, include_drafts=True)
    assert {DRAFT, SCHEDULED, SCHEDULED_NOT_DRAFT} <= {p.stem for p in visible}


# ---------------------------------------------------------------------------
# Published unchecked: what the cleaning alone lets through. A copy of the repository
# with every route fixture of test_news (posts the validator refuses), built with the
# checks of a post's text switched off and no network: the post pages, the news list,
# category and archive pages and the feed hold nothing a post tried.

ROUTE_FIXTURES = [
    *(NEWS_FIXTURES / "invalid" / f"2026-01-05-{name}.md" for name in ROUTES),
    NEWS_FIXTURES / "invalid" / "2026-01-05-heading-attributes.md",
]
FORMATTING = NEWS_FIXTURES / "valid" / "2026-01-07-mise-en-forme.md"
REQUEST_ATTRIBUTES = ("src", "srcset", "poster", "data", "background", "ping", "action")
URL_ATTRIBUTES = (*REQUEST_ATTRIBUTES, "href", "formaction", "cite", "xlink:href")
REFUSED_IN_CONTENT = (
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "video",
    "audio",
    "source",
    "track",
    "form",
    "input",
    "textarea",
    "select",
    "button",
    "plaintext",
    "link",
    "meta",
    "base",
)
THEME_INLINE_SCRIPTS = ("__md_scope=new URL(", "var target=document.getElementById(location.hash")


@contextlib.contextmanager
def no_network():
    """Internet sockets refuse to connect while the block runs; attempts are recorded."""
    attempts: list = []
    connect = socket.socket.connect

    def refuse(self, address, *args):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(address)
            raise OSError("no network in this test")
        return connect(self, address, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        yield attempts


@pytest.fixture(scope="module")
def unchecked(tmp_path_factory, copy_repo, build):
    """(site, network attempts) of the copy with the route posts, published unchecked."""
    top = tmp_path_factory.mktemp("news-unchecked")
    root = copy_repo(top / "repo")
    for source in [*ROUTE_FIXTURES, FORMATTING]:
        shutil.copy(source, root / POSTS_DIR / source.name)
    with hostile.post_text_unchecked(), no_network() as attempts:
        site = build(root, top / "site")
    return site, attempts


def browser_url(value: str) -> str:
    return re.sub(r"[\t\n\r]", "", value.strip("".join(chr(c) for c in range(0x21)))).lower()


def leaves_the_site(value: str) -> bool:
    url = browser_url(value).replace("\\", "/")
    return bool(re.match(r"[a-z][a-z0-9+.-]*:", url)) or url.startswith("//")


def page_problems(doc, text: str) -> list[str]:
    """What a post must never leave in a page: handlers, script URLs, scripts that are not
    the theme's, styles, mermaid, requests to another origin, refused elements in the
    content, and a body whose elements do not nest."""
    problems = []
    for e in doc.elements:
        where = f"<{e.tag} {' '.join(e.classes)}>"
        for name, value in e.attrs.items():
            value = value or ""
            if name.startswith("on"):
                problems.append(f"{where} handler {name}")
            if name == "style":
                problems.append(f"{where} style")
            if name in URL_ATTRIBUTES and re.match(
                r"(javascript|vbscript|data):", browser_url(value)
            ):
                problems.append(f"{where} {name}={value}")
            if name in REQUEST_ATTRIBUTES:
                candidates = value.split(",") if name == "srcset" else [value]
                for url in (c.strip().split(" ")[0] for c in candidates):
                    if url and leaves_the_site(url):
                        problems.append(f"{where} requests {url}")
        rel = e.attrs.get("rel") or ""
        # The canonical address and the page's editions (hreflang) name the public site
        # for search engines; a browser fetches neither.
        if (
            e.tag == "link"
            and "canonical" not in rel
            and not ("alternate" in rel and e.attrs.get("hreflang"))
            and leaves_the_site(e.attrs.get("href") or "")
        ):
            problems.append(f"<link> requests {e.attrs['href']}")
        if any("mermaid" in c for c in e.classes):
            problems.append(f"{where} mermaid")
        if e.tag == "style":
            problems.append("<style>")
        if e.tag == "script":
            src = e.attrs.get("src")
            kind = e.attrs.get("type")
            if src:
                if leaves_the_site(src) or "assets/javascripts/" not in src:
                    problems.append(f"script {src}")
            elif not (
                (kind == "application/json" and e.attrs.get("id") == "__config")
                or kind == "application/ld+json"
                or e.text.strip().startswith(THEME_INLINE_SCRIPTS)
            ):
                problems.append(f"inline script {e.text.strip()[:60]}")
        if e.tag in REFUSED_IN_CONTENT and e.inside("div", "md-content__inner"):
            problems.append(f"{where} in the content")
        if e.tag in REFUSED_IN_CONTENT and e.inside("article", "md-content__inner"):
            problems.append(f"{where} in the post")
    body = text[text.index("<body") : text.index("</body>") + len("</body>")]
    problems += [f"layout: {p}" for p in Balance(body).errors]
    return problems


def news_pages(site: Path) -> list[Path]:
    return sorted((site / "actualites").rglob("*.html"))


def test_the_route_posts_are_published_unchecked(unchecked):
    """The copy does publish every route: the checks below look at real attempts."""
    site, _ = unchecked
    for source in ROUTE_FIXTURES:
        assert (site / "actualites" / source.stem / "index.html").is_file(), source.name
    listed = "".join(p.read_text(encoding="utf-8") for p in news_pages(site))
    for source in ROUTE_FIXTURES:
        assert f"{source.stem}/" in listed, source.name


def test_building_the_route_posts_asks_nothing_of_the_network(unchecked):
    _, attempts = unchecked
    assert attempts == []


def test_no_post_leaves_anything_in_the_news_pages(unchecked, parse_html):
    site, _ = unchecked
    pages = news_pages(site)
    kinds = {p.relative_to(site).parts[1] for p in pages}
    assert {"categories", "archives", "page", "index.html"} <= kinds
    assert len(pages) >= len(ROUTE_FIXTURES) + 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert page_problems(parse_html(text), text) == [], page.relative_to(site)


def test_the_sample_news_pages_are_clean_too(built_site, parse_html):
    for page in news_pages(built_site):
        text = page.read_text(encoding="utf-8")
        assert page_problems(parse_html(text), text) == [], page.relative_to(built_site)


def test_page_check_can_fail(parse_html):
    text = (
        '<html><body><div class="md-content__inner"><p onclick="x">a</p>'
        '<img srcset="https://pixels.example/p.gif 2x"><video></video>'
        '<pre class="mermaid">g</pre></div></main></body></html>'
    )
    found = page_problems(parse_html(text), text)
    assert found == [
        "<p > handler onclick",
        "<img > requests https://pixels.example/p.gif",
        "<video > in the content",
        "<pre mermaid> mermaid",
        "layout: </main> closes ['body']",
    ]


def test_the_feed_holds_no_post_text(unchecked):
    site, _ = unchecked
    raw = (site / "actualites" / "feed.xml").read_text(encoding="utf-8")
    parsed = feedparser.parse(raw.encode("utf-8"))
    assert not parsed.bozo
    by_stem = {e.link.removeprefix(BASE + "actualites/").strip("/"): e for e in parsed.entries}
    for source in ROUTE_FIXTURES:
        entry = by_stem[source.stem]
        front = yaml.safe_load(source.read_text(encoding="utf-8").split("---\n")[1])
        assert entry.summary == front["description"]
        assert "content" not in entry
    lowered = raw.lower()
    for needle in ("<script", "javascript:", "vbscript:", "onerror=", "onmouseover=", "srcset="):
        assert needle not in lowered, needle
    for url in re.findall(r'(?:href|src)="([^"]+)"', raw):
        assert url.startswith(BASE), url


def test_the_cleaning_keeps_headings_anchors_and_formatting(unchecked, parse_html):
    site, _ = unchecked
    url = f"actualites/{FORMATTING.stem}/"
    doc = parse_html(page_file(site, url).read_text(encoding="utf-8"))
    assert [h.attrs.get("id") for h in doc.find_all("h2")] == ["calendrier"]
    toc = [a.attrs["href"] for a in doc.find_all("a") if a.inside("nav", "md-nav--secondary")]
    assert "#calendrier" in toc
    assert [t.attrs.get("align") for t in doc.find_all("th")] == ["left", "center", "right"]
    assert doc.find_all("div", "admonition") and doc.find_all("p", "admonition-title")
    assert doc.find_all("code", "language-python")
    hrefs = [a.attrs.get("href") for a in doc.find_all("a") if a.inside("article")]
    assert "#calendrier" in hrefs
    assert "../2026-02-03-accord-cgem-technopark/#qui-fait-quoi" in hrefs
    (img,) = [i for i in doc.find_all("img") if i.inside("article")]
    assert resolve(url, img.attrs["src"]) == "assets/images/logo.png"
    assert (site / "assets" / "images" / "logo.png").is_file()


def test_links_the_validator_refuses_would_stop_the_strict_build(
    tmp_path, copy_repo, build, caplog
):
    """Each link fixture refused in French by validate (test_news) is one MkDocs' strict
    build stops on, in English: with the checks off, the build fails on each of them."""
    root = copy_repo(tmp_path / "repo")
    names = [f"2026-01-05-{name}.md" for name in BUILD_WARNINGS]
    for name in names:
        shutil.copy(NEWS_FIXTURES / "invalid" / name, root / POSTS_DIR / name)
    with hostile.post_text_unchecked(), caplog.at_level("WARNING"), pytest.raises(BuildFailed):
        build(root, tmp_path / "site")
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    for name in names:
        assert [w for w in warned if f"'actualites/posts/{name}'" in w], name
    caplog.clear()
    with caplog.at_level("ERROR"), pytest.raises(BuildFailed) as failure:
        build(root, tmp_path / "site")
    for name in names:
        assert f"{POSTS_DIR}/{name}:" in str(failure.value), name
    assert not [r for r in caplog.records if r.levelname == "WARNING"]
