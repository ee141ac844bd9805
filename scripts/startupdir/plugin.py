"""Thin MkDocs plugin: validate first, then add the generated pages to the build."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from startupdir import news, urls
from startupdir import pages as pages_mod
from startupdir.docs import field_table
from startupdir.feed import atom
from startupdir.render import environment
from startupdir.reporters import as_text
from startupdir.validate import load_directory, today
from startupdir.views import Site, Views

log = logging.getLogger("mkdocs.plugins.startupdir")

SECTOR_CSS = "assets/stylesheets/sectors.css"
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


class StartupDirConfig(Config):
    edit_uri = opt.Type(str, default="edit/main/")
    site_title = opt.Type(str, default="Annuaire des startups")


class StartupDirPlugin(BasePlugin[StartupDirConfig]):
    serving = False

    def on_startup(self, *, command, dirty):
        # Like Material's blog (draft_on_serve), drafts show in `mkdocs serve` only.
        self.serving = command == "serve"

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        directory, report = load_directory(root)
        if directory is None:
            raise PluginError(
                "Données invalides : le site n'est pas construit.\n" + as_text(report)
            )
        repo = (config.repo_url or "").rstrip("/")
        site = Site(
            name=self.config.site_title,
            url=config.site_url or "",
            repo_url=repo,
            edit_base=f"{repo}/{self.config.edit_uri.strip('/')}" if repo else "",
        )
        self.directory = directory
        self.today = today()
        self.views = Views(directory.taxonomy, directory.startups, site)
        self.news = news.news_index(directory.posts, self.today, self.serving)
        self.posts = {p.source.removeprefix("content/"): p for p in directory.posts}
        self.generated: dict = {}
        config.extra_css.append(SECTOR_CSS)
        return config

    def on_files(self, files: Files, config) -> Files:
        generated = pages_mod.generate(self.views, self.news)
        self.generated = {}
        for item in generated:
            if files.get_file_from_path(item.src_uri) is not None:
                raise PluginError(
                    f"content/{item.src_uri} existe déjà : cette page est générée, supprimez le fichier."
                )
            files.append(File.generated(config, item.src_uri, content=item.stub))
            self.generated[item.src_uri] = item
        files.append(File.generated(config, SECTOR_CSS, content=self.views.sector_css()))
        published = news.visible(self.directory.posts, self.today)
        files.append(
            File.generated(
                config,
                urls.FEED,
                content=atom(published, config.site_url or "/", self.authors(config)),
            )
        )
        # Material fetches sitemap.xml next to every <link rel="alternate">, the feed's included.
        files.append(File.generated(config, urls.FEED_SITEMAP, content=EMPTY_SITEMAP))
        log.info("startupdir: %d pages generated", len(generated))
        return files

    def on_page_content(self, html: str, page, config, files) -> str:
        post = self.posts.get(page.file.src_uri)
        if post is not None:
            extras = (
                environment()
                .get_template("post_extras.html.j2")
                .render(base=pages_mod.base_for(page.url), **news.post_extras(post, self.directory))
            )
            return html.replace("</h1>", "</h1>\n" + pages_mod.compact(extras), 1)
        item = self.generated.get(page.file.src_uri)
        if item is None:
            return html
        return html.replace(f"<p>{pages_mod.BODY_MARKER}</p>", "").replace(
            pages_mod.BODY_MARKER, item.body
        )

    @event_priority(100)
    def _index_search_part(self, context, page, config, nav):
        """Before the search plugin: it indexes only the searchable part of a generated page."""
        item = self.generated.get(page.file.src_uri)
        if item is not None:
            page.content = item.search_body
        return context

    @event_priority(-100)
    def _restore_full_page(self, context, page, config, nav):
        item = self.generated.get(page.file.src_uri)
        if item is not None:
            page.content = item.body
        return context

    on_page_context = CombinedEvent(_index_search_part, _restore_full_page)

    def authors(self, config) -> dict:
        blog = config.plugins.get("material/blog")
        try:
            return {key: author.name for key, author in blog.authors.items()}
        except AttributeError:
            return {}

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if page.file.src_uri not in self.generated:
            # Material prints these meta values unescaped in <title> and <meta>.
            for key in ("title", "description"):
                if isinstance(page.meta.get(key), str):
                    page.meta[key] = html.escape(page.meta[key], quote=True)
        if page.file.src_uri == "index.md":
            blocks = pages_mod.home_blocks(
                self.views,
                news.latest(self.directory.posts, self.today, 3, self.serving),
                news.upcoming_events(
                    self.directory.posts, self.today, self.directory.taxonomy, self.serving
                ),
            )
            for marker, block in blocks.items():
                markdown = markdown.replace(marker, block)
        if page.file.src_uri == "contribuer.md":
            markdown = markdown.replace("<!-- startupdir:champs -->", field_table())
        return markdown
