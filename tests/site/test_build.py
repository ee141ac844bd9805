"""The built site (MkDocs + Material, strict mode): every URL, the home page, safety of
<head>, navigation size, privacy, the contributor's guide; atomic and reproducible builds."""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import stat
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import material
import pytest
from startupdir.content.model import VOCABULARIES
from startupdir.site import urls, writing
from startupdir.site.build import BuildFailed
from startupdir.site.docs import field_rows
from startupdir.site.plugin import THEME_DIR

NNBSP = "\u202f"
SITE_NAME = "Annuaire des startups"
CLOSED = "zerbia-market"
THIRD_PARTY = ("fonts.googleapis", "fonts.gstatic", "//api.github.com", "unpkg.com", "jsdelivr")
# <link rel> values the browser fetches.
FETCHED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_url(site: Path, path: Path) -> str:
    """The site-relative URL of a built file ("" for the home page)."""
    rel = path.relative_to(site).as_posix()
    return rel.removesuffix("index.html")


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file (and "<dir>" for folders)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        out[rel] = "<dir>" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# The sample site


def test_strict_build_succeeded(built_site):
    assert (built_site / "index.html").is_file()
    assert (built_site / "404.html").is_file()
    assert (built_site / "pagefind" / "pagefind.js").is_file()  # the site search
    assert (built_site / "sitemap.xml").is_file()
    assert not list(built_site.parent.glob(".site-*")), "temporary build folder left behind"


def test_every_url_has_its_page(built_site, raw_profiles, raw_taxonomy):
    expected = ["", urls.DIRECTORY, urls.CONTRIBUTE]
    expected += [urls.startup(slug) for slug in raw_profiles]
    for vocabulary in VOCABULARIES:
        expected.append(urls.section(vocabulary))
        expected += [urls.term(vocabulary, term["id"]) for term in raw_taxonomy[vocabulary]]
    assert "secteurs/fintech/" in expected and "programmes/" in expected
    missing = [url for url in expected if not (built_site / url / "index.html").is_file()]
    assert missing == []


def test_generated_pages_are_not_written_into_content(built_site, repo_root):
    for segment in ("startups", *urls.SECTIONS.values()):
        assert not (repo_root / "content" / segment).exists(), segment


def test_profile_pages_show_their_startup(built_site, raw_profiles, parse_html):
    for slug, raw in raw_profiles.items():
        doc = parse_html(read(built_site, urls.startup(slug)))
        assert [h.text for h in doc.find_all("h1")] == [raw["name"]], slug


def test_closed_startup_has_a_page_but_is_not_listed(built_site, raw_profiles):
    assert raw_profiles[CLOSED]["status"] == "closed"
    assert "a cessé son activité" in html.unescape(read(built_site, urls.startup(CLOSED)))
    assert f"{CLOSED}/" not in read(built_site, urls.DIRECTORY)


# ---------------------------------------------------------------------------
# Home page


@pytest.fixture(scope="module")
def home(built_site, parse_html):
    return parse_html(read(built_site, ""))


def french(value: int) -> str:
    return f"{value:,}".replace(",", NNBSP)


def test_home_key_figures(home, raw_profiles):
    listed = [raw for raw in raw_profiles.values() if raw.get("status") != "closed"]
    employees = sum(raw["employees"] for raw in listed)
    assert employees >= 1000
    expected = {
        "startups référencées": french(len(listed)),
        "secteurs représentés": french(len({s for raw in listed for s in raw["sectors"]})),
        "villes": french(len({raw["city"] for raw in listed})),
        "emplois": french(employees),
        "startups qui recrutent": french(sum(1 for raw in listed if raw.get("hiring"))),
        "startups qui lèvent des fonds": french(
            sum(1 for raw in listed if raw.get("seeking_investment"))
        ),
    }
    box = home.find("ul", css="sd-figures__list")
    items = [li for li in home.find_all("li") if box in li.parents]
    shown = {}
    for li in items:
        (value,) = [e.text for e in home.find_all("strong") if li in e.parents]
        (label,) = [e.text for e in home.find_all("span") if li in e.parents]
        shown[label] = value
    assert shown == expected
    assert f"{employees // 1000}{NNBSP}{employees % 1000:03d}" == shown["emplois"]


