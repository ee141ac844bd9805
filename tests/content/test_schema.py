"""startupdir.content.schema: each field kind reads a located node, checks it, explains refusals."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest
import yaml
from startupdir.content.load import parse
from startupdir.content.model import Founder, Links, Startup
from startupdir.content.schema import (
    INVALID,
    Context,
    ListOf,
    Object,
    check_object,
    fields_of,
    slug_problem,
    suggest,
)
from startupdir.content.schema_kinds import (
    Boolean,
    Choice,
    Country,
    Date,
    Email,
    GitHubLogin,
    Integer,
    LogoPath,
    Ref,
    Slug,
    Url,
)
from startupdir.content.schema_text import I18n, Markdown, PlainText, link_scheme_ok


@pytest.fixture
def check(when, taxonomy):
    """check(kind, yaml_value) -> (value, [problem text]) for `v: <yaml_value>`."""

    def run(kind, source: str, base=None):
        root, _ = parse(f"v: {source}\n")
        ctx = Context("f.yml", taxonomy, when, base)
        value = kind.check(root.items[0][1], "v", ctx)
        assert (value is INVALID) == bool(ctx.problems)
        return value, [p.as_text() for p in ctx.problems]

    return run


def quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly ``text``."""
    return yaml.safe_dump(text, default_style='"', width=float("inf"), allow_unicode=True).strip()


# ---------------------------------------------------------------------------
# The declaration

REQUIRED = ["name", "tagline", "description", "website", "founded", "sectors", "city", "stage"]
REQUIRED += ["employees", "updated"]
OPTIONAL = ["status", "business_model", "markets", "needs", "seeking_investment", "hiring"]
OPTIONAL += ["programs", "founders", "contact", "links", "logo", "maintainers"]


def test_profile_fields_match_the_specification():
    declared = dict(fields_of(Startup))
    assert sorted(declared) == sorted(REQUIRED + OPTIONAL)
    assert sorted(n for n, fs in declared.items() if fs.required) == sorted(REQUIRED)


def test_loader_set_fields_are_not_declared():
    assert "slug" not in dict(fields_of(Startup))
    assert "source" not in dict(fields_of(Startup))


@pytest.mark.parametrize("name", REQUIRED + OPTIONAL)
def test_every_field_is_documented_in_french(name):
    fs = dict(fields_of(Startup))[name]
    assert fs.doc and fs.doc[0].isupper()
    assert fs.kind.describe()
    assert fs.kind.json_schema()
    assert fs.example is not None


def test_aliases_never_shadow_a_declared_field():
    for cls in (Startup, Founder, Links):
        names = {name for name, _ in fields_of(cls)}
        for _, fs in fields_of(cls):
            assert not names & set(fs.aliases)


def test_validated_objects_are_frozen(when, taxonomy):
    root, _ = parse("name: Ali\nrole: CEO\n")
    founder = check_object(Founder, root, "", Context("f.yml", taxonomy, when))
    assert founder == Founder(name="Ali", role="CEO")
    with pytest.raises(dataclasses.FrozenInstanceError):
        founder.name = "Other"


# ---------------------------------------------------------------------------
# Plain text and Unicode


def test_plain_text_is_nfc_and_whitespace_collapsed(check):
    assert check(PlainText(80), quoted("  Cafe\u0301   du  coin ")) == ("Café du coin", [])


@pytest.mark.parametrize("source", ["", "~", '""', '"   "'])
def test_plain_text_empty(check, source):
    _, problems = check(PlainText(80), source)
    assert len(problems) == 1
    assert problems[0].startswith("f.yml:1:")
    assert problems[0].endswith(" v: valeur vide — écrivez le texte après les deux-points")


def test_plain_text_too_long(check):
    assert check(PlainText(5), "abcdef")[1] == [
        "f.yml:1:4: v: texte trop long (6 caractères, maximum 5) — raccourcissez-le"
    ]


def test_plain_text_length_counts_characters_not_bytes(check):
    assert check(PlainText(5), "éééèè") == ("éééèè", [])


