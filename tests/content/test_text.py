"""startupdir.content.text: untrusted text made safe for HTML, <script> JSON and YAML front matter;
descriptions rendered as GitHub's preview shows them (CommonMark, markdown-it-py)."""

from __future__ import annotations

import html
import json
import pickle
import re
from pathlib import Path

import pytest
import yaml
from startupdir.content import text as text_module
from startupdir.content.text import (
    MAX_NESTING,
    Rendered,
    deepest_opener,
    front_matter_string,
    json_for_script,
    line_nesting,
    link_problem,
    markdown_to_html,
    render_checked,
)

BLNS = Path(__file__).resolve().parents[1] / "corpora" / "naughty-strings" / "blns.json"
STRINGS = json.loads(BLNS.read_text(encoding="utf-8"))
LANDSCAPE = BLNS.parents[1] / "cncf-landscape" / "landscape.yml"

REL = "nofollow noopener ugc"
SAFE_SCHEMES = {"http", "https", "mailto"}
ALLOWED_TAGS = {"p", "strong", "em", "b", "i", "sup", "sub", "abbr", "del", "code", "pre"}
ALLOWED_TAGS |= {"ul", "ol", "li", "a", "br", "hr", "blockquote", "h3", "h4"}
# nh3 (ammonia) also keeps its harmless generic attributes, title and lang, by default;
# headings keep their id, ordered lists their start.
ALLOWED_ATTRS = {"href", "rel", "title", "lang", "id", "start"}


def anchors(doc) -> list:
    return doc.find_all("a")


def scheme(href: str) -> str:
    """The scheme a browser sees (WHATWG URL parsing): entities decoded, leading and
    trailing controls and spaces stripped, tabs and newlines removed anywhere; "" for a
    relative URL."""
    decoded = html.unescape(href).strip("".join(map(chr, range(0x21))))
    decoded = re.sub(r"[\t\n\r]", "", decoded).lower()
    match = re.match(r"([a-z][a-z0-9+.\-]*):", decoded)
    return match.group(1) if match else ""


# ---------------------------------------------------------------------------
# markdown_to_html: what is kept


def test_bold_and_italic_are_kept():
    out = markdown_to_html("Du **gras**, de l'*italique* et du __gras__ encore.")
    assert "<strong>gras</strong>" in out
    assert "<em>italique</em>" in out
    assert out.startswith("<p>") and out.endswith("</p>")


def test_lists_are_kept():
    out = markdown_to_html("Intro :\n\n- un\n- deux\n\n1. premier\n2. second\n")
    assert "<ul>" in out and "<ol>" in out
    assert "<li>un</li>" in out and "<li>second</li>" in out


def test_links_get_rel_nofollow_noopener_ugc(parse_html):
    out = markdown_to_html(
        "Voir [le site](https://atlaspay.example/a?b=1&c=2), "
        "[un autre](http://exemple.example) et [écrire](mailto:contact@atlaspay.example)."
    )
    links = anchors(parse_html(out))
    assert [a.attrs["href"] for a in links] == [
        "https://atlaspay.example/a?b=1&c=2",
        "http://exemple.example",
        "mailto:contact@atlaspay.example",
    ]
    assert all(a.attrs.get("rel") == REL for a in links)
    assert [a.text for a in links] == ["le site", "un autre", "écrire"]


def test_text_is_escaped_not_interpreted():
    out = markdown_to_html("5 < 6 & 7 > 3, « guillemets » et 'apostrophes'")
    assert "5 &lt; 6 &amp; 7 &gt; 3" in out


# ---------------------------------------------------------------------------
# markdown_to_html: what is removed

HOSTILE_HTML = {
    "script": "<script>alert(1)</script>",
    "script-upper": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "img-onerror": '<img src="x" onerror="alert(1)">',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "style-tag": "<style>body{display:none}</style>",
    "style-attr": '<p style="position:fixed;top:0">texte</p>',
    "onclick": '<a href="https://ok.example" onclick="alert(1)">lien</a>',
    "onmouseover-p": '<p onmouseover="alert(1)">survol</p>',
    "svg": "<svg onload=alert(1)><circle r=1></circle></svg>",
    "object": '<object data="https://evil.example/x.swf"></object>',
    "form": '<form action="https://evil.example"><input name=a></form>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "base": '<base href="https://evil.example/">',
    "markdown-image": "![logo](https://evil.example/x.png)",
    "markdown-image-onerror": '![x](https://x.example/a.png"onerror="alert(1))',
    "comment": "<!-- caché --> visible",
}


