"""Quality gates in a real browser (issue 8): accessibility, hostile content, phones, page
weight, console errors and internal links.

One site is built per module: the sample data plus the hostile fixtures of
tests/fixtures/hostile/ (profiles and a post whose fields carry the script-bearing naughty
strings the validator accepts, and sanitiser bypass attempts; see quality_hostile.py). It
is served on 127.0.0.1 and opened in Debian's Chromium through Playwright; every page is
visited once and what it did is kept (requests, console, dialogs, hooked alert/confirm/
prompt calls, axe-core results), so each check below is a small test of its own.
"""

from __future__ import annotations

import gzip
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import quality_hostile as hostile

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SITE_URL = "https://annuaire.example/"  # mkdocs.yml's default site_url (canonical links)

# The pages the issue names, by a short name used in test ids.
KEY_PAGES = {
    "home": "",
    "explorer": "startups/",
    "profile": "startups/atlas-pay/",
    "sector": "secteurs/fintech/",
    "statistics": "statistiques/",
    "news": "actualites/",
    "post": "actualites/2026-10-20-journees-du-financement/",
    "guide": "contribuer/",
    "data": "donnees/",
    "about": "a-propos/",
    # The English edition (issue 17): the same checks on its key pages.
    "en-home": "en/",
    "en-explorer": "en/startups/",
    "en-profile": "en/startups/atlas-pay/",
    "en-sector": "en/sectors/fintech/",
    "en-statistics": "en/statistics/",
    "en-news": "en/news/",
    "en-guide": "en/contribute/",
    "en-data": "en/data/",
    "en-about": "en/about/",
    # Open-innovation challenges (issue 19): the list and a challenge with its matches.
    "challenges": "defis/",
    "challenge": "defis/paiement-sans-contact-commerces/",
    "en-challenges": "en/challenges/",
    "en-challenge": "en/challenges/tri-dechets-recyclables/",
}
HOSTILE_SLUGS = sorted(Path(n).stem for n in hostile.fixture_files("startups"))
HOSTILE_POST = "actualites/" + Path(hostile.POST_NAME).stem + "/"
ROUTES_POST = "actualites/" + Path(hostile.ROUTES_POST_NAME).stem + "/"
# Every page that shows hostile data: their profiles, the indexes they are listed in, the
# explorer, the news pages that list the post, and the post.
HOSTILE_PAGES = [
    *(f"startups/{slug}/" for slug in HOSTILE_SLUGS),
    "",
    "startups/",
    "secteurs/fintech/",
    "villes/rabat/",
    "stades/idea/",
    "besoins/financing/",
    "actualites/",
    "actualites/categories/startups/",
    "actualites/archives/2026/",
    HOSTILE_POST,
    ROUTES_POST,
    # The English edition shows the same hostile data.
    *(f"en/startups/{slug}/" for slug in HOSTILE_SLUGS),
    "en/",
    "en/startups/",
    "en/sectors/fintech/",
    "en/cities/rabat/",
    "en/stages/idea/",
    "en/needs/financing/",
    # The hostile challenge (its texts; its matches: the hostile profiles), its list.
    "defis/",
    "defis/defi-hostile/",
    "en/challenges/",
    "en/challenges/defi-hostile/",
    "en/whats-new/",
]
PHONE_PAGES = {
    "home": "",
    "explorer": "startups/",
    "profile": "startups/atlas-pay/",
    "post": "actualites/2026-10-20-journees-du-financement/",
}
PHONE = {"width": 375, "height": 812}
TAP = 44  # px, both ways
WEIGHT_BUDGET = 100 * 1024  # bytes, compressed
THEME_ASSETS = ("/assets/javascripts/", "/assets/stylesheets/", "/search/")

# Records every alert/confirm/prompt call instead of opening a dialog; runs before any
# script of the page, in every frame.
HOOKS = """
(() => {
  const calls = [];
  Object.defineProperty(window, "__sdCalls", { value: calls });
  for (const name of ["alert", "confirm", "prompt"]) {
    const hook = function (...args) {
      calls.push(name + "(" + args.map(String).join(", ") + ")");
      return name === "confirm" ? false : null;
    };
    Object.defineProperty(window, name, { value: hook, writable: false, configurable: false });
  }
})();
"""

