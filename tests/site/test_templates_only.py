"""HTML comes from templates only (issue 14): no Python string of scripts/startupdir writes
markup. Markup lives in Jinja templates, autoescaped; Python passes typed values.

The scan reads every module with ``ast`` and looks at each f-string (``JoinedStr``) and
each string constant for an HTML tag: ``<`` followed by an HTML or SVG element name
(optionally after ``/``), or by a formatted value (``f"<{tag}>"``).

Not markup, so left out:

- docstrings (they describe HTML);
- bytes (content sniffing, such as ``b"<svg"`` in the image step);
- the pattern of a ``re`` call (a regex that finds HTML builds none; a ``re.sub``
  replacement is checked);
- search keys: the first argument of ``find``, ``index``, ``startswith``, ``endswith``,
  ``count``, ``partition``, ``split`` and ``replace`` (not ``replace``'s replacement), and
  the left side of ``in``;
- XML documents (``<?xml …``: the empty sitemap);
- angle brackets around a word that is no element: placeholders (``startups/<slug>.yml``,
  PyYAML's ``<block end>``, regex groups);
- tags cited to the reader: in a Markdown code span (`` `<b>` ``) or between French
  quotes (« <abbr> »), in messages and documentation printed escaped;
- the few fragments of ALLOWED, each with its reason (a stale entry fails the test).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import startupdir

PACKAGE = Path(startupdir.__file__).resolve().parent

_HTML_NAMES = """a abbr address area article aside audio b base bdi bdo blockquote body br button canvas
    caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i
    iframe img input ins kbd label legend li link main map mark menu meta meter nav noscript
    object ol optgroup option output p picture pre progress q rp rt ruby s samp script search
    section select slot small source span strong style sub summary sup table tbody td template
    textarea tfoot th thead time title tr track u ul var video wbr"""
_SVG_NAMES = """svg g rect circle ellipse line polyline polygon path text tspan desc defs use symbol
    image clippath lineargradient radialgradient stop mask pattern marker foreignobject"""
ELEMENTS = set(_HTML_NAMES.split()) | set(_SVG_NAMES.split())

VALUE = "\x00"  # stands for a formatted value of an f-string
TAG = re.compile(r"</?(?:(?P<name>[A-Za-z][A-Za-z0-9]*)|" + VALUE + ")")
CITED = re.compile(r"`[^`]*`|«[^»]*»")

RE_FUNCTIONS = {"compile", "sub", "subn", "search", "match", "fullmatch", "findall", "finditer"}
RE_FUNCTIONS |= {"split"}
SEARCH_METHODS = {"find", "rfind", "index", "rindex", "startswith", "endswith", "count"}
SEARCH_METHODS |= {"partition", "rpartition", "split", "rsplit", "replace", "removeprefix"}
SEARCH_METHODS |= {"removesuffix"}

# Exact strings (a formatted value written {}) that cite tags without writing markup.
ALLOWED = {
    'balises acceptées : <b>, <strong>, <i>, <em>, <sup>, <sub>, <br>, <abbr title="…"> ;'
    " sinon, la syntaxe Markdown (**gras**, [lien](https://…))": (
        "validation hint listing the accepted tags, printed escaped"
    ),
    'écrivez la balise sans attribut (seul <abbr> en accepte un : title="…")': (
        "validation hint, printed escaped"
    ),
    '<span class="md-ellipsis">': (
        "shell.TOPIC_SPAN: search key (str.find) for the title in Material's rendered header"
    ),
    "<{}": "postcheck: locates the opening tag in the post's source (where.line)",
    "</{}": "postcheck: locates the closing tag in the post's source (where.line)",
    "</article>": "search.ARTICLE_END: search key (str.rfind) for the end of Material's article",
    "<html{}><head></head><body>{}</body></html>": (
        "search.indexed_part: a built page's language and article as Pagefind reads them, never"
        " published"
    ),
}


def _text(node: ast.AST) -> str:
    """A string constant, or an f-string with VALUE for each formatted value."""
    if isinstance(node, ast.Constant):
        return node.value
    return "".join(part.value if isinstance(part, ast.Constant) else VALUE for part in node.values)


def _is_markup(text: str) -> bool:
    if text.lstrip().startswith("<?xml"):
        return False
    text = CITED.sub("", text)
    for match in TAG.finditer(text):
        name = match.group("name")
        if name is None or name.lower() in ELEMENTS:
            return True
    return False


def _excluded_nodes(tree: ast.AST) -> set[int]:
    """ids of the nodes (and everything under them) that cannot write markup."""
    skip: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.append(body[0].value)  # docstring
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id == "re":
                if node.func.attr in RE_FUNCTIONS:
                    skip.append(node.args[0])  # the pattern
            elif node.func.attr in SEARCH_METHODS:
                skip.append(node.args[0])  # the search key
        elif isinstance(node, ast.Compare) and any(
            isinstance(op, ast.In | ast.NotIn) for op in node.ops
        ):
            skip.append(node.left)
    return {id(inner) for node in skip for inner in ast.walk(node)}


def markup_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string of ``source`` that writes an HTML tag."""
    tree = ast.parse(source)
    skip = _excluded_nodes(tree)
    in_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in ast.walk(node)
        if part is not node
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in skip or id(node) in in_fstrings:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = _text(node)
        else:
            continue
        if _is_markup(text) and text.replace(VALUE, "{}") not in ALLOWED:
            found.append((node.lineno, text.replace(VALUE, "{}")))
    return found


def scan() -> dict[str, list[tuple[int, str]]]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        found = markup_strings(path.read_text(encoding="utf-8"))
        if found:
            out[str(path.relative_to(PACKAGE))] = found
    return out


def test_no_markup_in_python():
    found = scan()
    assert not found, (
        "HTML written in Python strings: move it to a template under "
        f"startupdir/*/templates/ (or document an exclusion in {__name__}): {found}"
    )


def test_allowed_fragments_still_exist():
    """An exclusion whose string is gone must go too."""
    texts = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                texts.add(_text(node).replace(VALUE, "{}"))
    assert set(ALLOWED) <= texts, set(ALLOWED) - texts


SYNTHETIC_MARKUP = """
def paragraph(x):
    return f"<p>{x}</p>"

def cells(parts, x):
    parts.append("<td>" + x + "</td>")
    parts.append(f'<rect x="{x}"/>')
    return "".join(f"<{x}>" for _ in parts)

def code(text):
    return re.sub(r"`([^`]+)`", r"<code>\\1</code>", text)

TABLE = '<table class="t">'
"""

SYNTHETIC_CLEAN = '''
"""A module about <p> and <svg> (docstring)."""
import re

PRE = re.compile(r"<pre>.*?</pre>")

def insert(html, extra):
    """After </h1>."""
    head, end, tail = html.partition("</h1>")
    if "<svg" in html or html.startswith("<div"):
        return html.replace("</body>", "")
    return head + end + extra + tail

HELP = "Écrit startups/<slug>.yml ; « </{tag}> » ; balise `<b>`"
SNIFF = b"<svg"
SITEMAP = '<?xml version="1.0"?>\\n<urlset></urlset>'
MESSAGE = f"balise « <{tag}> » inconnue"
'''


def test_scan_catches_markup_and_spares_the_rest():
    found = [text for _, text in markup_strings(SYNTHETIC_MARKUP)]
    assert "<p>{}</p>" in found
    assert "<td>" in found and "</td>" in found
    assert '<rect x="{}"/>' in found and "<{}>" in found
    assert "<code>\\1</code>" in found  # a re.sub replacement writes markup
    assert '<table class="t">' in found
    assert markup_strings(SYNTHETIC_CLEAN) == []