@pytest.mark.parametrize("source", HOSTILE_HTML.values(), ids=HOSTILE_HTML.keys())
def test_dangerous_html_is_stripped(source, parse_html):
    out = markdown_to_html(f"Avant.\n\n{source}\n\nAprès.")
    lowered = out.lower()
    for needle in ("<script", "<img", "<iframe", "<style", "<svg", "<object", "<form", "<meta"):
        assert needle not in lowered, out
    assert "<base" not in lowered and "<!--" not in out, out
    assert "alert(1)</" not in lowered  # script contents go with the tag
    for element in parse_html(out).elements:
        assert element.tag in ALLOWED_TAGS, out
        assert set(element.attrs) <= ALLOWED_ATTRS, out
        assert not any(name.startswith("on") for name in element.attrs), out
    assert "Avant." in out and "Après." in out


HOSTILE_HREFS = {
    "md-javascript": "[x](javascript:alert(1))",
    "md-javascript-upper": "[x](JAVASCRIPT:alert(1))",
    "md-javascript-mixed": "[x](JaVaScRiPt:alert(1))",
    "md-javascript-space": "[x]( javascript:alert(1))",
    "md-data": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "md-vbscript": "[x](vbscript:msgbox(1))",
    "md-reference": "[x][r]\n\n[r]: javascript:alert(1)",
    "autolink": "<javascript:alert(1)>",
    "raw-javascript": '<a href="javascript:alert(1)">x</a>',
    "raw-mixed-case": '<a href="jAvAsCrIpT:alert(1)">x</a>',
    "raw-decimal-entities": '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    "raw-hex-entities": '<a href="&#x6A;&#x61;&#x76;&#x61;script&#x3A;alert(1)">x</a>',
    "raw-padded-entities": '<a href="&#0000106&#0000097vascript:alert(1)">x</a>',
    "raw-named-colon": '<a href="javascript&colon;alert(1)">x</a>',
    "raw-tab": '<a href="jav\tascript:alert(1)">x</a>',
    "raw-tab-entity": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "raw-newline-entity": '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    "raw-leading-control": '<a href="\x01javascript:alert(1)">x</a>',
    "raw-data": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "raw-data-upper": '<a href="DATA:text/html,x">x</a>',
    "raw-vbscript": '<a href="VBScript:msgbox(1)">x</a>',
    "raw-vbscript-entity": '<a href="&#118;bscript:msgbox(1)">x</a>',
    "md-entity-javascript": "[x](&#106;avascript:alert(1))",
    "md-percent": "[x](%6Aavascript:alert(1))",
}


@pytest.mark.parametrize("source", HOSTILE_HREFS.values(), ids=HOSTILE_HREFS.keys())
def test_only_http_https_mailto_links_survive(source, parse_html):
    out = markdown_to_html(source)
    # A refused link may stay on the page as text (markdown-it leaves it unparsed):
    # what matters is that no attribute carries it.
    attributes = [v for e in parse_html(out).elements for v in e.attrs.values() if v]
    lowered = html.unescape(" ".join(attributes)).lower()
    assert "javascript:" not in lowered.replace("\t", "").replace("\n", ""), out
    assert "vbscript:" not in lowered, out
    assert "data:" not in lowered, out
    for a in anchors(parse_html(out)):
        href = a.attrs.get("href")
        if href is None:
            continue
        # "" is a relative URL (e.g. "%6Aavascript:" or "jav    ascript:"): harmless.
        assert scheme(href) in SAFE_SCHEMES | {""}, out


def test_output_has_no_blank_line():
    text = (
        "Premier paragraphe.\n\n\n\nDeuxième **paragraphe**.\n\n"
        "- un\n\n- deux\n\n1. a\n\n2. b\n\n<script>x</script>\n\n<div>\n\n</div>\n\nFin.\n"
    )
    out = markdown_to_html(text)
    assert out, out
    for line in out.split("\n"):
        assert line.strip(), repr(out)
    assert not out.startswith("\n") and not out.endswith("\n")


