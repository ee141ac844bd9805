"""Invisible characters in pasted text: harmless ones accepted (and normalised) in free text,
dangerous ones refused everywhere, every message saying what the contributor can see."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from startupdir.content import invisible
from startupdir.content.load import parse
from startupdir.content.model import Startup
from startupdir.content.posts import check_body
from startupdir.content.schema import INVALID, Context
from startupdir.content.schema_kinds import Email, GitHubLogin, Ref, Url
from startupdir.content.schema_text import Markdown, PlainText
from startupdir.content.validate import display, read_checked
from startupdir.content.yamltext import YamlProblem

FIXTURES = Path(__file__).parents[1] / "fixtures"
TAGLINE = PlainText(160, prose=True)
NAME = PlainText(80, visible=True)


@pytest.fixture
def check(when, taxonomy):
    """check(kind, source_of_v) -> (value, [(problem text, fixable)]) for `v: <source>`."""

    def run(kind, source: str):
        root, _ = parse(f"v: {source}\n")
        ctx = Context("f.yml", taxonomy, when)
        value = kind.check(root.items[0][1], "v", ctx)
        assert (value is INVALID) == bool(ctx.problems)
        return value, [(p.as_text(), p.fixable) for p in ctx.problems]

    return run


def quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly ``text`` (escapes where YAML wants)."""
    return yaml.safe_dump(text, default_style='"', width=float("inf"), allow_unicode=True).strip()


def block(text: str) -> str:
    """A literal block holding ``text``, the characters written as they are."""
    return "|\n" + "".join(f"  {line}\n" for line in text.split("\n")).rstrip("\n")


# ---------------------------------------------------------------------------
# The pasted-text fixture: every harmless character, as the validator reads it


def test_pasted_text_is_accepted_with_its_normalised_values(repo_root, when, taxonomy):
    path = FIXTURES / "valid" / "pasted-text.yml"
    raw = path.read_text(encoding="utf-8")
    for char in "\t\ufeff\u200b\u2060\u00ad\u200d\u200c\u2028\u2029\u0085":
        assert char in raw, f"U+{ord(char):04X}"
    ctx = Context(display(path, repo_root), taxonomy, when, path.parent)
    startup, _ = read_checked(path, Startup, ctx)
    assert ctx.problems == []
    assert startup.tagline.fr == "Des commerçants payés sans terminal"
    assert startup.tagline.en == "Paid without a card terminal"
    assert startup.description.fr == (
        "Nous aidons les commerçants à encaisser.\n"
        "Conçue au Maroc, l'équipe 👩\u200d💻 code tous les jours.\n"  # ZWJ kept in the emoji only
        "Première ligne\n"  # U+2028: a line break
        "deuxième ligne\n"
        "Un paragraphe\n\n"  # U+2029: a paragraph break
        "un autre paragraphe\n"
        "Prix :  100 dirhams.\n"  # the tabulation: spaces up to column 8
        "Fin\n"  # NEL: a line break
        "de texte\n"
    )
    assert startup.description.ar == "می\u200cخواهیم نرم\u200cافزار بسازیم.\n"  # ZWNJ kept
    assert startup.founders[0].role == "CEO"
    assert "Un paragraphe</p>\n<p>un autre paragraphe" in startup.description.fr.html


# ---------------------------------------------------------------------------
# Each character, in a one-line free text and in a description


ONE_LINE = {
    "\t": "Atlas Pay",
    "\ufeff": "AtlasPay",
    "\u200b": "AtlasPay",
    "\u2060": "AtlasPay",
    "\u00ad": "AtlasPay",
    "\u200d": "AtlasPay",
    "\u200c": "AtlasPay",
    "\u2028": "Atlas Pay",
    "\u2029": "Atlas Pay",
    "\u0085": "Atlas Pay",
}


@pytest.mark.parametrize("char", ONE_LINE, ids=lambda c: f"U+{ord(c):04X}")
def test_harmless_characters_of_a_tagline_are_normalised(check, char):
    assert check(TAGLINE, f"Atlas{char}Pay") == (ONE_LINE[char], [])
    assert check(TAGLINE, quoted(f"Atlas{char}Pay")) == (ONE_LINE[char], [])


DESCRIPTION = {
    "\t": "Atlas   Pay suite\n",  # to the next multiple of four columns
    "\ufeff": "AtlasPay suite\n",
    "\u200b": "AtlasPay suite\n",
    "\u2060": "AtlasPay suite\n",
    "\u00ad": "AtlasPay suite\n",
    "\u200d": "AtlasPay suite\n",
    "\u200c": "AtlasPay suite\n",
    "\u2028": "Atlas\nPay suite\n",
    "\u2029": "Atlas\n\nPay suite\n",
    "\u0085": "Atlas\nPay suite\n",
}


