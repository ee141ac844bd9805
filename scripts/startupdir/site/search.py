"""The site search: a Pagefind index, split into fragments the browser fetches per query
(theme/assets/javascripts/search.js loads it when the visitor first uses the header field).

What is indexed is marked in the built pages: the plugin tags each searchable page's
article with ``data-pagefind-body`` (``mark_page``), so a page without it (the statistics,
the open data, a removed profile: ``search: exclude`` in their front matter) stays out;
templates narrow a page further (a profile indexes its header and descriptions) and weigh
a startup's name above any other text. Elements marked ``data-search-exclude`` (cards of
other startups, the edit note) are left out (``mark_page`` adds Pagefind's
``data-pagefind-ignore="all"``).

Pagefind runs from the binary of the ``pagefind[bin]`` wheel (pip installs it; nothing is
downloaded at build time) as a service beside the build (``pagefind --service``, the
protocol of Pagefind's own Python API), one per language: each page goes to it as MkDocs
writes it, so Pagefind indexes on another core while the next pages render, and the index is
written once the last page is (on_post_build, for ``mkdocs serve`` too).
"""

from __future__ import annotations

import base64
import contextlib
import json
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

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
# What Pagefind reads of a page: the language, and Material's article (every marked element
# is there); the header, tabs, menus and footer, two thirds of each page, stay out (Pagefind
# keeps what it reads until it writes the index: 700 MB at 10,000 startups for <main>).
LANGUAGE = re.compile(r'<html\b[^>]*\blang="([^"]*)"')
ARTICLE_END = "</article>"
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


def indexed_part(page: str) -> str:
    """The part of a built page Pagefind reads: its language and its article (the same index
    as the whole page, tested)."""
    language, article = LANGUAGE.search(page), ARTICLE.search(page)
    lang = f' lang="{language.group(1)}"' if language else ""
    end = page.rfind(ARTICLE_END)
    part = page[article.start() : end + len(ARTICLE_END)] if article and end > 0 else ""
    return f"<html{lang}><head></head><body>{part}</body></html>"


class SiteIndex:
    """The site search's index, fed page by page to Pagefind's service as the pages are
    written, one service per language (Pagefind indexes each language apart anyway).

    ``add`` sends a page and returns at once (Pagefind indexes it on its own threads). When
    the pages of a new language begin, the services of the others write their index in a
    folder beside the site (the plugin sends the English edition last): Pagefind holds one
    language at a time, 700 MB for both at 10,000 startups. ``write`` waits for every index,
    puts them together in ``site_dir/pagefind`` (replaced as a whole) and stops the
    services; ``close`` stops them whatever happened. A page refused by Pagefind, or a
    service that stops, fails ``write``.
    """

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self._staging = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site_dir.parent))
        self._open: dict[str, _Service] = {}  # by the language of their pages
        self._writing: list[tuple[_Service, int, Path]] = []  # and their WriteFiles message
        self._written: set[str] = set()
        try:
            self._spare: _Service | None = _Service()  # now: a missing Pagefind fails at once
        except BaseException:
            shutil.rmtree(self._staging, ignore_errors=True)
            raise

    def add(self, path: str, page: str) -> None:
        """A searchable built page (``path`` relative to the site folder, which gives its
        URL as Pagefind's own crawl would); other pages are not sent."""
        if BODY not in page:
            return
        language = LANGUAGE.search(page)
        self._service_for(language.group(1) if language else "").add(path, indexed_part(page))
        self._stop_written()

    def _stop_written(self) -> None:
        """A service whose index is written stops at once: its memory goes back."""
        for service, sent, _ in self._writing:
            if service.answered(sent):
                service.close()

    def write(self) -> Path:
        """Pagefind writes into folders beside the site, then the index is moved in:
        written straight into the site, the same files took twice as long."""
        out = self.site_dir / OUTPUT
        shutil.rmtree(out, ignore_errors=True)
        try:
            for lang in list(self._open):
                self._start_writing(lang)
            parts = []
            for service, sent, folder in self._writing:
                service.wait(sent)
                parts.append(folder)
            errors = [error for service, _, _ in self._writing for error in service.errors]
            if errors or not parts or not all((p / "pagefind.js").is_file() for p in parts):
                detail = "; ".join(errors[:3]) or "index non écrit"
                raise SearchIndexError(f"Index de recherche non construit (Pagefind) : {detail}")
            merged = merge(parts)
            merged.rename(out)
        finally:
            self.close()
        return out

    def close(self) -> None:
        """Stop every service (at the end of a build, or when it failed) and its reader."""
        services = [*self._open.values(), *(s for s, _, _ in self._writing), self._spare]
        self._open, self._writing, self._spare = {}, [], None
        for service in services:
            if service is not None:
                service.close()
        shutil.rmtree(self._staging, ignore_errors=True)

    def _service_for(self, lang: str) -> _Service:
        if lang in self._open:
            return self._open[lang]
        if lang in self._written:
            self.close()
            raise SearchIndexError(
                f"Index de recherche non construit (Pagefind) : des pages « {lang} » après"
                " l'index de leur langue"
            )
        for other in list(self._open):
            self._start_writing(other)
        service, self._spare = self._spare or _Service(), None
        self._open[lang] = service
        return service

    def _start_writing(self, lang: str) -> None:
        service = self._open.pop(lang)
        folder = self._staging / f"{len(self._writing)}-{lang or 'unknown'}"
        self._writing.append((service, service.start_writing(folder), folder))
        self._written.add(lang)