@pytest.mark.parametrize("source", ["[a, b]", "{a: b}"])
def test_plain_text_refuses_containers(check, source):
    _, problems = check(PlainText(80), source)
    assert problems and "texte attendu" in problems[0]


def test_newline_in_a_one_line_text(check):
    _, problems = check(PlainText(80), quoted("Atlas\nPay"))
    assert problems == [
        "f.yml:1:10: v: saut de ligne interdit — écrivez ce texte sur une seule ligne"
    ]


@pytest.mark.parametrize(
    "char",
    ["\u202e", "\u202a", "\u2066", "\u2069", "\u200b", "\u200e", "\u2060", "\ufeff", "\u00ad"]
    + ["\u2028", "\u2029", "\ue000", "\t", "\u200c", "\u200d"],
)
def test_invisible_characters_are_refused_in_names(check, char):
    # A name (strict PlainText) keeps refusing every invisible character; the message
    # names what it is (tests/test_invisible.py has each one) and where it is.
    _, problems = check(PlainText(80), quoted(f"Atlas{char}Pay"))
    code = f"U+{ord(char):04X}"
    assert len(problems) == 1
    assert problems[0].startswith("f.yml:1:10: v: ")  # at the character itself
    where = "tabulation" if char == "\t" else f"{code})"
    assert f"{where} à la colonne 10 — " in problems[0]
    if char in "\u202e\u202a\u2066\u2069\u200e":  # what follows may be shown reordered
        assert problems[0].endswith("juste après « Atlas », puis appuyez une fois sur Suppr")
    else:
        tail = ", puis tapez un espace" if char == "\t" else ""
        assert problems[0].endswith(
            f"juste avant « Pay », puis appuyez une fois sur Retour arrière{tail}"
        )


@pytest.mark.parametrize("joiner", ["\u200c", "\u200d"])
def test_joiners_are_allowed_in_arabic_script(check, joiner):
    text = f"نرم{joiner}افزار"
    assert check(PlainText(80), quoted(text)) == (text, [])


def test_bidi_override_is_refused_even_in_arabic_text(check):
    _, problems = check(PlainText(80), quoted("أطلس\u202eباي"))
    assert "U+202E" in problems[0]


def test_a_lone_less_than_sign_is_text_not_a_tag(check):
    value, problems = check(PlainText(80), quoted("prix < dix dirhams, 3 <= 4"))
    assert problems == []
    assert value == "prix < dix dirhams, 3 <= 4"


@pytest.mark.parametrize(
    "text",
    [
        "<b>Atlas</b>",
        "Atlas <script>alert(1)</script>",
        "<!-- commentaire -->",
        "<img src=x onerror=alert(1)>",
        "Atlas <a href='https://x.example'",
        "<?php echo 1 ?>",
        "<!DOCTYPE html>",
        "x </p>",
    ],
)
def test_html_tags_are_refused(check, text):
    _, problems = check(PlainText(80), quoted(text))
    assert len(problems) == 1
    assert "balise HTML" in problems[0] and "interdite" in problems[0]
    assert "écrivez du texte simple" in problems[0]


@pytest.mark.parametrize("text", ["Atlas <3 Pay", "5 > 3", "a<=b", "x &lt;b&gt;", "Tom & Jerry"])
def test_text_that_only_looks_like_html_is_kept(check, text):
    assert check(PlainText(80), quoted(text)) == (text, [])


def test_html_tag_is_located_in_the_line(check):
    _, problems = check(PlainText(80), "Atlas <b>Pay</b>")
    assert problems[0].startswith("f.yml:1:10: v: balise HTML « <b> » interdite")


# ---------------------------------------------------------------------------
# Markdown descriptions and their links


def md(check, text):
    return check(Markdown(3000), quoted(text))