# What a page holds that could run: javascript: URLs (any URL attribute, after removing the
# characters browsers ignore, lowercased), event-handler attributes, scripts that are not
# the theme's own, and the Arabic text outside an element marked lang="ar" dir="rtl".
INSPECT = r"""
() => {
  const URL_ATTRS = ["href", "src", "action", "formaction", "xlink:href", "data", "poster",
                     "background", "srcset", "ping", "cite", "longdesc", "srcdoc"];
  const bad = /^(javascript|vbscript|data:text\/html)/;
  const describe = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (e.className && typeof e.className === "string" ? "." + e.className.split(/\s+/).join(".") : "");
  const jsUrls = [], handlers = [], scripts = [], arabic = [];
  for (const e of document.querySelectorAll("*")) {
    for (const a of e.attributes) {
      const name = a.name.toLowerCase();
      if (URL_ATTRS.includes(name)) {
        const value = a.value.replace(/[\u0000-\u0020\u007f]+/g, "").toLowerCase();
        if (bad.test(value) || value.includes(",javascript:")) jsUrls.push(`${describe(e)} ${name}=${a.value}`);
      }
      if (name.startsWith("on")) handlers.push(`${describe(e)} ${name}=${a.value}`);
    }
    if ((e.tagName === "A" || e.tagName === "AREA") && e.href && e.protocol === "javascript:")
      jsUrls.push(`${describe(e)} resolved ${e.href}`);
  }
  const INLINE = [/^__md_scope=new URL\(/, /^var target=document\.getElementById\(location\.hash/];
  for (const s of document.scripts) {
    const type = (s.getAttribute("type") || "").toLowerCase();
    if (s.src) {
      const url = new URL(s.src);
      if (url.origin !== location.origin || !url.pathname.includes("/assets/javascripts/"))
        scripts.push("src " + s.src);
    } else if (type === "application/ld+json" || (type === "application/json" && s.id === "__config")) {
      try { JSON.parse(s.textContent); } catch (err) { scripts.push("bad JSON in " + describe(s)); }
    } else if (!INLINE.some((r) => r.test(s.textContent.trim()))) {
      scripts.push("inline " + s.textContent.trim().slice(0, 80));
    }
  }
  const AR = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (!AR.test(n.data) || !parent || parent.closest("script, style, template")) continue;
    const lang = parent.closest("[lang]");
    const dir = parent.closest("[dir]");
    if (!lang || !lang.lang.startsWith("ar") || !dir || dir.dir !== "rtl")
      arabic.push(`${describe(parent)}: ${n.data.trim().slice(0, 40)}`);
  }
  return {
    jsUrls, handlers, scripts, arabic,
    h1: [...document.querySelectorAll("h1")].map((h) => h.textContent.trim()),
    ldNames: [...document.querySelectorAll("script[type='application/ld+json']")]
      .map((s) => { try { return JSON.parse(s.textContent).name; } catch (err) { return null; } }),
    lang: document.documentElement.getAttribute("lang"),
    title: document.title,
  };
}
"""

# Fire the events an injected handler would wait for (pointer, focus, keys) at every
# element of the page, without clicking anything.
PROVOKE = """
() => {
  for (const e of document.querySelectorAll("body *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "focusin", "keyup", "toggle"]) {
      e.dispatchEvent(new Event(type, { bubbles: type !== "mouseenter" && type !== "focus" }));
    }
  }
}
"""

# Tap targets smaller than 44 x 44 px among the visible interactive elements, except links
# inside running text (WCAG 2.5.8's inline exception) and inputs whose label is the target.
SMALL_TARGETS = """
(tap) => {
  const shown = (e) => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= 0 || r.left >= innerWidth) return false;
    return e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true,
                               opacityProperty: true, visibilityProperty: true });
  };
  const big = (r) => r.width >= tap && r.height >= tap;
  const inline = (e) => e.tagName === "A" && getComputedStyle(e).display === "inline" &&
    e.parentElement.closest("p, li, td, dd, dt, blockquote, figcaption");
  const out = [];
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, label";
  for (const e of document.querySelectorAll(selector)) {
    if (e.tagName === "LABEL" && !e.querySelector("input, select, textarea")) continue;
    if (!shown(e) || inline(e)) continue;
    const r = e.getBoundingClientRect();
    if (big(r)) continue;
    if (e.labels && [...e.labels].some((l) => shown(l) && big(l.getBoundingClientRect()))) continue;
    const name = (e.getAttribute("aria-label") || e.textContent || e.name || "").trim();
    out.push(`<${e.tagName.toLowerCase()} class="${e.className}"> ${name.slice(0, 40)} ` +
             `${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return out;
}
"""

