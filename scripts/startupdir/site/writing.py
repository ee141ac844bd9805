"""Where the built pages go: over the previous output (output.py), to disk by a thread of
their own and to the site search (files.PageWriter, search.SiteIndex), and, in a `mkdocs
build` or `startupdir build`, from two processes: the English edition's pages are rendered
by a second one.

MkDocs renders one page after the other, in one process, and Python runs there on one core
while Pagefind leaves much of the other idle. Once every page is read and before any is
written (``start``, from on_env), the build forks: the child renders, writes and indexes the
pages of the English edition (its own Pagefind service), this process the others. Each gives
the other's pages an empty template (``ELSEWHERE``), which MkDocs does not write. At its
on_post_build the child writes its index, sends its report (its error, or its index's entry
and the warnings it logged) on a pipe and exits; this process waits for it there, logs its
warnings (strict mode counts them), adds its own index and removes what the build did not
write. `mkdocs serve` runs in one process (its server's threads rule out a fork).
"""

from __future__ import annotations

import gc
import json
import logging
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from mkdocs.exceptions import PluginError

from startupdir.content.parallel import can_fork
from startupdir.site import search, urls
from startupdir.site.files import PageWriter
from startupdir.site.output import PreviousOutput
from startupdir.site.page_reuse import BuiltRecords, read_digest
from startupdir.site.search_record import IndexRecords

BUILD_LOG = logging.getLogger("mkdocs.commands.build")  # where MkDocs says a page is skipped
MKDOCS_LOG = logging.getLogger("mkdocs")
log = logging.getLogger("mkdocs.plugins.startupdir")

ELSEWHERE = "startupdir-elsewhere.html"  # theme/: renders nothing
SECOND = "en"  # the edition the second process renders
# Above this many pages, one process renders them all: the second one's Pagefind and its
# copy of what it touches took the peak at 10,000 startups (20,400 pages) from 850 MB
# to 1.1 GB, past the 1 GB a build may use; at 2,000 startups it saves a fifth of the time.
SPLIT_MAX_PAGES = 12_000
SKIPPED = "Page skipped: '{}'. Generated empty output."  # MkDocs' line for an empty page


