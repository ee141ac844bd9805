"""startupdir.text: untrusted text made safe for HTML, <script> JSON and YAML front matter."""

from __future__ import annotations

import html
import json
import pickle
import re
from pathlib import Path

import markdown
import pytest
import yaml
from startupdir.text import (
    _MARKDOWN,
    Rendered,
    deepest_opener,
    front_matter_string,
    json_for_script,
    line_nesting,
    markdown_to_html,
    plain_paragraphs,
    render_checked,
)

BLNS = Path(__file__).resolve().parent / "corpora" / "naughty-strings" / "blns.json"
STRINGS = json.loads(BLNS.read_text(encoding="utf-8"))
LANDSCAPE = BLNS.parents[1] / "cncf-landscape" / "landscape.yml"

REL = "nofollow noopener ugc"
SAFE_SCHEMES = {"http", "https", "mailto"}
ALLOWED_TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "br"}
# nh3 (ammonia) also keeps its harmless generic attributes, title and lang, by default.
ALLOWED_ATTRS = {"href", "rel", "title", "lang"}


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
    lowered = html.unescape(out).lower()
    assert "javascript:" not in lowered.replace("\t", "").replace("\n", ""), out
    assert "vbscript:" not in lowered, out
    assert 'href="data:' not in lowered, out
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
# The plain-text fast path gives exactly what Python-Markdown gives


def landscape_descriptions() -> list[str]:
    data = yaml.load(LANDSCAPE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return [
        str(item["description"])
        for category in data["landscape"]
        for sub in category.get("subcategories") or []
        for item in sub.get("items") or []
        if item.get("description")
    ]


PLAIN = [
    "Une phrase simple.",
    "Premier paragraphe.\n\nSecond paragraphe,\nsur deux lignes.",
    "Trois\n\n\n\nblancs : 50 % « ok » l’été… (vraiment) ; d'accord ? oui !",
    "مرحبا بكم في الدار البيضاء.",
]
NOT_PLAIN = [
    "",
    "\n\n",
    "Titre\n=====",
    "Titre\n---",
    "- un\n- deux",
    "1. un",
    "2024 : une année",
    "    code",
    "ligne  \ncassée",
    "a\n \nb",
    "**gras**",
    "un_mot_souligné",
    "[lien](https://example.org)",
    "<https://example.org>",
    "&amp; entité",
    "> citation",
    "# titre",
    "a\x02b",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_takes_the_fast_path(text):
    assert plain_paragraphs(text) == _MARKDOWN.reset().convert(text)


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_markdown_syntax_goes_through_python_markdown(text):
    assert plain_paragraphs(text) is None


def test_fast_path_matches_python_markdown_on_real_and_naughty_texts():
    texts = landscape_descriptions() + [t for t in STRINGS if isinstance(t, str)]
    assert len(texts) > 1500
    fast = 0
    for text in texts:
        for variant in (text, text + "\n\n" + text, text.replace(". ", ".\n")):
            quick = plain_paragraphs(variant)
            if quick is not None:
                fast += 1
                assert quick == _MARKDOWN.reset().convert(variant), variant
    assert fast > len(texts)  # the fast path is the usual case, not a curiosity


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


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("Texte simple.", 0),
        ("- a\n- b", 1),
        ("- a\n    - b\n        - c", 3),
        ("> citation\n>\n> - liste", 2),
        ("- " * 8 + "x", 8),
        # Lines that continue the innermost item nest further than any line alone says.
        ("* -\n1. + + * + x\n  >+     -- \n", 3),
    ],
)
def test_render_checked_measures_the_real_nesting(text, depth):
    rendered, measured = render_checked(text)
    assert measured == depth
    assert rendered == markdown_to_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "- " * 1400 + "x",
        "1. " * 1000 + "x",
        "".join("    " * i + "- a\n" for i in range(700)),
    ],
    ids=["markers", "ordered", "indentation"],
)
def test_too_deep_to_render_raises_recursion_error_and_leaves_no_state(text):
    with pytest.raises(RecursionError):
        render_checked(text)
    assert list(_MARKDOWN.parser.state) == []
    fresh = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    sample = "- a\n    - b\n\n    suite\n\n- c"
    assert _MARKDOWN.reset().convert(sample) == fresh.convert(sample)


def test_a_validated_text_carries_its_html_and_is_not_rendered_again(monkeypatch):
    value = Rendered("**Gras**\n", "<p><strong>Gras</strong></p>")
    assert value == "**Gras**\n" and isinstance(value, str)
    assert pickle.loads(pickle.dumps(value)).html == value.html
    import startupdir.text as text_module

    def fail(_text):
        raise AssertionError("rendered a second time")

    monkeypatch.setattr(text_module, "_convert", fail)
    assert markdown_to_html(value) == "<p><strong>Gras</strong></p>"
    with pytest.raises(AssertionError):
        markdown_to_html(str(value))