@pytest.mark.parametrize("char", DESCRIPTION, ids=lambda c: f"U+{ord(c):04X}")
def test_harmless_characters_of_a_description_are_normalised(check, char):
    value, problems = check(Markdown(3000), block(f"Atlas{char}Pay suite"))
    assert problems == []
    assert value == DESCRIPTION[char]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Fin\u2028\nSuite", "Fin\nSuite\n"),  # the line already breaks there
        ("Fin\u0085  \nSuite", "Fin  \nSuite\n"),  # only the NEL goes
        ("Fin\u2029\nSuite", "Fin\n\nSuite\n"),  # still a paragraph break
        ("- a\n\t- b", "- a\n    - b\n"),  # a tabulation that indents: four columns
        ("`a\tb` ab\tc", "`a  b` ab   c\n"),  # code included: the same conversion
    ],
)
def test_line_breaks_and_tabulations_in_a_description(check, text, value):
    assert check(Markdown(3000), block(text)) == (value, [])


def test_the_description_renders_what_the_characters_meant(check):
    value, _ = check(Markdown(3000), block("Un\u2029Deux\u2028trois"))
    assert value.html == "<p>Un</p>\n<p>Deux\ntrois</p>"


def test_a_text_of_invisible_characters_only_is_empty(check):
    _, problems = check(TAGLINE, quoted("\ufeff\u200b"))
    assert problems == [
        (
            "f.yml:1:4: v: valeur vide — ce texte ne contient que des caractères invisibles :"
            " écrivez-le en entier",
            False,
        )
    ]


# ---------------------------------------------------------------------------
# Joiners: where a script needs them


@pytest.mark.parametrize(
    ("text", "needed"),
    [
        ("نرم\u200cافزار", True),  # Persian: between two joining letters
        ("مَ\u200cا", True),  # a haraka between the letter and the joiner is skipped
        ("ب\u200dب", True),  # ZWJ between Arabic letters: a joining form
        ("क्\u200dष", True),  # Devanagari: after a virama (half form)
        ("क्\u200cष", True),
        ("ന്\u200d", True),  # Malayalam chillu
        ("👩\u200d💻", True),  # emoji ZWJ sequence
        ("👩🏽\u200d💻", True),  # a skin tone before the joiner
        ("🏳\ufe0f\u200d🌈", True),  # emoji presentation before the joiner
        ("👨\u200d❤\ufe0f\u200d👨", True),  # BMP pictographs (U+2764)
        ("Atlas\u200dPay", False),  # Latin letters do not join
        ("Atlas\u200cPay", False),
        ("क\u200dष", False),  # no virama
        ("a\u200cب", False),  # only one joining letter
        ("👩\u200da", False),  # an emoji beside a letter
        ("👩\u200c💻", False),  # ZWNJ does not make emoji sequences
        ("\u200d💻", False),  # nothing before
    ],
)
def test_joiner_rule(text, needed):
    pos = next(i for i, c in enumerate(text) if c in "\u200c\u200d")
    assert invisible.joiner_needed(text, pos) is needed


@pytest.mark.parametrize("text", ["نرم\u200cافزار", "Dev 👩\u200d💻", "क्\u200dष"])
def test_needed_joiners_are_kept_even_in_names(check, text):
    assert check(NAME, quoted(text)) == (text, [])
    assert check(TAGLINE, quoted(text)) == (text, [])


def test_joiners_no_script_needs_are_dropped_from_free_text_and_refused_in_names(check):
    assert check(TAGLINE, quoted("l\u200d'équipe")) == ("l'équipe", [])
    _, problems = check(NAME, "Atlas\u200dPay")
    assert problems == [
        (
            "f.yml:1:9: v: liant invisible (U+200D) à la colonne 9 — supprimez-le : placez le"
            " curseur juste avant « Pay », puis appuyez une fois sur Retour arrière",
            True,
        )
    ]


# ---------------------------------------------------------------------------
# Dangerous characters: refused everywhere, with what they do


BIDI = sorted(invisible.BIDI)