class Warnings(logging.Handler):
    """The warnings a process logs (MkDocs' strict mode counts those of the first only)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class SiteOutput:
    """One build's output: ``keep`` (on_pre_build), ``restore`` (on_files), ``start``
    (on_env), ``write`` each page (on_post_page), ``finish`` (on_post_build) or ``abort``
    (on_build_error)."""

    def __init__(
        self,
        site_dir: Path,
        *,
        preview: bool,
        serving: bool,
        records: Path | None = None,
        built: Path | None = None,
    ) -> None:
        """``records``: where the site search keeps what each language's index was built
        from (search_record.py); None: every build indexes every page. ``built``: where
        each language's pages are recorded with their key (page_reuse.py); None: every
        page is rendered."""
        self.site_dir = site_dir
        self.records = IndexRecords(records, search.INDEX_CONFIG) if records is not None else None
        self.built = BuiltRecords(built) if built is not None else None
        self.keys: dict[str, str] = {}  # this process's pages with a key, by dest_uri
        # The pages not rendered, by src_uri: their dest_uri and the digest of their bytes.
        self.adopted: dict[str, tuple[str, str]] = {}
        # make preview (MkDocs' --dirty) keeps its output, without a search index
        self.previous = None if preview else PreviousOutput(site_dir)
        self.indexed = not preview
        self.may_fork = not serving
        self.writer: PageWriter | None = None
        self.site_index: search.SiteIndex | None = None
        self.child: tuple[int, int] | None = None  # its pid and the end of its pipe we read
        self.report_fd: int | None = None  # in the child: where its report goes
        self.warnings = Warnings()
        self.silenced: set[str] = set()

    def keep(self) -> None:
        if self.previous is not None:
            self.previous.keep()

    def restore(self) -> None:
        if self.previous is not None:
            self.previous.restore()

    def start(self, pages: list, key_of: Callable[[Any], str | None] | None = None) -> None:
        """Fork if there are two editions, give the other process's pages the empty
        template, and this one's that the last build wrote from the same recipe
        (``key_of(page)``, page_reuse.py), then start the writer and the index (threads:
        after the fork)."""
        split = (
            self.may_fork
            and can_fork()
            and len(pages) <= SPLIT_MAX_PAGES
            and len({self.second(p) for p in pages}) == 2
        )
        if split:
            self.fork()
        for page in pages:
            if not self.mine(page):
                page.meta = {**page.meta, "template": ELSEWHERE}
                self.silenced.add(SKIPPED.format(page.file.src_uri))
        if self.built is not None and key_of is not None:
            self.adopt_unchanged([page for page in pages if self.mine(page)], key_of)
        self.site_index = search.SiteIndex(self.site_dir, self.records) if self.indexed else None
        index = self.site_index.add if self.site_index is not None else None
        self.writer = PageWriter(index, digests=self.built is not None)
        BUILD_LOG.addFilter(self.shown)

    def adopt_unchanged(self, pages: list, key_of: Callable[[Any], str | None]) -> None:
        """The pages whose key is the one their file in the output folder was written
        from, with the same bytes, get the empty template: their file is adopted."""
        assert self.built is not None
        records: dict[str, dict[str, tuple[str, str]]] = {}
        for page in pages:
            key = key_of(page)
            if key is None:
                continue
            dest, lang = page.file.dest_uri, urls.language_of(page.file.src_uri)
            self.keys[dest] = key
            if lang not in records:
                records[lang] = self.built.load(lang)
            known = records[lang].get(dest)
            if known is None or known[0] != key or read_digest(page.file.abs_dest_path) != known[1]:
                continue
            page.meta = {**page.meta, "template": ELSEWHERE}
            self.silenced.add(SKIPPED.format(page.file.src_uri))
            self.adopted[page.file.src_uri] = (dest, known[1])

    @staticmethod
    def second(page) -> bool:
        return urls.language_of(page.file.src_uri) == SECOND

    def fork(self) -> None:
        """The second process, if the system gives one (else this one renders every page)."""
        read, write = os.pipe()
        # Out of the collector's reach: its passes would write into every object, and
        # each process would then hold its own copy of memory the fork lets them share.
        gc.freeze()
        try:
            pid = os.fork()
        except OSError as exc:
            gc.unfreeze()
            os.close(read)
            os.close(write)
            log.info("startupdir: one process renders every page (%s)", exc)
            return
        MKDOCS_LOG.addHandler(self.warnings)
        if pid == 0:
            os.close(read)
            self.report_fd = write
            # Interrupted, the child ends at once: it must never run its parent's code
            # (the build's clean-up, the command's own end).
            signal.signal(signal.SIGINT, lambda *_: os._exit(130))
        else:
            os.close(write)
            self.child = (pid, read)
            log.info("startupdir: the %s edition rendered by a second process", SECOND)

    def mine(self, page) -> bool:
        """Whether this process renders ``page`` (every page, unless the build forked)."""
        if self.child is None and self.report_fd is None:
            return True
        return self.second(page) == (self.report_fd is not None)

    def renders(self, page) -> bool:
        """Whether ``page`` is rendered here: this process's, and not kept as built."""
        return self.mine(page) and page.file.src_uri not in self.adopted

    def shown(self, record: logging.LogRecord) -> bool:
        """A logging filter: MkDocs' line about a page left empty here is not shown."""
        return record.getMessage() not in self.silenced

    def write(self, page, output: str) -> str:
        """The page to the writer thread (adopted, if it was); MkDocs gets nothing to write."""
        if self.writer is not None and page.file.src_uri in self.adopted:
            self.writer.adopt(page.file.abs_dest_path, page.file.dest_uri)
            return ""
        if self.writer is None or not output.strip():
            return output
        self.silenced.add(SKIPPED.format(page.file.src_uri))
        self.writer.write(page.file.abs_dest_path, output, page.file.dest_uri)
        return ""

    def finish(self) -> int:
        """Every page written and indexed, the child's work included; returns the number
        of files of the previous output removed. The child reports and exits here."""
        if self.report_fd is not None:
            self.report_and_exit(self.finish_child)
        self.stop_writer(finish=True)
        if self.adopted:
            log.info("startupdir: %d pages kept as built (same recipe)", len(self.adopted))
        report = self.wait_child()
        if "error" in report:
            raise PluginError(f"Édition anglaise non construite : {report['error']}")
        own = set(self.warnings.messages)
        for message in report.get("warnings", []):
            if message not in own:
                log.warning(message)
        self.write_index(report.get("entry"))
        return self.previous.sweep() if self.previous is not None else 0

    def finish_child(self) -> dict[str, Any]:
        self.stop_writer(finish=True)
        entry = self.write_index()
        return {} if entry is None else {"entry": entry}

    def write_index(self, include: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """This process's index written, with ``include`` (the child's entry); its entry,
        None without an index (make preview)."""
        site_index, self.site_index = self.site_index, None
        if site_index is None:
            return None
        try:
            site_index.write(include)
        except search.SearchIndexError as exc:
            raise PluginError(str(exc)) from None
        if site_index.reused:
            log.info(
                "startupdir: search index kept for %s (same pages)", ", ".join(site_index.reused)
            )
        return site_index.entry

    def abort(self, error: BaseException) -> None:
        """A failed build: the child reports the error and exits; this process stops its
        child, its writer and its index."""
        if self.report_fd is not None:
            self.report_and_exit(lambda: {"error": str(error) or type(error).__name__})
        MKDOCS_LOG.removeHandler(self.warnings)
        if self.child is not None:
            pid, read = self.child
            self.child = None
            gc.unfreeze()
            os.close(read)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        try:
            self.stop_writer(finish=False)
        finally:
            if self.site_index is not None:
                self.site_index.close()
                self.site_index = None

    def report_and_exit(self, work) -> NoReturn:
        """The child's end: its report on the pipe, then an exit that runs nothing of the
        parent's (no other plugin's on_post_build, no atexit handler)."""
        code = 0
        try:
            report = work()
        except BaseException as exc:  # noqa: BLE001 - the parent raises it
            report, code = {"error": str(exc) or type(exc).__name__}, 1
        report["warnings"] = self.warnings.messages
        assert self.report_fd is not None
        data = json.dumps(report).encode("utf-8")
        while data:
            data = data[os.write(self.report_fd, data) :]
        os._exit(code)

    def save_built(self, written: dict[str, str]) -> None:
        """Each language's pages with a key, as this process wrote or adopted them."""
        if self.built is None:
            return
        adopted = dict(self.adopted.values())
        by_lang: dict[str, dict[str, tuple[str, str]]] = {}
        for dest, key in self.keys.items():
            digest = written.get(dest) or adopted.get(dest)
            if digest is not None:
                by_lang.setdefault(urls.language_of(dest), {})[dest] = (key, digest)
        for lang, pages in by_lang.items():
            self.built.save(lang, pages)

    def wait_child(self) -> dict[str, Any]:
        MKDOCS_LOG.removeHandler(self.warnings)
        if self.child is None:
            return {}
        pid, read = self.child
        self.child = None
        gc.unfreeze()
        chunks = []
        while chunk := os.read(read, 1 << 16):
            chunks.append(chunk)
        os.close(read)
        _, status = os.waitpid(pid, 0)
        if not chunks:
            code = os.waitstatus_to_exitcode(status)
            return {
                "error": f"le second processus s'est arrêté sans rendre compte (code {code})"
                " — relancez la construction ; s'il s'arrête encore, vérifiez la mémoire libre"
            }
        return json.loads(b"".join(chunks))

    def stop_writer(self, *, finish: bool) -> None:
        writer, self.writer = self.writer, None
        if writer is None:
            return
        try:
            if finish:
                writer.finish()
                self.save_built(writer.digests)
            else:
                writer.close()
        except OSError as exc:
            raise PluginError(
                f"Page non écrite : {exc} — vérifiez la place libre sur le disque et les droits"
                " d'écriture du dossier du site."
            ) from None
        except search.SearchIndexError as exc:  # the writer hands each page to the index
            raise PluginError(str(exc)) from None
        finally:
            BUILD_LOG.removeFilter(self.shown)