@pytest.mark.parametrize(
    "text",
    [
        "Voir [le site](https://atlas.example/a?b=1#c).",
        "Voir [le site](http://atlas.example).",
        "Voir [le site](HTTPS://atlas.example).",
        "Écrire à [l'équipe](mailto:contact@atlas.example).",
        "Voir <https://atlas.example>.",
        'Voir [le site](https://atlas.example "titre").',
        "Voir [le site][r].\n\n[r]: https://atlas.example",
        "**gras**, *italique*\n\n- un\n- deux\n",
        "Une phrase qui parle de javascript: sans lien.",
    ],
)
def test_markdown_accepted(check, text):
    value, problems = md(check, text)
    assert problems == []
    assert value == text.strip() + "\n"


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "jav&#x61;script:alert(1)",
        "&#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "%6Aavascript:alert(1)",
        "java%09script:alert(1)",
        "java&Tab;script:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "https:sans-hote",
    ],
)
def test_markdown_link_schemes_are_refused(check, target):
    _, problems = md(check, f"Voir [le site]({target}).")
    assert len(problems) == 1
    assert "lien refusé" in problems[0]
    assert problems[0].endswith("les liens doivent commencer par https://, http:// ou mailto:")


def test_reference_link_definition_is_checked(check):
    _, problems = md(check, "Voir [le site][r].\n\n[r]: javascript:alert(1)")
    assert "lien refusé « javascript:alert(1) »" in problems[0]


def test_autolink_is_checked(check):
    _, problems = md(check, "Voir <javascript:alert(1)>.")
    assert "lien refusé « javascript:alert(1) »" in problems[0]


def test_link_target_split_over_lines_is_checked(check):
    # Python-Markdown renders this as href="java\nscript:alert(1)", which browsers
    # run as javascript: (they drop newlines in URLs). It must be refused, with a
    # message that stays on one line.
    _, problems = md(check, "Voir [le site](java\nscript:alert(1)).")
    assert len(problems) == 1
    assert "lien refusé" in problems[0]
    assert "\n" not in problems[0]


def test_images_are_refused(check):
    _, problems = md(check, "Voir ![logo](https://atlas.example/logo.png).")
    assert problems == [
        "f.yml:1:10: v: image interdite dans la description — "
        "indiquez votre logo dans le champ « logo »"
    ]


def test_markdown_keeps_newlines_but_refuses_other_controls(check):
    assert md(check, "a\n\nb")[0] == "a\n\nb\n"
    assert md(check, "a\tb")[0] == "a   b\n"  # a tabulation is harmless: spaces
    _, problems = md(check, "a\x07b")
    assert problems[0].startswith("f.yml:1:6: v: caractère de contrôle invisible (U+0007)")


def test_markdown_too_long(check):
    _, problems = md(check, "x" * 3000)
    assert problems == [
        "f.yml:1:4: v: texte trop long (3001 caractères, maximum 3000) — "
        "raccourcissez la description"
    ]


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("/chemin/relatif", "lien relatif refusé « /chemin/relatif »"),
        ("equipe.html", "lien relatif refusé « equipe.html »"),
        ("#equipe", "lien vers une ancre refusé « #equipe »"),
    ],
)
def test_markdown_relative_and_anchor_links_say_why(check, target, problem):
    _, problems = md(check, f"Voir [le site]({target}).")
    assert len(problems) == 1
    assert problem in problems[0]
    assert "plusieurs pages du site" in problems[0]
    assert "écrivez l'adresse complète, https://…" in problems[0]


def test_markdown_accepts_inline_html_and_refuses_block_html_with_the_markdown_way(check):
    assert md(check, '<b>gras</b> et <abbr title="ici">là</abbr>')[1] == []
    _, problems = md(check, "<div>bloc</div>")
    assert problems == [
        "f.yml:1:5: v: balise HTML « <div> » interdite — "
        "séparez les paragraphes par une ligne vide, sans balise"
    ]


