"""MkDocs' files and pages for what the plugin adds: generated pages (their HTML ready),
images from the content-addressed cache, and the writer of every built page."""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from startupdir.site import pages as pages_mod
from startupdir.site.page_reuse import file_digest


class PrerenderedPage(Page):
    """A generated page whose metadata and HTML are ready: MkDocs' front matter parsing
    and Markdown pass are skipped (a new Markdown instance per page costs more than
    building the page)."""

    def __init__(self, title: str | None, file: File, config, item: pages_mod.GeneratedPage):
        self.item: pages_mod.GeneratedPage | None = item
        super().__init__(title, file, config)

    def read_source(self, config) -> None:
        assert self.item is not None
        self.markdown, self.meta = "", self.item.meta

    def render(self, config, files) -> None:
        """MkDocs renders every page before writing any: the HTML stays packed in the item
        until ``fill`` (each page's text at once was 330 MB at 10,000 startups)."""
        assert self.item is not None
        self.content = ""
        # MkDocs types the outline as Markdown's private _TocToken; ours are the same dicts.
        self.toc = get_toc(list(self.item.toc))  # type: ignore[arg-type]
        self._title_from_render = None
        self.present_anchor_ids = set(self.item.anchors)

    def fill(self) -> None:
        """The page's HTML, for its template (page_context, just before it renders)."""
        assert self.item is not None
        self.content = self.item.body

    def release(self) -> None:
        """Once written, the page keeps its metadata and links only (MkDocs holds every
        page until the end of the build)."""
        self.item, self.content = None, None


class GeneratedPageFile(File):
    """A generated page's source. Under ``mkdocs serve --dirty`` (``make preview``), MkDocs
    rebuilds only the pages whose file ``is_modified``: a generated page is, when its text
    differs from the previous build's."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class CachedImage(File):
    """An image from the content-addressed cache, hard-linked into the site when the
    file system allows (thousands of copies were a build's largest I/O), else copied."""

    linking = True  # until a file system refuses a hard link

    def copy_file(self, dirty: bool = False) -> None:
        target = self.abs_dest_path
        try:
            self._place(target)
        except FileExistsError:
            pass  # named by its content: already the right bytes (previous build, serve)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with contextlib.suppress(FileExistsError):  # the build's other process placed it
                self._place(target)
        # A link keeps the cache file's time: touched, the sweep of the previous output
        # (output.py) sees it written by this build.
        os.utime(target)

    def _place(self, target: str) -> None:
        source = self.abs_src_path
        assert source is not None  # MkDocs' None is for generated files; this one is on disk
        if CachedImage.linking:
            try:
                os.link(source, target)
                return
            except (FileExistsError, FileNotFoundError):
                raise
            except OSError:
                CachedImage.linking = False  # another file system, or no hard links
        shutil.copyfile(source, target)


class PageWriter:
    """Built pages written to disk, and handed to the site search, by a thread of their own
    while the next pages render.

    Writing thousands of pages (a folder and a file each) waits on the disk more than it
    works, and handing a page to Pagefind waits when Pagefind is busy; MkDocs writes each
    page before rendering the next (the plugin gives MkDocs an empty output instead,
    writing.py). ``finish`` waits for the last page and raises the first error (OSError
    when writing, or whatever ``index`` raised).
    """

    BACKLOG = 64  # pages waiting at most: memory stays bounded whatever the disk's speed

    def __init__(
        self, index: Callable[[str, str], None] | None = None, *, digests: bool = False
    ) -> None:
        """``index(dest_uri, html)`` is called with each page once written; with
        ``digests``, the digest of each page's bytes is kept (``digests``)."""
        self._index = index
        self._digesting = digests
        self._pages: queue.Queue[tuple[str, str | None, str] | None] = queue.Queue(self.BACKLOG)
        self._error: Exception | None = None
        self.digests: dict[str, str] = {}  # each page written, by dest_uri (page_reuse.py)
        self._thread = threading.Thread(target=self._write_pages, name="startupdir-pages")
        self._thread.start()

    def write(self, path: str, html: str, dest_uri: str = "") -> None:
        if self._error is not None:
            raise self._error
        self._pages.put((path, html, dest_uri))

    def adopt(self, path: str, dest_uri: str) -> None:
        """A page the last build wrote as this one would: it stays as it is (touched, so
        that the sweep of the previous output keeps it) and is indexed from the file."""
        if self._error is not None:
            raise self._error
        self._pages.put((path, None, dest_uri))

    def finish(self) -> None:
        self.close()
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        if self._thread.is_alive():
            self._pages.put(None)
            self._thread.join()

    def _write_pages(self) -> None:
        while (item := self._pages.get()) is not None:
            if self._error is not None:
                continue  # drain: the build fails at the next page or at finish()
            path, html, dest_uri = item
            try:
                if html is None:
                    os.utime(path)
                    if self._index is not None:
                        self._index(dest_uri, Path(path).read_text(encoding="utf-8"))
                    continue
                data = html.encode("utf-8", errors="xmlcharrefreplace")
                _write(path, data)
                if self._digesting:
                    self.digests[dest_uri] = file_digest(data)
                if self._index is not None:
                    self._index(dest_uri, html)
            except Exception as exc:  # noqa: BLE001 - raised again in the build's thread
                self._error = exc


def _write(path: str, data: bytes) -> None:
    """As MkDocs' utils.write_file, without its attempt to create the folder before every
    page: here the folder is created when the file cannot be (one system call less a page)."""
    try:
        with open(path, "wb") as stream:
            stream.write(data)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as stream:
            stream.write(data)
