"""The profile form's specification (site/form.py): one control per field of the schema
declaration, the validator's French messages, the scaffold's layout filled with values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from startupdir.content.model import Startup
from startupdir.content.scaffold import GUIDE_PATH, guide_address, profile_text
from startupdir.content.schema import Context, ListOf, Object, fields_of
from startupdir.content.schema_kinds import Email, Integer, LogoPath, Url
from startupdir.content.schema_text import I18n, PlainText
from startupdir.content.validate import load_directory
from startupdir.content.yamltree import Node
from startupdir.site import form, pages, urls
from startupdir.site.exports import plain
from startupdir.site.i18n import catalogue
from startupdir.site.views import Site, Views


def declared_paths(cls, prefix: str = "") -> set[str]:
    """Every leaf path of the declaration (texts by language, groups as .0.)."""
    out = set()
    for name, fs in fields_of(cls):
        path = f"{prefix}{name}"
        kind = fs.kind
        if isinstance(kind, I18n):
            out |= {f"{path}.{lang}" for lang in ("fr", "en", "ar")}
        elif isinstance(kind, Object):
            out |= declared_paths(kind.cls, path + ".")
        elif isinstance(kind, ListOf) and isinstance(kind.item, Object):
            out |= declared_paths(kind.item.cls, path + ".0.")
        else:
            out.add(path)
    return out


@pytest.fixture(scope="module")
def views(sample_directory):
    site = Site(
        url="https://annuaire.example/",
        repo_url="https://github.com/example/annuaire-startups",
        edit_base="https://github.com/example/annuaire-startups/edit/main",
    )
    return Views(sample_directory.taxonomy, sample_directory.startups, site)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_field_of_the_model_has_a_control(views, lang):
    controls = form.controls(views.edition(lang))
    names = [c.path for c in form.leaves(controls)]
    assert len(names) == len(set(names))
    assert set(names) == declared_paths(Startup)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_page_names_every_control_by_its_yaml_path(views, lang):
    page = pages.form_page(views.edition(lang))
    assert page.src_uri == urls.form_source(lang)
    for path in declared_paths(Startup):
        assert f'name="{path}"' in page.body, path
    assert 'id="profile-yaml"' in page.body and 'id="propose-github"' in page.body
    assert "https://github.com/example/annuaire-startups/new/main?filename=startups/" in page.body


def test_form_pages_are_twins():
    assert urls.twin_source("contribuer/formulaire/index.md") == "en/contribute/form/index.md"
    assert urls.twin_source("en/contribute/form/index.md") == "contribuer/formulaire/index.md"
    assert urls.source_to_url(urls.form_source("fr")) == urls.form("fr") == "contribuer/formulaire/"


def taxonomy_labels_in(page_body: str, views) -> bool:
    return all(views.label("sectors", s.id) in page_body for s in views.taxonomy.sectors)


def test_allowed_values_carry_their_labels_in_each_edition(views):
    for lang in ("fr", "en"):
        edition = views.edition(lang)
        assert taxonomy_labels_in(pages.form_page(edition).body, edition)


def probe(kind, value: str, style: str = "") -> str:
    """The validator's message and hint for ``value`` read as a scalar of ``kind``."""
    ctx = Context("probe.yml", today=dt.date(2026, 11, 26))
    kind.check(Node("scalar", 1, 1, value=value, style=style), "x", ctx)
    problem = ctx.problems[0]
    return f"{problem.message} — {problem.hint}"


def test_french_messages_are_the_validators():
    fr = catalogue("fr").messages

    def m(key, **params):
        return fr[f"form.error.{key}"].format(**params)

    assert probe(PlainText(80), "x" * 81) == m("too_long", count=81, max=80)
    assert probe(PlainText(80), "a <b> c") == m("html", tag="<b>")
    assert probe(Url(), "ftp://exemple.ma") == m("url_scheme", value="ftp://exemple.ma")
    assert probe(Url(), "https://x") == m("url_invalid", value="https://x", host="exemple.ma")
    assert probe(Url(("linkedin.com",)), "https://exemple.ma") == m(
        "url_host", value="https://exemple.ma", host="linkedin.com"
    )
    assert probe(Email(), "contact@") == m("email", value="contact@")
    assert probe(Integer(1, 100_000), "douze") == m("integer", value="douze", min=1)
    assert probe(Integer(1950, current_year_max=True), "vingt") == m("year", value="vingt")
    assert probe(Integer(1950, current_year_max=True), "1900") == m(
        "range", value=1900, min=1950, max=2026
    )
    assert probe(LogoPath(), "logos/a.gif") == m("logo_format", value="logos/a.gif")
    # Lists and required fields, as check_object and ListOf word them.
    ctx = Context("probe.yml")
    ListOf(PlainText(), 1, 3).check(Node("sequence", 1, 1, items=[]), "x", ctx)
    assert f"{ctx.problems[0].message} — {ctx.problems[0].hint}" == m("list_min")
    assert m("required").startswith("valeur vide — complétez ce champ")


def test_profile_text_with_values_validates_to_the_same_profile(sample_directory, repo, when):
    """Python's reference: every sample profile written back by profile_text(values=…)."""
    for startup in sample_directory.startups:
        values = plain(startup)
        values = {k: v for k, v in values.items() if k != "slug"}
        text = profile_text(startup.name, values=values)
        (repo / "startups" / f"{startup.slug}.yml").write_text(text, encoding="utf-8")
        logo = sample_directory_logo(startup)
        if logo:
            target = repo / "startups" / logo
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((repo_root_of() / "startups" / logo).read_bytes())
    directory, report = load_directory(repo, when=when)
    assert directory is not None and report.ok, [p.as_text() for p in report.sorted()]
    again = {s.slug: s for s in directory.startups}
    for startup in sample_directory.startups:
        assert again[startup.slug] == startup.__class__(
            **{**startup.__dict__, "source": again[startup.slug].source}
        )


def sample_directory_logo(startup):
    return startup.logo


def repo_root_of():
    return Path(__file__).resolve().parents[2]


def test_the_template_names_no_placeholder_address(tmp_path, monkeypatch):
    text = profile_text("Atlas Pay")
    assert "…/contribuer" not in text and f"guide complet : {GUIDE_PATH} " in text
    (tmp_path / "mkdocs.yml").write_text(
        'site_name: X\nsite_url: !ENV [SITE_URL, "https://annuaire.example/"]\n', "utf-8"
    )
    monkeypatch.delenv("SITE_URL", raising=False)
    assert guide_address(tmp_path) == "https://annuaire.example/contribuer/"
    monkeypatch.setenv("SITE_URL", "https://startups.example.ma")
    assert guide_address(tmp_path) == "https://startups.example.ma/contribuer/"
    assert guide_address(tmp_path / "nowhere") == GUIDE_PATH