def test_markdown_error_in_a_block_scalar_is_on_the_right_line(when):
    root, _ = parse("d: |\n  Ligne un.\n  Voir <span>ceci</span>.\n")
    ctx = Context("f.yml", None, when)
    Markdown(3000).check(root.items[0][1], "d", ctx)
    assert ctx.problems[0].line == 3


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://a.example", True),
        ("http://a.example/x", True),
        ("mailto:a@b.example", True),
        ("https://", False),
        ("javascript:x", False),
        ("&#x6A;avascript:x", False),
        ("%26%23x6A;avascript:x", False),  # entity, then percent-encoded
        ("java\x00script:x", False),
        ("", False),
    ],
)
def test_link_scheme_ok(url, ok):
    assert link_scheme_ok(url) is ok


# ---------------------------------------------------------------------------
# Localised texts


def test_localized_text(check):
    value, problems = check(I18n(PlainText(160)), "{fr: Bonjour, en: Hello, ar: مرحبا}")
    assert problems == []
    assert value.items() == [("fr", "Bonjour"), ("en", "Hello"), ("ar", "مرحبا")]


def test_localized_text_needs_french(check):
    _, problems = check(I18n(PlainText(160)), "{en: Hello}")
    assert problems == ["f.yml:1:4: v.fr: version française manquante — ajoutez « fr: … »"]


def test_localized_text_unknown_language(check):
    _, problems = check(I18n(PlainText(160)), "{fr: Bonjour, eng: Hello}")
    assert problems == ["f.yml:1:18: v.eng: langue inconnue « eng » — vouliez-vous dire « en » ?"]


def test_localized_text_given_as_a_plain_string(check):
    _, problems = check(I18n(PlainText(160)), "Bonjour")
    assert len(problems) == 1
    assert "texte par langue attendu (fr, en, ar)" in problems[0]


# ---------------------------------------------------------------------------
# Numbers, booleans, dates, choices


@pytest.mark.parametrize(("source", "value"), [("1", 1), ("12", 12), ("100000", 100_000)])
def test_integer_accepted(check, source, value):
    assert check(Integer(1, 100_000), source) == (value, [])


@pytest.mark.parametrize("source", ['"12"', "'12'", "12.0", "1e3", "-1", "+5", "douze", "0x10"])
def test_integer_must_be_plain_digits(check, source):
    _, problems = check(Integer(1, 100_000), source)
    assert len(problems) == 1
    assert "nombre entier attendu" in problems[0]
    assert "sans guillemets" in problems[0]


@pytest.mark.parametrize("source", ["0", "100001"])
def test_integer_bounds(check, source):
    _, problems = check(Integer(1, 100_000), source)
    assert problems == [
        f"f.yml:1:4: v: valeur {source} hors limites — indiquez un nombre entre 1 et 100000"
    ]


def test_year_upper_bound_is_the_current_year(check, when):
    year = Integer(1950, current_year_max=True)
    assert check(year, str(when.year)) == (when.year, [])
    _, problems = check(year, str(when.year + 1))
    assert problems == [
        f"f.yml:1:4: v: valeur {when.year + 1} hors limites — "
        f"indiquez un nombre entre 1950 et {when.year}"
    ]
    assert "écrivez l'année en chiffres" in check(year, '"2021"')[1][0]


@pytest.mark.parametrize(("source", "value"), [("true", True), ("false", False)])
def test_boolean_accepted(check, source, value):
    assert check(Boolean(), source) == (value, [])


@pytest.mark.parametrize("source", ["yes", "no", "on", "off", "y", "n", "oui", "1"])
def test_boolean_only_true_or_false(check, source):
    _, problems = check(Boolean(), source)
    assert len(problems) == 1
    assert problems[0].endswith("— écrivez true ou false")


@pytest.mark.parametrize(("source", "word"), [('"true"', "true"), ("'false'", "false")])
def test_quoted_boolean_says_to_drop_the_quotes(check, source, word):
    _, problems = check(Boolean(), source)
    assert problems == [
        f"f.yml:1:4: v: « {word} » entre guillemets — écrivez {word} sans guillemets"
    ]


def test_date(check, when):
    assert check(Date(), "2026-02-01")[0].isoformat() == "2026-02-01"
    assert check(Date(), when.isoformat())[1] == []


