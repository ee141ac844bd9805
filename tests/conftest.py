"""Shared fixtures: the repository root, a pinned date, throw-away repositories, the
built sample site served over HTTP, a real browser, and an HTML reader."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import os
import shutil
import sys
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The one pinned "today" of the suite (the autouse `when` fixture).
WHEN = dt.date(2026, 11, 26)

# A valid profile with the required fields only; `{name}` is the startup's name.
PROFILE = """\
name: {name}
tagline:
  fr: Une accroche d'une ligne
description:
  fr: |
    Une description en **Markdown**.
website: https://exemple.example
founded: 2020
sectors: [fintech]
city: rabat
stage: idea
employees: 3
updated: 2026-01-01
"""


def pytest_collection_modifyitems(config, items):
    """Every test that drives Chromium is a `browser` test (`make check` leaves them out)."""
    for item in items:
        if {"browser", "recorded_page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session", autouse=True)
def when() -> dt.date:
    """The program's "today", pinned for every test and every process a test starts
    (startupdir.content.clock reads STARTUPDIR_TODAY): results never depend on the clock."""
    from startupdir.content.clock import ENV_VAR

    saved = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = WHEN.isoformat()
    yield WHEN
    if saved is None:
        os.environ.pop(ENV_VAR, None)
    else:
        os.environ[ENV_VAR] = saved


@pytest.fixture
def profile_text():
    """Build the text of a valid minimal profile: ``profile_text("Atlas Pay")``."""

    def build(name: str = "Startup de test") -> str:
        return PROFILE.format(name=name)

    return build


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty repository: the real taxonomy.yml and directory.yml, an empty startups/ folder."""
    root = tmp_path / "repo"
    (root / "startups").mkdir(parents=True)
    for name in ("taxonomy.yml", "directory.yml"):
        shutil.copy(ROOT / name, root / name)
    return root


@pytest.fixture(scope="session")
def taxonomy():
    """The repository's taxonomy, validated."""
    from startupdir.content.problems import Report
    from startupdir.content.validate import load_taxonomy

    report = Report()
    loaded = load_taxonomy(ROOT, report, WHEN)
    assert loaded is not None, [p.as_text() for p in report.problems]
    return loaded


@pytest.fixture(scope="session")
def sample_directory():
    """The sample data, validated on the pinned date (startupdir.content.validate.Directory)."""
    from startupdir.content.reporters import as_text
    from startupdir.content.validate import load_directory

    directory, report = load_directory(ROOT, when=WHEN)
    assert directory is not None, as_text(report)
    return directory


@pytest.fixture(scope="session")
def raw_profiles() -> dict[str, dict]:
    """The sample profiles read as plain YAML, without the validator: slug -> mapping.
    Lets tests compute expected counts independently of the code under test."""
    import yaml

    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "startups").glob("*.yml"))
    }


@pytest.fixture(scope="session")
def raw_taxonomy() -> dict:
    """taxonomy.yml read as plain YAML, without the validator."""
    import yaml

    return yaml.safe_load((ROOT / "taxonomy.yml").read_text(encoding="utf-8"))


def raw_memberships(raw: dict, vocabulary: str) -> list[str]:
    """The term ids a raw profile belongs to, for one taxonomy vocabulary."""
    if vocabulary == "sectors":
        return list(raw["sectors"])
    if vocabulary == "cities":
        return [raw["city"]]
    if vocabulary == "stages":
        return [raw["stage"]]
    if vocabulary == "needs":
        return list(raw.get("needs") or [])
    return [program["id"] for program in raw.get("programs") or []]


@pytest.fixture(scope="session")
def expected_members(raw_profiles):
    """``expected_members(vocabulary, term_id)``: the slugs of the listed (not closed)
    sample startups in that term, computed from the YAML files alone."""

    def members(vocabulary: str, term_id: str) -> set[str]:
        return {
            slug
            for slug, raw in raw_profiles.items()
            if raw.get("status") != "closed" and term_id in raw_memberships(raw, vocabulary)
        }

    return members


# ---------------------------------------------------------------------------
# The built site, served over HTTP, and a real browser (shared by the site, news,
# explorer and accessibility tests).