def test_home_sector_grid(home, raw_taxonomy, expected_members):
    grid = home.find("ul", css="sd-terms--grid")
    tiles = [li for li in home.find_all("li", css="sd-term-tile") if grid in li.parents]
    assert len(tiles) == len(raw_taxonomy["sectors"])
    for tile, sector in zip(tiles, raw_taxonomy["sectors"], strict=True):
        (link,) = [a for a in home.find_all("a") if tile in a.parents]
        assert link.attrs["href"] == f"secteurs/{sector['id']}/"
        assert link.text == sector["label"]["fr"]
        count = len(expected_members("sectors", sector["id"]))
        assert f"{count} startup{'s' if count > 1 else ''}" in tile.text


def test_home_calls_to_action(home):
    hrefs = {a.attrs.get("href") for a in home.find_all("a", css="md-button")}
    assert {"startups/", "contribuer/"} <= hrefs


# ---------------------------------------------------------------------------
# <head>: Material prints page.meta.title and page.meta.description unescaped

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
META = re.compile(r"<meta\b[^>]*>", re.I)
# Every attribute double-quoted, no quote or angle bracket inside: nothing broke out.
META_EXACT = re.compile(r'<meta(\s+[a-zA-Z:_-]+="[^"<>]*")+\s*/?>')