@pytest.mark.parametrize("source", ["2026-2-1", "01/02/2026", "2026-02-30", "hier", "٢٠٢٦-٠١-٠١"])
def test_date_format(check, source):
    _, problems = check(Date(), source)
    assert len(problems) == 1
    assert "date invalide" in problems[0] and "AAAA-MM-JJ" in problems[0]


def test_date_in_the_future(check):
    assert check(Date(), "2026-11-27")[1] == [
        "f.yml:1:4: v: date dans le futur (2026-11-27) — "
        "indiquez la date de la dernière relecture, au plus tard 2026-11-26"
    ]


def test_choice_suggests_the_closest_value(check):
    _, problems = check(Choice(("active", "acquired", "closed")), "activ")
    assert problems == ["f.yml:1:4: v: valeur inconnue « activ » — vouliez-vous dire « active » ?"]


def test_choice_lists_values_when_nothing_is_close(check):
    _, problems = check(Choice(("active", "acquired", "closed")), "xyz")
    assert problems[0].endswith("valeurs possibles : active, acquired, closed")


# ---------------------------------------------------------------------------
# Slugs and taxonomy references


@pytest.mark.parametrize("slug", ["ab", "atlas-pay", "a1-b2-c3", "x" * 60, "com0", "console"])
def test_slug_accepted(slug):
    assert slug_problem(slug) is None


@pytest.mark.parametrize(
    ("slug", "fragment"),
    [
        ("a", "de longueur 1"),
        ("x" * 61, "de longueur 61"),
        ("", "de longueur 0"),
        ("Atlas", "invalide"),
        ("atlas_pay", "invalide"),
        ("-atlas", "invalide"),
        ("atlas-", "invalide"),
        ("atlas--pay", "invalide"),
        ("atlas pay", "invalide"),
        ("café", "invalide"),
        ("con", "réservé par Windows"),
        ("nul", "réservé par Windows"),
        ("com1", "réservé par Windows"),
        ("lpt9", "réservé par Windows"),
    ],
)
def test_slug_refused(slug, fragment):
    problem = slug_problem(slug)
    assert problem is not None
    assert fragment in problem[0]
    assert problem[1]


def test_slug_kind(check):
    assert check(Slug(), "atlas-pay") == ("atlas-pay", [])
    assert "invalide" in check(Slug(), "Atlas")[1][0]


def test_reference_with_a_close_match(check):
    _, problems = check(Ref("sectors"), "fintek")
    assert problems == [
        "f.yml:1:4: v: secteur inconnu « fintek » — vouliez-vous dire « fintech » ?"
    ]


def test_reference_gender_of_the_noun(check):
    assert "ville inconnue « casablnca »" in check(Ref("cities"), "casablnca")[1][0]


def test_reference_lists_a_short_vocabulary(check, taxonomy):
    _, problems = check(Ref("stages"), "amorcage")
    assert problems[0].endswith("valeurs possibles : " + ", ".join(taxonomy.ids("stages")))


def test_reference_points_to_a_long_vocabulary(check):
    _, problems = check(Ref("sectors"), "zzzz")
    assert problems[0].endswith("voir la liste « sectors » de taxonomy.yml")


def test_reference_without_taxonomy_is_not_checked(when):
    root, _ = parse("v: anything\n")
    ctx = Context("f.yml", None, when)
    assert Ref("sectors").check(root.items[0][1], "v", ctx) == "anything"


def test_suggest():
    assert suggest("secteur", ["sectors", "city"]) == "vouliez-vous dire « sectors » ?"
    assert suggest("FINTECH", ["fintech"]) == "vouliez-vous dire « fintech » ?"
    assert suggest("qqq", ["a", "b"]) == "valeurs possibles : a, b"
    assert suggest("qqq", [str(i) for i in range(20)], many_hint="voir") == "voir"


# ---------------------------------------------------------------------------
# URLs, e-mail, countries, accounts


