"""startupdir.site.pages.generate: every page of the site as text, on the sample data and on
hostile names (Big List of Naughty Strings)."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml
from quality_hostile import NAUGHTY_PROFILE as PROFILE
from startupdir.content.load import parse
from startupdir.content.model import VOCABULARIES, Startup
from startupdir.content.reporters import as_text
from startupdir.content.schema import INVALID, Context, check_object
from startupdir.content.validate import load_directory, name_key
from startupdir.content.yamltext import YamlProblem, decode
from startupdir.site import urls
from startupdir.site.pages import generate, home_blocks
from startupdir.site.views import Site, Views

SITE = Site(
    name="Annuaire des startups",
    url="https://annuaire.example/",
    repo_url="https://github.com/example/annuaire-startups",
    edit_base="https://github.com/example/annuaire-startups/edit/main",
)
REL = "nofollow noopener ugc"
CLOSED = "zerbia-market"
EMPTY_SECTORS = ("media", "water-environment")
EMPTY_TEXT = "Aucune startup n'est encore référencée dans ce secteur."
# Every tag the page templates write; anything else in a body was injected.
TEMPLATE_TAGS = {
    "div",
    "header",
    "section",
    "span",
    "picture",
    "source",
    "img",
    "h1",
    "h2",
    "h3",
    "p",
    "a",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "br",
    "table",
    "tbody",
    "tr",
    "th",
    "td",
    "script",
    "nav",
    "dl",
    "dt",
    "dd",
    "details",
    "summary",
    "time",  # /nouveautes/: the date of each addition or update
}
# And what a description may hold (CommonMark through the allowlist of startupdir.content.text).
TEMPLATE_TAGS |= {"b", "i", "sup", "sub", "abbr", "del", "code", "pre", "blockquote", "hr", "h4"}
JSONLD = '<script type="application/ld+json">'

BLNS = Path(__file__).resolve().parents[1] / "corpora" / "naughty-strings" / "blns.json"


def fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def front_matter(page) -> dict:
    assert page.text.startswith("---\n"), page.src_uri
    head, _, _ = page.text[4:].partition("\n---\n")
    meta = yaml.safe_load(head)
    assert isinstance(meta, dict), page.src_uri
    # The plugin hands MkDocs page.meta directly: it must say what the text says.
    assert meta == page.meta, page.src_uri
    return meta


def scheme(href: str) -> str:
    """The scheme a browser sees (WHATWG): "" for a relative URL."""
    decoded = html.unescape(href).strip("".join(map(chr, range(0x21))))
    decoded = re.sub(r"[\t\n\r]", "", decoded).lower()
    match = re.match(r"([a-z][a-z0-9+.\-]*):", decoded)
    return match.group(1) if match else ""


def jsonld(body: str):
    found = re.findall(re.escape(JSONLD) + r"(.*?)</script>", body, re.S)
    assert len(found) == 1
    return json.loads(found[0])


@pytest.fixture(scope="module")
def views(sample_directory) -> Views:
    return Views(sample_directory.taxonomy, sample_directory.startups, SITE)


@pytest.fixture(scope="module")
def pages(views):
    return generate(views)


@pytest.fixture(scope="module")
def by_src(pages) -> dict:
    return {p.src_uri: p for p in pages}


@pytest.fixture(scope="module")
def docs(by_src, parse_html) -> dict:
    return {src: parse_html(p.body) for src, p in by_src.items()}


def expected_sources(raw_profiles, raw_taxonomy) -> set[str]:
    sources = {"startups/index.md", "nouveautes/index.md", "contribuer/formulaire/index.md"}
    sources |= {f"startups/{slug}.md" for slug in raw_profiles}
    segments = {
        "sectors": "secteurs",
        "cities": "villes",
        "stages": "stades",
        "needs": "besoins",
        "programs": "programmes",
    }
    for vocabulary, segment in segments.items():
        sources.add(f"{segment}/index.md")
        sources |= {f"{segment}/{term['id']}.md" for term in raw_taxonomy[vocabulary]}
    return sources


# ---------------------------------------------------------------------------
# The set of pages


def test_generates_exactly_the_site_pages(pages, raw_profiles, raw_taxonomy):
    sources = [p.src_uri for p in pages]
    assert len(sources) == len(set(sources)), "a page is generated twice"
    assert set(sources) == expected_sources(raw_profiles, raw_taxonomy)
    assert CLOSED + ".md" in {s.rsplit("/", 1)[-1] for s in sources}  # closed keeps its page


def test_generation_is_deterministic(views, pages):
    again = generate(Views(views.taxonomy, views.startups, SITE))
    assert [(p.src_uri, p.text) for p in again] == [(p.src_uri, p.text) for p in pages]


def test_every_page_has_front_matter_and_one_raw_html_block(pages):
    for page in pages:
        meta = front_matter(page)
        assert isinstance(meta["title"], str) and meta["title"], page.src_uri
        assert isinstance(meta["description"], str) and meta["description"], page.src_uri
        assert "toc" in meta["hide"]
        assert page.body.startswith("<div"), page.src_uri
        for line in page.body.split("\n"):
            assert line.strip(), f"{page.src_uri}: a blank line ends the raw HTML block"
            assert not line.startswith((" ", "\t")), f"{page.src_uri}: indented {line!r}"
        assert page.url == urls.source_to_url(page.src_uri)


def test_internal_links_point_to_existing_pages(pages, docs, repo_root):
    known = {p.url for p in pages} | {urls.FEED, urls.WHATSNEW_FEED}  # the Atom feeds
    known |= {
        urls.source_to_url(p.relative_to(repo_root / "content").as_posix())
        for p in (repo_root / "content").rglob("*.md")
    }
    for page in pages:
        base = "https://annuaire.example/" + page.url
        for a in docs[page.src_uri].find_all("a"):
            href = a.attrs["href"]
            if scheme(href):
                continue
            assert not href.startswith("/"), f"{page.src_uri}: absolute link {href}"
            target = urlsplit(urljoin(base, href))
            assert target.netloc == "annuaire.example", f"{page.src_uri}: {href}"
            assert target.path.removeprefix("/") in known, f"{page.src_uri}: {href}"


def test_links_from_profile_data_are_nofollow(pages, docs):
    for page in pages:
        if page.src_uri == urls.form_source():  # GitHub's pages, no profile data
            continue
        for a in docs[page.src_uri].find_all("a"):
            # The repository's file, the form and the taxonomy's program pages are ours.
            if a.text in ("Modifier ce profil", "fichier YAML sur GitHub", "Page du programme"):
                continue
            if scheme(a.attrs["href"]) in ("http", "https"):
                assert a.attrs.get("rel") == REL, f"{page.src_uri}: {a.attrs}"


# ---------------------------------------------------------------------------
# Index pages


def card_slugs(doc) -> list[str]:
    out = []
    for card in doc.find_all("div", css="sd-card"):
        (name,) = [h for h in doc.find_all("h3", css="sd-card__name") if card in h.parents]
        (link,) = [a for a in doc.find_all("a") if name in a.parents]
        out.append(link.attrs["href"].rstrip("/").rsplit("/", 1)[-1])
    return out


@pytest.mark.parametrize("vocabulary", VOCABULARIES)
def test_term_pages_count_the_yaml(vocabulary, raw_taxonomy, docs, expected_members):
    segment = urls.SECTIONS[vocabulary]
    for term in raw_taxonomy[vocabulary]:
        doc = docs[f"{segment}/{term['id']}.md"]
        expected = expected_members(vocabulary, term["id"])
        count = len(expected)
        assert doc.find("h1").text == term["label"]["fr"]
        headings = [h.text for h in doc.find_all("h2")]
        assert f"{count} startup{'s' if count > 1 else ''}" in headings, term["id"]
        slugs = card_slugs(doc)
        assert len(slugs) == count, term["id"]
        assert set(slugs) == expected, term["id"]
        assert CLOSED not in slugs


@pytest.mark.parametrize("vocabulary", VOCABULARIES)
def test_section_pages_list_every_term_with_its_count(
    vocabulary, raw_taxonomy, docs, expected_members
):
    segment = urls.SECTIONS[vocabulary]
    doc = docs[f"{segment}/index.md"]
    tiles = doc.find_all("li", css="sd-term-tile")
    assert len(tiles) == len(raw_taxonomy[vocabulary])
    for tile, term in zip(tiles, raw_taxonomy[vocabulary], strict=True):
        (link,) = [a for a in doc.find_all("a") if tile in a.parents]
        assert urljoin(f"https://h/{segment}/", link.attrs["href"]) == "https://h/" + urls.term(
            vocabulary, term["id"]
        )
        assert link.text == term["label"]["fr"]
        count = len(expected_members(vocabulary, term["id"]))
        (label,) = [s for s in doc.find_all("span", css="sd-count") if tile in s.parents]
        assert label.text == f"{count} startup{'s' if count > 1 else ''}"


@pytest.mark.parametrize("sector", EMPTY_SECTORS)
def test_empty_sector_page_says_so(sector, docs):
    doc = docs[f"secteurs/{sector}.md"]
    assert doc.find("p", css="sd-empty").text == EMPTY_TEXT
    assert doc.find_all("div", css="sd-card") == []


def test_non_empty_term_page_has_no_empty_message(docs):
    assert docs["secteurs/fintech.md"].find_all("p", css="sd-empty") == []


def test_directory_cards_sorted_by_name_without_closed(docs, raw_profiles):
    doc = docs["startups/index.md"]
    names = [h.text for h in doc.find_all("h3", css="sd-card__name")]
    listed = [raw["name"] for raw in raw_profiles.values() if raw.get("status") != "closed"]
    assert names == sorted(listed, key=fold)
    assert raw_profiles[CLOSED]["name"] not in names
    assert doc.find("p", css="sd-count").text.startswith(f"{len(listed)} startups")


def test_directory_cards_show_the_card_fields(docs, raw_profiles, raw_taxonomy):
    doc = docs["startups/index.md"]
    cities = {c["id"]: c["label"]["fr"] for c in raw_taxonomy["cities"]}
    raw = raw_profiles["atlas-pay"]
    (card,) = [c for c in doc.find_all("div", css="sd-card") if "Atlas Pay" in c.text]
    assert raw["tagline"]["fr"] in card.text
    assert cities[raw["city"]] in card.text
    chips = [a.attrs["href"] for a in doc.find_all("a", css="sd-chip") if card in a.parents]
    assert chips == [f"../secteurs/{s}/" for s in raw["sectors"]]
    assert "Recrute" in card.text and raising_text(raw, raw_taxonomy) in card.text


def directory_card(doc, slug):
    (card,) = [c for c in doc.find_all("div", css="sd-card") if card_slugs_in(doc, c) == [slug]]
    return card


def card_slugs_in(doc, card) -> list[str]:
    names = [h for h in doc.find_all("h3", css="sd-card__name") if card in h.parents]
    links = [a for a in doc.find_all("a") if any(n in a.parents for n in names)]
    return [a.attrs["href"].rstrip("/").rsplit("/", 1)[-1] for a in links]


def raising_text(raw, raw_taxonomy) -> str | None:
    """« Lève : Amorçage · 6 M MAD », computed from the YAML (amount left out when absent)."""
    si = raw.get("seeking_investment")
    if si is None:
        return None
    (stage,) = [t["label"]["fr"] for t in raw_taxonomy["stages"] if t["id"] == si["round"]]
    text = f"Lève : {stage}"
    if si.get("amount_mad"):
        millions = f"{si['amount_mad'] / 1_000_000:g}".replace(".", ",")
        text += f" · {millions}\u00a0M\u00a0MAD"
    return text


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("tamwil-crowd", "Lève : Amorçage · 6\u00a0M\u00a0MAD"),
        ("ajial-care", "Lève : Amorçage"),
        ("argania-lab", None),
    ],
)
def test_cards_show_the_round_and_amount_sought(docs, raw_profiles, raw_taxonomy, slug, expected):
    assert raising_text(raw_profiles[slug], raw_taxonomy) == expected
    doc = docs["startups/index.md"]
    card = directory_card(doc, slug)
    flags = [s.text for s in doc.find_all("span", css="sd-flag") if card in s.parents]
    raising = [f for f in flags if f.startswith("Lève")]
    assert raising == ([expected] if expected else [])
    if expected is None:
        assert "Lève" not in card.text


def test_home_figures_link_to_the_explorer(views, parse_html):
    blocks = home_blocks(views)
    doc = parse_html(blocks["<!-- startupdir:chiffres -->"])
    links = {a.text.split(" ", 1)[1].strip(): a.attrs["href"] for a in doc.find_all("a")}
    assert links == {
        "startups qui recrutent": "startups/?recrute=1",
        "startups qui lèvent des fonds": "startups/?levee=1",
    }


EXPLORER_PARAMS = {
    "sectors": "secteur",
    "cities": "ville",
    "stages": "stade",
    "needs": "besoin",
    "programs": "programme",
}


@pytest.mark.parametrize("vocabulary", VOCABULARIES)
def test_term_pages_link_to_the_filtered_explorer(vocabulary, raw_taxonomy, docs, expected_members):
    # The parameter names are the explorer's own (explorer.js, FACETS).
    script = (
        Path(__file__).resolve().parents[2]
        / "scripts/startupdir/site/theme/assets"
        / "javascripts/explorer.js"
    ).read_text(encoding="utf-8")
    param = EXPLORER_PARAMS[vocabulary]
    assert f'param: "{param}"' in script
    segment = urls.SECTIONS[vocabulary]
    checked = 0
    for term in raw_taxonomy[vocabulary]:
        doc = docs[f"{segment}/{term['id']}.md"]
        links = [a for a in doc.find_all("a") if a.text == "Filtrer et comparer dans l'explorateur"]
        if not expected_members(vocabulary, term["id"]):
            assert links == [], term["id"]
            continue
        (link,) = links
        assert link.attrs["href"] == f"../../startups/?{param}={term['id']}"
        assert urljoin(f"https://h/{segment}/{term['id']}/", link.attrs["href"]) == (
            f"https://h/{urls.DIRECTORY}?{param}={term['id']}"
        )
        checked += 1
    assert checked


def test_closed_startup_keeps_its_page_but_leaves_the_indexes(by_src, docs):
    page = by_src[f"startups/{CLOSED}.md"]
    assert "a cessé son activité" in html.unescape(page.body)
    for src, doc in docs.items():
        if src == page.src_uri:
            continue
        hrefs = [a.attrs["href"] for a in doc.find_all("a")]
        assert not any(h.endswith(f"startups/{CLOSED}/") for h in hrefs), src


def test_accent_insensitive_order_on_the_directory(repo, when, parse_html):
    names = {
        "a-zebre": "Zèbre Logistique",
        "b-ecole": "École Numérique",
        "c-eau": "Eau Claire",
        "d-eclair": "éclair Santé",
        "e-ame": "Âme Studio",
        "f-azur": "Azur Pay",
    }
    for slug, name in names.items():
        (repo / "startups" / f"{slug}.yml").write_text(
            PROFILE.format(name=json.dumps(name), tagline='"Accroche"', description='"Texte"'),
            encoding="utf-8",
        )
    directory, report = load_directory(repo, when=when)
    assert directory is not None, as_text(report)
    (page,) = [
        p for p in generate(Views(directory.taxonomy, directory.startups)) if p.url == "startups/"
    ]
    shown = [h.text for h in parse_html(page.body).find_all("h3", css="sd-card__name")]
    assert shown == [
        "Âme Studio",
        "Azur Pay",
        "Eau Claire",
        "éclair Santé",
        "École Numérique",
        "Zèbre Logistique",
    ]


# ---------------------------------------------------------------------------
# The full profile: atlas-pay


@pytest.fixture(scope="module")
def atlas(docs):
    return docs["startups/atlas-pay.md"]


def test_atlas_header(atlas, raw_profiles):
    raw = raw_profiles["atlas-pay"]
    assert atlas.find("h1").text == "Atlas Pay"
    taglines = [
        (p.attrs["lang"], p.attrs["dir"], p.text) for p in atlas.find_all("p", css="sd-tagline")
    ]
    assert taglines == [
        ("fr", "ltr", raw["tagline"]["fr"]),
        ("en", "ltr", raw["tagline"]["en"]),
        ("ar", "rtl", raw["tagline"]["ar"]),
    ]
    badges = atlas.find("p", css="sd-badges")
    for text in ("Fintech", "E-commerce", "Casablanca", "Amorçage", "Recrute", "Lève des fonds"):
        assert text in badges.text


def test_atlas_descriptions_in_three_languages(atlas):
    sections = atlas.find_all("section", css="sd-description")
    assert [(s.attrs["lang"], s.attrs["dir"]) for s in sections] == [
        ("fr", "ltr"),
        ("en", "ltr"),
        ("ar", "rtl"),
    ]
    assert "commerçants" in sections[0].text
    lists = [u for u in atlas.find_all("ul") if sections[0] in u.parents]
    assert len(lists) == 1
    links = [a for a in atlas.find_all("a") if sections[0] in a.parents]
    assert [(a.attrs["href"], a.attrs["rel"]) for a in links] == [("https://atlaspay.example", REL)]


def test_atlas_facts_table(atlas):
    table = atlas.find("table", css="sd-facts")
    rows = {
        th.text: td.text
        for th, td in zip(
            [e for e in atlas.find_all("th") if table in e.parents],
            [e for e in atlas.find_all("td") if table in e.parents],
            strict=True,
        )
    }
    assert rows["Fondée en"] == "2021"
    assert rows["Salariés"] == "18"
    assert rows["Modèle d'affaires"] == "B2B, B2B2C"
    assert rows["Marchés"].startswith("Maroc, Sénégal, Côte")
    assert rows["Statut"] == "En activité"
    assert rows["Région"] == "Casablanca-Settat"
    assert rows["Programmes"] == (
        "Incubation Technopark (2021), CGEM Tech Connect (2024), Journées du financement (2025)"
    )


def test_atlas_needs_funding_founders(atlas, raw_profiles):
    raw = raw_profiles["atlas-pay"]
    needs = atlas.find("ul", css="sd-needs")
    hrefs = [a.attrs["href"] for a in atlas.find_all("a") if needs in a.parents]
    assert hrefs == [f"../../besoins/{n}/" for n in raw["needs"]]
    headings = [h.text for h in atlas.find_all("h2")]
    for heading in (
        "En bref",
        "Besoins",
        "Levée de fonds",
        "Équipe fondatrice",
        "Liens et contact",
    ):
        assert heading in headings
    funding = [p for p in atlas.find_all("p") if "lève des fonds en ce moment" in p.text]
    assert len(funding) == 1
    assert "Série A" in funding[0].text and "25\u202f000\u202f000\u00a0MAD" in funding[0].text
    founders = atlas.find("ul", css="sd-founders")
    links = [a for a in atlas.find_all("a") if founders in a.parents]
    assert [(a.text, a.attrs["href"], a.attrs["rel"]) for a in links] == [
        (f["name"], f["linkedin"], REL) for f in raw["founders"]
    ]
    assert "CEO" in founders.text and "CTO" in founders.text


def test_atlas_links_and_contact(atlas, raw_profiles):
    raw = raw_profiles["atlas-pay"]
    box = atlas.find("ul", css="sd-links")
    links = [a for a in atlas.find_all("a") if box in a.parents]
    web = [a for a in links if scheme(a.attrs["href"]) in ("http", "https")]
    assert [a.attrs["href"] for a in web] == [raw["website"], *raw["links"].values()]
    assert all(a.attrs.get("rel") == REL for a in web)
    mail = [a for a in links if a.attrs["href"].startswith("mailto:")]
    assert [a.attrs["href"] for a in mail] == [f"mailto:{raw['contact']['email']}"]


def test_atlas_edit_link_and_related(atlas, expected_members):
    # « Modifier ce profil » opens the form pre-filled; the file itself stays one link away.
    (edit,) = [a for a in atlas.find_all("a") if a.text == "Modifier ce profil"]
    assert edit.attrs["href"] == "../../contribuer/formulaire/?profil=atlas-pay"
    (source,) = [a for a in atlas.find_all("a") if a.text == "fichier YAML sur GitHub"]
    assert source.attrs["href"] == (
        "https://github.com/example/annuaire-startups/edit/main/startups/atlas-pay.yml"
    )
    related = atlas.find("div", css="sd-related")
    assert "Fintech" in atlas.find_all("h2")[-1].text or "Fintech" in related.text
    slugs = [
        a.attrs["href"].rstrip("/").rsplit("/", 1)[-1]
        for a in atlas.find_all("a")
        if related in a.parents
    ]
    assert 1 <= len(slugs) <= 3
    assert set(slugs) <= expected_members("sectors", "fintech") - {"atlas-pay"}


def test_atlas_jsonld(by_src, raw_profiles):
    raw = raw_profiles["atlas-pay"]
    data = jsonld(by_src["startups/atlas-pay.md"].body)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Atlas Pay"
    assert data["url"] == raw["website"]
    assert data["description"] == raw["tagline"]["fr"]
    assert data["foundingDate"] == "2021"
    assert data["sameAs"] == list(raw["links"].values())
    assert data["email"] == raw["contact"]["email"]
    assert [f["name"] for f in data["founder"]] == [f["name"] for f in raw["founders"]]
    assert data["address"]["addressLocality"] == "Casablanca"
    assert data["mainEntityOfPage"] == {
        "@type": "WebPage",
        "@id": "https://annuaire.example/startups/atlas-pay/",
        "inLanguage": "fr",
    }


def test_every_profile_has_parseable_jsonld(by_src, raw_profiles):
    for slug, raw in raw_profiles.items():
        data = jsonld(by_src[f"startups/{slug}.md"].body)
        assert data["@type"] == "Organization" and data["name"] == raw["name"]


# ---------------------------------------------------------------------------
# Hostile names, taglines and descriptions (Big List of Naughty Strings)

FALLBACK = {"name": '"Cas {i}"', "tagline": '"Accroche"', "description": '"Texte"'}


def yaml_scalar(text: str) -> str:
    return yaml.safe_dump(
        text, default_style='"', width=float("inf"), allow_unicode=True
    ).removesuffix("\n")


def accepted(field: str, quoted: str, taxonomy, when, base: Path) -> Startup | None:
    """The validated profile when ``quoted`` is accepted as ``field``, else None."""
    values = {"name": '"Cas de test"', "tagline": '"Accroche"', "description": '"Texte"'}
    values[field] = quoted
    try:
        root, _ = parse(decode(PROFILE.format(**values).encode("utf-8")))
    except YamlProblem:
        return None
    ctx = Context("startups/x.yml", taxonomy, when, base)
    startup = check_object(Startup, root, "", ctx)
    return None if startup is INVALID or ctx.problems else startup


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, repo_root, taxonomy, when):
    """A repository whose profiles use every naughty string the validator accepts."""
    strings = json.loads(BLNS.read_text(encoding="utf-8"))
    root = tmp_path_factory.mktemp("hostile")
    (root / "startups").mkdir()
    for name in ("taxonomy.yml", "directory.yml"):
        (root / name).write_bytes((repo_root / name).read_bytes())
    used_names: set[str] = set()
    counts = dict.fromkeys(FALLBACK, 0)
    for i, naughty in enumerate(strings):
        quoted = yaml_scalar(naughty)
        values = {}
        for field in FALLBACK:
            ok = accepted(field, quoted, taxonomy, when, root / "startups")
            if ok is not None and field == "name":
                key = name_key(ok.name)
                ok = None if key in used_names else ok
                if ok is not None:
                    used_names.add(key)
            values[field] = quoted if ok is not None else FALLBACK[field].format(i=i)
            counts[field] += ok is not None
        if all(values[f] == FALLBACK[f].format(i=i) for f in FALLBACK):
            continue
        (root / "startups" / f"cas-{i:03d}.yml").write_text(
            PROFILE.format(**values), encoding="utf-8"
        )
    assert min(counts.values()) > 100, counts  # the corpus really is exercised
    directory, report = load_directory(root, when=when)
    assert directory is not None, as_text(report)[-3000:]
    return directory


@pytest.fixture(scope="module")
def hostile_pages(hostile):
    return generate(Views(hostile.taxonomy, hostile.startups, SITE))


def test_hostile_pages_run_no_script(hostile_pages, parse_html):
    for page in hostile_pages:
        body = page.body
        lowered = body.lower()
        if page.src_uri == urls.form_source():  # its script and spec: no profile data in them
            continue
        assert lowered.count("<script") == body.count(JSONLD), page.src_uri
        assert "onerror=" not in lowered, page.src_uri
        for element in parse_html(body).elements:
            where = f"{page.src_uri}: <{element.tag} {element.attrs}>"
            assert element.tag in TEMPLATE_TAGS, where
            assert not any(name.lower().startswith("on") for name in element.attrs), where
            if element.tag == "script":
                assert element.attrs == {"type": "application/ld+json"}, where
            for name in ("href", "src", "srcset"):
                if name in element.attrs:
                    assert scheme(element.attrs[name]) in ("", "http", "https", "mailto"), where
                    assert "javascript:" not in element.attrs[name].lower(), where


def test_hostile_profiles_show_the_exact_text(hostile, hostile_pages, parse_html):
    pages = {p.src_uri: p for p in hostile_pages}
    for startup in hostile.startups:
        page = pages[f"startups/{startup.slug}.md"]
        doc = parse_html(page.body)
        assert doc.find("h1").text == startup.name, startup.slug
        assert doc.find("p", css="sd-tagline").text == startup.tagline.fr, startup.slug
        data = jsonld(page.body)
        assert data["name"] == startup.name and data["description"] == startup.tagline.fr


def test_hostile_front_matter_is_escaped(hostile, hostile_pages):
    pages = {p.src_uri: p for p in hostile_pages}
    for page in hostile_pages:
        meta = front_matter(page)
        for key in ("title", "description"):
            assert isinstance(meta[key], str), (page.src_uri, key)
            assert "<" not in meta[key] and '"' not in meta[key], (page.src_uri, meta[key])
    for startup in hostile.startups:
        meta = front_matter(pages[f"startups/{startup.slug}.md"])
        assert meta["title"] == html.escape(startup.name, quote=True)
        assert meta["description"] == html.escape(startup.tagline.fr, quote=True)


# ---------------------------------------------------------------------------
# The top of a profile (issue 15): breadcrumb, action bar, key facts, languages


@pytest.fixture(scope="module")
def docs_with_identity(sample_directory, parse_html) -> dict:
    """Pages of a site that knows its identity (directory.yml: the team's contact)."""
    site = Site(**{**SITE.__dict__, "identity": sample_directory.identity})
    pages = generate(Views(sample_directory.taxonomy, sample_directory.startups, site))
    return {p.src_uri: parse_html(p.body) for p in pages}


def actions(doc) -> list[tuple[str, str, str, str]]:
    box = doc.find("ul", css="sd-actions")
    return [
        (a.text, a.attrs["href"], a.attrs.get("class", ""), a.attrs.get("rel", ""))
        for a in doc.find_all("a")
        if box in a.parents
    ]


def key_facts(doc) -> dict[str, tuple[str, list[str]]]:
    """Key-facts box: label -> (text, hrefs of its links)."""
    box = doc.find("dl", css="sd-keyfacts")
    out = {}
    for dt in [e for e in doc.find_all("dt") if box in e.parents]:
        (dd,) = [e for e in doc.find_all("dd") if e.parents == dt.parents]
        hrefs = [a.attrs["href"] for a in doc.find_all("a") if dd in a.parents]
        out[dt.text] = (dd.text.strip(), hrefs)
    return out


def test_atlas_action_bar_comes_first_with_the_contact(atlas, raw_profiles):
    raw = raw_profiles["atlas-pay"]
    labels = {"linkedin": "LinkedIn", "x": "X (Twitter)", "facebook": "Facebook"}
    labels |= {"instagram": "Instagram", "youtube": "YouTube", "github": "GitHub"}
    assert actions(atlas) == [
        ("Contacter", f"mailto:{raw['contact']['email']}", "md-button md-button--primary", ""),
        ("Site", raw["website"], "md-button", REL),
        *[(labels[n], u, "md-button", REL) for n, u in raw["links"].items()],
    ]
    # Before the descriptions, right after the header.
    order = [e.tag + "." + e.attrs.get("class", "") for e in atlas.elements]
    assert order.index("ul.sd-actions") < order.index("dl.sd-keyfacts")
    assert order.index("dl.sd-keyfacts") < order.index("div.sd-languages")


def test_atlas_key_facts_come_from_its_yaml(atlas, raw_profiles, raw_taxonomy):
    raw = raw_profiles["atlas-pay"]

    def label(vocabulary, term_id):
        (term,) = [t for t in raw_taxonomy[vocabulary] if t["id"] == term_id]
        return term["label"]["fr"] if isinstance(term["label"], dict) else term["label"]

    seeking = raw["seeking_investment"]
    millions = f"{seeking['amount_mad'] / 1_000_000:g}".replace(".", ",")
    up = "../../"
    assert key_facts(atlas) == {
        "Levée de fonds": (
            f"{label('stages', seeking['round'])} · {millions}\u00a0M\u00a0MAD",
            [f"{up}stades/{seeking['round']}/"],
        ),
        "Stade": (label("stages", raw["stage"]), [f"{up}stades/{raw['stage']}/"]),
        "Fondée en": (str(raw["founded"]), []),
        "Salariés": (str(raw["employees"]), []),
        "Recrute": ("Oui" if raw["hiring"] else "Non", []),
        "Ville": (label("cities", raw["city"]), [f"{up}villes/{raw['city']}/"]),
        "Secteurs": (
            ", ".join(label("sectors", s) for s in raw["sectors"]),
            [f"{up}secteurs/{s}/" for s in raw["sectors"]],
        ),
        "Programmes": (
            ", ".join(label("programs", p["id"]) for p in raw["programs"]),
            [f"{up}programmes/{p['id']}/" for p in raw["programs"]],
        ),
    }
    assert key_facts(atlas)["Levée de fonds"][0] == "Série A · 25\u00a0M\u00a0MAD"


def test_amounts_are_shortened_the_french_way():
    from startupdir.content.french import compact_amount

    assert compact_amount(6_000_000) == "6\u00a0M"
    assert compact_amount(2_500_000) == "2,5\u00a0M"
    assert compact_amount(1_250_000) == "1,25\u00a0M"
    assert compact_amount(800_000) == "800\u202f000"


def test_without_an_email_the_action_asks_the_team_for_an_introduction(
    docs_with_identity, docs, raw_profiles, sample_directory
):
    team = sample_directory.identity.contact
    without = [s for s, raw in raw_profiles.items() if not (raw.get("contact") or {}).get("email")]
    assert without, "the sample has profiles without an e-mail"
    for slug, raw in raw_profiles.items():
        first = actions(docs_with_identity[f"startups/{slug}.md"])[0]
        if slug in without:
            label, href, css, rel = first
            assert label == "Demander une mise en relation"
            address, _, query = href.removeprefix("mailto:").partition("?")
            assert address == team
            subject = parse_qs(query)["subject"]
            assert subject == [f"Demande de mise en relation : {raw['name']}"]
            assert "md-button--primary" in css and rel == ""
        else:
            assert first[:2] == ("Contacter", f"mailto:{raw['contact']['email']}")
        # A site without an identity has no team to write to: the website comes first.
        if slug in without:
            assert actions(docs[f"startups/{slug}.md"])[0][0] == "Site"


def test_profiles_have_a_breadcrumb(docs, raw_profiles, raw_taxonomy):
    labels = {t["id"]: t["label"]["fr"] for t in raw_taxonomy["sectors"]}
    for slug, raw in raw_profiles.items():
        doc = docs[f"startups/{slug}.md"]
        nav = doc.find("nav", css="sd-breadcrumb")
        assert nav.attrs["aria-label"] == "Fil d'Ariane"
        links = [(a.text, a.attrs["href"]) for a in doc.find_all("a") if nav in a.parents]
        sector = raw["sectors"][0]
        assert links == [
            ("Startups", "../../startups/"),
            (labels[sector], f"../../secteurs/{sector}/"),
        ]
        (current,) = [
            li for li in doc.find_all("li") if nav in li.parents and "aria-current" in li.attrs
        ]
        assert current.attrs["aria-current"] == "page"
        assert " ".join(current.text.split()) == " ".join(raw["name"].split())


def test_descriptions_in_several_languages_are_a_choice_french_first(atlas, docs, raw_profiles):
    details = atlas.find_all("details", css="sd-language")
    assert [(d.attrs["lang"], d.attrs["dir"], "open" in d.attrs) for d in details] == [
        ("fr", "ltr", True),
        ("en", "ltr", False),
        ("ar", "rtl", False),
    ]
    assert len({d.attrs["name"] for d in details}) == 1  # one open at a time
    summaries = [" ".join(s.text.split()) for s in atlas.find_all("summary")]
    assert summaries == ["En français", "In English", "بالعربية"]
    for slug, raw in raw_profiles.items():  # one language: the text as before, no choice
        if len(raw["description"]) == 1:
            doc = docs[f"startups/{slug}.md"]
            assert not doc.find_all("details") and doc.find_all("section", css="sd-description")
