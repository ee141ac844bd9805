"""Untrusted text made safe for each output context.

Profile descriptions are CommonMark as GitHub's preview shows it (markdown-it-py, with
GitHub's strikethrough and linked bare addresses): the validator renders each one once
(``render_checked``) and says in French what cannot be published, the build prints that
HTML (``Rendered``). Headings become sub-headings of the profile (h3, h4) with ids the
page's outline links to. Whatever the renderer makes goes through nh3's allowlist: the
renderer is not trusted.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import nh3
from linkify_it import LinkifyIt
from markdown_it import MarkdownIt
from markdown_it.common.html_re import HTML_TAG_RE

# Lists and quotes nest at most this deep: no description needs more than three levels.
MAX_NESTING = 8
# markdown-it's own limit (block and inline levels): past it, it stops parsing and drops
# the rest. A list level costs two levels (list, item), a quote one, so every text nested
# up to MAX_NESTING parses whole, and any deeper one shows MAX_NESTING + 1 levels before
# the parser gives up. It also bounds the parser's recursion.
PARSER_NESTING = 2 * MAX_NESTING + 4

# Inline HTML a contributor may write (GitHub's preview shows it), with its attributes.
INLINE_HTML = ("b", "strong", "i", "em", "sup", "sub", "br", "abbr")
INLINE_HTML_ATTRIBUTES = {"abbr": {"title"}}

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h3",
    "h4",
    "strong",
    "em",
    "b",
    "i",
    "sup",
    "sub",
    "abbr",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "abbr": {"title"}, "ol": {"start"}, "h3": {"id"}, "h4": {"id"}}
URL_SCHEMES = {"http", "https", "mailto"}

# A heading id: the field's prefix, then the heading's letters and digits, joined by "-".
HEADING_ID = re.compile(r"[^\W_]+(?:-[^\W_]+)+")
HEADING_WITH_ID = re.compile(r"<h[34] id=")
_START = re.compile(r"[0-9]{1,9}")


class _GitHubLinks(LinkifyIt):
    """The bare addresses GitHub links: with http(s):// or mailto:, www.…, and e-mail
    addresses; never a bare domain name (« Chifra.ai », « node.js » stay text)."""

    def __init__(self):
        super().__init__()
        self.add("ftp:", None)
        self.add("//", None)
        # Any top-level domain: GitHub's www. and e-mail autolinks check none.
        self.tlds(r"[^\W\d_]{2,63}")

    def match(self, text):
        found = [m for m in super().match(text) or () if m.schema or m.raw[:4].lower() == "www."]
        return found or None


def _parser() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark",
        {
            "maxNesting": PARSER_NESTING,
            "html": True,
            "linkify": True,
            "xhtmlOut": False,
            "strikethrough_single_tilde": True,  # GitHub strikes ~one~ and ~~two~~ tildes
        },
    )
    md.enable(["strikethrough", "linkify", "table"])  # tables: parsed to be refused
    md.linkify = _GitHubLinks()
    # The review sees escapes and entities apart from the text (text_join merges them).
    md.core.ruler.before("text_join", "startupdir_review", _review_rule)
    return md


def _review_rule(state) -> None:
    state.env["review"].walk(state.tokens)


_MD = _parser()

# HTML comments are dropped before parsing (a word processor's <!--StartFragment-->);
# their line breaks stay, so that every line keeps its number.
_COMMENT = re.compile(r"<!--(?:-?>|[\s\S]*?-->)")
_BLOCK_HTML = re.compile(r" {0,3}<(?:(/?)([A-Za-z][A-Za-z0-9-]*)|(!--)|([?!]))")
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_ATTRIBUTE = re.compile(
    r"\s+([a-zA-Z_:][a-zA-Z0-9:._-]*)(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?"
)
_NESTING_OPEN = {"bullet_list_open", "ordered_list_open", "blockquote_open"}
_NESTING_CLOSE = {"bullet_list_close", "ordered_list_close", "blockquote_close"}

# What to write instead of an HTML tag that is refused, by tag.
_PARAGRAPHS = "séparez les paragraphes par une ligne vide, sans balise"
_LIST = "écrivez une liste en Markdown : une ligne « - … » par élément"
_TABLE = "présentez ces informations en liste : une ligne « - … » par élément"
_TAG_HINTS = {
    **dict.fromkeys(
        ("div", "p", "section", "article", "header", "footer", "aside", "main", "nav", "center"),
        _PARAGRAPHS,
    ),
    **dict.fromkeys(("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"), _TABLE),
    **dict.fromkeys(("ul", "ol", "li", "dl", "dt", "dd"), _LIST),
    **dict.fromkeys(
        ("h1", "h2", "h3", "h4", "h5", "h6"),
        "écrivez un titre en Markdown : « ## Titre » seul sur sa ligne",
    ),
    "a": "écrivez le lien en Markdown : [texte](https://…)",
    "blockquote": "écrivez une citation en Markdown : « > » en début de ligne",
    "pre": "écrivez le code entre accents graves : `code`",
    "code": "écrivez le code entre accents graves : `code`",
    "hr": "écrivez « --- » seul sur sa ligne, entre deux lignes vides",
    **dict.fromkeys(("u", "ins", "mark"), "mettez en valeur avec **gras** ou *italique*"),
    **dict.fromkeys(("s", "del", "strike"), "barrez avec ~~texte~~"),
    **dict.fromkeys(
        ("iframe", "video", "audio", "embed", "object", "frame", "frameset", "canvas"),
        "une description n'intègre pas d'autre page ni de vidéo :"
        " mettez un lien, [titre](https://…)",
    ),
    **dict.fromkeys(
        (
            "script",
            "noscript",
            "style",
            "link",
            "meta",
            "base",
            "form",
            "input",
            "button",
            "select",
            "textarea",
            "template",
            "math",
        ),
        "les scripts, styles et formulaires ne sont pas acceptés : écrivez du texte en Markdown",
    ),
}
_IMAGE_TAGS = {"img", "picture", "svg", "source", "image"}
_OTHER_TAGS = (
    'balises acceptées : <b>, <strong>, <i>, <em>, <sup>, <sub>, <br>, <abbr title="…"> ;'
    " sinon, la syntaxe Markdown (**gras**, [lien](https://…))"
)
IMAGE_PROBLEM = (
    "image interdite dans la description",
    "indiquez votre logo dans le champ « logo »",
)


@dataclass(frozen=True)
class Refusal:
    """Why a description cannot be published, and where (an offset in its text)."""

    message: str
    hint: str
    offset: int


def slugify(text: str, separator: str = "-") -> str:
    """ASCII letters and digits, lower case, accents dropped, joined by ``separator``
    (« Événements » -> evenements): profile and post file names, and Material's blog
    categories (mkdocs.yml names it as startupdir.site.urls.slugify)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", separator, ascii_text.lower()).strip(separator)


