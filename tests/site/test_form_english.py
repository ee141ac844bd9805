"""The English profile form (/en/contribute/form/): each field's rule as help, in English,
wherever the French form shows it, derived from the same declaration (Kind.describe in
the page's language); the script's messages say what the validator's French ones say."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape
from startupdir.content.challenges import Challenge
from startupdir.content.identity import Identity
from startupdir.content.model import Startup, Taxonomy
from startupdir.content.posts import AuthorsFile, PostMeta, TranslationMeta
from startupdir.content.schema import ListOf, MapOf, Object, fields_of
from startupdir.content.schema_text import I18n
from startupdir.site import form, pages
from startupdir.site.i18n import catalogue
from startupdir.site.views import Site, Views

# Words that give a French rule away (none of them is English; aaaa and jj: AAAA-MM-JJ),
# and French letters.
# fmt: off
FRENCH_WORDS = frozenset((
    "aaaa", "adresse", "au", "aux", "avec", "caractères", "champs", "chemin", "chiffre",
    "chiffres", "compte", "de", "des", "doublon", "du", "entier", "et", "facultatifs",
    "groupe", "identifiant", "identifiants", "jj", "langue", "le", "les", "lettre", "liste",
    "majuscules", "minuscules", "ni", "nombre", "obligatoire", "ou", "par", "parmi", "pas",
    "sans", "sur", "texte", "tirets", "titres", "une", "valeur", "à", "éléments",
))
# fmt: on
FRENCH_LETTERS = re.compile("[àâæçéèêëîïôœùûüÿ]", re.IGNORECASE)
CODE = re.compile(r"`[^`]*`")


def french_in(text: str) -> list[str]:
    """The French words and letters of a text (code spans, which quote values, left out)."""
    prose = CODE.sub("", text)
    words = set(re.findall(r"[^\W\d_]+", prose.lower()))
    return sorted(words & FRENCH_WORDS) + FRENCH_LETTERS.findall(prose)


@pytest.fixture(scope="module")
def views(sample_directory):
    return Views(sample_directory.taxonomy, sample_directory.startups, Site())


def helps(items) -> dict[str, str]:
    """Every control's help by path, groups and objects included, with or without help."""
    out: dict[str, str] = {}
    for item in items:
        out[item.path] = item.help
        out |= helps(item.children)
    return out


@pytest.fixture(scope="module")
def both(views) -> tuple[dict[str, str], dict[str, str]]:
    return (
        helps(form.controls(views.edition("fr"))),
        helps(form.controls(views.edition("en"))),
    )


def test_english_form_has_help_wherever_the_french_one_has(both):
    french, english = both
    assert french.keys() == english.keys()
    with_help = [path for path, text in french.items() if text]
    assert len(with_help) >= 25
    assert [path for path, text in english.items() if text] == with_help


def test_english_help_has_no_french(both):
    french, english = both
    english_strings = set(catalogue("en").messages.values())
    strings = [
        s
        for s in catalogue("fr").messages.values()
        if s not in english_strings and len(s) >= 8 and "{" not in s
    ]
    assert len(strings) > 300
    for path, text in french.items():
        if not text:
            continue
        assert french_in(text), (path, text)  # the detector sees the French one
        assert english[path] and french_in(english[path]) == [], (path, english[path])
        assert english[path] != text
        assert not [s for s in strings if s in english[path]], path


def test_help_is_the_declared_rule_in_each_language(both):
    french, english = both
    assert french["employees"] == "Nombre entier de 1 à 100\u202f000."
    assert english["employees"] == "Whole number from 1 to 100,000."
    assert english["founded"] == "Year, from 1950 to the current year."
    assert english["markets"] == (
        "List, no duplicates: two-letter ISO 3166-1 country code in capitals (SN, FR, CA…)."
    )
    assert english["links.x"] == "Web address (http or https) on x.com or twitter.com."
    assert english["tagline.fr"] == "Plain text, 160 characters at most."
    assert english["tagline"].startswith("By language (fr required, en and ar optional): ")
    assert english["maintainers"] == "List (0 to 10), no duplicates: GitHub account name."
    assert english["updated"] == "Date YYYY-MM-DD, not in the future."
    assert "3,000 characters at most" in english["description.fr"]
    # Choices say it all: no help, in either language.
    assert french["sectors"] == english["sectors"] == ""
    assert french["city"] == english["city"] == ""


def test_the_english_page_shows_each_help_by_its_control(views):
    edition = views.edition("en")
    body = pages.form_page(edition).body
    leaves = [c for c in form.leaves(form.controls(edition)) if c.help]
    assert len(leaves) >= 20
    for control in leaves:
        help_id = f"{control.id}-help"
        assert f'id="{help_id}">{escape(control.help)}</p>' in body, control.path
        assert re.search(rf'aria-describedby="{help_id} [^"]*"', body), control.path
    assert french_in(body.split('id="sd-form-spec"')[0]) == []


def kinds_of(cls, seen: set) -> list:
    """Every kind of a declaration, the items of lists and the fields of groups too."""
    if cls in seen:
        return []
    seen.add(cls)
    out = []
    for _, fs in fields_of(cls):
        stack = [fs.kind]
        while stack:
            kind = stack.pop()
            out.append(kind)
            if isinstance(kind, Object):
                out += kinds_of(kind.cls, seen)
            elif isinstance(kind, ListOf):
                stack.append(kind.item)
            elif isinstance(kind, MapOf):
                stack.append(kind.value)
            elif isinstance(kind, I18n):
                stack.append(kind.text)
    return out


DECLARATIONS = (Startup, Taxonomy, Challenge, Identity, PostMeta, AuthorsFile, TranslationMeta)


def test_every_declared_rule_is_worded_in_english_too():
    seen: set = set()
    kinds = [k for cls in DECLARATIONS for k in kinds_of(cls, seen)]
    assert len({type(k).__name__ for k in kinds}) >= 15
    for kind in kinds:
        french, english = kind.describe(), kind.describe("en")
        assert kind.describe("fr") == french
        assert french_in(french), french
        assert french_in(english) == [], english
        assert english != french
        with pytest.raises(ValueError, match="'ar'"):
            kind.describe("ar")


# Examples each language words its own way; every other number, code, address, path and
# placeholder of a message is in both.
TOKEN = re.compile(r"\{\w+\}|[0-9][0-9-]*|https?://|[A-Z]{2,}[a-z]*|[\w.+-]*[/@][\w./@+-]*")
TRANSLATED = {
    "form.error.email": {"contact@exemple.ma", "contact@example.com"},
    "form.error.logo_path": {"logos/nom.png", "logos/name.png"},
    "form.error.date": {"AAAA", "JJ", "YYYY", "DD"},
}


def test_the_scripts_english_messages_say_what_the_french_ones_say(views):
    french, english = (form.messages(views.edition(lang)) for lang in ("fr", "en"))
    assert french.keys() == english.keys() and len(french) > 30
    assert french == {k: v for k, v in catalogue("fr").messages.items() if k in french}
    for key, text in english.items():
        assert french_in(text) == [], (key, text)
        differ = set(TOKEN.findall(french[key])) ^ set(TOKEN.findall(text))
        assert differ == TRANSLATED.get(key, set()), key
    assert "without quotes or spaces" in english["form.error.integer"]
    assert "without quotes" in english["form.error.year"]