FOCUS_STYLE = """
() => {
  for (const animation of document.getAnimations()) animation.finish();  // transitions
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow && s.boxShadow !== "none";
  return {
    what: e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(/\\s+/).join(".") : "")
          + " " + (e.getAttribute("aria-label") || e.textContent || "").trim().slice(0, 30),
    indicator: outline || shadow,
    visible: r.width > 0 && r.height > 0 && e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }),
  };
}
"""


# ---------------------------------------------------------------------------
# The hostile site, served


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, copy_repo, build) -> Path:
    """The sample site plus the hostile fixtures, built once (strict mode). The checks of a
    post's text are off (the routes post would be refused): what the pages hold is what
    the cleaning alone lets through."""
    top = tmp_path_factory.mktemp("quality")
    root = copy_repo(top / "repo")
    for source in hostile.fixture_files("startups"):
        shutil.copy(source, root / "startups" / source.name)
    for source in hostile.fixture_files("posts"):
        shutil.copy(source, root / "content" / "actualites" / "posts" / source.name)
    for source in hostile.fixture_files("challenges"):
        shutil.copy(source, root / "challenges" / source.name)
    with hostile.post_text_unchecked():
        return build(root, top / "site")


@pytest.fixture(scope="module")
def base(hostile_site, serve_folder):
    """The hostile site over HTTP on 127.0.0.1; the base URL ends with "/"."""
    with serve_folder(hostile_site, "quality-server") as url:
        yield url


@dataclass
class Visit:
    """What one page did in the browser, and what it holds."""

    url: str
    requests: list[str] = field(default_factory=list)
    responses: list = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    inspect: dict = field(default_factory=dict)
    violations: list[dict] = field(default_factory=list)

    def outside(self) -> list[str]:
        """Requests that left the site's origin (data: and blob: stay in the page)."""
        origin = urlsplit(self.url).netloc
        return [
            u
            for u in self.requests
            if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != origin
        ]

    def errors(self) -> list[str]:
        return (
            [f"console: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"failed request: {u}" for u in self.failed]
        )


def open_page(browser, url: str, viewport: dict | None = None, **context_options):
    """A fresh context and page with the hooks and listeners; returns (context, page, visit)."""
    options = {"locale": "fr-FR", **context_options}
    if viewport:
        options["viewport"] = viewport
    context = browser.new_context(**options)
    context.add_init_script(HOOKS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    visit = Visit(url)
    page.on("request", lambda r: visit.requests.append(r.url))
    page.on("response", lambda r: visit.responses.append(r))
    page.on("requestfailed", lambda r: visit.failed.append(f"{r.url} ({r.failure})"))
    page.on(
        "console",
        lambda m: visit.console_errors.append(m.text) if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))

    def on_dialog(dialog):
        visit.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return context, page, visit


def settle(page, url: str, idle: bool = True) -> None:
    """Load ``url`` and wait until the network is idle (and the explorer is ready)."""
    response = page.goto(url, wait_until="networkidle" if idle else "load")
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    if page.locator("#sd-explorer").count():
        page.wait_for_selector("#sd-explorer[data-ready='ready']", state="attached")


class Visits:
    """Each page is visited once, on first use; later tests read what it did."""

    def __init__(self, browser, base: str):
        self.browser, self.base = browser, base
        self.cache: dict[str, Visit] = {}

    def __call__(self, path: str) -> Visit:
        if path not in self.cache:
            self.cache[path] = self._visit(path)
        return self.cache[path]

    def _visit(self, path: str) -> Visit:
        from axe_playwright_python.sync_playwright import Axe

        context, page, visit = open_page(self.browser, self.base + path)
        try:
            settle(page, visit.url, idle=False)
            visit.inspect = page.evaluate(INSPECT)
            if path in KEY_PAGES.values():
                # axe-core ships inside the Python package and is injected with
                # page.evaluate: nothing is fetched.
                results = Axe().run(page, options={"resultTypes": ["violations"]})
                visit.violations = results.response["violations"]
            page.evaluate(PROVOKE)
            # Late requests (Material's search index) and what they may log are awaited.
            page.wait_for_load_state("networkidle")
            visit.calls = page.evaluate("window.__sdCalls.slice()")
        finally:
            context.close()
        return visit


@pytest.fixture(scope="module")
def visits(browser, base) -> Visits:
    return Visits(browser, base)


def serious(visit: Visit) -> list[str]:
    out = []
    for v in visit.violations:
        if v["impact"] in ("serious", "critical"):
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:5]]
            out.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return out