def test_converter_keeps_no_state_between_calls():
    first = markdown_to_html("[r]: https://a.example\n\nVoir [ceci][r].")
    second = markdown_to_html("Voir [ceci][r].")
    assert "https://a.example" in first
    assert "https://a.example" not in second


def test_naughty_strings_give_only_allowed_markup(parse_html):
    for naughty in STRINGS:
        out = markdown_to_html(naughty)
        assert "\n\n" not in out, naughty
        for element in parse_html(out).elements:
            assert element.tag in ALLOWED_TAGS, naughty
            assert set(element.attrs) <= ALLOWED_ATTRS, naughty
            href = element.attrs.get("href")
            if href is not None:
                assert scheme(href) in SAFE_SCHEMES | {""}, (naughty, out)


# ---------------------------------------------------------------------------
# json_for_script

HOSTILE_JSON = [
    "</script><script>alert(1)</script>",
    "</SCRIPT >",
    "</ScRiPt\n>",
    "<!--",
    "<!-- <script>",
    "--><script>",
    "<![CDATA[ ]]>",
    "\u2028\u2029",
    "&lt;/script&gt;",
    "\\</script>",
    "'\"`",
]


def assert_script_safe(data) -> None:
    out = json_for_script(data)
    assert "</script" not in out.lower(), out
    assert "<!--" not in out, out
    assert "<" not in out and ">" not in out and "&" not in out, out
    assert "\u2028" not in out and "\u2029" not in out, out
    assert json.loads(out) == data


@pytest.mark.parametrize("value", HOSTILE_JSON)
def test_json_for_script_cannot_break_out(value):
    assert_script_safe({"name": value, "list": [value], value: 1})


def test_json_for_script_with_naughty_strings():
    for naughty in STRINGS:
        assert_script_safe({"name": naughty, "founder": [{"name": naughty}]})


def test_json_for_script_is_stable():
    first = json_for_script({"b": 1, "a": [1, 2], "é": "ü"})
    assert first == json_for_script({"a": [1, 2], "é": "ü", "b": 1})
    assert first == '{"a":[1,2],"b":1,"é":"ü"}'


# ---------------------------------------------------------------------------
# front_matter_string

TRICKY = [
    "Atlas Pay",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "l'épicerie & « guillemets »",
    "title: injected",
    "a: b\nc: d",
    "--- \n...\n",
    "# pas un commentaire",
    "- liste",
    "[1, 2]",
    "{a: 1}",
    "*alias",
    "&anchor",
    "!!python/object:os.system",
    "yes",
    "null",
    "~",
    "0x1F",
    "1e3",
    "2026-11-26",
    "\\",
    "\\u0041",
    "\t tab",
    "  espaces  ",
    "أطلس باي",
    "😀 emoji 🇲🇦",
    "\u200b zero width",
    "",
]


def round_trip(value: str):
    return yaml.safe_load(f"title: {front_matter_string(value)}\n")["title"]


@pytest.mark.parametrize("value", TRICKY)
def test_front_matter_string_round_trips_escaped(value):
    parsed = round_trip(value)
    assert parsed == html.escape(value, quote=True)
    assert "<" not in parsed and '"' not in parsed and "'" not in parsed


def test_front_matter_string_in_a_full_front_matter():
    name = '"><script>alert(1)</script>\ntitle: x'
    text = (
        f"---\ntitle: {front_matter_string(name)}\ndescription: {front_matter_string('x')}\n---\n"
    )
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta == {"title": html.escape(name, quote=True), "description": "x"}


@pytest.mark.parametrize(
    "value",
    ["a\x7fb", "a\x85b", "a\x9fb", "a\ufffeb", "a\uffffb"],
    ids=["DEL", "NEL", "C1", "U+FFFE", "U+FFFF"],
)
def test_front_matter_string_survives_characters_yaml_cannot_hold_raw(value):
    """YAML refuses DEL, C1 controls and non-characters, and reads NEL as a line break;
    JSON leaves them raw, so the value must be escaped (\\uXXXX is valid in YAML too)."""
    assert round_trip(value) == html.escape(value, quote=True)


