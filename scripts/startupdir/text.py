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


def markdown_to_html(text: str) -> str:
    """The description subset (paragraphs, bold, italic, lists, links), then sanitised."""
    raw = plain_paragraphs(text)
    if raw is None:
        raw = _MARKDOWN.reset().convert(text)
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