# ---------------------------------------------------------------------------
# Accessibility


@pytest.mark.browser
@pytest.mark.parametrize("path", KEY_PAGES.values(), ids=KEY_PAGES.keys())
def test_axe_finds_no_serious_violation(visits, path):
    assert serious(visits(path)) == []


@pytest.mark.browser
@pytest.mark.parametrize("path", KEY_PAGES.values(), ids=KEY_PAGES.keys())
def test_page_has_one_h1(visits, path):
    h1 = visits(path).inspect["h1"]
    assert len(h1) == 1 and h1[0], h1


@pytest.mark.browser
@pytest.mark.parametrize("path", KEY_PAGES.values(), ids=KEY_PAGES.keys())
def test_page_is_in_its_edition_and_arabic_passages_are_marked(visits, path):
    visit = visits(path)
    assert visit.inspect["lang"] == ("en" if path.startswith("en/") else "fr")
    assert visit.inspect["arabic"] == []


@pytest.mark.browser
def test_profile_with_all_fields_marks_its_arabic_passages(visits):
    """The profile with every field has Arabic text, and all of it is marked up."""
    visit = visits(KEY_PAGES["profile"])
    assert visit.inspect["arabic"] == []
    context, page, _ = open_page(visits.browser, visits.base + KEY_PAGES["profile"])
    try:
        settle(page, visits.base + KEY_PAGES["profile"])
        arabic = page.locator("[lang='ar']")
        assert arabic.count() >= 2  # the tagline and the description at least
        for i in range(arabic.count()):
            assert arabic.nth(i).get_attribute("dir") == "rtl"
            assert arabic.nth(i).evaluate("e => getComputedStyle(e).direction") == "rtl"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", KEY_PAGES.values(), ids=KEY_PAGES.keys())
def test_no_console_error_and_no_request_leaves_the_site(visits, path):
    visit = visits(path)
    assert visit.errors() == []
    assert visit.outside() == []


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} not reached with Tab")


@pytest.mark.browser
def test_explorer_works_with_the_keyboard_alone(browser, base):
    """Tab to the first facet (the round sought, unfolded), Tab to its first live option,
    Space ticks it: the result count (an aria-live region) changes; Space again restores
    it. Enter folds and unfolds a facet."""
    context, page, visit = open_page(browser, base + "startups/")
    try:
        settle(page, visit.url)
        count = page.locator(".sd-explorer__bar .sd-explorer__count")
        assert count.get_attribute("aria-live") in ("polite", "assertive")
        before = count.inner_text().strip()
        page.locator("body").focus()
        tab_to(page, "#sd-explorer summary.sd-facet__summary")
        assert page.evaluate("document.activeElement.parentNode.open")
        page.keyboard.press("Enter")
        assert not page.evaluate("document.activeElement.parentNode.open")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate(
            "document.activeElement.matches('#sd-explorer details[open] input[type=checkbox]')"
        )
        focused = page.evaluate(FOCUS_STYLE)
        assert focused["indicator"] and focused["visible"], focused
        page.keyboard.press("Space")
        assert page.evaluate("document.activeElement.checked") is True
        handle = count.element_handle()
        page.wait_for_function("([e, t]) => e.textContent.trim() !== t", arg=[handle, before])
        after = count.inner_text().strip()
        assert re.search(r"\d", after), after
        page.keyboard.press("Space")
        page.wait_for_function("([e, t]) => e.textContent.trim() === t", arg=[handle, before])
        assert visit.errors() == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", ["home", "explorer", "profile"])
