"""The explorer and the header search in both editions, without a browser: every catalogue
key that explorer.js, search.js, directory.html.j2 and partials/search.html read exists in
both catalogues with the same placeholders, the explorer's one data file carries the English
labels, links and texts, and the English list page says it all in English."""

from __future__ import annotations

import json
import re
import string

import pytest
from startupdir.content.render import environment
from startupdir.site import urls
from startupdir.site.explorer import CARD_KEYS, excerpt, explorer_data, explorer_messages
from startupdir.site.i18n import LANGUAGES, catalogue
from startupdir.site.paging import PAGE_SIZE, directory_pages
from startupdir.site.plugin import THEME_DIR
from startupdir.site.views import Views

TEMPLATES = THEME_DIR.parent / "templates"
EXPLORER_JS = (THEME_DIR / "assets/javascripts/explorer.js").read_text(encoding="utf-8")
SEARCH_JS = (THEME_DIR / "assets/javascripts/search.js").read_text(encoding="utf-8")
SEARCH_PARTIAL = (THEME_DIR / "partials/search.html").read_text(encoding="utf-8")
DIRECTORY = (TEMPLATES / "directory.html.j2").read_text(encoding="utf-8")
# French words of the interface that must not appear on the English page.
FRENCH = ("Filtres", "Secteurs", "Villes", "Tour recherché", "Aucune", "Voir ", "Trier", "Lève")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def js_keys(script: str) -> set[str]:
    """The message keys a script names: dotted or plain identifiers given to msg() or
    plural(), and the dotted strings of its constants (FACETS, RANGES, SORTS…)."""
    called = set(re.findall(r'\b(?:msg|plural)\(\s*"([a-z_.]+)"', script))
    dotted = set(re.findall(r'"([a-z_]+(?:\.[a-z_]+)+)"', script))
    return called | dotted


def plural_bases(script: str) -> set[str]:
    return set(re.findall(r'\bplural\(\s*"([a-z_.]+)"', script))


@pytest.fixture(scope="module")
def views(sample_directory) -> Views:
    return Views(sample_directory.taxonomy, sample_directory.startups)


def test_both_catalogues_hold_the_same_explorer_and_search_keys():
    fr, en = catalogue("fr").messages, catalogue("en").messages
    ours = {k for k in fr if k.startswith(("explorer.", "search."))}
    assert ours == {k for k in en if k.startswith(("explorer.", "search."))}
    for key in ours:
        assert placeholders(fr[key]) == placeholders(en[key]), key
        assert fr[key] and en[key], key


def test_every_key_the_explorer_script_reads_exists_in_both_languages():
    keys = js_keys(EXPLORER_JS)
    bases = plural_bases(EXPLORER_JS)
    assert {"filters", "show", "facet.round.legend", "card.raising", "amount.card"} <= keys
    assert {"startups", "selected", "more_rest"} <= bases
    for lang in LANGUAGES:
        messages = explorer_messages(catalogue(lang))
        missing = [k for k in keys if k not in messages and k not in bases]
        missing += [
            f"{b}.{f}" for b in bases for f in ("one", "other") if f"{b}.{f}" not in messages
        ]
        assert missing == [], lang
    # And nothing in the catalogue that the script never reads (page.* is the template's).
    used = keys | {f"{b}.{f}" for b in bases for f in ("one", "other")} | {"startups.none"}
    unused = set(explorer_messages(catalogue("fr"))) - used
    assert unused == set()


def test_every_key_of_the_search_script_and_partial_exists_in_both_languages():
    given = set(re.findall(r'"([a-z_.]+)": sd_t\(sd_page_lang, "search\.\1"\)', SEARCH_PARTIAL))
    named = set(re.findall(r"sd_t\(sd_page_lang, ['\"](search\.[a-z_.]+)['\"]\)", SEARCH_PARTIAL))
    called = set(re.findall(r'\bmsg\("([a-z_.]+)"', SEARCH_JS))
    bases = set(re.findall(r'\bplural\("([a-z_.]+)"', SEARCH_JS))
    needed = called | {f"{b}.{f}" for b in bases for f in ("one", "other")}
    assert needed and needed <= given, needed - given
    assert "lang.t(" not in SEARCH_PARTIAL  # Material's strings are the theme's language only
    for lang in LANGUAGES:
        messages = catalogue(lang).messages
        assert [k for k in named | {f"search.{k}" for k in given} if k not in messages] == []


