"""Thin MkDocs plugin: validate first, then add the generated pages to the build."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from startupdir import pages as pages_mod
from startupdir.docs import field_table
from startupdir.reporters import as_text
from startupdir.validate import load_directory
from startupdir.views import Site, Views

log = logging.getLogger("mkdocs.plugins.startupdir")


class StartupDirConfig(Config):
    edit_uri = opt.Type(str, default="edit/main/")
    site_title = opt.Type(str, default="Annuaire des startups")


class StartupDirPlugin(BasePlugin[StartupDirConfig]):
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
        self.views = Views(directory.taxonomy, directory.startups, site)
        self.generated: dict[str, str] = {}
        return config

    def on_files(self, files: Files, config) -> Files:
        generated = pages_mod.generate(self.views)
        for item in generated:
            if files.get_file_from_path(item.src_uri) is not None:
                raise PluginError(
                    f"content/{item.src_uri} existe déjà : cette page est générée, supprimez le fichier."
                )
            files.append(File.generated(config, item.src_uri, content=item.text))
        log.info("startupdir: %d pages generated", len(generated))
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if page.file.src_uri == "index.md":
            for marker, block in pages_mod.home_blocks(self.views).items():
                markdown = markdown.replace(marker, block)
        if page.file.src_uri == "contribuer.md":
            markdown = markdown.replace("<!-- startupdir:champs -->", field_table())
        return markdown