@pytest.mark.parametrize(
    "url",
    [
        "https://atlas.example",
        "http://atlas.example/a/b?c=d#e",
        "https://sub.atlas.example:8443/",
        "https://café.example",
        "HTTPS://ATLAS.EXAMPLE",
    ],
)
def test_url_accepted(check, url):
    assert check(Url(), url) == (url, [])


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://atlas.example", "adresse web refusée"),
        ("javascript:alert(1)", "adresse web refusée"),
        ("atlas.example", "adresse web refusée"),
        ("https://", "adresse web invalide"),
        ("https://localhost", "adresse web invalide"),
        ("https://user:pw@atlas.example", "adresse web invalide"),
        ("https://atlas.example:0", "adresse web invalide"),
        ("https://atlas.example:99999", "adresse web invalide"),
        ('"https://atlas.example/a b"', "adresse web invalide"),
        ('"https://atlas.example/<script>"', "adresse web invalide"),
        ("https://" + "a" * 300 + ".example", "adresse web invalide"),
    ],
)
def test_url_refused(check, url, message):
    _, problems = check(Url(), url)
    assert len(problems) == 1
    assert message in problems[0]


@pytest.mark.parametrize("char", ["\u200b", "\u202e"])
@pytest.mark.parametrize("where", ["host", "path"])
def test_url_with_invisible_characters_is_refused(check, char, where):
    # The IDNA codec silently drops U+200B and U+00AD from host names, and the
    # path is not inspected: the stored website must not carry invisible text.
    url = f"https://atl{char}as.example/" if where == "host" else f"https://atlas.example/a{char}b"
    value, problems = check(Url(), quoted(url))
    assert problems, f"accepted {value!r}"


def test_url_restricted_to_a_network(check):
    linkedin = Url(("linkedin.com",))
    assert check(linkedin, "https://www.linkedin.com/in/x")[1] == []
    assert check(linkedin, "https://linkedin.com/in/x")[1] == []
    for host in ("evil-linkedin.com", "linkedin.com.evil.example", "linkedin.co"):
        _, problems = check(linkedin, f"https://{host}/x")
        assert "adresse hors de linkedin.com" in problems[0]


@pytest.mark.parametrize("email", ["contact@atlas.example", "hello+x@sub.atlas.example"])
def test_email_accepted(check, email):
    assert check(Email(), email) == (email, [])


@pytest.mark.parametrize(
    "email", ["contact", "a@b", "a@b.c", "a..b@atlas.example", "a b@x.example"]
)
def test_email_refused(check, email):
    _, problems = check(Email(), quoted(email))
    assert "adresse e-mail invalide" in problems[0]


def test_country_norway_is_not_false(check):
    assert check(Country(), "NO") == ("NO", [])


def test_country_lower_case(check):
    assert check(Country(), "ma")[1] == [
        "f.yml:1:4: v: code pays « ma » en minuscules — écrivez « MA »"
    ]


@pytest.mark.parametrize("code", ["XX", "UK", "MAR", "Maroc"])
def test_country_unknown(check, code):
    _, problems = check(Country(), code)
    assert "code pays inconnu" in problems[0]


def test_github_login(check):
    assert check(GitHubLogin(), '"@atlas-dev"') == ("atlas-dev", [])
    for login in ("-atlas", "atlas--dev", "a" * 40, "atlas_dev"):
        assert "compte GitHub invalide" in check(GitHubLogin(), login)[1][0]


# ---------------------------------------------------------------------------
# Logo paths


@pytest.fixture
def startups(tmp_path):
    base = tmp_path / "startups"
    (base / "logos").mkdir(parents=True)
    (base / "logos" / "atlas.png").write_bytes(b"png")
    (base / "logos" / "atlas.PNG").write_bytes(b"png")
    (tmp_path / "secret.png").write_bytes(b"png")
    return base