def test_front_matter_string_with_naughty_strings():
    failures = []
    for naughty in STRINGS:
        try:
            parsed = round_trip(naughty)
        except yaml.YAMLError as exc:
            failures.append(f"{naughty!r}: {type(exc).__name__}")
            continue
        if parsed != html.escape(naughty, quote=True):
            failures.append(f"{naughty!r} read back as {parsed!r}")
        assert "<" not in parsed and '"' not in parsed
    assert failures == []


# ---------------------------------------------------------------------------
# As GitHub's preview shows it: the exact HTML of each construct

GITHUB = {
    "atx-heading": (
        "## Le constat initial\n\nTexte.",
        '<h3 id="fr-le-constat-initial">Le constat initial</h3>\n<p>Texte.</p>',
    ),
    "heading-levels": (
        "# Un\n\n## Deux\n\n### Trois\n\n###### Six",
        '<h3 id="fr-un">Un</h3>\n<h3 id="fr-deux">Deux</h3>\n'
        '<h4 id="fr-trois">Trois</h4>\n<h4 id="fr-six">Six</h4>',
    ),
    "setext-heading": (
        "Notre équipe\n---\nTexte.",
        '<h3 id="fr-notre-equipe">Notre équipe</h3>\n<p>Texte.</p>',
    ),
    "same-heading-twice": (
        "## Offre\n\n## Offre !\n\n### offre",
        '<h3 id="fr-offre">Offre</h3>\n<h3 id="fr-offre-2">Offre !</h3>\n'
        '<h4 id="fr-offre-3">offre</h4>',
    ),
    "heading-with-markup": (
        "## **Gras** & `code`",
        '<h3 id="fr-gras-code"><strong>Gras</strong> &amp; <code>code</code></h3>',
    ),
    "arabic-heading": ("## فريقنا", '<h3 id="fr-فريقنا">فريقنا</h3>'),
    "symbol-heading": ("## 🚀", '<h3 id="fr-titre">🚀</h3>'),
    "backslash-hard-break": ("Ligne\\\nsuite", "<p>Ligne<br>\nsuite</p>"),
    "two-space-hard-break": ("Ligne  \nsuite", "<p>Ligne<br>\nsuite</p>"),
    "soft-break": ("Ligne\nsuite", "<p>Ligne\nsuite</p>"),
    "emphasis": (
        "*un* _deux_ **trois** __quatre__ ***cinq***",
        "<p><em>un</em> <em>deux</em> <strong>trois</strong> <strong>quatre</strong>"
        " <em><strong>cinq</strong></em></p>",
    ),
    "intraword-underscore": ("snake_case_name", "<p>snake_case_name</p>"),
    "tight-list": ("- un\n- deux", "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>"),
    "loose-list": (
        "- un\n\n- deux",
        "<ul>\n<li>\n<p>un</p>\n</li>\n<li>\n<p>deux</p>\n</li>\n</ul>",
    ),
    "ordered-list-start": (
        "3. trois\n4. quatre",
        '<ol start="3">\n<li>trois</li>\n<li>quatre</li>\n</ol>',
    ),
    "nested-list-two-spaces": (
        "- un\n  - deux",
        "<ul>\n<li>un\n<ul>\n<li>deux</li>\n</ul>\n</li>\n</ul>",
    ),
    "link": (
        "[le site](https://atlas.example/a?b=1&c=2)",
        '<p><a href="https://atlas.example/a?b=1&amp;c=2" rel="nofollow noopener ugc">le site</a></p>',
    ),
    "autolink": (
        "<https://atlas.example>",
        '<p><a href="https://atlas.example" rel="nofollow noopener ugc">https://atlas.example</a></p>',
    ),
    "strikethrough": ("~~barré~~ et ~aussi~", "<p><del>barré</del> et <del>aussi</del></p>"),
    "bare-url": (
        "Voir https://atlas.example/offre.",
        '<p>Voir <a href="https://atlas.example/offre" rel="nofollow noopener ugc">'
        "https://atlas.example/offre</a>.</p>",
    ),
    "bare-www": (
        "Voir www.atlas.tech ou WWW.ATLAS.MA.",
        '<p>Voir <a href="http://www.atlas.tech" rel="nofollow noopener ugc">www.atlas.tech</a>'
        ' ou <a href="http://WWW.ATLAS.MA" rel="nofollow noopener ugc">WWW.ATLAS.MA</a>.</p>',
    ),
    "bare-email": (
        "Écrire à contact@atlas.example.",
        '<p>Écrire à <a href="mailto:contact@atlas.example" rel="nofollow noopener ugc">'
        "contact@atlas.example</a>.</p>",
    ),
    "bare-domain-stays-text": ("Chifra.ai et node.js", "<p>Chifra.ai et node.js</p>"),
    "ftp-stays-text": ("ftp://atlas.example", "<p>ftp://atlas.example</p>"),
    "b": ("<b>gras</b>", "<p><b>gras</b></p>"),
    "strong": ("<strong>gras</strong>", "<p><strong>gras</strong></p>"),
    "i": ("<i>italique</i>", "<p><i>italique</i></p>"),
    "em": ("<em>italique</em>", "<p><em>italique</em></p>"),
    "sup": ("10<sup>e</sup> édition", "<p>10<sup>e</sup> édition</p>"),
    "sub": ("CO<sub>2</sub>", "<p>CO<sub>2</sub></p>"),
    "br": ("un<br>deux<br/>trois<br />quatre", "<p>un<br>deux<br>trois<br>quatre</p>"),
    "abbr": (
        '<abbr title="Intelligence artificielle">IA</abbr>',
        '<p><abbr title="Intelligence artificielle">IA</abbr></p>',
    ),
    "upper-case-tag": ("<B>gras</B>", "<p><b>gras</b></p>"),
    "html-comment": (
        "<!--StartFragment-->Texte **collé**<!--EndFragment-->",
        "<p>Texte <strong>collé</strong></p>",
    ),
    "comment-inside": ("Un <!-- caché --> mot", "<p>Un  mot</p>"),
    "comment-over-lines": ("Un\n<!-- a\nb -->\ndeux", "<p>Un</p>\n<p>deux</p>"),
    "empty-comments": ("a<!---->b<!-->c<!--->d", "<p>abcd</p>"),
    "quote": ("> citation", "<blockquote>\n<p>citation</p>\n</blockquote>"),
    "code-span": ("`<b>`", "<p><code>&lt;b&gt;</code></p>"),
    "fenced-code-keeps-lines": (
        "```python\nif a:\n\n    b\n```",
        "<pre><code>if a:&#10;&#10;    b&#10;</code></pre>",
    ),
    "rule": ("a\n\n---\n\nb", "<p>a</p>\n<hr>\n<p>b</p>"),
    "escaped-syntax": ("\\*pas d'italique\\*", "<p>*pas d'italique*</p>"),
    "entities": ("&eacute;t&eacute; &amp; &lt;b&gt;", "<p>été &amp; &lt;b&gt;</p>"),
    "quotes-stay-as-typed": ('« guillemets » "droits"', '<p>« guillemets » "droits"</p>'),
}