def test_every_key_of_the_directory_template_exists_in_both_languages():
    keys = set(re.findall(r't\("([a-z_.]+)"', DIRECTORY))
    assert "explorer.page.position" in {
        k for k in catalogue("fr").messages if k.startswith("explorer.page.")
    }
    assert keys and all(k.startswith("explorer.page.") for k in keys)
    for lang in LANGUAGES:
        assert [k for k in keys if k not in catalogue(lang).messages] == [], lang


def test_messages_of_a_page():
    fr, en = explorer_messages(catalogue("fr")), explorer_messages(catalogue("en"))
    assert fr["filters"] == "Filtres" and en["filters"] == "Filters"
    assert fr["startups.none"] == "aucune startup" and en["startups.other"] == "{n} startups"
    assert fr["amount.card"] == "{amount}\u00a0MAD" and en["amount.card"] == "MAD\u00a0{amount}"
    assert set(CARD_KEYS) <= set(fr) and not any(k.startswith("page.") for k in fr)


def test_excerpt_is_plain_words_cut_at_a_word():
    text = "**Atlas Pay** lets [grocers](https://x.example) sell:\n\n- fast;\n- cheap.\n\n## More"
    assert excerpt(text) == "Atlas Pay lets grocers sell: fast; cheap. More"
    long = "word " * 100
    cut = excerpt(long, 22)
    assert cut == "word word word word" and len(cut) <= 22


def test_one_data_file_for_both_editions(views):
    data = explorer_data(views)
    assert explorer_data(views.edition("en")) == data
    tx = views.taxonomy
    for key, vocabulary in (("s", "sectors"), ("c", "cities"), ("g", "stages"), ("n", "needs")):
        english = data["en"]["f"][key]
        assert [row[1] for row in english] == [
            urls.term(vocabulary, i, "en") for i in tx.ids(vocabulary)
        ]
        assert [row[0] for row in english] == [
            views.edition("en").label(vocabulary, i) for i in tx.ids(vocabulary)
        ]
    assert "Idea" in [row[0] for row in data["en"]["f"]["g"]]
    d = data["d"]
    atlas = d["s"].index("atlas-pay")
    assert "mobile payments" in d["T"][atlas].lower()
    assert d["X"][atlas].startswith("Atlas Pay lets grocers")
    assert sum(1 for t in d["T"] if t) >= 5 and "" in d["T"]


def test_the_english_list_page_is_english(views):
    english = views.edition("en")
    d = directory_pages(english)[0]
    body = (
        environment("startupdir.site")
        .get_template("directory.html.j2")
        .render(
            d=d,
            card_html=[],
            base="../../",
            data_url=urls.EXPLORER_DATA,
            csv_url=urls.STARTUPS_CSV,
            page_size=PAGE_SIZE,
            first_page=urls.directory("en"),
            whatsnew_url=urls.whatsnew("en"),
            t=english.tr.t,
            tr=english.tr,
            lang="en",
        )
    )
    assert "<h1>Startups</h1>" in body
    assert f"{len(views.listed)} startups, in alphabetical order." in body
    assert 'href="../../en/whats-new/">What&#39;s new</a>' in body
    assert 'data-lang="en"' in body and 'data-url="en/startups/{slug}/"' in body
    attribute = re.search(r'data-messages="([^"]*)"', body).group(1)
    messages = json.loads(
        attribute.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    )
    assert messages == explorer_messages(english.tr)
    assert not [w for w in FRENCH if w in body.replace(attribute, "")]