@pytest.mark.parametrize("path", ["logos/atlas.png", "./logos/atlas.png", "logos/atlas.PNG"])
def test_logo_accepted(check, startups, path):
    value, problems = check(LogoPath(), path, base=startups)
    assert problems == []
    assert value == path.removeprefix("./")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("../secret.png", "chemin de logo hors de startups/"),
        ("logos/../../secret.png", "chemin de logo hors de startups/"),
        ("/etc/passwd.png", "chemin de logo invalide"),
        ('"logos\\\\atlas.png"', "chemin de logo invalide"),
        ('"C:/logo.png"', "chemin de logo invalide"),
        ("logos/atlas.svg", "format de logo non accepté"),
        ("logos/atlas.png.exe", "format de logo non accepté"),
        ("logos/absent.png", "logo introuvable"),
        ("logos", "format de logo non accepté"),
    ],
)
def test_logo_refused(check, startups, path, message):
    _, problems = check(LogoPath(), path, base=startups)
    assert len(problems) == 1
    assert message in problems[0]


@pytest.mark.parametrize("target", ["outside", "inside"])
def test_logo_symlink_is_refused(check, startups, target):
    link = startups / "logos" / "link.png"
    link.symlink_to(
        startups.parent / "secret.png" if target == "outside" else startups / "logos" / "atlas.png"
    )
    value, problems = check(LogoPath(), "logos/link.png", base=startups)
    assert value is INVALID
    assert problems == [
        "f.yml:1:4: v: lien symbolique refusé pour le logo « logos/link.png » — "
        "ajoutez l'image elle-même dans startups/logos/, pas un lien vers un fichier"
    ]


def test_logo_in_a_symlinked_folder_is_refused(check, startups):
    (startups.parent / "elsewhere").mkdir()
    (startups.parent / "elsewhere" / "logo.png").write_bytes(b"png")
    (startups / "linked").symlink_to(startups.parent / "elsewhere", target_is_directory=True)
    _, problems = check(LogoPath(), "./linked/logo.png", base=startups)
    assert "lien symbolique refusé pour le logo « linked »" in problems[0]


@pytest.mark.parametrize(
    "path", ["logos/" + "a" * 300 + ".png", "logos/" + "a/" * 3000 + "x.png", "logos/a.png/b.png"]
)
def test_logo_path_the_system_refuses_is_not_found(check, startups, path):
    _, problems = check(LogoPath(), path, base=startups)
    assert len(problems) == 1 and "logo introuvable" in problems[0]


# ---------------------------------------------------------------------------
# Lists and objects


def test_list_bounds(check):
    sectors = ListOf(Ref("sectors"), 1, 3)
    assert check(sectors, "[fintech, saas]") == (("fintech", "saas"), [])
    assert "au moins une valeur attendue" in check(sectors, "[]")[1][0]
    assert check(sectors, "[fintech, saas, edtech, agritech]")[1] == [
        "f.yml:1:4: v: 4 valeurs, maximum 3 — gardez les 3 plus importantes"
    ]


def test_list_refuses_a_scalar(check):
    _, problems = check(ListOf(Ref("sectors"), 1, 3), "fintech")
    assert problems[0].startswith("f.yml:1:4: v: liste attendue")


def test_list_duplicates(check):
    _, problems = check(ListOf(Ref("sectors")), "[fintech, saas, fintech]")
    assert problems == [
        "f.yml:1:20: v[2]: valeur en double « fintech » — "
        "elle figure déjà dans la liste : supprimez ce doublon"
    ]


def test_list_reports_every_bad_item(check):
    _, problems = check(ListOf(Country()), "[ma, XX, SN, no]")
    assert [p.split(": ")[1] for p in problems] == ["v[0]", "v[1]", "v[3]"]


def test_list_of_objects_is_unique_by_id(check):
    kind = ListOf(Object(dict(fields_of(Startup))["programs"].kind.item.cls))
    source = "[{id: technopark-incubation}, {id: technopark-incubation, year: 2020}]"
    _, problems = check(kind, source)
    assert len(problems) == 1
    assert "valeur en double « technopark-incubation »" in problems[0]


def object_problems(text, when, taxonomy, cls=Startup):
    root, _ = parse(text)
    ctx = Context("f.yml", taxonomy, when)
    value = check_object(cls, root, "", ctx)
    return value, [p.as_text() for p in ctx.problems]


