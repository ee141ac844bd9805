"""The English edition (issue 17): every French page has its English twin under /en/ and
back, hreflang pairs are symmetric, the interface of English pages is English, a profile
without English text shows the French one marked as such."""

from __future__ import annotations

import re
import string
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from startupdir.site import urls
from startupdir.site.i18n import LANGUAGES, MissingMessage, catalogue

LOCALES = Path(__file__).resolve().parents[2] / "scripts/startupdir/site/locales"
SITE_URL = "https://annuaire.example/"
# French pages with no English twin by design: the news (posts are written in French;
# their lists, archives and categories are Material's blog), the 404 page.
UNPAIRED = re.compile(r"^(actualites/.+|404\.html)$")


def pages(site: Path) -> dict[str, Path]:
    """Every HTML page of the built site, by its site-relative URL."""
    out = {}
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "pagefind/")):
            continue
        out[rel.removesuffix("index.html")] = path
    return out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def alternates(page: BeautifulSoup) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"].removeprefix(SITE_URL)
        for link in page.find_all("link", rel="alternate", hreflang=True)
    }


@pytest.fixture(scope="module")
def site_pages(built_site) -> dict[str, BeautifulSoup]:
    return {url: soup(path) for url, path in pages(built_site).items()}


# -- the catalogues -------------------------------------------------------------------


def read_catalogue(lang: str) -> dict[str, str]:
    return yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8"))


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_is_in_both_catalogues_with_the_same_placeholders():
    french, english = read_catalogue("fr"), read_catalogue("en")
    assert sorted(french) == sorted(english)
    for key in french:
        assert fields(str(french[key])) == fields(str(english[key])), key


def test_a_missing_key_names_itself():
    with pytest.raises(MissingMessage, match="en: no.such.key"):
        catalogue("en").t("no.such.key")


def test_english_formats_numbers_amounts_and_dates():
    import datetime as dt

    en, fr = catalogue("en"), catalogue("fr")
    assert en.number(2413) == "2,413" and fr.number(2413) == "2\u202f413"
    assert en.amount(2_500_000, compact=True) == "MAD\u00a02.5M"
    assert fr.amount(2_500_000, compact=True) == "2,5\u00a0M\u00a0MAD"
    assert en.long_date(dt.date(2026, 11, 1)) == "1 November 2026"
    assert fr.long_date(dt.date(2026, 11, 1)) == "1er novembre 2026"
    assert en.plural(1, "startup") == "1 startup" and en.plural(3, "startup") == "3 startups"


# -- the URL patterns ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("french", "english"),
    [
        ("index.md", "en/index.md"),
        ("startups/index.md", "en/startups/index.md"),
        ("startups/page/2.md", "en/startups/page/2.md"),
        ("startups/atlas-pay.md", "en/startups/atlas-pay.md"),
        ("secteurs/fintech.md", "en/sectors/fintech.md"),
        ("villes/index.md", "en/cities/index.md"),
        ("stades/seed.md", "en/stages/seed.md"),
        ("besoins/financing.md", "en/needs/financing.md"),
        ("programmes/index.md", "en/programs/index.md"),
        ("nouveautes/index.md", "en/whats-new/index.md"),
        ("actualites/index.md", "en/news/index.md"),
        ("statistiques.md", "en/statistics.md"),
        ("donnees.md", "en/data.md"),
        ("contribuer.md", "en/contribute.md"),
        ("a-propos.md", "en/about.md"),
    ],
)
def test_twin_sources_go_both_ways(french, english):
    assert urls.twin_source(french) == english
    assert urls.twin_source(english) == french
    assert urls.language_of(english) == "en" and urls.language_of(french) == "fr"


# -- the built site ------------------------------------------------------------------


def test_every_french_page_has_its_english_twin_and_back(site_pages):
    french = [u for u in site_pages if urls.language_of(u) == "fr" and not UNPAIRED.match(u)]
    english = [u for u in site_pages if urls.language_of(u) == "en"]
    versions = [u for u in english if u.startswith(urls.EN_POSTS)]  # of some French posts
    assert len(french) > 100 and len(english) == len(french) + len(versions) == len(french) + 1
    for url in french:
        assert alternates(site_pages[url]).get("en") in site_pages, url
    for url in english:
        assert alternates(site_pages[url]).get("fr") in site_pages, url


def test_hreflang_pairs_are_symmetric_with_french_as_default(site_pages):
    paired = 0
    for url, page in site_pages.items():
        links = alternates(page)
        if not links:
            continue
        lang = urls.language_of(url)
        other = "en" if lang == "fr" else "fr"
        assert links[lang] == url
        twin = links[other]
        assert alternates(site_pages[twin]) == links, (url, twin)
        assert links["x-default"] == (url if lang == "fr" else twin)
        paired += 1
    assert paired > 200


def test_english_pages_are_in_english(site_pages):
    for url, page in site_pages.items():
        assert page.html["lang"] == urls.language_of(url), url


def test_language_switch_goes_to_the_twin(site_pages, built_site):
    page = site_pages["startups/atlas-pay/"]
    switch = page.select_one("a.sd-lang-switch")
    assert switch["href"] == "../../en/startups/atlas-pay/" and switch["hreflang"] == "en"
    back = site_pages["en/startups/atlas-pay/"].select_one("a.sd-lang-switch")
    assert back["href"] == "../../../startups/atlas-pay/" and back.get_text(strip=True).startswith(
        "Français"
    )
    # A news post has no English version: the switch leads to the English news page.
    post = next(u for u in site_pages if u.startswith("actualites/20") and "accord" not in u)
    assert site_pages[post].select_one("a.sd-lang-switch")["href"].endswith("en/news/")


