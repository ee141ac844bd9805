"""startupdir.site.views on the sample data: what each page shows, checked against counts
computed independently from the YAML files."""

from __future__ import annotations

import unicodedata
from types import SimpleNamespace

import pytest
from startupdir.content.model import VOCABULARIES
from startupdir.site import urls
from startupdir.site.views import (
    Funding,
    Link,
    Profile,
    Site,
    Views,
    display_url,
    initials,
    localized,
    sort_key,
)

NNBSP = "\u202f"
SITE = Site(
    name="Annuaire des startups",
    url="https://annuaire.example/",
    repo_url="https://github.com/example/annuaire-startups",
    edit_base="https://github.com/example/annuaire-startups/edit/main",
)
EMPTY_SECTORS = ("media", "water-environment")
CLOSED = "zerbia-market"


@pytest.fixture(scope="module")
def views(sample_directory) -> Views:
    return Views(sample_directory.taxonomy, sample_directory.startups, SITE)


@pytest.fixture(scope="module")
def listed_raw(raw_profiles) -> dict[str, dict]:
    return {s: raw for s, raw in raw_profiles.items() if raw.get("status") != "closed"}


def fold(name: str) -> str:
    """Accent- and case-insensitive: "École" sorts with "ecole"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def test_sample_has_the_cases_under_test(raw_profiles, raw_taxonomy):
    assert len(raw_profiles) == 40
    assert raw_profiles[CLOSED]["status"] == "closed"
    sectors = {s["id"] for s in raw_taxonomy["sectors"]}
    used = {s for raw in raw_profiles.values() for s in raw["sectors"]}
    assert set(EMPTY_SECTORS) <= sectors - used


def test_listed_excludes_closed_and_is_sorted_by_name(views, listed_raw):
    assert [s.slug for s in views.listed] == sorted(
        listed_raw, key=lambda slug: (fold(listed_raw[slug]["name"]), slug)
    )
    assert CLOSED not in {s.slug for s in views.listed}
    assert CLOSED in {s.slug for s in views.startups}


@pytest.mark.parametrize("vocabulary", VOCABULARIES)
def test_members_match_the_yaml(views, vocabulary, raw_taxonomy, expected_members):
    for term in raw_taxonomy[vocabulary]:
        got = [s.slug for s in views.members(vocabulary, term["id"])]
        assert set(got) == expected_members(vocabulary, term["id"]), term["id"]
        assert len(got) == len(set(got))
        assert got == [s.slug for s in views.listed if s.slug in got]  # sorted like the directory


@pytest.mark.parametrize("vocabulary", VOCABULARIES)
def test_section_page_counts(views, vocabulary, raw_taxonomy, expected_members):
    page = views.section_page(vocabulary)
    assert [t.link.url for t in page.terms] == [
        urls.term(vocabulary, term["id"]) for term in raw_taxonomy[vocabulary]
    ]
    for term, view in zip(raw_taxonomy[vocabulary], page.terms, strict=True):
        count = len(expected_members(vocabulary, term["id"]))
        assert view.count == count
        assert view.count_label == f"{count} startup{'s' if count > 1 else ''}"
        assert view.link.label == term["label"]["fr"]


@pytest.mark.parametrize("vocabulary", VOCABULARIES)
def test_term_pages(views, vocabulary, raw_taxonomy, expected_members):
    for term in getattr(views.taxonomy, vocabulary):
        page = views.term_page(vocabulary, term)
        expected = expected_members(vocabulary, term.id)
        assert {c.url for c in page.cards} == {urls.startup(s) for s in expected}
        assert page.count.startswith(f"{len(expected)} startup")
        assert page.label == term.label.fr
        assert page.section_url == urls.section(vocabulary)


@pytest.mark.parametrize("sector", EMPTY_SECTORS)
def test_empty_sector_says_so(views, sector):
    page = views.term_page("sectors", views.taxonomy.get("sectors", sector))
    assert page.cards == ()
    assert page.count == "0 startup"
    assert page.empty_text == "Aucune startup n'est encore référencée dans ce secteur."


def test_figures_match_the_yaml(views, listed_raw):
    employees = sum(raw["employees"] for raw in listed_raw.values())
    assert employees >= 1000  # so that the thousands separator shows
    expected = {
        "startups référencées": len(listed_raw),
        "secteurs représentés": len({s for raw in listed_raw.values() for s in raw["sectors"]}),
        "villes": len({raw["city"] for raw in listed_raw.values()}),
        "emplois": employees,
        "startups qui recrutent": sum(1 for raw in listed_raw.values() if raw.get("hiring")),
        "startups qui lèvent des fonds": sum(
            1 for raw in listed_raw.values() if raw.get("seeking_investment")
        ),
    }
    got = {f.label: f.value for f in views.figures()}
    assert got == {label: f"{value:,}".replace(",", NNBSP) for label, value in expected.items()}
    assert NNBSP in got["emplois"]


def test_sector_grid(views, raw_taxonomy, expected_members):
    grid = views.sector_grid()
    assert [t.link.url for t in grid] == [
        urls.term("sectors", s["id"]) for s in raw_taxonomy["sectors"]
    ]
    for tile, sector in zip(grid, raw_taxonomy["sectors"], strict=True):
        assert tile.count == len(expected_members("sectors", sector["id"]))
        assert tile.link.css == f"sd-s-{sector['id']}"


def test_sector_css_has_one_rule_per_sector(views, raw_taxonomy):
    css = views.sector_css()
    for sector in raw_taxonomy["sectors"]:
        assert f".sd-s-{sector['id']}{{--sd-c:#" in css
    assert css.count("{") == len(raw_taxonomy["sectors"])


# ---------------------------------------------------------------------------
# The full profile


@pytest.fixture(scope="module")
def atlas(views, sample_directory) -> Profile:
    return views.profile(sample_directory.startup("atlas-pay"))


def test_profile_taglines_and_descriptions_carry_lang_and_dir(atlas, raw_profiles):
    raw = raw_profiles["atlas-pay"]
    assert [(t.lang, t.dir, t.text) for t in atlas.taglines] == [
        ("fr", "ltr", raw["tagline"]["fr"]),
        ("en", "ltr", raw["tagline"]["en"]),
        ("ar", "rtl", raw["tagline"]["ar"]),
    ]
    assert [(d.lang, d.dir) for d in atlas.descriptions] == [
        ("fr", "ltr"),
        ("en", "ltr"),
        ("ar", "rtl"),
    ]
    assert all("<strong>Atlas Pay</strong>" in d.html for d in atlas.descriptions[:2])


def test_profile_facts(atlas):
    facts = dict(atlas.facts)
    assert facts["Fondée en"] == "2021"
    assert facts["Salariés"] == "18"
    assert facts["Modèle d'affaires"] == "B2B, B2B2C"
    assert facts["Marchés"].startswith("Maroc, Sénégal, Côte")
    assert facts["Statut"] == "En activité"
    assert atlas.region == "Casablanca-Settat"
    assert [(p.link.url, p.year) for p in atlas.programs] == [
        ("programmes/technopark-incubation/", "2021"),
        ("programmes/cgem-tech-connect/", "2024"),
        ("programmes/startup-financing-days/", "2025"),
    ]


def test_profile_needs_funding_founders_links(atlas, raw_profiles):
    raw = raw_profiles["atlas-pay"]
    assert [n.url for n in atlas.needs] == [urls.term("needs", n) for n in raw["needs"]]
    assert atlas.funding == Funding(round="Série A", amount=f"25{NNBSP}000{NNBSP}000\u00a0MAD")
    assert atlas.hiring is True
    assert [f.name for f in atlas.founders] == ["Salma Idrissi", "Youssef Benjelloun"]
    assert [link.url for link in atlas.links] == list(raw["links"].values())
    assert atlas.website_label == "atlaspay.example"
    assert atlas.email == "contact@atlaspay.example"
    assert atlas.edit_url == (
        "https://github.com/example/annuaire-startups/edit/main/startups/atlas-pay.yml"
    )


def test_profile_related_are_listed_startups_of_the_first_sector(views, sample_directory):
    for startup in sample_directory.startups:
        profile = views.profile(startup)
        related = [c.url for c in profile.related]
        pool = [urls.startup(s.slug) for s in views.members("sectors", startup.sectors[0])]
        assert urls.startup(startup.slug) not in related
        assert urls.startup(CLOSED) not in related
        assert set(related) <= set(pool)
        assert len(related) == min(3, len(set(pool) - {urls.startup(startup.slug)}))
        assert profile.related_sector.url == urls.term("sectors", startup.sectors[0])


def test_closed_profile_is_still_built(views, sample_directory):
    profile = views.profile(sample_directory.startup(CLOSED))
    assert profile.status == "closed"
    assert dict(profile.facts)["Statut"] == "Fermée"


def test_no_edit_link_without_a_repository(sample_directory):
    views = Views(sample_directory.taxonomy, sample_directory.startups)
    assert views.profile(sample_directory.startup("atlas-pay")).edit_url == ""


# ---------------------------------------------------------------------------
# Small helpers


def test_sort_key_ignores_accents_and_case():
    names = ["zèbre", "École Pro", "Eau Claire", "ecole Alpha", "Âme", "Azur", "éclair"]
    ordered = sorted(names, key=lambda n: sort_key(SimpleNamespace(name=n, slug="x")))
    assert ordered == ["Âme", "Azur", "Eau Claire", "éclair", "ecole Alpha", "École Pro", "zèbre"]


def test_sort_key_breaks_ties_by_slug():
    a = sort_key(SimpleNamespace(name="Atlas", slug="atlas-b"))
    b = sort_key(SimpleNamespace(name="atlas", slug="atlas-a"))
    assert b < a


@pytest.mark.parametrize(
    ("before", "name", "after"),
    [
        ("Nour Vision", "Œil Vision", "Qalam Academy"),  # Œ sorts as OE, not dropped
        ("Adam Tech", "Ærosol", "Ajial Care"),  # Æ sorts as AE
        ("Strasbourg Tech", "Straße Mobil", "Stratus"),  # ß sorts as ss
    ],
)
def test_sort_key_keeps_letters_without_decomposition(before, name, after):
    """French ligatures are letters: « Œil Vision » belongs under O, not under I."""

    def key(n):
        return sort_key(SimpleNamespace(name=n, slug="x"))

    assert key(before) < key(name) < key(after), key(name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Atlas Pay", "AP"),
        ("kraya", "K"),
        ("Bab Port Digital", "BP"),
        ("e-Tbib", "ET"),
        ("أطلس باي", "أ"),  # one right-to-left letter, as the share card draws it
        ("...", "?"),
        ("Agri/Tech", "AT"),
    ],
)
def test_initials(name, expected):
    assert initials(name) == expected


def test_page_placeholder_and_share_card_show_the_same_initials(
    views, sample_directory, tmp_path, monkeypatch
):
    """« Agri/Tech » once gave « A » on the page and « AT » on the share card."""
    import dataclasses

    from startupdir.images import images

    startup = dataclasses.replace(sample_directory.startups[0], name="Agri/Tech", slug="agri-tech")
    drawn = []
    real = images.render_placeholder

    def spy(letters, *args):
        drawn.append(letters)
        return real(letters, *args)

    monkeypatch.setattr(images, "render_placeholder", spy)
    images.ImagePipeline(tmp_path).share_card_startup(
        "Agri/Tech", "Agriculture connectée", "Agritech", "Rabat", None, "#1d4ed8", "Annuaire"
    )
    assert views.logo(startup).initials == "AT"
    assert drawn == ["AT"]


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://atlaspay.example", "atlaspay.example"),
        ("https://www.atlaspay.example/", "atlaspay.example"),
        ("http://a.example/fr/", "a.example/fr"),
    ],
)
def test_display_url(url, label):
    assert display_url(url) == label


def test_localized_puts_french_first(sample_directory):
    items = localized(sample_directory.startup("atlas-pay").tagline)
    assert [i.lang for i in items][0] == "fr"
    assert {i.lang: i.dir for i in items}["ar"] == "rtl"


# ---------------------------------------------------------------------------
# Built complete, never changed


def test_views_and_view_models_are_frozen(views, sample_directory):
    """A page's output never depends on the order in which views were asked for: nothing
    is assigned to Views or to a view model once built."""
    import dataclasses

    import pytest as _pytest

    startup = sample_directory.startup("atlas-pay")
    models = [
        views.card(startup),
        views.profile(startup),
        views.section_page("sectors"),
        views.term_page("sectors", views.taxonomy.sectors[0]),
        views.figures()[0],
        views.sector_grid()[0],
        views.term_link("cities", startup.city),
        views.logo(startup),
    ]
    for model in models:
        assert dataclasses.is_dataclass(model), type(model)
        name = dataclasses.fields(model)[0].name
        with _pytest.raises(dataclasses.FrozenInstanceError):
            setattr(model, name, None)
    for name in ("logos", "site", "taxonomy", "colors", "listed"):
        with _pytest.raises(dataclasses.FrozenInstanceError):
            setattr(views, name, None)
    with _pytest.raises(TypeError):
        views.logos["atlas-pay"] = None  # the logo views come in at construction
    with _pytest.raises(TypeError):
        views.colors["x"] = "#000"
    assert isinstance(views.listed, tuple)


def test_logos_come_in_at_construction(sample_directory):
    from startupdir.site.views import ImageLogo, ImageSize

    logo = ImageLogo(ImageSize("a.webp", "a.png", 48, 48), ImageSize("b.webp", "", 96, 96))
    given = {"atlas-pay": logo}
    views = Views(sample_directory.taxonomy, sample_directory.startups, logos=given)
    given.clear()  # the caller's dict is copied: changing it later changes nothing
    startup = sample_directory.startup("atlas-pay")
    assert views.card(startup).logo == logo
    assert views.profile(startup).logo == logo
    assert isinstance(views.term_link("sectors", startup.sectors[0]), Link)
