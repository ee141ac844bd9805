"""The site search: a Pagefind index, split into fragments the browser fetches per query
(theme/assets/javascripts/search.js loads it when the visitor first uses the header field).

What is indexed is marked in the built pages: the plugin tags each searchable page's
article with ``data-pagefind-body`` (``mark_page``), so a page without it (the statistics,
the open data, a removed profile: ``search: exclude`` in their front matter) stays out;
templates narrow a page further (a profile indexes its header and descriptions) and weigh
a startup's name above any other text. Elements marked ``data-search-exclude`` (cards of
other startups, the edit note) are left out (``--exclude-selectors``).

Pagefind runs from the binary of the ``pagefind[bin]`` wheel (pip installs it; nothing is
downloaded at build time) as a service beside the build (``pagefind --service``, the
protocol of Pagefind's own Python API): each page goes to it as MkDocs writes it, so Pagefind
indexes on another core while the next pages render, and writes the index once the last page
is written (on_post_build, for ``mkdocs serve`` too).
"""

from __future__ import annotations

import base64
import json
import logging
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

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
# What Pagefind reads of a page: the language, and the main part (every marked element is
# there); the site's header, tabs and footer, three quarters of each page, stay out.
LANGUAGE = re.compile(r'<html\b[^>]*\blang="([^"]*)"')
MAIN = re.compile(r"<main\b.*</main>", re.S)
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


def indexed_part(page: str) -> str:
    """The part of a built page Pagefind reads: its language and its <main> (the same index
    as the whole page, tested)."""
    language, main = LANGUAGE.search(page), MAIN.search(page)
    lang = f' lang="{language.group(1)}"' if language else ""
    return f"<html{lang}><head></head><body>{main.group() if main else ''}</body></html>"


class SiteIndex:
    """The site search's index, fed page by page to ``pagefind --service``.

    ``add`` sends a page and returns at once (Pagefind indexes it on its own threads);
    ``write`` waits for every page, has Pagefind write the index into ``site_dir/pagefind``
    (replaced as a whole) and stops the service; ``close`` stops it whatever happened.
    A page refused by Pagefind, or a service that stops, fails ``write``.
    """

    def __init__(self) -> None:
        self._sent = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._errors: list[str] = []
        self._done = threading.Condition()
        try:
            self._process = subprocess.Popen(
                [str(executable()), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            raise SearchIndexError(f"Index de recherche non construit (Pagefind) : {exc}") from None
        assert self._process.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(self._process.stdout,))
        self._reader.start()
        self._index = self._call({"type": "NewIndex", "config": {}})["index_id"]

    def add(self, path: str, page: str) -> None:
        """A searchable built page (``path`` relative to the site folder, which gives its
        URL as Pagefind's own crawl would); other pages are not sent."""
        if BODY not in page:
            return
        self._send(
            {
                "type": "AddFile",
                "index_id": self._index,
                "file_path": path,
                "file_contents": indexed_part(page),
            }
        )

    def write(self, site_dir: Path) -> Path:
        """Pagefind writes into a folder beside the site, then the folder is moved in:
        written straight into the site, the same files took twice as long."""
        out = site_dir / OUTPUT
        shutil.rmtree(out, ignore_errors=True)
        try:
            with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site_dir.parent) as tmp:
                staged = Path(tmp) / OUTPUT
                self._call(
                    {"type": "WriteFiles", "index_id": self._index, "output_path": str(staged)}
                )
                if self._errors or not (staged / "pagefind.js").is_file():
                    detail = "; ".join(self._errors[:3]) or "index non écrit"
                    raise SearchIndexError(
                        f"Index de recherche non construit (Pagefind) : {detail}"
                    )
                for path in staged.iterdir():
                    if UNUSED.match(path.name):
                        path.unlink()
                sort_entry(staged / ENTRY)
                staged.rename(out)
        finally:
            self.close()
        return out

    def close(self) -> None:
        """Stop the service (at the end of a build, or when it failed) and its reader."""
        if self._process.stdin is not None and not self._process.stdin.closed:
            try:
                self._process.stdin.close()
            except OSError:
                pass  # the service has already gone: its pipe is broken
        try:
            self._process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join()

    def _send(self, payload: dict[str, Any]) -> int:
        """One request, base64 JSON followed by a comma (Pagefind's service protocol)."""
        self._sent += 1
        message = {"message_id": self._sent, "payload": payload}
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
        except OSError as exc:
            self._fail(f"le service s'est arrêté ({exc})")
        return self._sent

    def _call(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A request whose reply is needed (a new index, the written files)."""
        sent = self._send(payload)
        assert self._process.stdin is not None
        try:
            self._process.stdin.flush()
        except OSError as exc:
            self._fail(f"le service s'est arrêté ({exc})")
        with self._done:
            answered = self._done.wait_for(
                lambda: sent in self._replies or self._process.poll() is not None, TIMEOUT
            )
            reply = self._replies.get(sent)
        if not answered or reply is None:
            self._fail("le service ne répond pas")
        assert reply is not None
        if reply.get("type") == "Error":
            self._fail(str(reply.get("message")))
        return reply

    def _read(self, stream: IO[bytes]) -> None:
        """Replies, until the service stops: kept when awaited, errors always."""
        pending = b""
        while chunk := stream.read1(65536):  # type: ignore[attr-defined]
            pending += chunk
            *messages, pending = pending.split(b",")
            for message in messages:
                reply = json.loads(base64.b64decode(message))
                payload = reply.get("payload") or {}
                with self._done:
                    if payload.get("type") == "Error":
                        self._errors.append(str(payload.get("message")))
                    if payload.get("type") != "IndexedFile":
                        self._replies[reply.get("message_id") or 0] = payload
                    self._done.notify_all()
        with self._done:
            self._done.notify_all()

    def _fail(self, detail: str) -> None:
        self.close()
        raise SearchIndexError(f"Index de recherche non construit (Pagefind) : {detail}")