def heading_slug(text: str) -> str:
    """A heading's letters and digits, lower case, accents dropped, joined by "-"."""
    folded = unicodedata.normalize("NFKD", text.lower())
    kept = "".join(c if c.isalnum() else " " for c in folded if not unicodedata.combining(c))
    return "-".join(kept.replace("_", " ").split())[:60].strip("-")


def anchor_prefix(name: str) -> str:
    """The prefix of a field's heading ids (a language code: fr, en, ar)."""
    return heading_slug(name) or "md"


def _has_host(url: str) -> bool:
    try:
        return bool(urlsplit(url.strip()).hostname)
    except ValueError:  # a malformed [IPv6] host
        return False


def _decoded(target: str) -> str:
    """A link target as a browser reads it: entities and percent-encoding undone (three
    times over), controls and spaces removed."""
    decoded = target
    for _ in range(3):
        decoded = unquote(html.unescape(decoded))
    return re.sub(r"[\x00-\x20\x7f]+", "", decoded)


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def scheme_problem(target: str) -> tuple[str, str] | None:
    """(message, hint) when a link target names a scheme other than http(s) or mailto,
    or an http(s) address without a host; None otherwise (relative targets included)."""
    decoded = _decoded(target)
    scheme = _SCHEME.match(decoded)
    if scheme is None and not decoded.startswith("//"):
        return None
    name = scheme.group(1).lower() if scheme else ""
    if name in URL_SCHEMES and (name == "mailto" or _has_host(target)):
        return None
    return (
        f"lien refusé « {' '.join(target.split())[:60]} »",
        "les liens doivent commencer par https://, http:// ou mailto:",
    )


