"""A news post's HTML: rendered like MkDocs renders it, then cleaned by an allowlist.

Every post reaches readers through the HTML Python-Markdown makes of it: its page, its
excerpt on the news list, category and archive pages (Material's blog renders excerpts
with a Markdown instance of its own). Whatever the Markdown source looks like, that HTML
goes through ``clean_html`` before it is published: paragraphs, headings, lists,
emphasis, links, quotes, code, tables, rules and images of the site itself, nothing else.
The validator (``postcheck.check_rendered``) renders each post the same way and reports, in
French, what the cleaning would remove; the cleaning is the guarantee.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3

# What MkDocs reads as Markdown (mkdocs.utils.markdown_extensions; a test keeps them equal).
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
# What MkDocs renders pages with: its built-ins (toc, tables, fenced_code) and mkdocs.yml's
# markdown_extensions, in its order (a test keeps them equal).
EXTENSIONS = ("toc", "tables", "fenced_code", "admonition", "attr_list")
EXTENSION_CONFIGS = {"toc": {"permalink": False}}

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        *HEADINGS,
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "b",
        "i",
        "code",
        "pre",
        "blockquote",
        "a",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "div",  # admonitions
    }
)
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},  # fenced code's language-…, filtered below
    **{h: {"id"} for h in HEADINGS},
}
ALIGN = {"left", "center", "right"}
ATTRIBUTE_VALUES = {"th": {"align": ALIGN}, "td": {"align": ALIGN}}
# Admonitions (`!!! note`) and the links Python-Markdown's toc puts in headings; no other
# class reaches the page (Material's scripts act on some: `pre.mermaid` loads a
# third-party script).
ADMONITIONS = {
    "note",
    "abstract",
    "summary",
    "tldr",
    "info",
    "todo",
    "tip",
    "hint",
    "important",
    "success",
    "check",
    "done",
    "question",
    "help",
    "faq",
    "warning",
    "caution",
    "attention",
    "failure",
    "fail",
    "missing",
    "danger",
    "error",
    "bug",
    "example",
    "quote",
    "cite",
}
CLASSES = {
    "div": {"admonition", *ADMONITIONS},
    "p": {"admonition-title"},
    "a": {"toclink", "headerlink"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with their content; other refused tags are removed and their text kept.
DROPPED_WITH_CONTENT = {"script", "style", "template"}

# Heading ids: what the toc extension makes of a title. No leading "_" (Material's own
# elements are __search, __config…) and no "sd-" (the directory's own).
_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
# Fenced code's language (```python): no other class on code, and never mermaid.
_LANGUAGE = re.compile(r"language-[a-z0-9_+.#-]+")
# Python-Markdown's table alignment, the one `style` it writes: kept as `align`, which
# Material's styles honour.
_ALIGN_STYLE = re.compile(r'<(th|td) style="text-align: (left|center|right);">')
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_STRIP = "".join(chr(c) for c in range(0x21))


def id_ok(value: str) -> bool:
    return bool(_ID.fullmatch(value)) and not value.startswith("sd-")


def browser_url(value: str) -> str:
    """A URL attribute as a browser reads it: outer controls and spaces, then every tab
    and newline removed (so "java\\nscript:" is "javascript:")."""
    return re.sub(r"[\t\n\r]", "", value.strip(_URL_STRIP))


def url_scheme(value: str) -> str:
    """The scheme a browser sees (lower case), "" for a relative URL."""
    match = _SCHEME.match(browser_url(value))
    return match.group(1).lower() if match else ""


def other_origin(value: str) -> bool:
    """True when the URL may leave the site: a scheme, or "//host" (a browser reads "\\\\"
    as "/" there)."""
    url = browser_url(value)
    return bool(url_scheme(url)) or url.replace("\\", "/").startswith("//")


def language_ok(word: str) -> bool:
    return bool(_LANGUAGE.fullmatch(word)) and "mermaid" not in word


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if name == "id" and not id_ok(value):
        return None
    if tag == "code" and name == "class":
        return " ".join(w for w in value.split() if language_ok(w)) or None
    if tag == "img" and name == "src" and other_origin(value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    tag_attribute_values={
        t: {a: set(v) for a, v in m.items()} for t, m in ATTRIBUTE_VALUES.items()
    },
    allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
    attribute_filter=_attribute_filter,
    url_schemes=set(URL_SCHEMES),
    link_rel=None,
    strip_comments=True,
)
_TEXT_ONLY = nh3.Cleaner(tags=set(), clean_content_tags=DROPPED_WITH_CONTENT, link_rel=None)


def prepare(html: str) -> str:
    return _ALIGN_STYLE.sub(r'<\1 align="\2">', html)


def clean_html(html: str) -> str:
    """The HTML of a post (page or excerpt) that may be published. html5ever parses it as
    a fragment: unclosed elements are closed and stray end tags dropped, so nothing in it
    can close or swallow the page around it."""
    return _CLEANER.clean(prepare(html))


def clean_text(html: str) -> str:
    """Markup removed, text escaped (table of contents titles)."""
    return _TEXT_ONLY.clean(html)


def clean_toc(items: list) -> list:
    """A table of contents (mkdocs.structure.toc.AnchorLink items) as Material prints it
    raw: titles as escaped text, entries whose anchor the cleaning removes left out."""
    kept = []
    for item in items:
        if not id_ok(item.id):
            continue
        item.title = clean_text(item.title)
        item.children = clean_toc(item.children)
        kept.append(item)
    return kept


ANCHOR_ID = re.compile(r"""\sid=["']?([^"'\s>]+)""")


def anchor_ids(html: str) -> set[str]:
    """The anchors (id attributes) of clean HTML."""
    return set(ANCHOR_ID.findall(html))


# ---------------------------------------------------------------------------
# Rendering, as MkDocs does, for the validator


class _LinkCollector(markdown.treeprocessors.Treeprocessor):
    """The links and images MkDocs checks: those of the Markdown tree (not raw HTML),
    with their final URL (after attr_list), where MkDocs' own link check sits."""

    links: list[tuple[str, str]]

    def run(self, root):
        self.links = [
            (el.tag, el.get("href" if el.tag == "a" else "src") or "")
            for el in root.iter()
            if el.tag in ("a", "img")
        ]
        return root


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=list(EXTENSIONS), extension_configs=EXTENSION_CONFIGS)
    collector = _LinkCollector(md)
    collector.links = []
    md.treeprocessors.register(collector, "startupdir_links", 0)
    return md


