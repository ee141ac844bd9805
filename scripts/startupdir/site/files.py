"""MkDocs' files and pages for what the plugin adds: generated pages (their HTML ready),
and images from the content-addressed cache."""

from __future__ import annotations

import os
import re
import shutil

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from startupdir.site import pages as pages_mod

ANCHOR_ID = re.compile(r'\sid="([^"]+)"')


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
        assert self.item is not None
        self.content = self.item.body
        # MkDocs types the outline as Markdown's private _TocToken; ours are the same dicts.
        self.toc = get_toc(list(self.item.toc))  # type: ignore[arg-type]
        self._title_from_render = None
        self.present_anchor_ids = set(ANCHOR_ID.findall(self.item.body))

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
            return  # named by its content: already the right bytes (serve, --dirty)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            self._place(target)

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