def test_focus_is_always_visible(browser, base, name):
    """Tab through the first stops of the page: each focused element is visible and has
    an outline or a box shadow."""
    context, page, visit = open_page(browser, base + KEY_PAGES[name])
    try:
        settle(page, visit.url)
        page.locator("body").focus()
        problems = []
        for _ in range(30):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STYLE)
            if state is None:
                break
            if not (state["indicator"] and state["visible"]):
                problems.append(state)
        assert problems == []
    finally:
        context.close()


# ---------------------------------------------------------------------------
# Hostile content never runs


def test_hostile_fixtures_are_up_to_date():
    """The fixture files are what quality_hostile.py writes today: every script-bearing
    naughty string the validator accepts as a name has its profile (regenerate with
    ``python tests/quality_hostile.py`` when this fails)."""
    expected = hostile.profiles()
    found = {p.name: p.read_text(encoding="utf-8") for p in hostile.fixture_files("startups")}
    assert sorted(found) == sorted(expected)
    assert found == expected
    posts = {p.name: p for p in hostile.fixture_files("posts")}
    assert sorted(posts) == sorted([hostile.POST_NAME, hostile.ROUTES_POST_NAME])
    slugs = [Path(n).stem for n in sorted(expected)]
    assert posts[hostile.POST_NAME].read_text(encoding="utf-8") == hostile.post(slugs[:2])


def test_hostile_fixtures_cover_names_and_bypass_attempts():
    checker = hostile.Checker()
    names = hostile.accepted_names(checker)
    accepted, refused = hostile.bypass_split(checker)
    assert len(names) >= 15
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in names
    assert '"><img src=x onerror=alert(1)>' not in names  # refused by the validator
    assert accepted and refused
    values = [v for p in hostile.fixture_files("startups") for v in hostile.strings(p)]
    for attempt in refused:
        assert not any(attempt in value for value in values), attempt


@pytest.mark.browser
@pytest.mark.parametrize("path", HOSTILE_PAGES, ids=lambda p: p.strip("/") or "home")
def test_hostile_content_never_runs(visits, path):
    visit = visits(path)
    assert visit.dialogs == []
    assert visit.calls == []
    assert visit.errors() == []
    assert visit.inspect["jsUrls"] == []
    assert visit.inspect["handlers"] == []
    assert visit.inspect["scripts"] == []
    assert visit.outside() == []


@pytest.mark.browser
@pytest.mark.parametrize("slug", HOSTILE_SLUGS)
def test_hostile_name_is_shown_literally(visits, slug):
    """The name reads as typed in the heading, the window title and the JSON-LD."""
    name = " ".join(hostile.fixture_name(slug).split())  # as the validator stores it
    inspect = visits(f"startups/{slug}/").inspect
    assert inspect["h1"] == [name]
    assert inspect["title"].startswith(name + " - ")
    assert inspect["ldNames"] == [name]


@pytest.mark.browser
def test_hostile_post_title_is_shown_literally(visits):
    assert visits(HOSTILE_POST).inspect["h1"] == [hostile.POST_TITLE]


def test_the_routes_post_is_refused_by_the_validator(repo_root, taxonomy, when):
    """The routes post is hostile for real: only the switched-off checks let it through."""
    from startupdir.content.postcheck import check_rendered, site_sources
    from startupdir.content.postload import load_posts
    from startupdir.content.posts import split_front_matter
    from startupdir.content.problems import Report
    from startupdir.content.schema import Context

    (path,) = [p for p in hostile.fixture_files("posts") if p.name == hostile.ROUTES_POST_NAME]
    report = Report()
    slugs = [p.stem for p in (repo_root / "startups").glob("*.yml")]
    assert load_posts(repo_root, taxonomy, slugs, when, report, paths=[path]) == ()
    assert report.problems
    # The source checks stop at the event handlers; the rendered HTML shows every route.
    _, body, line = split_front_matter(path.read_text(encoding="utf-8"))
    ctx = Context("post.md", taxonomy, when, repo_root)
    sources = site_sources(repo_root, taxonomy, slugs, when)
    check_rendered(body, line, ctx, "actualites/posts/" + path.name, sources)
    found = "\n".join(p.message for p in ctx.problems)
    for route in (
        "classe « mermaid »",
        "image hors du site « https://affiches.example/salon.jpg »",
        "attribut « srcset »",
        "attribut « style »",
        "attribut « ping »",
        "lien refusé « javascript:alert('saut de ligne') »",
        "lien refusé « javascript:alert('citation') »",
        "balise fermante « </main> »",
        'identifiant « programme" onfocus="alert(5) »',
        "identifiant « __search »",
        "attribut d'événement « onerror »",
        "balise « video »",
        "lien refusé « vbscript:msgbox('liste') »",
        "attribut d'événement « onmouseover »",
        "balise « textarea »",
    ):
        assert route in found, route
    with hostile.post_text_unchecked():
        report = Report()
        (post,) = load_posts(repo_root, taxonomy, slugs, when, report, paths=[path])
    assert post.title == hostile.ROUTES_POST_TITLE


