"""Untrusted text made safe for each output context."""

from __future__ import annotations

import html
import json
import re

import markdown
import nh3

ALLOWED_TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


_MARKDOWN = markdown.Markdown(extensions=["sane_lists"], output_format="html")


# Text with none of Markdown's syntax: no markup character, no line that could open a
# list, heading, quote, rule or code block, no hard break.
_SYNTAX_CHARS = re.compile(r"[\\`*_\[\]<>#+|&~={}\t]")
_SYNTAX_LINE = re.compile(r"^(?:[-\d ]|.* $)", re.M)


def plain_paragraphs(text: str) -> str | None:
    """What Python-Markdown makes of text without Markdown syntax, or None (fast path)."""
    if not text.strip() or not text.replace("\n", "").isprintable():
        return None
    if _SYNTAX_CHARS.search(text) or _SYNTAX_LINE.search(text.strip("\n")):
        return None
    paragraphs = re.split(r"\n{2,}", text.strip("\n"))
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


# Lists and quotes nest at most this deep. Python-Markdown parses nested blocks by
# recursion, so a few hundred levels ("- - - - …", ever deeper indentation, or lines that
# continue the innermost item) exhaust the stack; no description needs more than three.
MAX_NESTING = 8
_OPENER = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])(?: +|$)|> ?")
_NESTING_TAG = re.compile(r"<(/?)(?:ul|ol|blockquote)\b")


def line_nesting(line: str) -> tuple[int, int]:
    """How many lists and quotes one line opens (each list marker or ``>``, and each run
    of four spaces before one), and where the one past MAX_NESTING, else the last one,
    begins (-1 if none)."""
    depth, where, i = 0, -1, 0
    while True:
        start = i
        while i < len(line) and line[i] == " ":
            i += 1
        opener = _OPENER.match(line, i)
        if opener is None:
            return depth, where
        if depth <= MAX_NESTING:
            where = i
        depth += (i - start) // 4 + 1
        i = opener.end()


def deepest_opener(text: str) -> int:
    """Where to point at when a text nests too deep: the first level past MAX_NESTING
    that one line opens, else the last level of the line that opens the most."""
    best, where, offset = 0, 0, 0
    for line in text.split("\n"):
        depth, at = line_nesting(line)
        if depth > MAX_NESTING:
            return offset + at
        if depth > best:
            best, where = depth, offset + at
        offset += len(line) + 1
    return where


def nesting_depth(raw_html: str) -> int:
    """How deep lists and quotes nest in Python-Markdown's output (before sanitising)."""
    depth = deepest = 0
    for tag in _NESTING_TAG.finditer(raw_html):
        depth += -1 if tag.group(1) else 1
        deepest = max(deepest, depth)
    return deepest


class Rendered(str):
    """A validated Markdown text that carries the sanitised HTML it renders to: the
    validator renders each description once, and the build prints that HTML as is."""

    html: str

    def __new__(cls, text: str, html: str) -> Rendered:
        value = super().__new__(cls, text)
        value.html = html
        return value

    def __reduce__(self):  # travels back from the forked validation workers
        return (Rendered, (str(self), self.html))


def _convert(text: str) -> str:
    raw = plain_paragraphs(text)
    if raw is not None:
        return raw
    try:
        return _MARKDOWN.reset().convert(text)
    except BaseException:  # an interrupted parse leaves its block states behind
        del _MARKDOWN.parser.state[:]
        raise


def _sanitise(raw: str) -> str:
    clean = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )
    # Blank lines would end the raw HTML block that carries this into MkDocs' Markdown.
    return "\n".join(line for line in clean.splitlines() if line.strip())


def render_checked(text: str) -> tuple[str, int]:
    """``markdown_to_html(text)`` and how deep its lists and quotes nest, for the
    validator; RecursionError when the text nests too deep to be rendered at all."""
    raw = _convert(text)
    return _sanitise(raw), nesting_depth(raw)


def markdown_to_html(text: str) -> str:
    """The description subset (paragraphs, bold, italic, lists, links), then sanitised.

    A text that passed validation (``Rendered``) was rendered then: its HTML is reused."""
    if type(text) is Rendered:
        return text.html
    return _sanitise(_convert(text))


def attribute(value: str) -> str:
    return html.escape(value, quote=True)


def json_for_script(data) -> str:
    """JSON safe inside <script>: no `</script>`, comment or entity can break out."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


_YAML_RAW_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def front_matter_string(value: str) -> str:
    """An HTML-escaped value, quoted for YAML front matter (Material prints meta raw)."""
    text = json.dumps(html.escape(value, quote=True), ensure_ascii=False)
    return _YAML_RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