def check_head(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    head = text.split("</head>", 1)[0]
    titles = TITLE.findall(head)
    assert len(titles) == 1, path
    assert "<" not in titles[0] and ">" not in titles[0], (path, titles[0])
    for tag in META.findall(head):
        assert META_EXACT.fullmatch(tag), (path, tag)
    # Material's only inline script in <head> sets up its storage helpers.
    scripts = re.findall(r"<script[^>]*>(.{0,12})", head, re.I | re.S)
    assert all(body.startswith("__md_scope") for body in scripts), (path, scripts)


def test_head_titles_and_meta_hold_no_markup(built_site):
    for path in html_files(built_site):
        check_head(path)


def test_profile_head_shows_name_and_tagline(built_site, raw_profiles, parse_html):
    for slug, raw in raw_profiles.items():
        doc = parse_html(read(built_site, urls.startup(slug)).split("</head>", 1)[0])
        assert doc.find("title").text == f"{raw['name']} - {SITE_NAME}"
        assert doc.find("meta", name="description").attrs["content"] == raw["tagline"]["fr"]


# ---------------------------------------------------------------------------
# Navigation: the section pages, never the profiles


def nav_links(doc, url: str) -> list[str]:
    base = "https://annuaire.example/" + url
    return [
        urlsplit(urljoin(base, a.attrs["href"])).path
        for a in doc.find_all("a")
        if "href" in a.attrs and a.inside("nav", "md-nav")
    ]


@pytest.mark.parametrize("slug", ["atlas-pay", "argania-lab", CLOSED])
def test_profile_navigation_does_not_list_profiles(built_site, raw_profiles, parse_html, slug):
    url = urls.startup(slug)
    links = nav_links(parse_html(read(built_site, url)), url)
    assert links, "no navigation found"
    assert len(links) < 40
    assert len([p for p in links if p.startswith("/startups/")]) < 10
    profiles = {"/" + urls.startup(s) for s in raw_profiles}
    assert [p for p in links if p in profiles] == []


NAV_LABELS = [
    "Accueil",
    "Startups",
    "Secteurs",
    "Villes",
    "Programmes",
    "Défis",
    "Actualités",
    "Statistiques",
    "Données",
    "Contribuer",
    "À propos",
]


@pytest.mark.parametrize("url", ["", urls.DIRECTORY, urls.startup("atlas-pay"), "secteurs/"])
def test_tabs_use_the_titles_of_mkdocs_yml(built_site, parse_html, url):
    """Generated section pages carry their own title, but the nav's title wins in menus."""
    doc = parse_html(read(built_site, url))
    tabs = [" ".join(a.text.split()) for a in doc.find_all("a", "md-tabs__link")]
    assert tabs == NAV_LABELS


def test_page_size_does_not_grow_with_the_directory(built_site):
    """Each page embeds the navigation: it must not list the 40 profiles."""
    size = len(read(built_site, urls.startup("atlas-pay")).encode())
    assert size < 60_000, size


# ---------------------------------------------------------------------------
# Privacy: nothing leaves the site's origin


def test_no_third_party_host_in_html(built_site, parse_html):
    for path in html_files(built_site):
        text = path.read_text(encoding="utf-8")
        for host in THIRD_PARTY:
            assert host not in text, (path, host)
        for element in parse_html(text).elements:
            if element.tag == "link" and set(element.attrs.get("rel", "").split()) & FETCHED_RELS:
                target = element.attrs["href"]
            elif element.tag in ("script", "img", "iframe", "source", "audio", "video"):
                target = element.attrs.get("src", "")
            else:
                continue
            assert not urlsplit(target).scheme and not target.startswith("//"), (path, target)


def test_no_third_party_host_in_css(built_site):
    for path in sorted(built_site.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        for host in THIRD_PARTY:
            assert host not in text, (path, host)
        assert not re.search(r"@import\s+(url\()?[\"']?(https?:)?//", text), path


# ---------------------------------------------------------------------------
# Contributor's guide and search index


def test_contributor_page_has_a_row_per_field(built_site, parse_html):
    doc = parse_html(read(built_site, urls.CONTRIBUTE))
    cells = {c.text for c in doc.find_all("code") if c.inside("td")}
    rows = field_rows()
    assert len(rows) > 20
    missing = [path for path, *_ in rows if path not in cells]
    assert missing == []
    assert "<!-- startupdir:champs -->" not in read(built_site, urls.CONTRIBUTE)


def test_search_index_has_every_profile(built_site, raw_profiles):
    from test_search_ranking import fragments

    index = fragments(built_site)  # Pagefind's, one fragment per page (issue 16)
    titles = {url.lstrip("/"): f["meta"]["title"] for url, f in index.items()}
    for slug, raw in raw_profiles.items():
        assert titles.get(urls.startup(slug)) == raw["name"], slug
    directory = index["/" + urls.DIRECTORY]
    assert "Atlas Pay" not in directory["content"]  # cards are not indexed


def test_site_folder_has_ordinary_permissions(built_site, tmp_path):
    """The swapped-in site/ must be readable by a web server running as another user,
    like any folder created normally (tempfile.mkdtemp creates folders with mode 0700)."""
    reference = tmp_path / "reference"
    reference.mkdir()
    assert stat.S_IMODE(built_site.stat().st_mode) == stat.S_IMODE(reference.stat().st_mode)


# ---------------------------------------------------------------------------
# Hostile names, then a copy of the repository: reproducible, atomic builds
# (Material prints meta values raw)

HOSTILE = {
    "quote-onfocus": ('" onfocus=JaVaSCript:alert(123) autofocus', "' autofocus onkeyup='x"),
    # The validator refuses real tags; what it lets through must still stay text.
    "title-breakout": ("< / title > & <<< fin", '"> < meta http-equiv=refresh content=0 >'),
    "entities": ("&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt;", "&amp; &quot; &#x3C;"),
    "fullwidth": ("＜script＞alert(123)＜/script＞", "{{ config }} {% raw %}"),
    "yaml-ish": ("title: injected", "--- # description: x"),
    # Names that also occur in Material's header markup, around the cached title.
    "md": ("md", "span"),
    "span": ("span", "md-ellipsis"),
}


PROFILE = """\
name: {name}
tagline:
  fr: {tagline}
description:
  fr: Une description.
website: https://exemple.example
founded: 2020
sectors: [fintech]
city: rabat
stage: idea
employees: 3
updated: 2026-01-01
"""


INVALID_PROFILE = "name: Profil cassé\nfounded: abc\n"


@pytest.fixture(scope="module")
def copy_builds(tmp_path_factory, build, copy_repo):
    """A copy of the repository, with a few hostile profiles added, built twice into two
    folders (one build pair serves the hostile, reproducibility and atomicity tests)."""
    work = tmp_path_factory.mktemp("copy")
    root = copy_repo(work / "repo")
    for slug, (name, tagline) in HOSTILE.items():
        (root / "startups" / f"{slug}.yml").write_text(
            PROFILE.format(name=json.dumps(name), tagline=json.dumps(tagline)), encoding="utf-8"
        )
    site_a = build(root, work / "a" / "site")
    site_b = build(root, work / "b" / "site")
    return root, site_a, site_b


def test_two_builds_are_byte_identical(copy_builds):
    _, site_a, site_b = copy_builds
    digest_a, digest_b = tree_digest(site_a), tree_digest(site_b)
    assert len(digest_a) > 100
    assert digest_a.keys() == digest_b.keys()
    assert [p for p in digest_a if digest_a[p] != digest_b[p]] == []


def test_shell_cache_changes_no_byte(copy_builds, build, tmp_path, caplog):
    """Material's shell rendered once per folder (startupdir.site.shell) gives the very pages
    Material renders for each page without the override."""
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.startupdir")
    root, _, _ = copy_builds
    cached = build(root, tmp_path / "cached")
    reused = [r.getMessage() for r in caplog.records if "page shell" in r.getMessage()]
    assert len(reused) == 1
    profiles = len(list((root / "startups").glob("*.yml")))
    # header, tabs, menu, styles, footer, config and scripts of every profile but the first
    # (and of the index pages of each vocabulary folder)
    assert int(reused[0].split()[-2]) >= 7 * (profiles - 1)
    # The directory's overrides/ wins over the package's theme: put there the theme's
    # main.html without the cached blocks, and Material's own nav and tabs.
    overrides = root / "overrides"
    material_partials = Path(material.__file__).parent / "templates" / "partials"
    text = (THEME_DIR / "main.html").read_text(encoding="utf-8")
    plain_shell = {
        overrides / "main.html": text[: text.index("{#- Blocks identical")],
        overrides / "partials" / "nav.html": (material_partials / "nav.html").read_text("utf-8"),
        overrides / "partials" / "tabs.html": (material_partials / "tabs.html").read_text("utf-8"),
    }
    assert not any(path.exists() for path in plain_shell)
    (overrides / "partials").mkdir(exist_ok=True)
    for path, data in plain_shell.items():
        path.write_text(data, encoding="utf-8")
    try:
        plain = build(root, tmp_path / "plain")
    finally:
        for path in plain_shell:
            path.unlink()
    digest_c, digest_p = tree_digest(cached), tree_digest(plain)
    assert digest_c.keys() == digest_p.keys()
    assert [p for p in digest_c if digest_c[p] != digest_p[p]] == []
    header = (cached / "startups" / "span" / "index.html").read_text(encoding="utf-8")
    assert '<span class="md-ellipsis">\n            \n              span\n' in header


def test_failed_build_keeps_the_previous_site(copy_builds, build):
    root, site_a, _ = copy_builds
    before = tree_digest(site_a)
    broken = root / "startups" / "profil-casse.yml"
    broken.write_text(INVALID_PROFILE, encoding="utf-8")
    try:
        with pytest.raises(BuildFailed):
            build(root, site_a)
    finally:
        broken.unlink()
    assert tree_digest(site_a) == before
    assert sorted(p.name for p in site_a.parent.iterdir()) == ["site"]  # no temp or .old left


def test_failed_build_reports_the_reason(copy_builds, build):
    """build_site's promise: BuildFailed carries the validator's report (file:line)."""
    root, site_a, _ = copy_builds
    broken = root / "startups" / "profil-casse.yml"
    broken.write_text(INVALID_PROFILE, encoding="utf-8")
    try:
        with pytest.raises(BuildFailed) as failure:
            build(root, site_a)
    finally:
        broken.unlink()
    assert "startups/profil-casse.yml:2" in str(failure.value)


def test_broken_link_fails_the_strict_build(site_repo, tmp_path, build):
    root = site_repo
    about = root / "content" / "a-propos.md"
    about.write_text(
        about.read_text(encoding="utf-8") + "\n[lien cassé](page-absente.md)\n", encoding="utf-8"
    )
    with pytest.raises(BuildFailed):
        build(root, tmp_path / "site")
    assert not (tmp_path / "site").exists()


@pytest.fixture(scope="module")
def hostile_site(copy_builds) -> Path:
    return copy_builds[1]


def test_hostile_names_stay_text_in_the_built_pages(hostile_site, parse_html):
    for slug, (name, tagline) in HOSTILE.items():
        text = read(hostile_site, urls.startup(slug))
        head = parse_html(text.split("</head>", 1)[0])
        assert head.find("title").text == f"{name} - {SITE_NAME}", slug
        assert head.find("meta", name="description").attrs["content"] == tagline, slug
        assert len(head.find_all("meta", http_equiv="refresh")) == 0
        # Share cards (Open Graph, Twitter), when the theme writes them.
        for meta in head.find_all("meta"):
            key = meta.attrs.get("property") or meta.attrs.get("name") or ""
            if key in ("og:title", "twitter:title"):
                assert meta.attrs["content"] == name, (slug, key)
            if key in ("og:description", "twitter:description"):
                assert meta.attrs["content"] == tagline, (slug, key)
        doc = parse_html(text)
        assert [h.text for h in doc.find_all("h1")] == [name], slug
        for element in doc.elements:
            assert not any(a.startswith("on") for a in element.attrs), (slug, element.attrs)
        scripts = [s.attrs for s in doc.find_all("script")]
        assert all(set(s) <= {"src", "type", "id"} for s in scripts), scripts


def test_hostile_build_heads_are_clean(hostile_site):
    for path in html_files(hostile_site):
        check_head(path)


def test_hostile_names_in_the_directory_and_search(hostile_site, parse_html):
    doc = parse_html(read(hostile_site, urls.DIRECTORY))
    names = {h.text for h in doc.find_all("h3", css="sd-card__name")}
    assert {name for name, _ in HOSTILE.values()} <= names
    # The site search (Pagefind) holds titles as text, which search.js prints as text.
    from test_search_ranking import fragments

    titles = {u.lstrip("/"): f["meta"]["title"] for u, f in fragments(hostile_site).items()}
    for slug, (name, _) in HOSTILE.items():
        assert titles[urls.startup(slug)] == " ".join(name.split()), slug


# ---------------------------------------------------------------------------
# Cached images reach the site by hard link, or by copy where links are refused


def cached_image(tmp_path: Path, name: str):
    from startupdir.site.files import CachedImage

    source = tmp_path / "cache" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(b"\x89PNG" + name.encode())
    image = CachedImage(
        f"assets/images/logos/{name}",
        src_dir=None,
        dest_dir=str(tmp_path / "site"),
        use_directory_urls=True,
    )
    image.abs_src_path = str(source)
    return image, source


def test_cached_images_are_hard_linked(tmp_path):
    image, source = cached_image(tmp_path, "a1.png")
    image.copy_file()
    image.copy_file()  # already there: left as is
    target = Path(image.abs_dest_path)
    assert target.read_bytes() == source.read_bytes()
    assert target.stat().st_ino == source.stat().st_ino


def test_cached_images_are_copied_where_links_are_refused(tmp_path, monkeypatch):
    from startupdir.site.files import CachedImage

    def refuse(src, dst):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    monkeypatch.setattr(CachedImage, "linking", True)
    image, source = cached_image(tmp_path, "b2.png")
    image.copy_file()
    target = Path(image.abs_dest_path)
    assert target.read_bytes() == source.read_bytes()
    assert target.stat().st_ino != source.stat().st_ino
    assert CachedImage.linking is False


def test_the_page_writer_writes_and_indexes_every_page_it_is_handed(tmp_path):
    """Pages handed to the writer thread are on disk, folders made, and handed to the index
    in their order, once finish() returns."""
    from startupdir.site.files import PageWriter

    indexed = []
    writer = PageWriter(lambda dest, html: indexed.append((dest, html)))
    pages = {
        f"startups/s{i}/index.html": tmp_path / f"startups/s{i}/index.html" for i in range(200)
    }
    for dest, path in pages.items():
        writer.write(str(path), f"<p>{dest} é \udcff</p>", dest)
    writer.finish()
    for dest, path in pages.items():
        assert path.read_bytes() == f"<p>{dest} é &#56575;</p>".encode()
    assert [dest for dest, _ in indexed] == list(pages)


def test_a_page_the_writer_cannot_write_fails_the_build(tmp_path):
    from startupdir.site.files import PageWriter

    (tmp_path / "startups").write_text("a file where a folder should be", encoding="utf-8")
    writer = PageWriter()
    writer.write(str(tmp_path / "startups/a/index.html"), "<p>a</p>")
    with pytest.raises(OSError):
        writer.finish()


def test_an_index_that_fails_fails_the_build(tmp_path):
    from startupdir.site.files import PageWriter
    from startupdir.site.search import SearchIndexError

    def refuse(dest, html):
        raise SearchIndexError("refusée")

    writer = PageWriter(refuse)
    writer.write(str(tmp_path / "a.html"), "<p>a</p>", "a.html")
    with pytest.raises(SearchIndexError, match="refusée"):
        writer.finish()


def test_a_build_leaves_no_temporary_folder(repo_root, tmp_path):
    """Material's blog makes a temporary folder for the pages it generates; build_site
    sends MkDocs' shutdown event, where the blog removes it (a fresh process, with its own
    temporary folder, so that nothing else writes there)."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    script = (
        "import sys; from pathlib import Path; from startupdir.site.build import build_site; "
        "site = Path(sys.argv[2]); build_site(Path(sys.argv[1]), site); build_site(Path(sys.argv[1]), site)"
    )
    env = {**os.environ, "TMPDIR": str(temp), "SOURCE_DATE_EPOCH": "1767225600"}
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-c", script, str(repo_root), str(tmp_path / "site")], env=env, check=True
    )
    assert (tmp_path / "site" / "actualites" / "archives").is_dir()  # the blog generated pages
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize(
    ("url", "tab"),
    [
        (urls.DIRECTORY, "Startups"),
        (urls.startup("atlas-pay"), "Startups"),
        (urls.startup("argania-lab"), "Startups"),
        ("stades/seed/", "Startups"),  # no tab of its own
        ("besoins/financing/", "Startups"),
        ("secteurs/fintech/", "Secteurs"),  # its section has a tab
        ("villes/rabat/", "Villes"),
        ("programmes/technopark-incubation/", "Programmes"),
        ("", "Accueil"),
    ],
)
def test_generated_pages_mark_their_tab_active(built_site, parse_html, url, tab):
    """Profiles and term pages are outside the navigation: Material would mark no tab."""
    doc = parse_html(read(built_site, url))
    active = [li for li in doc.find_all("li", "md-tabs__item--active")]
    assert [" ".join(li.text.split()) for li in active] == [tab]


def test_a_rebuild_writes_over_the_site_before_last(copy_builds, build, tmp_path):
    """The site a build replaces waits beside it, and the next build writes into it: a page
    still there keeps its file (overwritten in place), a removed profile's page and search
    fragment go, and the site is the same bytes as one built into an empty folder."""
    root, _, _ = copy_builds
    site = tmp_path / "site"
    build(root, site)
    build(root, site)  # the first output is now the spare
    spare = tmp_path / ".site.previous"
    page = Path("startups/md/index.html")
    witness = tmp_path / "witness.html"  # holds the file: its inode cannot go to another
    os.link(spare / page, witness)
    removed = root / "startups" / "span.yml"
    text = removed.read_text(encoding="utf-8")
    removed.unlink()
    try:
        build(root, site)
        fresh = build(root, tmp_path / "fresh" / "site")
    finally:
        removed.write_text(text, encoding="utf-8")
    assert os.path.samefile(site / page, witness)
    assert (spare / "startups" / "span").is_dir() and not (site / "startups" / "span").exists()
    assert tree_digest(site) == tree_digest(fresh)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".site.previous",
        "fresh",
        "site",
        "witness.html",
    ]


def test_a_rebuild_of_the_same_pages_keeps_the_search_index(
    copy_builds, build, tmp_path, caplog, monkeypatch
):
    """The third build writes into the first's output (the spare), where the index of the
    same pages is: Pagefind indexes nothing again (search_record.py), and the site is the
    same bytes as one built from nothing."""
    monkeypatch.setattr(writing, "can_fork", lambda: False)  # one process: its log is here
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.startupdir")
    root, site_a, _ = copy_builds
    site = tmp_path / "site"
    kept = []
    for _ in range(3):
        caplog.clear()
        build(root, site)
        kept.append([r.getMessage() for r in caplog.records if "index kept" in r.getMessage()])
    assert kept == [[], [], ["startupdir: search index kept for fr, en (same pages)"]]
    assert tree_digest(site) == tree_digest(site_a)


FRESH_BUILD = (
    "import logging, sys; from pathlib import Path; from startupdir.site import build, writing\n"
    "writing.SPLIT_MAX_PAGES = int(sys.argv[3])\n"
    "fork = writing.SiteOutput.fork\n"
    "writing.SiteOutput.fork = lambda out: (print('forked', file=sys.stderr), fork(out))\n"
    "kept = logging.StreamHandler(sys.stderr)\n"
    "kept.addFilter(lambda record: 'index kept' in record.getMessage())\n"
    "logging.getLogger('mkdocs.plugins.startupdir').addHandler(kept)\n"
    "logging.getLogger('mkdocs.plugins.startupdir').setLevel(logging.INFO)\n"
    "build.build_site(Path(sys.argv[1]), Path(sys.argv[2]))\n"
)


def fresh_build(root: Path, site: Path, split_max_pages: int) -> list[str]:
    """A build in a fresh process, running no other thread, so that it can fork (the
    second process renders the English edition up to ``split_max_pages`` pages); the lines
    it printed: « forked », and the search indexes kept (in either process)."""
    import subprocess
    import sys

    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "STARTUPDIR_TODAY": "2026-11-26"}
    done = subprocess.run(
        [sys.executable, "-c", FRESH_BUILD, str(root), str(site), str(split_max_pages)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stderr.splitlines()
    return sorted(x for x in lines if x == "forked" or x.startswith("startupdir: search index"))


def test_the_two_process_build_is_the_one_process_build(copy_builds, tmp_path):
    """The English edition rendered by a second process (site/writing.py) gives the same
    bytes as one process rendering every page."""
    root, site_a, _ = copy_builds
    logs = {
        name: fresh_build(root, tmp_path / name, limit)
        for name, limit in (("two", 100_000), ("one", 0))
    }
    assert logs == {"two": ["forked"], "one": []}
    two, one = tree_digest(tmp_path / "two"), tree_digest(tmp_path / "one")
    assert len(two) > 100
    assert [p for p in two.keys() | one.keys() if two.get(p) != one.get(p)] == []
    assert two == tree_digest(site_a)


def test_each_process_keeps_the_index_of_its_edition(copy_builds, tmp_path):
    """In a two-process rebuild over the same pages (the third: it writes into the site
    before last), each process keeps its edition's search index; the same bytes."""
    root, site_a, _ = copy_builds
    logs = [fresh_build(root, tmp_path / "site", 100_000) for _ in range(3)]
    assert logs[:2] == [["forked"], ["forked"]]
    assert logs[2] == [
        "forked",
        "startupdir: search index kept for en (same pages)",
        "startupdir: search index kept for fr (same pages)",
    ]
    assert tree_digest(tmp_path / "site") == tree_digest(site_a)