# What the routes post could have left in a page: elements, attributes and classes the
# cleaning removes, the mermaid global Material checks before loading mermaid from unpkg,
# and the layout (the article inside main, the footer after it).
ROUTES_LEFTOVERS = """
() => {
  const content = document.querySelector(".md-content__inner");
  const footer = document.querySelector("footer.md-footer");
  const main = document.querySelector("main");
  const selector = "video, audio, source, textarea, plaintext, iframe, object, embed, " +
    ".mermaid, [style], [srcset], [ping], [poster], [onfocus], [onmouseover], [onerror], " +
    "[id^='__'], [id^='programme']";
  return {
    leftovers: content ? [...content.querySelectorAll(selector)].map((e) => e.outerHTML.slice(0, 80)) : ["no content"],
    mermaid: typeof window.mermaid,
    layout: Boolean(content && main && main.contains(content) && footer && !main.contains(footer)),
    h1: [...document.querySelectorAll("h1")].map((h) => h.textContent.trim()),
    tocLinks: [...document.querySelectorAll(".md-nav--secondary a")].map((a) => a.getAttribute("href")),
  };
}
"""


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [ROUTES_POST, "actualites/", "actualites/categories/startups/", "actualites/archives/2026/"],
    ids=lambda p: p.strip("/"),
)
def test_routes_post_leaves_nothing_behind(browser, base, path):
    """Published unchecked, the routes post and its excerpts hold none of what it tried,
    request nothing from another origin (no image, pixel, video or mermaid from unpkg),
    run nothing, and leave the page's layout whole."""
    context, page, visit = open_page(browser, base + path)
    try:
        settle(page, visit.url)
        page.evaluate(PROVOKE)
        page.wait_for_load_state("networkidle")
        found = page.evaluate(ROUTES_LEFTOVERS)
        assert found["leftovers"] == []
        assert found["mermaid"] == "undefined"
        assert found["layout"] is True
        assert page.evaluate("window.__sdCalls.slice()") == []
        assert visit.dialogs == []
        assert visit.errors() == []
        assert visit.outside() == []
        if path == ROUTES_POST:
            assert found["h1"] == [hostile.ROUTES_POST_TITLE]
            assert not [h for h in found["tocLinks"] if h and ("onfocus" in h or "__" in h)]
        else:
            assert base + ROUTES_POST in [
                urljoin(visit.url, u)
                for u in page.evaluate(
                    "[...document.querySelectorAll('article a')].map((a) => a.getAttribute('href'))"
                )
                if u
            ]
    finally:
        context.close()


@pytest.mark.browser
def test_searching_hostile_names_runs_nothing(browser, base):
    """Material's search shows results from its index as HTML: hostile names found there
    must stay text too."""
    context, page, visit = open_page(browser, base)
    try:
        settle(page, visit.url)
        field_ = page.locator("input.md-search__input")
        if not field_.is_visible():
            page.locator("label.md-header__button[for='__search']").first.click()
        for query in ("alert", "script", "onfocus", "javascript"):
            field_.fill("")
            field_.press_sequentially(query, delay=10)
            page.wait_for_selector(".md-search-result__item")
            page.evaluate(PROVOKE)
            assert page.evaluate("window.__sdCalls.slice()") == [], query
        assert visit.dialogs == []
        assert visit.errors() == []
    finally:
        context.close()


# ---------------------------------------------------------------------------
# Phones