def link_problem(target: str) -> tuple[str, str] | None:
    """(message, hint) when a link cannot be published: no address, an anchor or a
    relative address (the description shows on several pages, where neither leads to
    the same place), or a scheme_problem; None otherwise."""
    shown = " ".join(target.split())[:60]
    decoded = _decoded(target)
    if not decoded:
        return (
            "lien sans adresse",
            "écrivez l'adresse complète entre les parenthèses : [texte](https://…)",
        )
    if decoded.startswith("#"):
        return (
            f"lien vers une ancre refusé « {shown} »",
            "la description s'affiche sur plusieurs pages du site, où une ancre ne désigne"
            " rien : écrivez l'adresse complète, https://…/#ancre",
        )
    if _SCHEME.match(decoded) is None and not decoded.startswith("//"):
        return (
            f"lien relatif refusé « {shown} »",
            "la description s'affiche sur plusieurs pages du site, où une adresse relative"
            " ne mène pas au même endroit : écrivez l'adresse complète, https://…",
        )
    return scheme_problem(target)


def _tag_problem(tag: str, name: str) -> tuple[str, str]:
    if name in _IMAGE_TAGS:
        return IMAGE_PROBLEM
    return f"balise HTML « {_short(tag)} » interdite", _TAG_HINTS.get(name, _OTHER_TAGS)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