@pytest.mark.parametrize("char", BIDI, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(
    "kind",
    [NAME, TAGLINE, Markdown(3000), Url(), Email(), GitHubLogin(), Ref("sectors")],
    ids=["name", "tagline", "description", "url", "email", "login", "id"],
)
def test_bidirectional_controls_are_refused_everywhere(check, kind, char):
    _, problems = check(kind, f"atlas{char}pay")
    name, _ = invisible.describe(char)
    ((text, fixable),) = problems
    assert text.startswith(f"f.yml:1:9: v: {name} à la colonne 9 — supprime")
    assert text.endswith("juste après « atlas », puis appuyez une fois sur Suppr")
    assert not fixable


def test_the_override_message_says_what_it_does(check):
    _, problems = check(Markdown(3000), block("Une ligne.\nVoir le fichier \u202egnp.exe"))
    assert problems == [
        (
            "f.yml:3:19: v: caractère invisible qui inverse le sens du texte (U+202E) à la"
            " colonne 19 — supprimez-le : placez le curseur juste après « fichier » et"
            " l'espace qui suit, puis appuyez une fois sur Suppr",
            False,
        )
    ]


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\ue000", "caractère à usage privé, dessiné selon la police ou pas du tout (U+E000)"),
        ("\u2061", "caractère de mise en forme invisible (U+2061)"),
        ("\u0378", "caractère non attribué par Unicode, sans dessin (U+0378)"),
        ("\x07", "caractère de contrôle invisible (U+0007)"),
    ],
)
def test_other_invisible_characters_stay_refused_in_free_text(check, char, name):
    _, problems = check(TAGLINE, quoted(f"Atlas{char}Pay"))
    assert problems[0][0].startswith(f"f.yml:1:10: v: {name} à la colonne 10 — supprimez-le")
    assert not problems[0][1]


def test_a_bidirectional_control_in_a_post_is_refused(when):
    ctx = Context("content/actualites/posts/p.md", None, when)
    title = check_body("# Titre\n\nUn texte \u202eà l'envers.\n", 6, ctx)
    assert title is INVALID
    assert [p.as_text() for p in ctx.problems] == [
        "content/actualites/posts/p.md:8:10: texte: caractère invisible qui inverse le sens du"
        " texte (U+202E) à la colonne 10 — supprimez-le : placez le curseur juste après « texte »"
        " et l'espace qui suit, puis appuyez une fois sur Suppr"
    ]


# ---------------------------------------------------------------------------
# Names, addresses, e-mails, accounts: every invisible character refused


@pytest.mark.parametrize(
    ("kind", "source", "col", "after"),
    [
        (NAME, "Atlas\u200bPay", 9, "Pay"),
        (Url(), "https://atlas\u200bpay.example", 17, "pay.example"),
        (Email(), "contact@atlas\u200bpay.example", 17, "pay.example"),
        (GitHubLogin(), "atlas\u200b-dev", 9, "-dev"),
        (Ref("sectors"), "fin\u200btech", 7, "tech"),
    ],
    ids=["name", "url", "email", "login", "id"],
)
def test_a_zero_width_space_is_refused_in_names_and_identifiers(check, kind, source, col, after):
    _, problems = check(kind, source)
    assert problems == [
        (
            f"f.yml:1:{col}: v: espace sans largeur, invisible (U+200B) à la colonne {col} —"
            f" supprimez-le : placez le curseur juste avant « {after} », puis appuyez une fois"
            " sur Retour arrière",
            True,  # --fix removes it
        )
    ]


def test_a_narrow_no_break_space_is_named(check):
    _, problems = check(Url(), quoted("https://atlas.example\u202f"))
    assert problems == [
        (
            "f.yml:1:26: v: espace insécable étroit (U+202F) à la colonne 26 — supprimez-le :"
            " placez le curseur juste après « https://atlas.example », puis appuyez une fois"
            " sur Suppr",
            True,  # at the end of the value: --fix removes it
        )
    ]


@pytest.mark.parametrize(
    ("kind", "source", "fixable"),
    [
        (Url(), '"https://atlas.example/a\u00a0b"', False),  # inside: what was meant?
        (Url(), '"\u00a0https://atlas.example"', True),
        (Email(), '"contact@atlas.example\t"', True),
        (Url(), "https://atlas.example\u2028", True),
        (Url(), '"https://atlas\\u200b.example"', False),  # written as an escape
        (NAME, "Atlas\tPay", True),  # a space, once fixed
        (NAME, "Atlas\u2028Pay", True),
        (NAME, '"Atlas\\tPay"', False),
    ],
)
def test_what_fix_can_remove_is_flagged(check, kind, source, fixable):
    _, problems = check(kind, source)
    assert [f for _, f in problems] == [fixable]


@pytest.mark.parametrize(
    ("url", "corrected"),
    [
        ("ttps://atlas.example", "https://atlas.example"),
        ("htps://atlas.example", "https://atlas.example"),
        ("https//atlas.example", "https://atlas.example"),
        ("https:/atlas.example", "https://atlas.example"),
        ("http;//atlas.example", "http://atlas.example"),
        ("ttp://atlas.example", "http://atlas.example"),
        ("httpss://atlas.example", "https://atlas.example"),
    ],
)
def test_a_slip_in_the_scheme_is_corrected_in_the_hint(check, url, corrected):
    _, problems = check(Url(), url)
    assert problems == [
        (
            f"f.yml:1:4: v: adresse web mal écrite « {url} » — vouliez-vous dire « {corrected} » ?",
            True,
        )
    ]