@pytest.mark.parametrize(("source", "expected"), GITHUB.values(), ids=GITHUB.keys())
def test_descriptions_render_as_github_shows_them(source, expected):
    html_out, refusals = render_checked(source, "fr")
    assert refusals == []
    assert html_out == expected
    assert markdown_to_html(source, "fr") == expected


def test_heading_ids_begin_with_the_prefix():
    assert markdown_to_html("# Équipe", "en") == '<h3 id="en-equipe">Équipe</h3>'
    assert markdown_to_html("# Équipe") == '<h3 id="md-equipe">Équipe</h3>'


def test_a_heading_without_text_has_no_id():
    assert markdown_to_html("#\n\ntexte", "fr") == "<h3></h3>\n<p>texte</p>"


def test_rendering_twice_gives_the_same_html():
    """The renderer keeps nothing between texts: references, heading ids, linkify."""
    text = (
        "## Titre\n\n## Titre\n\nVoir [ceci][r], https://a.example et ~~ça~~.\n\n"
        "[r]: https://r.example\n\n- a\n  > b\n"
    )
    first = render_checked(text, "fr")
    assert render_checked("## Titre\n\n[autre][r]", "fr")[0] == (
        '<h3 id="fr-titre">Titre</h3>\n<p>[autre][r]</p>'
    )
    assert render_checked(text, "fr") == first
    assert markdown_to_html(text, "fr") == first[0]
    assert 'id="fr-titre-2"' in first[0] and "https://r.example" in first[0]