class _Review:
    """One walk over a parsed description: what must be refused, in reading order, and
    the headings made sub-headings of the profile (h1, h2 -> h3; h3 to h6 -> h4) with
    unique ids."""

    def __init__(self, text: str, prefix: str):
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.prefix = prefix
        self.ids: set[str] = set()
        self.refusals: list[Refusal] = []

    def refuse(self, problem: tuple[str, str], lines, needle: str = "") -> None:
        self.refusals.append(Refusal(*problem, self.offset(lines, needle)))

    def offset(self, lines, needle: str) -> int:
        """Where ``needle`` first shows on the lines ``lines`` (markdown-it's [first, end)
        range), else where the first of them begins (best effort)."""
        first, end = lines
        first = min(first, len(self.lines) - 1)
        needle = needle.split("\n", 1)[0]
        for number in range(first, max(end, first + 1)):
            if number >= len(self.lines):
                break
            at = self.lines[number].find(needle) if needle else -1
            if at >= 0:
                return self.starts[number] + at
        line = self.lines[first]
        return self.starts[first] + len(line) - len(line.lstrip())

    def walk(self, tokens) -> None:
        depth, lines = 0, (0, 1)
        for index, token in enumerate(tokens):
            lines = token.map or lines
            if token.type in _NESTING_OPEN:
                depth += 1
                if depth == MAX_NESTING + 1:
                    self.too_deep(lines[0])
            elif token.type in _NESTING_CLOSE:
                depth -= 1
            elif token.type == "table_open":
                self.refuse(("tableau refusé dans la description", _TABLE), lines, "|")
            elif token.type == "html_block":
                self.html_block(token.content, lines)
            elif token.type == "heading_open":
                self.heading(token, tokens[index + 1], tokens[index + 2])
            elif token.type == "inline":
                self.inline(token.children or (), lines)

    def too_deep(self, number: int) -> None:
        line = self.lines[min(number, len(self.lines) - 1)]
        _, where = line_nesting(line)
        self.refusals.append(
            Refusal(
                f"listes ou citations imbriquées sur plus de {MAX_NESTING} niveaux",
                "gardez au plus trois niveaux : une présentation n'en demande pas davantage",
                self.starts[min(number, len(self.lines) - 1)]
                + (where if where >= 0 else len(line) - len(line.lstrip())),
            )
        )

    def heading(self, opening, inline, closing) -> None:
        tag = "h3" if opening.tag in ("h1", "h2") else "h4"
        opening.tag = closing.tag = tag
        words = "".join(
            child.content
            for child in inline.children or ()
            if child.type in ("text", "text_special", "code_inline")
        )
        if not words.strip():
            return
        base = f"{self.prefix}-{heading_slug(words) or 'titre'}"
        anchor, number = base, 1
        while anchor in self.ids:
            number += 1
            anchor = f"{base}-{number}"
        self.ids.add(anchor)
        opening.attrSet("id", anchor)

    def inline(self, children, lines) -> None:
        for child in children:
            if child.type == "image":
                self.refuse(IMAGE_PROBLEM, lines, "![")
            elif child.type == "text":  # escapes and entities are "text_special"
                self.stray_tags(child.content, lines)
            elif child.type == "html_inline":
                self.html(child.content, lines)
            elif child.type == "link_open":
                target = unquote(str(child.attrGet("href") or ""))
                problem = link_problem(target)
                if problem is not None:
                    self.refuse(problem, lines, target or "](")
            elif child.type in ("s_open", "s_close"):
                child.tag = "del"  # GitHub's element for ~~struck~~ text

    def html_block(self, content: str, lines) -> None:
        opening = _BLOCK_HTML.match(content)
        if opening is not None and opening.group(3):
            self.refuse(
                ("commentaire HTML non fermé", "fermez-le par « --> », ou supprimez-le"),
                lines,
                "<!--",
            )
            return
        if opening is not None and opening.group(4):
            self.refuse(
                (f"HTML interdit « {_short(content.split(chr(10))[0])} »", _OTHER_TAGS), lines, "<"
            )
            return
        if opening is not None and opening.group(2).lower() not in INLINE_HTML:
            start = content.index("<")
            tag = HTML_TAG_RE.match(content, start)
            shown = tag.group() if tag else content[start:].split("\n", 1)[0]
            self.refuse(_tag_problem(shown, opening.group(2).lower()), lines, shown)
            return
        self.html(content, lines)

    def stray_tags(self, content: str, lines) -> None:
        """What looks like a tag but is not HTML (« <img src=x onerror… » without its
        closing « > », a stray quote, « x<y »…) shows as text: refused all the same, as
        the tag it names, or as a tag to close."""
        for start in _TAG_NAME.finditer(content):
            if content.startswith(":", start.end()):
                continue  # <scheme:…>: an autolink the link checks judge, not a tag
            name = start.group(2).lower()
            shown = content[start.start() :].split(">", 1)[0]
            if name in _TAG_HINTS or name in _IMAGE_TAGS:
                self.refuse(_tag_problem(shown, name), lines, shown)
            else:
                self.refuse(
                    (
                        f"« {_short(shown.split()[0])} » ressemble à une balise HTML",
                        "pour le signe « inférieur à », laissez une espace après : « a < b » ;"
                        " pour une balise, fermez-la par « > » et mettez les valeurs entre"
                        " guillemets droits",
                    ),
                    lines,
                    shown,
                )
            return

    def html(self, content: str, lines) -> None:
        """Every tag of raw HTML must be one of INLINE_HTML, with its attributes only;
        what looks like a tag in it must be one."""
        at = 0
        for match in HTML_TAG_RE.finditer(content):
            self.stray_tags(content[at : match.start()], lines)
            at = match.end()
            tag = match.group()
            named = _TAG_NAME.match(tag)
            if named is None:  # <!…>, <?…?>, CDATA (comments are gone already)
                self.refuse((f"HTML interdit « {_short(tag)} »", _OTHER_TAGS), lines, tag)
                return
            name = named.group(2).lower()
            if name not in INLINE_HTML:
                self.refuse(_tag_problem(tag, name), lines, tag)
                return
            allowed = INLINE_HTML_ATTRIBUTES.get(name, set())
            for attribute in _ATTRIBUTE.finditer(tag, named.end()):
                if attribute.group(1).lower() not in allowed:
                    self.refuse(
                        (
                            f"attribut HTML « {_short(attribute.group(1))} » interdit"
                            f" dans « <{name}> »",
                            "écrivez la balise sans attribut"
                            ' (seul <abbr> en accepte un : title="…")',
                        ),
                        lines,
                        tag,
                    )
                    return
        self.stray_tags(content[at:], lines)