@pytest.mark.parametrize("url", ["htts://atlas.example", "hxxps://atlas.example", "atlas.example"])
def test_a_scheme_that_is_not_one_slip_away_is_refused_as_before(check, url):
    _, problems = check(Url(), url)
    assert problems == [
        (
            f"f.yml:1:4: v: adresse web refusée « {url} » — seules les adresses commençant"
            " par https:// ou http:// sont acceptées",
            False,
        )
    ]


# ---------------------------------------------------------------------------
# Where problems are reported once a text was normalised


def test_a_problem_after_a_line_separator_is_on_the_line_the_contributor_sees(check):
    # Line 2 holds a U+2028: the text reads it as a line break, the file does not.
    source = block("Un\u200b texte\u2028suite\tet \u202eà l'envers")
    _, problems = check(Markdown(3000), source)
    assert problems[0][0] == (
        "f.yml:2:22: v: caractère invisible qui inverse le sens du texte (U+202E) à la colonne 22"
        " — supprimez-le : placez le curseur juste après « et » et l'espace qui suit, puis"
        " appuyez une fois sur Suppr"
    )


def test_a_tag_after_dropped_characters_is_at_its_column(check):
    _, problems = check(TAGLINE, "A\u200b\u200bB <b>x</b>")
    assert problems[0][0].startswith("f.yml:1:9: v: balise HTML « <b> » interdite")


# ---------------------------------------------------------------------------
# The file's structure: lines are what GitHub shows


def test_line_and_paragraph_separators_do_not_end_lines_of_the_file():
    root, problems = parse("a: x\u2028y\nb: |\n  l1\u2029l2\u0085l3\nc: d\n")
    values = {k.value: (v.value, v.line) for k, v in root.items}
    assert values == {"a": ("x\u2028y", 1), "b": ("l1\u2029l2\u0085l3\n", 2), "c": ("d", 4)}
    assert problems == []


def test_a_line_separator_where_yaml_wants_a_line_break_is_reported_there():
    with pytest.raises(YamlProblem) as info:
        parse("name: x\ncity: rabat\u2028stage: idea\n")
    problem = info.value
    assert (problem.line, problem.col) == (2, 12)
    assert problem.message == (
        "retour à la ligne invisible (séparateur de ligne, U+2028) à la colonne 12"
    )
    assert problem.hint == (
        "YAML ne le lit pas comme un retour à la ligne : placez le curseur juste avant"
        " « stage: », puis appuyez une fois sur Retour arrière ; appuyez ensuite sur Entrée"
        " s'il fallait aller à la ligne"
    )
    assert problem.fixable


def test_a_bidirectional_control_in_a_comment_is_refused():
    _, problems = parse("name: x  # note \u2067cachée\ncity: rabat\n")
    assert [(p.line, p.col, p.message, p.fixable) for p in problems] == [
        (
            1,
            17,
            "caractère invisible qui fait écrire le texte de droite à gauche (U+2067)"
            " à la colonne 17",
            False,
        )
    ]


@pytest.mark.parametrize(
    ("text", "hint", "fixable"),
    [
        ("tagline:\n\tfr: x\n", "remplacez la tabulation par 2 espaces", True),
        ("d:\n  fr: |\n\t\tligne\n", "remplacez les 2 tabulations par 4 espaces", True),
        (
            "a: 1\n\tb: 2\n",
            "indentez cette ligne avec des espaces, alignée sur les champs du même niveau",
            False,
        ),
    ],
)
def test_a_tabulation_in_the_indentation_says_how_many_spaces(text, hint, fixable):
    with pytest.raises(YamlProblem) as info:
        parse(text)
    assert info.value.message == "tabulation utilisée pour l'indentation"
    assert info.value.hint == f"YAML n'accepte que des espaces : {hint}"
    assert info.value.fixable is fixable


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            "Cas \u202egnp",
            "juste après « Cas » et l'espace qui suit, puis appuyez une fois sur Suppr",
        ),
        ("Cas\u200bx", "juste avant « x », puis appuyez une fois sur Retour arrière"),
        ("  \u200b", "effacez ce qui précède sur la ligne, puis retapez-le"),
        ("a" * 40 + "\u200b", "juste après « …" + "a" * 29 + " », puis appuyez une fois sur Suppr"),
        ("Un\ttexte\u2028suite\u202e", "juste après « suite », puis appuyez une fois sur Suppr"),
    ],
)
def test_where_the_cursor_goes(text, where):
    pos = max(i for i, c in enumerate(text) if not c.isprintable() and c != " ")
    assert invisible.where(text, pos).endswith(where)
