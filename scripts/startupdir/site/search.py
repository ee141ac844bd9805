"""The site search: a Pagefind index, split into fragments the browser fetches per query
(theme/assets/javascripts/search.js loads it when the visitor first uses the header field).

What is indexed is marked in the built pages: the plugin tags each searchable page's
article with ``data-pagefind-body`` (``mark_page``), so a page without it (the statistics,
the open data, a removed profile: ``search: exclude`` in their front matter) stays out;
templates narrow a page further (a profile indexes its header and descriptions) and weigh
a startup's name above any other text. Elements marked ``data-search-exclude`` (cards of
other startups, the edit note) are left out (``--exclude-selectors``).

Pagefind runs from the binary of the ``pagefind[bin]`` wheel (pip installs it; nothing is
downloaded at build time) once the site is written (on_post_build, for ``mkdocs serve`` too).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.startupdir")

OUTPUT = "pagefind"  # <site_dir>/pagefind/: pagefind.js, its WebAssembly, index, fragments
BODY = "data-pagefind-body"
# Left out of the index, and of Pagefind's metadata ("all": a card's logo would otherwise
# become the page's image, its alternative text searchable).
EXCLUDE = " data-search-exclude"
IGNORE_ALL = ' data-pagefind-ignore="all"'
EXCLUDED = re.compile(EXCLUDE + r"(?! data-pagefind-ignore)")
# Pagefind's own interfaces, which the site does not use (its header field is ours).
UNUSED = re.compile(r"^pagefind-(ui|modular-ui|component-ui|highlight)\b")
BOOST = 'data-pagefind-meta="boost"'
# Material's article (base.html, blog-post.html), and the title in it.
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')
TITLE = re.compile(r"<h1\b")
TIMEOUT = 900  # seconds; 10,000 profiles index in a few seconds
ENTRY = "pagefind-entry.json"  # the index of each language (one per edition)


class SearchIndexError(Exception):
    pass


def searchable(meta: dict) -> bool:
    """Material's convention, kept for content pages: ``search: {exclude: true}``."""
    search = meta.get("search")
    return not (isinstance(search, dict) and search.get("exclude"))


def mark_page(output: str, meta: dict) -> str:
    """A searchable page's article gets ``data-pagefind-body``, unless its template already
    marks the parts to index (a profile)."""
    output = EXCLUDED.sub(EXCLUDE + IGNORE_ALL, output)
    if not searchable(meta) or BODY in output:
        return output
    article = ARTICLE.search(output)
    if article is None:
        return output
    head, tail = output[: article.end()], output[article.end() :]
    if boosted(meta):
        tail = TITLE.sub(lambda m: f"{m.group()} {BOOST}", tail, count=1)
    return f"{head} {BODY}{tail}"


def boosted(meta: dict) -> bool:
    """Material's ``search: {boost: N}`` (N > 1): the page's title counts twice, as its
    title and as the ``boost`` field (search.js weighs both like a title)."""
    search = meta.get("search")
    boost = search.get("boost") if isinstance(search, dict) else None
    return isinstance(boost, int | float) and not isinstance(boost, bool) and boost > 1


def executable() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # pragma: no cover - the dependency is locked
        raise SearchIndexError(
            "Pagefind n'est pas installé (pip install -r requirements.txt)."
        ) from exc
    return get_executable()


def sort_entry(path: Path) -> None:
    """Pagefind lists the languages of the entry file in no fixed order: sorted, two builds
    of one commit give the same bytes (pagefind.js reads it as JSON)."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    text = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    path.write_text(text, encoding="utf-8")


def index_site(site_dir: Path) -> Path:
    """Index the built site into ``site_dir/pagefind`` (replaced as a whole: files of a
    previous build, under `mkdocs serve`, never linger).

    Pagefind writes into a folder beside the site, then the folder is moved in: written
    straight into the site, the same files took twice as long (3.2 s against 1.4 s for
    2,000 profiles, same bytes)."""
    out = site_dir / OUTPUT
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site_dir.parent) as tmp:
        staged = Path(tmp) / OUTPUT
        command = [
            str(executable()),
            "--site",
            str(site_dir),
            "--output-path",
            str(staged),
            "--silent",
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        except (OSError, subprocess.SubprocessError) as exc:
            raise SearchIndexError(f"Index de recherche non construit (Pagefind) : {exc}") from None
        if done.returncode != 0 or not (staged / "pagefind.js").is_file():
            detail = (done.stderr or done.stdout).strip()
            raise SearchIndexError(f"Index de recherche non construit (Pagefind) : {detail}")
        for path in staged.iterdir():
            if UNUSED.match(path.name):
                path.unlink()
        sort_entry(staged / ENTRY)
        staged.rename(out)
    return out