# French words the English pages cite on purpose: en/contribute/ names the news
# categories as written in French (« Partenariat », also a challenge's format).


def french_only_strings() -> list[str]:
    """Interface strings whose French differs from the English (long enough to be telling)."""
    french, english = read_catalogue("fr"), read_catalogue("en")
    english_values = {str(v) for v in english.values()}
    out = []
    for value in french.values():
        text = str(value)
        if text not in english_values and len(text) >= 8 and "{" not in text:
            out.append(text)
    return out


def english_text(page: BeautifulSoup) -> str:
    """The page's visible text, without the passages marked as another language (a
    profile's French text shown for want of English, French news titles)."""
    body = page.body
    for element in body.select("[lang]:not([lang=en])"):
        element.decompose()
    for element in body.select("script, style, svg title, code"):
        element.decompose()
    return " ".join(body.get_text(" ").split())


def test_no_french_interface_string_on_english_pages(site_pages):
    strings = french_only_strings()
    assert len(strings) > 50
    checked = 0
    for url, page in site_pages.items():
        if urls.language_of(url) != "en":
            continue
        text = english_text(BeautifulSoup(str(page), "html.parser"))
        found = [s for s in strings if s in text]
        assert found == [], (url, found)
        checked += 1
    assert checked > 100


def test_material_interface_is_english_on_english_pages(site_pages):
    english, french = site_pages["en/"], site_pages[""]
    assert english.select_one("a.md-skip").get_text(strip=True) == "Skip to content"
    assert french.select_one("a.md-skip").get_text(strip=True) == "Aller au contenu"
    tabs = [a.get_text(strip=True) for a in english.select(".md-tabs__link")]
    assert tabs[:3] == ["Home", "Startups", "Sectors"]


def test_profile_without_english_shows_the_french_text_marked(site_pages, raw_profiles):
    slug = next(
        s
        for s, p in sorted(raw_profiles.items())
        if "en" not in p["tagline"] and not p.get("status")
    )
    page = site_pages[f"en/startups/{slug}/"]
    tagline = page.select_one(".sd-tagline")
    assert tagline["lang"] == "fr"
    assert "(in French)" in tagline.get_text()
    description = page.select_one(".sd-description")
    assert description["lang"] == "fr"


def test_profile_with_english_shows_it_first(site_pages, raw_profiles):
    page = site_pages["en/startups/atlas-pay/"]
    tagline = page.select_one(".sd-tagline")
    assert tagline["lang"] == "en"
    assert tagline.get_text(strip=True) == raw_profiles["atlas-pay"]["tagline"]["en"]
    facts = [dt.get_text(strip=True) for dt in page.select(".sd-keyfacts dt")]
    assert "Founded" in facts and "Fondée en" not in facts


def test_sitemap_lists_both_editions(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}startups/atlas-pay/</loc>" in sitemap
    assert f"<loc>{SITE_URL}en/startups/atlas-pay/</loc>" in sitemap


def test_english_feeds_are_published(built_site):
    for feed in (urls.EN_FEED, urls.whatsnew_feed("en")):
        text = (built_site / feed).read_text(encoding="utf-8")
        assert "<feed" in text and 'xml:lang="en"' in text, feed


def test_jsonld_says_the_page_language(site_pages):
    import json

    for url, lang in (("startups/atlas-pay/", "fr"), ("en/startups/atlas-pay/", "en")):
        script = site_pages[url].find("script", type="application/ld+json")
        data = json.loads(script.string)
        assert data["mainEntityOfPage"]["inLanguage"] == lang
    assert LANGUAGES == ("fr", "en")


POST = "2026-02-03-accord-cgem-technopark"


def test_a_post_with_an_english_version_pairs_with_it(site_pages):
    french, english = f"actualites/{POST}/", f"en/news/posts/{POST}/"
    assert alternates(site_pages[french])["en"] == english
    assert alternates(site_pages[english])["fr"] == french
    page = site_pages[english]
    assert (
        page.h1.get_text(strip=True) == "The CGEM and Technopark Morocco join forces for startups"
    )
    assert page.select_one(".sd-post-date").get_text(strip=True) == "3 February 2026"
    links = page.select_one(".sd-post-links").get_text(" ", strip=True)
    assert links.startswith("Programmes: ")


def test_english_news_lists_the_english_versions_and_the_french_news(site_pages, built_site):
    page = site_pages["en/news/"]
    titles = [a.get_text(strip=True) for a in page.select(".sd-news-en li > a")]
    assert titles == ["The CGEM and Technopark Morocco join forces for startups"]
    assert page.find("a", href="../../actualites/")
    feed = (built_site / urls.EN_FEED).read_text(encoding="utf-8")
    assert feed.count("<entry>") == 1 and f"en/news/posts/{POST}/" in feed


def test_english_home_shows_the_english_version_of_a_post(site_pages):
    latest = site_pages["en/"].select(".sd-home-news__latest li")
    english = [li for li in latest if POST in li.a["href"]]
    assert english and english[0].a.get_text(strip=True).startswith("The CGEM")
    assert "lang" not in english[0].a.attrs
    others = [li for li in latest if POST not in li.a["href"]]
    assert all(li.a["lang"] == "fr" and "(in French)" in li.get_text() for li in others)


@pytest.mark.parametrize(("home", "news"), [("", "actualites/"), ("en/", "en/news/")])
def test_each_home_links_all_news_of_its_edition(site_pages, home, news):
    """« Toutes les actualités » leads to the French news, "All news" to the English news
    page (which lists the English versions and links to the French news)."""
    link = site_pages[home].select_one(".sd-home-news p > a")
    assert link is not None
    assert urljoin(f"/{home}", link["href"]) == f"/{news}"