# ---------------------------------------------------------------------------
# What the validator refuses (the French lines are in tests/fixtures/invalid/)

REFUSED = {
    "markdown-image": (
        "Voir ![logo](https://a.example/l.png)",
        "image interdite dans la description",
        5,
    ),
    "reference-image": (
        "![logo][l]\n\n[l]: https://a.example/l.png",
        "image interdite dans la description",
        0,
    ),
    "html-image": (
        'Voir <img src="https://a.example/l.png">',
        "image interdite dans la description",
        5,
    ),
    "iframe": (
        '<iframe src="https://a.example/v"></iframe>',
        'balise HTML « <iframe src="https://a.example/v"> » interdite',
        0,
    ),
    "div": ("<div>\nbloc\n</div>", "balise HTML « <div> » interdite", 0),
    "html-table": ("<table><tr><td>1</td></tr></table>", "balise HTML « <table> » interdite", 0),
    "script": ("<script>alert(1)</script>", "balise HTML « <script> » interdite", 0),
    "inline-span": ("Un <span>mot</span>", "balise HTML « <span> » interdite", 3),
    "attribute": (
        '<b onclick="alert(1)">x</b>',
        "attribut HTML « onclick » interdit dans « <b> »",
        0,
    ),
    "abbr-style": (
        '<abbr style="x" title="y">z</abbr>',
        "attribut HTML « style » interdit dans « <abbr> »",
        0,
    ),
    "unclosed-comment": ("Texte\n\n<!-- jamais fermé\n\nsuite", "commentaire HTML non fermé", 7),
    "processing": ("<?php echo 1; ?>", "HTML interdit « <?php echo 1; ?> »", 0),
    "markdown-table": ("| a | b |\n|---|---|\n| 1 | 2 |", "tableau refusé dans la description", 0),
    "relative-link": ("Voir [la page](equipe.html)", "lien relatif refusé « equipe.html »", 15),
    "root-relative-link": ("[a](/startups/x/)", "lien relatif refusé « /startups/x/ »", 4),
    "domain-without-scheme": (
        "[site](www.atlas.example)",
        "lien relatif refusé « www.atlas.example »",
        7,
    ),
    "anchor-link": ("Voir [contact](#contact)", "lien vers une ancre refusé « #contact »", 15),
    "empty-link": ("Voir [rien]()", "lien sans adresse", 10),
    "relative-reference": ("[a][r]\n\n[r]: ../x", "lien relatif refusé « ../x »", 0),
    "nesting": ("- " * 9 + "x", "listes ou citations imbriquées sur plus de 8 niveaux", 16),
}


@pytest.mark.parametrize(("source", "message", "offset"), REFUSED.values(), ids=REFUSED.keys())
def test_what_cannot_be_published_is_refused_where_it_stands(source, message, offset):
    _, refusals = render_checked(source, "fr")
    assert refusals, source
    assert refusals[0].message == message
    assert refusals[0].hint
    assert refusals[0].offset == offset


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("https://a.example", None),
        ("mailto:a@b.example", None),
        ("", "lien sans adresse"),
        ("#equipe", "lien vers une ancre refusé « #equipe »"),
        ("%23equipe", "lien vers une ancre refusé « %23equipe »"),
        ("equipe.html", "lien relatif refusé « equipe.html »"),
        ("./a:b", "lien relatif refusé « ./a:b »"),
        ("//evil.example/x", "lien refusé « //evil.example/x »"),
        ("javascript:alert(1)", "lien refusé « javascript:alert(1) »"),
        ("https:sans-hote", "lien refusé « https:sans-hote »"),
        ("https://[::1", "lien refusé « https://[::1 »"),
    ],
)
def test_link_problem(target, problem):
    found = link_problem(target)
    assert (found and found[0]) == problem


def test_refusals_come_in_reading_order():
    _, refusals = render_checked("<span>a</span>\n\n![b](https://x.example/b.png)\n\n[c](d)")
    assert [r.message for r in refusals] == [
        "balise HTML « <span> » interdite",
        "balise HTML « </span> » interdite",
        "image interdite dans la description",
        "lien relatif refusé « d »",
    ]
    assert [r.offset for r in refusals] == [0, 7, 16, 51]