def test_unknown_key_close_to_a_field(profile_text, when, taxonomy):
    _, problems = object_problems(profile_text() + "websit: https://x.example\n", when, taxonomy)
    assert problems == [
        "f.yml:14:1: websit: champ inconnu « websit » — vouliez-vous dire « website » ?"
    ]


def test_unknown_key_that_is_a_french_alias(profile_text, when, taxonomy):
    text = profile_text().replace("sectors:", "secteurs:")
    _, problems = object_problems(text, when, taxonomy)
    assert (
        "f.yml:9:1: secteurs: champ inconnu « secteurs » — vouliez-vous dire « sectors » ?"
        in problems
    )


def test_unknown_key_far_from_every_field(profile_text, when, taxonomy):
    _, problems = object_problems(profile_text() + "zzzzzz: 1\n", when, taxonomy)
    assert problems == [
        "f.yml:14:1: zzzzzz: champ inconnu « zzzzzz » — "
        "voir la liste des champs dans le guide du contributeur"
    ]


def test_unknown_key_in_a_nested_object(profile_text, when, taxonomy):
    text = profile_text() + "links:\n  linkdin: https://www.linkedin.com/company/x\n"
    _, problems = object_problems(text, when, taxonomy)
    assert problems == [
        "f.yml:15:3: links.linkdin: champ inconnu « linkdin » — vouliez-vous dire « linkedin » ?"
    ]


def test_every_problem_of_a_file_is_reported(profile_text, when, taxonomy):
    text = (
        profile_text()
        .replace("[fintech]", "[fintek]")
        .replace("city: rabat", "city: rabbat")
        .replace("employees: 3", "employees: trois")
    )
    _, problems = object_problems(text + "hiring: yes\n", when, taxonomy)
    assert [p.split(": ")[1] for p in problems] == ["sectors[0]", "city", "employees", "hiring"]


def test_required_fields(when, taxonomy):
    value, problems = object_problems("name: Atlas\n", when, taxonomy)
    assert value is INVALID
    assert len(problems) == len(REQUIRED) - 1
    assert "f.yml:1:1: website: champ obligatoire « website » manquant — ajoutez-le " in "".join(
        problems
    )
    assert "(ex. « website: https://atlaspay.example »)" in "".join(problems)


def test_required_field_left_empty(profile_text, when, taxonomy):
    _, problems = object_problems(profile_text().replace("city: rabat", "city:"), when, taxonomy)
    assert len(problems) == 1
    assert problems[0].startswith("f.yml:10:6: city: valeur vide — ")


def test_optional_field_left_empty_is_absent(profile_text, when, taxonomy):
    value, problems = object_problems(profile_text() + "hiring:\nmarkets:\n", when, taxonomy)
    assert problems == []
    assert value.hiring is None and value.markets == ()


def test_root_must_be_a_mapping(when, taxonomy):
    _, problems = object_problems("- a\n- b\n", when, taxonomy)
    assert problems == [
        "f.yml:1:1: le fichier doit contenir des champs « nom: valeur » — "
        "écrivez un champ par ligne, « nom: valeur »"
    ]


def test_valid_profile_becomes_a_typed_object(profile_text, when, taxonomy):
    text = profile_text("Atlas") + "markets: [NO, MA]\nhiring: false\n"
    text += "seeking_investment:\n  round: seed\n  amount_mad: 5000000\n"
    startup, problems = object_problems(text, when, taxonomy)
    assert problems == []
    assert startup.name == "Atlas"
    assert startup.tagline.fr == "Une accroche d'une ligne"
    assert startup.description.fr == "Une description en **Markdown**.\n"
    assert startup.founded == 2020 and startup.employees == 3
    assert startup.updated.isoformat() == "2026-01-01"
    assert startup.sectors == ("fintech",)
    assert startup.markets == ("NO", "MA")
    assert startup.hiring is False
    assert startup.seeking_investment.amount_mad == 5_000_000
    assert startup.raising and startup.is_active and startup.is_listed
    assert unicodedata.is_normalized("NFC", startup.name)