# Pinned build environment: the timestamp MkDocs writes (today is pinned by `when`).
BUILD_ENV = {"SOURCE_DATE_EPOCH": "1767225600"}
# What a buildable copy of the repository needs (mkdocs.yml's `watch:` paths must exist),
# besides every YAML file at the root (mkdocs.yml, taxonomy.yml and the like).
SITE_SOURCES = (
    "startups",
    "content",
    "overrides",
    "news",
    "challenges",
    "scripts/startupdir/site/templates",
)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@contextlib.contextmanager
def pinned_environ(values: dict[str, str] = BUILD_ENV):
    """Set environment variables for the block, then restore the previous values
    (build_site itself writes SOURCE_DATE_EPOCH into os.environ)."""
    keys = set(values) | {"SOURCE_DATE_EPOCH"}
    saved = {key: os.environ.get(key) for key in keys}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_pinned(root: Path, site_dir: Path, **kwargs) -> Path:
    """startupdir.site.build.build_site with the pinned date and SOURCE_DATE_EPOCH."""
    from startupdir.site.build import build_site

    with pinned_environ():
        return build_site(root, site_dir, **kwargs)


def copy_site_repo(dest: Path) -> Path:
    """A buildable copy of this repository's site sources at ``dest``."""
    root_yaml = [p.name for p in sorted(ROOT.iterdir()) if p.suffix in (".yml", ".yaml")]
    for rel in (*root_yaml, *SITE_SOURCES):
        source = ROOT / rel
        target = dest / rel
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


@pytest.fixture(scope="session")
def build():
    """``build(root, site_dir, **kwargs)``: build_site with the pinned environment."""
    return build_pinned


@pytest.fixture(scope="session")
def copy_repo():
    """``copy_repo(dest)``: a buildable copy of the repository's site sources at ``dest``
    (for module- or session-scoped fixtures; ``site_repo`` is the per-test one)."""
    return copy_site_repo


@pytest.fixture
def site_repo(tmp_path: Path) -> Path:
    """A throw-away, buildable copy of the repository (profiles, content, templates)."""
    return copy_site_repo(tmp_path / "repo")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, repo_root: Path) -> Path:
    """The sample site, built once per session (strict mode) into a temporary folder."""
    site = tmp_path_factory.mktemp("built") / "site"
    return build_pinned(repo_root, site)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that drops a connection (a page left before its last request was
        answered) is no error of the site; any other error is printed, as by default."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder: Path, name: str = "site-server"):
    """A folder over HTTP on 127.0.0.1 (ephemeral port); yields the base URL, ending with "/"."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def serve_folder():
    """serve() for test modules that build their own site."""
    return serve


@pytest.fixture(scope="session")
def site_server(built_site: Path):
    """The built site over HTTP on 127.0.0.1; yields the base URL, ending with "/"."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (it cannot download its own browser here);
    `make test` installs both, so a missing browser fails the tests instead of skipping them."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), (
        f"Chromium not found at {CHROMIUM}: run `make test` (apt-get install chromium)"
    )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class RecordedPage:
    """A fresh browser page and what it did: every request URL, failed requests,
    console errors and uncaught page errors."""

    page: object
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return (
            [f"console: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"failed request: {u}" for u in self.failed]
        )


@pytest.fixture
def recorded_page(browser):
    """A page in its own browser context, recording requests and errors (10 s timeouts)."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    record = RecordedPage(page)
    page.on("request", lambda request: record.requests.append(request.url))
    page.on(
        "requestfailed",
        lambda request: record.failed.append(f"{request.url} ({request.failure})"),
    )
    page.on(
        "console",
        lambda message: (
            record.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: record.page_errors.append(str(error)))
    try:
        yield record
    finally:
        context.close()


# ---------------------------------------------------------------------------
# Reading generated HTML


@dataclass(eq=False)  # compared by identity: `parent in element.parents`
class Element:
    tag: str
    attrs: dict
    parents: tuple = ()
    parts: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def inside(self, tag: str, css: str | None = None) -> bool:
        """True when one of the ancestors is ``tag`` (with class ``css`` when given)."""
        return any(p.tag == tag and (css is None or css in p.classes) for p in self.parents)


class HtmlDoc(HTMLParser):
    """Every element of a page, with its attributes, ancestors and text (entities decoded)."""

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), tuple(self._open))
        self.elements.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, dict(attrs), tuple(self._open)))

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                return

    def handle_data(self, data):
        for element in self._open:
            element.parts.append(data)

    def find_all(self, tag: str | None = None, css: str | None = None, **attrs) -> list[Element]:
        """Elements by tag, class and exact attribute values (``data_x`` means ``data-x``)."""
        wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
        return [
            e
            for e in self.elements
            if (tag is None or e.tag == tag)
            and (css is None or css in e.classes)
            and all(e.attrs.get(k) == v for k, v in wanted.items())
        ]

    def find(self, tag: str | None = None, css: str | None = None, **attrs) -> Element:
        found = self.find_all(tag, css, **attrs)
        assert found, f"no <{tag or '*'}> with class={css!r} {attrs}"
        return found[0]


@pytest.fixture(scope="session")
def parse_html():
    """``parse_html(text)`` -> HtmlDoc: elements with attributes, ancestors and text."""
    return HtmlDoc