# ---------------------------------------------------------------------------
# Nesting: what the validator renders, and what it reuses


@pytest.mark.parametrize(
    ("line", "depth", "where"),
    [
        ("Un paragraphe - sans liste", 0, -1),
        ("- un", 1, 0),
        ("    - deux", 2, 4),
        ("> - 1. citation, liste, liste", 3, 4),
        ("- " * 8 + "huit", 8, 14),
        ("- " * 9 + "neuf", 9, 16),
        ("- " * 1400, 1400, 16),
        (" " * 32 + "- neuf par le retrait", 9, 32),
        (" " * 40 + "retrait seul", 0, -1),
        ("> " * 12, 12, 16),
    ],
)
def test_line_nesting(line, depth, where):
    assert line_nesting(line) == (depth, where)


def test_deepest_opener_points_at_the_level_past_the_limit():
    text = "Intro\n- a\n" + "- " * 12 + "b\n- c\n"
    assert deepest_opener(text) == len("Intro\n- a\n") + 16


NESTED = {
    "plain": ("Texte simple.", 0),
    "list": ("- a\n- b", 1),
    "three": ("- a\n  - b\n    - c", 3),
    "quote-list": ("> citation\n>\n> - liste", 2),
    "eight-markers": ("- " * 8 + "x", 8),
    "eight-quotes": ("> " * 8 + "x", 8),
    "mixed-eight": ("".join(("1. ", "> ")[i % 2] for i in range(8)) + "x", 8),
}


@pytest.mark.parametrize(("text", "depth"), NESTED.values(), ids=NESTED.keys())
def test_nesting_up_to_the_limit_renders_whole(text, depth):
    rendered, refusals = render_checked(text)
    assert refusals == []
    assert rendered.count("<ul>") + rendered.count("<ol>") + rendered.count("<blockquote>") == depth
    assert (
        rendered.count("</ul>") + rendered.count("</ol>") + rendered.count("</blockquote>") == depth
    )
    assert "x" in rendered or depth < 8


@pytest.mark.parametrize(
    "text",
    [
        "- " * 1400 + "x",
        "1. " * 1000 + "x",
        "> " * 1400 + "x",
        "".join("    " * i + "- a\n" for i in range(700)),
        "".join("  " * i + "- a\n" for i in range(1400)),
        "[" * 3000,
        "*a **" * 500,
    ],
    ids=["markers", "ordered", "quotes", "indentation", "two-spaces", "brackets", "emphasis"],
)
def test_no_input_nests_the_parser_past_its_limit(text):
    """markdown-it stops at PARSER_NESTING levels: hostile nesting is refused (or rendered
    as text), quickly, without a RecursionError, with no state left behind."""
    rendered, refusals = render_checked(text)
    if text.startswith(("[", "*")):
        assert refusals == []
    else:
        assert [r.message for r in refusals][:1] == [
            f"listes ou citations imbriquées sur plus de {MAX_NESTING} niveaux"
        ]
    assert markdown_to_html("- a\n  - b") == "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>"


def test_a_recursion_error_never_escapes(monkeypatch):
    def exhausted(text, prefix="md"):
        raise RecursionError

    monkeypatch.setattr(text_module, "_convert", exhausted)
    rendered, refusals = render_checked("Intro\n" + "- " * 12 + "x")
    assert rendered == ""
    assert [(r.message, r.offset) for r in refusals] == [
        ("listes ou citations imbriquées sur plus de 8 niveaux", len("Intro\n") + 16)
    ]


def test_a_validated_text_carries_its_html_and_is_not_rendered_again(monkeypatch):
    value = Rendered("**Gras**\n", "<p><strong>Gras</strong></p>", "fr")
    assert value == "**Gras**\n" and isinstance(value, str)
    copy = pickle.loads(pickle.dumps(value))
    assert (copy.html, copy.prefix) == (value.html, "fr")

    def fail(_text, _prefix="md"):
        raise AssertionError("rendered a second time")

    monkeypatch.setattr(text_module, "_convert", fail)
    assert markdown_to_html(value, "fr") == "<p><strong>Gras</strong></p>"
    with pytest.raises(AssertionError):
        markdown_to_html(str(value), "fr")
    with pytest.raises(AssertionError):  # rendered for other heading ids: rendered again
        markdown_to_html(value, "en")