_OPENER = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])(?: +|$)|> ?")


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
    """Where to point at when a text nests too deep to be parsed at all: the first level
    past MAX_NESTING that one line opens, else the last level of the line that opens the
    most."""
    best, where, offset = 0, 0, 0
    for line in text.split("\n"):
        depth, at = line_nesting(line)
        if depth > MAX_NESTING:
            return offset + at
        if depth > best:
            best, where = depth, offset + at
        offset += len(line) + 1
    return where


def _convert(text: str, prefix: str = "md") -> tuple[str, list[Refusal]]:
    """markdown-it's HTML for a description (not yet sanitised), and what to refuse."""
    source = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    review = _Review(text, prefix)
    env = {"review": review}
    tokens = _MD.parse(source, env)
    return _MD.renderer.render(tokens, _MD.options, env), review.refusals


def _keep_id_or_start(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if HEADING_ID.fullmatch(value) else None
    if attribute == "start":
        return value if _START.fullmatch(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_keep_id_or_start,
    url_schemes=URL_SCHEMES,
    link_rel="nofollow noopener ugc",
    strip_comments=True,
)
_PRE = re.compile(r"<pre>.*?</pre>", re.S)
_ANY_TAG = re.compile(r"<[^>]*>")


def _sanitise(raw: str) -> str:
    clean = _CLEANER.clean(raw)
    # The HTML travels as one raw HTML block that pages.compact() reflows: a blank line
    # would end it, and code would lose its indentation. Code keeps its lines as &#10;.
    clean = _PRE.sub(lambda m: m.group().replace("\n", "&#10;"), clean)
    return "\n".join(line for line in clean.splitlines() if line.strip())


class Rendered(str):
    """A validated Markdown text that carries the sanitised HTML it renders to (its
    heading ids begin with ``prefix``): the validator renders each description once,
    and the build prints that HTML as is."""

    html: str
    prefix: str

    def __new__(cls, text: str, html: str, prefix: str = "md") -> Rendered:
        value = super().__new__(cls, text)
        value.html = html
        value.prefix = prefix
        return value

    def __reduce__(self):  # travels back from the forked validation workers
        return (Rendered, (str(self), self.html, self.prefix))


def render_checked(text: str, prefix: str = "md") -> tuple[str, list[Refusal]]:
    """``markdown_to_html(text, prefix)`` and what the validator must refuse in it, in
    reading order. A text too deep for the parser's recursion is refused, never raised."""
    try:
        raw, refusals = _convert(text, prefix)
    except RecursionError:
        return "", [
            Refusal(
                f"listes ou citations imbriquées sur plus de {MAX_NESTING} niveaux",
                "gardez au plus trois niveaux : une présentation n'en demande pas davantage",
                deepest_opener(text),
            )
        ]
    clean = _sanitise(raw)
    if not refusals and not html.unescape(_ANY_TAG.sub("", clean)).strip():
        refusals.append(
            Refusal(
                "texte vide une fois mis en forme",
                "écrivez la présentation en phrases : ni un commentaire HTML (<!-- … -->),"
                " ni un titre vide, ni une ligne « --- » ne s'affichent comme du texte",
                0,
            )
        )
    return clean, refusals


def markdown_to_html(text: str, prefix: str = "md") -> str:
    """A description as GitHub's preview shows it, sanitised; headings ids begin with
    ``prefix`` (the description's language).

    A text that passed validation (``Rendered``) was rendered then: its HTML is reused."""
    if type(text) is Rendered and text.prefix == prefix:
        return text.html
    return _sanitise(_convert(text, prefix)[0])


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