@pytest.mark.browser
@pytest.mark.parametrize("path", PHONE_PAGES.values(), ids=PHONE_PAGES.keys())
def test_phone_layout(browser, base, path, request):
    name = request.node.callspec.id
    context, page, visit = open_page(
        browser, base + path, viewport=PHONE, is_mobile=True, has_touch=True
    )
    try:
        settle(page, visit.url)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert page.evaluate(SMALL_TARGETS, TAP) == []
        assert visit.errors() == []
        assert visit.outside() == []
    finally:
        context.close()


# ---------------------------------------------------------------------------
# Page weight


@pytest.mark.browser
def test_profile_page_weight(browser, base):
    """The profile's HTML (gzip level 6: the test server does not compress) plus its own
    images (as served) stay within 100 KB; theme scripts, styles and search are excluded."""
    context, page, visit = open_page(browser, base + KEY_PAGES["profile"])
    try:
        settle(page, visit.url)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images
        page.wait_for_load_state("networkidle")
        sizes = {}
        for response in visit.responses:
            path = urlsplit(response.url).path
            kind = response.request.resource_type
            image = kind == "image" or response.headers.get("content-type", "").startswith(
                "image/"
            )  # the favicon is fetched as "other"
            if any(part in path for part in THEME_ASSETS) or not (kind == "document" or image):
                continue
            body = response.body()
            sizes[path] = len(body) if image else len(gzip.compress(body, 6))
        total = sum(sizes.values())
        assert any(p.endswith("/atlas-pay/") for p in sizes), sizes
        assert any(p.startswith("/assets/img/logos/") for p in sizes), sizes
        assert any(p.endswith("favicon.png") for p in sizes), sizes
        assert total <= WEIGHT_BUDGET, sizes
        assert visit.outside() == []
    finally:
        context.close()


# ---------------------------------------------------------------------------
# Internal links of the whole built site


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data")


def site_target(site: Path, path: str) -> Path | None:
    """The built file a URL path points to (a folder means its index.html), or None."""
    target = site / unquote(path).lstrip("/")
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def anchors(doc) -> set[str]:
    return {e.attrs[k] for e in doc.elements for k in ("id", "name") if e.attrs.get(k)}


def link_urls(doc) -> list[str]:
    urls = []
    for element in doc.elements:
        for key in URL_ATTRIBUTES:
            if element.attrs.get(key):
                urls.append(element.attrs[key])
        for key in ("srcset",):
            for part in (element.attrs.get(key) or "").split(","):
                if part.strip():
                    urls.append(part.split()[0])
    return urls


def test_no_broken_internal_link(hostile_site, parse_html):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 100
    docs = {p: parse_html(p.read_text(encoding="utf-8")) for p in pages}
    ids = {p: anchors(doc) for p, doc in docs.items()}
    broken = []
    checked = 0
    for page, doc in docs.items():
        rel = page.relative_to(hostile_site).as_posix()
        page_url = "http://site/" + rel
        for url in link_urls(doc):
            raw = url.strip()
            scheme = urlsplit(raw).scheme.lower()
            if raw.startswith(SITE_URL):
                raw = "/" + raw[len(SITE_URL) :]
            elif scheme in ("http", "https", "mailto", "tel", "data"):
                continue
            elif scheme or raw.startswith("//"):
                broken.append(f"{rel}: {url} (scheme {scheme!r})")
                continue
            absolute = urlsplit(urljoin(page_url, raw))
            if raw.startswith("#") and not raw[1:]:
                continue
            target = site_target(hostile_site, absolute.path)
            checked += 1
            if target is None:
                broken.append(f"{rel}: {url} -> missing {absolute.path}")
                continue
            fragment = unquote(absolute.fragment)
            if fragment and target.suffix == ".html" and fragment not in ids[target]:
                # Material's own toggles (#__search and the like) are not anchors of the page
                if target == page and fragment.startswith("__"):
                    continue
                where = target.relative_to(hostile_site).as_posix()
                broken.append(f"{rel}: {url} -> no id {fragment!r} in {where}")
    assert checked > 1000
    assert broken == []


def test_every_built_page_has_one_h1(hostile_site, parse_html):
    problems = []
    for page in sorted(hostile_site.rglob("*.html")):
        doc = parse_html(page.read_text(encoding="utf-8"))
        h1 = doc.find_all("h1")
        if len(h1) != 1:
            problems.append(f"{page.relative_to(hostile_site)}: {len(h1)} h1")
    assert problems == []