def render(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(HTML, links of the Markdown tree) of a post's Markdown, as MkDocs renders it."""
    md = _markdown()
    html = md.convert(text)
    collector = md.treeprocessors["startupdir_links"]
    assert isinstance(collector, _LinkCollector)
    return html, collector.links


# ---------------------------------------------------------------------------
# What the cleaning would remove, for the validator's messages


@dataclass(frozen=True)
class Finding:
    """Something of a post's HTML the cleaning removes or a link to check.

    kind: "tag" (refused element), "end" (end tag closing nothing of the post),
    "handler" (on… attribute), "attribute", "class", "id", or "link" (a/img URL, to be
    checked by the caller)."""

    kind: str
    tag: str
    name: str = ""
    value: str = ""


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID |= {"param", "source", "track", "wbr"}


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[Finding] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass
        elif tag not in VOID or tag == "br":
            self.found.append(Finding("end", tag))

    def _element(self, tag, attrs):
        if tag not in TAGS:
            self.found.append(Finding("tag", tag))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(Finding("handler", tag, name, value))
            elif name == "class" and tag in TAGS:
                for word in value.split():
                    if word not in CLASSES.get(tag, ()) and not (
                        tag == "code" and language_ok(word)
                    ):
                        self.found.append(Finding("class", tag, name, word))
            elif name in ATTRIBUTE_VALUES.get(tag, {}):
                if value not in ATTRIBUTE_VALUES[tag][name]:
                    self.found.append(Finding("attribute", tag, name, value))
            elif tag not in TAGS or name not in ATTRIBUTES.get(tag, ()):
                if tag in TAGS:  # a refused element is reported once, as a tag
                    self.found.append(Finding("attribute", tag, name, value))
            elif name == "id":
                if not id_ok(value):
                    self.found.append(Finding("id", tag, name, value))
            elif (tag, name) in (("a", "href"), ("img", "src")):
                self.found.append(Finding("link", tag, name, value))


def audit(html: str) -> list[Finding]:
    """What the cleaning would remove from ``html``, and every link and image, in order."""
    parser = _Audit()
    parser.feed(prepare(html))
    parser.close()
    return parser.found
