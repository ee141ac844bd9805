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
import gzip
import json
import os
import re
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from startupdir.site.search_record import (
    IndexRecord,
    IndexRecords,
    page_digest,
    runtime_files,
)

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
INDEX_CONFIG: dict[str, Any] = {}  # Pagefind's options for an index: its defaults
TIMEOUT = 900  # seconds; 10,000 profiles index in a few seconds
# What Pagefind reads of a page: the language, and Material's article (every marked element
# is there); the header, tabs, menus and footer, two thirds of each page, stay out (Pagefind
# keeps what it reads until it writes the index: 700 MB at 10,000 startups for <main>).
LANGUAGE = re.compile(r'<html\b[^>]*\blang="([^"]*)"')
ARTICLE_END = "</article>"
ENTRY = "pagefind-entry.json"  # the index of each language (one per edition)
# Waiting for the files of a WriteFiles Pagefind has answered (settled).
SETTLE_TIMEOUT = 60  # seconds
REWRITTEN = (ENTRY, "pagefind.js", "pagefind-worker.js")  # written again by every WriteFiles
META_MAGIC = b"pagefind_dcd"  # before the CBOR of a .pf_meta file, once decompressed
# The files named by a hash the metadata gives: <folder>/<hash>.<suffix>.
HASHED = (("fragment", "pf_fragment"), ("index", "pf_index"), ("filter", "pf_filter"))


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
    the pages of a new language begin, the services of the others write their index (the
    plugin sends the English edition last): Pagefind holds one language at a time, 700 MB
    for both at 10,000 startups. Each service writes straight into ``site_dir/pagefind``,
    one after the other: their files are named by language and content, the shared ones
    (pagefind.js, WebAssembly) are the same bytes, and an index file of the previous build
    with the same name is kept (Pagefind does not write it again; ``write`` touches every
    file of this process's indexes, and the plugin sweeps the older ones).
    Only the entry file, one per service, is read after each and written once for all by
    ``write``, which waits for every index and stops the services; ``close`` stops them
    whatever happened. A page refused by Pagefind, or a service that stops, fails ``write``.

    With ``records`` (search_record.py), a language whose pages are those its last index
    was written from keeps that index: its pages are not sent while they match, and are
    read back from ``site_dir`` (where each page is written before it is added) and sent
    at the first that does not.
    """

    def __init__(self, site_dir: Path, records: IndexRecords | None = None) -> None:
        self.site_dir = site_dir
        self.out = site_dir / OUTPUT
        self._records = records
        self._open: dict[str, _Service] = {}  # by the language of their pages
        self._writing: list[tuple[str, _Service, int]] = []  # and their WriteFiles message
        self._services: list[_Service] = []  # every one started, for their errors
        self._entry: dict[str, Any] = {}  # the entries written so far, together
        self._unwritten = 0  # indexes whose entry Pagefind did not write
        self._lang: str | None = None  # the language of the pages being added
        self._ended: set[str] = set()  # languages whose pages have all come
        self._digests: dict[str, list[str]] = {}  # each language's pages, for its record
        self._replays: dict[str, _Replay | None] = {}  # None: the language is indexed
        self._reused: list[IndexRecord] = []
        self._files: list[Path] = []  # those of this process's indexes, written or kept
        self._spare: _Service | None = self._start()  # now: a missing Pagefind fails at once

    def add(self, path: str, page: str) -> None:
        """A searchable built page (``path`` relative to the site folder, which gives its
        URL as Pagefind's own crawl would); other pages are not sent."""
        if BODY not in page:
            return
        language = LANGUAGE.search(page)
        lang = language.group(1) if language else ""
        if lang != self._lang:
            self._begin(lang)
        part = indexed_part(page)
        if self._records is not None:
            digest = page_digest(path, part)
            self._digests[lang].append(digest)
            if self._replayed(lang, path, digest):
                return
        self._service_for(lang).add(path, part)
        self._collect(wait=False)

    @property
    def entry(self) -> dict[str, Any]:
        """The entry of the indexes written (once ``write`` has returned)."""
        return self._entry

    @property
    def reused(self) -> list[str]:
        """The languages whose index was kept (once ``write`` has returned)."""
        return [record.lang for record in self._reused]

    def write(self, include: dict[str, Any] | None = None) -> Path:
        """Every language's index written, then their entries as one file, with the
        languages of ``include`` (the entry of an index another process wrote there)."""
        if include:
            self._add_entry(include)
        try:
            for lang in list(self._open):
                self._start_writing(lang)
            self._end_replays()
            self._collect(wait=True)
            errors = [error for service in self._services for error in service.errors]
            runtime = [self.out / name for name in runtime_files(self._entry)]
            if errors or self._unwritten or not all(path.is_file() for path in runtime):
                detail = "; ".join(errors[:3]) or "index non écrit"
                raise SearchIndexError(f"Index de recherche non construit (Pagefind) : {detail}")
            write_entry(self.out, self._entry)
            touch(self._files + runtime)
        finally:
            self.close()
        return self.out

    def close(self) -> None:
        """Stop every service (at the end of a build, or when it failed) and its reader."""
        services, self._services = self._services, []
        self._open, self._writing, self._spare = {}, [], None
        for service in services:
            service.close()

    def _start(self) -> _Service:
        service = _Service()
        self._services.append(service)
        return service

    def _begin(self, lang: str) -> None:
        """The pages of another language begin: the open indexes are written."""
        if lang in self._ended:
            self.close()
            raise SearchIndexError(
                f"Index de recherche non construit (Pagefind) : des pages « {lang} » après"
                " l'index de leur langue"
            )
        if self._lang is not None:
            self._ended.add(self._lang)
        self._lang = lang
        self._digests[lang] = []
        for other in list(self._open):
            self._start_writing(other)

    def _replayed(self, lang: str, path: str, digest: str) -> bool:
        """Whether the page is the next of those ``lang``'s last index was written from
        (it is then not sent); at the first that is not, those before it are sent."""
        if lang not in self._replays:
            self._replays[lang] = self._replay_of(lang)
        replay = self._replays[lang]
        if replay is None:
            return False
        pages = replay.record.pages
        if len(replay.paths) < len(pages) and pages[len(replay.paths)] == digest:
            replay.paths.append(path)
            return True
        self._send_matched(lang)
        return False

    def _replay_of(self, lang: str) -> _Replay | None:
        """``lang``'s last index, if it is whole in the site folder."""
        record = self._records.load(lang) if self._records is not None else None
        return _Replay(record, []) if record is not None and record.kept_in(self.out) else None

    def _send_matched(self, lang: str) -> None:
        replay, self._replays[lang] = self._replays[lang], None
        assert replay is not None
        service = self._service_for(lang)
        for path in replay.paths:
            service.add(path, indexed_part((self.site_dir / path).read_text(encoding="utf-8")))

    def _end_replays(self) -> None:
        """Each language still matching keeps its last index if no page of it is missing;
        otherwise its pages are sent, once the indexes before are written, and its own is."""
        for lang, replay in list(self._replays.items()):
            if replay is None:
                continue
            if len(replay.paths) == len(replay.record.pages):
                self._replays[lang] = None
                self._reused.append(replay.record)
                self._add_entry(replay.record.entry)
                self._files += [self.out / name for name in replay.record.files]
            else:
                self._collect(wait=True)
                self._send_matched(lang)
                self._start_writing(lang)

    def _collect(self, *, wait: bool) -> None:
        """The indexes written (all of them, if ``wait``): their entry read before the next
        service writes its own, and their service stopped at once (its memory goes back)."""
        while self._writing:
            lang, service, sent = self._writing[0]
            if not (wait or service.answered(sent)):
                return
            service.wait(sent)
            self._writing.pop(0)
            entry = None if service.errors else settled(self.out, service.rewritten, service.pid)
            service.close()
            if entry is None:
                self._unwritten += 1  # write() fails, with the pages' errors if any
                continue
            self._add_entry(entry)
            files = index_files(self.out, entry)
            self._files += files
            if self._records is not None:
                names = [p.relative_to(self.out).as_posix() for p in files]
                self._records.save(lang, entry, self._digests.get(lang, []), names)

    def _add_entry(self, entry: dict[str, Any]) -> None:
        """An index's entry with those before (each lists its own languages)."""
        languages = {**self._entry.get("languages", {}), **entry["languages"]}
        self._entry = {**entry, "languages": languages}

    def _service_for(self, lang: str) -> _Service:
        if lang not in self._open:
            self._open[lang], self._spare = self._spare or self._start(), None
        return self._open[lang]

    def _start_writing(self, lang: str) -> None:
        """One service writes at a time: the one before has finished (and its entry is read)."""
        self._collect(wait=True)
        service = self._open.pop(lang)
        self._writing.append((lang, service, service.start_writing(self.out)))


@dataclass
class _Replay:
    """A language whose pages so far are the first of its last index's (not sent yet)."""

    record: IndexRecord
    paths: list[str]


def file_times(folder: Path, names: tuple[str, ...]) -> dict[str, int]:
    """The modification times of the files of ``folder`` named (those that exist)."""
    times = {}
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            times[name] = (folder / name).stat().st_mtime_ns
    return times


def settled(folder: Path, before: dict[str, int], pid: int) -> dict[str, Any] | None:
    """The entry of the index Pagefind (process ``pid``) has just written in ``folder``,
    once its files are.

    Pagefind answers WriteFiles before its files are on disk (each is created, then written
    by a thread of its own), and a service stopped at once leaves some empty (the entry, a
    WebAssembly file): wait until the process has no file of ``folder`` open any more (every
    file created before the answer is then written and closed), and the entry and the files
    it names are written (those it writes every time: changed since ``before``, their times
    then; the file system's times, the wall clock is not read). Where the system does not
    show a process's open files, the last two only. None if Pagefind wrote no entry within
    SETTLE_TIMEOUT."""
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while time.monotonic() < deadline:
        try:
            entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
            rewritten = [folder / name for name in REWRITTEN]
            named = index_files(folder, entry)
            done = (
                not writing_into(pid, folder)
                and all(p.stat().st_size > 0 for p in named)
                and all(
                    p.stat().st_size > 0 and p.stat().st_mtime_ns != before.get(p.name)
                    for p in rewritten
                )
            )
        except (OSError, ValueError, SearchIndexError):
            done = False
        if done:
            return entry
        time.sleep(0.01)
    return None


def writing_into(pid: int, folder: Path) -> bool:
    """Whether process ``pid`` has a file of ``folder`` open (False where the system does
    not tell: Linux's /proc does)."""
    inside = f"{folder.resolve()}{os.sep}"
    try:
        descriptors = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for descriptor in descriptors:
        with contextlib.suppress(OSError):  # closed since listed
            if os.readlink(f"/proc/{pid}/fd/{descriptor}").startswith(inside):
                return True
    return False


def index_files(folder: Path, entry: dict[str, Any]) -> list[Path]:
    """The files of the index named by their content (metadata, word index, filters, page
    fragments): each language's metadata names the others. Pagefind does not write such a
    file again when it exists, as after a previous build."""
    files = []
    for language in entry["languages"].values():
        meta = folder / f"pagefind.{language['hash']}.pf_meta"
        files.append(meta)
        for name in cbor_strings(gzip.decompress(meta.read_bytes()).removeprefix(META_MAGIC)):
            files.extend(folder / kind / f"{name}.{suffix}" for kind, suffix in HASHED)
    return [path for path in files if path.is_file()]


def cbor_strings(data: bytes) -> list[str]:
    """Every text string in a CBOR document (RFC 8949; Pagefind's metadata format)."""
    strings, pos, pending = [], 0, 1
    while pending and pos < len(data):
        pending -= 1
        major, info = data[pos] >> 5, data[pos] & 31
        pos += 1
        size = info
        if 24 <= info <= 27:
            width = 1 << (info - 24)
            size, pos = int.from_bytes(data[pos : pos + width], "big"), pos + width
        elif info > 27:
            raise SearchIndexError("Index de recherche illisible (métadonnées de Pagefind)")
        if major in (2, 3):
            if major == 3:
                strings.append(data[pos : pos + size].decode("utf-8"))
            pos += size
        elif major == 4:
            pending += size
        elif major == 5:
            pending += 2 * size
        elif major == 6:
            pending += 1
    return strings


def touch(paths: list[Path]) -> None:
    """Marked as written by this build (the plugin sweeps the older files of the site)."""
    for path in paths:
        os.utime(path)


def write_entry(folder: Path, entry: dict[str, Any]) -> None:
    """The entry file listing every language, sorted (two builds of one commit give the same
    bytes), replacing the last service's own; Pagefind's interfaces the site does not use go."""
    for path in folder.iterdir():
        if UNUSED.match(path.name):
            path.unlink()
    text = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    (folder / ENTRY).write_text(text, encoding="utf-8")


class _Service:
    """One ``pagefind --service`` process and its one index (the protocol of Pagefind's own
    Python API: base64 JSON requests and replies, each followed by a comma)."""

    def __init__(self) -> None:
        self._sent = 0
        self.rewritten: dict[str, int] = {}  # REWRITTEN's times before the last WriteFiles
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
        new_index = {"type": "NewIndex", "config": INDEX_CONFIG}
        self._index = self.wait(self._request(new_index))["index_id"]

    def add(self, path: str, contents: str) -> None:
        payload = {"type": "AddFile", "index_id": self._index, "file_path": path}
        self._send({**payload, "file_contents": contents})

    @property
    def pid(self) -> int:
        return self._process.pid

    def start_writing(self, folder: Path) -> int:
        """Ask for the index in ``folder``; ``wait`` for the returned message."""
        self.rewritten = file_times(folder, REWRITTEN)
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
        # Stopped: reaped before the last notice, so a waiter sees it has (it would else
        # wait for a notice that never comes).
        self._process.wait()
        with self._done:
            self._done.notify_all()

    def _fail(self, detail: str) -> None:
        self.close()
        raise SearchIndexError(f"Index de recherche non construit (Pagefind) : {detail}")