def merge(parts: list[Path]) -> Path:
    """The languages' indexes in one folder (the first): their files are named by language
    and content, the shared ones (pagefind.js, WebAssembly) the same bytes in each; the entry
    file lists every language, sorted (two builds of one commit give the same bytes)."""
    first, *others = parts
    entry = json.loads((first / ENTRY).read_text(encoding="utf-8"))
    for other in others:
        more = json.loads((other / ENTRY).read_text(encoding="utf-8"))
        entry["languages"].update(more["languages"])
        for path in sorted(other.rglob("*")):
            target = first / path.relative_to(other)
            if path.is_dir():
                target.mkdir(exist_ok=True)
            elif not target.exists():
                path.rename(target)
    for path in first.iterdir():
        if UNUSED.match(path.name):
            path.unlink()
    text = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    (first / ENTRY).write_text(text, encoding="utf-8")
    return first


class _Service:
    """One ``pagefind --service`` process and its one index (the protocol of Pagefind's own
    Python API: base64 JSON requests and replies, each followed by a comma)."""

    def __init__(self) -> None:
        self._sent = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self.errors: list[str] = []
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
        self._index = self.wait(self._request({"type": "NewIndex", "config": {}}))["index_id"]

    def add(self, path: str, contents: str) -> None:
        payload = {"type": "AddFile", "index_id": self._index, "file_path": path}
        self._send({**payload, "file_contents": contents})

    def start_writing(self, folder: Path) -> int:
        """Ask for the index in ``folder``; ``wait`` for the returned message."""
        return self._request(
            {"type": "WriteFiles", "index_id": self._index, "output_path": str(folder)}
        )

    def close(self) -> None:
        """Stop the service and its reader."""
        if self._process.stdin is not None and not self._process.stdin.closed:
            with contextlib.suppress(OSError):  # the service has already gone
                self._process.stdin.close()
        try:
            self._process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join()

    def _send(self, payload: dict[str, Any]) -> int:
        self._sent += 1
        message = {"message_id": self._sent, "payload": payload}
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
        except OSError as exc:
            self._fail(f"le service s'est arrêté ({exc})")
        return self._sent

    def _request(self, payload: dict[str, Any]) -> int:
        """A request sent now (not left in the pipe's buffer), whose reply is awaited."""
        sent = self._send(payload)
        assert self._process.stdin is not None
        try:
            self._process.stdin.flush()
        except OSError as exc:
            self._fail(f"le service s'est arrêté ({exc})")
        return sent

    def answered(self, sent: int) -> bool:
        with self._done:
            return sent in self._replies

    def wait(self, sent: int) -> dict[str, Any]:
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
                        self.errors.append(str(payload.get("message")))
                    if payload.get("type") != "IndexedFile":
                        self._replies[reply.get("message_id") or 0] = payload
                    self._done.notify_all()
        with self._done:
            self._done.notify_all()

    def _fail(self, detail: str) -> None:
        self.close()
        raise SearchIndexError(f"Index de recherche non construit (Pagefind) : {detail}")
