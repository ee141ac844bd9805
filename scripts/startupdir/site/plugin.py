"""Thin MkDocs plugin: validate first, then add the generated pages to the build."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
import os
import posixpath
from pathlib import Path
from typing import cast

import material.templates as material_templates
from jinja2 import FileSystemBytecodeCache
from material.plugins.blog.structure import Excerpt as BlogExcerpt
from material.plugins.blog.structure import Post as BlogPost
from material.plugins.blog.structure import View as BlogView
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from startupdir.content import posthtml
from startupdir.content.clock import ClockError, today
from startupdir.content.render import environment
from startupdir.content.reporters import as_text
from startupdir.content.validate import CACHE_DIR, ProfileMemo, load_directory
from startupdir.site import (
    about,
    editions,
    explorer,
    exports,
    guide,
    news,
    page_reuse,
    search,
    site_images,
    stats,
    urls,
)
from startupdir.site import pages as pages_mod
from startupdir.site.challenge_feed import atom as challenge_atom
from startupdir.site.feed import atom
from startupdir.site.files import GeneratedPageFile, PrerenderedPage
from startupdir.site.history import read_history, unavailable_message
from startupdir.site.i18n import LANGUAGES, catalogue
from startupdir.site.page_cache import PageBodies
from startupdir.site.shell import ShellCache
from startupdir.site.views import Site, Views
from startupdir.site.whatsnew import atom as whatsnew_atom
from startupdir.site.whatsnew import entries as whatsnew_entries
from startupdir.site.whatsnew import latest_additions
from startupdir.site.writing import SiteOutput

log = logging.getLogger("mkdocs.plugins.startupdir")

THEME_DIR = Path(__file__).resolve().parent / "theme"


SECTOR_CSS = "assets/stylesheets/sectors.css"
ABOUT_PAGE = "a-propos.md"  # its link goes in the footer when the directory has one
# The hand-written pages whose markers the plugin fills, by their French source.
HOME_PAGE, STATISTICS_PAGE, DATA_PAGE, CONTRIBUTE_PAGE = (
    "index.md",
    "statistiques.md",
    "donnees.md",
    "contribuer.md",
)
# The generator's own styles and script, served from THEME_DIR (theme/assets/…): every page
# lists them before the directory's own (mkdocs.yml's extra_css, its brand colours).
THEME_CSS = (
    "assets/stylesheets/directory.css",
    "assets/stylesheets/explorer.css",
    "assets/stylesheets/search.css",
)
# (form.css and form.js are the form page's own: its template loads them.)
THEME_JS = (
    "assets/javascripts/explorer.js",
    "assets/javascripts/search.js",
    "assets/javascripts/copy.js",
)
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def build_date() -> dt.date | None:
    """The commit's date (SOURCE_DATE_EPOCH), so the citation text is reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch.isdigit() else None


def nav_titles(items) -> dict[str, str]:
    """Titles given in mkdocs.yml's `nav`, by source path (they win over page titles)."""
    titles: dict[str, str] = {}
    for entry in items or []:
        if not isinstance(entry, dict):
            continue
        for title, value in entry.items():
            if isinstance(value, str):
                titles[value] = title
            elif isinstance(value, list):
                titles.update(nav_titles(value))
    return titles


def add_theme_assets(config) -> None:
    """The generator's stylesheets and script first, then the directory's own, in their
    order; a directory that still lists one of ours in mkdocs.yml gets it once."""
    config.extra_css[:] = [*THEME_CSS, *(c for c in config.extra_css if c not in THEME_CSS)]
    scripts = [s for s in config.extra_javascript if str(s) not in THEME_JS]
    config.extra_javascript[:] = [*THEME_JS, *scripts]


def add_theme(config) -> None:
    """The theme partials the generator needs (startupdir/site/theme/), between the
    directory's own custom_dir, which may still override them, and Material's templates:
    as Material's plugins ship their templates, a directory's overrides/ keeps only its
    own look."""
    dirs = config.theme.dirs
    if str(THEME_DIR) in dirs:
        return  # MkDocs reuses the theme object within a process (serve)
    material = Path(material_templates.__file__).resolve().parent
    where = [i for i, d in enumerate(dirs) if Path(d).resolve() == material]
    dirs.insert(where[0] if where else len(dirs), str(THEME_DIR))
    if str(THEME_DIR) not in config.watch:
        config.watch.append(str(THEME_DIR))  # `mkdocs serve` rebuilds when a partial changes


class StartupDirConfig(Config):
    edit_uri = opt.Type(str, default="edit/main/")
    # The English edition's tabs, as mkdocs.yml's `nav` (paths under content/, e.g.
    # en/index.md); without it, the English twins of the French tabs, titled by their pages.
    english_nav = opt.Optional(opt.Type(list))


class StartupDirPlugin(BasePlugin[StartupDirConfig]):
    serving = False
    preview = False
    out: SiteOutput | None = None

    def on_startup(self, *, command, dirty):
        # Like Material's blog (draft_on_serve), drafts show in `mkdocs serve` only.
        self.serving = command == "serve"
        # `mkdocs serve --dirty` (make preview): rebuild only the pages a change touches,
        # without the search index; the pages say so. The instance lives across rebuilds.
        self.preview = self.serving and dirty
        self.digests: dict[str, str] = {}
        self.memo = ProfileMemo() if self.preview else None
        self.editions_built = ("fr",) if self.preview else LANGUAGES

    def on_config(self, config):
        add_theme(config)
        add_theme_assets(config)
        root = Path(config.config_file_path).resolve().parent
        try:
            self.today = today()
        except ClockError as exc:
            raise PluginError(str(exc)) from None
        directory, report = load_directory(root, when=self.today, memo=self.memo)
        if directory is None:
            raise PluginError(
                "Données invalides : le site n'est pas construit.\n" + as_text(report)
            )
        repo = (config.repo_url or "").rstrip("/")
        identity = directory.identity
        # directory.yml is the one source of the name and description: MkDocs requires a
        # site_name in mkdocs.yml, and the theme prints these two from MkDocs' config.
        config.site_name, config.site_description = identity.name, identity.description
        site = Site(
            name=identity.name,
            identity=identity,
            url=config.site_url or "",
            repo_url=repo,
            edit_base=f"{repo}/{self.config.edit_uri.strip('/')}" if repo else "",
        )
        self.directory = directory
        self.site_url = config.site_url or "/"
        jinja_cache = root / CACHE_DIR / "jinja"
        jinja_cache.mkdir(parents=True, exist_ok=True)
        self.bytecode_cache = FileSystemBytecodeCache(str(jinja_cache))
        environment("startupdir.site").bytecode_cache = self.bytecode_cache
        self.site = site  # the views are built once the logos are processed (on_files)
        self.news = {
            lang: news.news_index(directory.posts, self.today, self.serving, lang)
            for lang in LANGUAGES
        }
        # When each profile was added: one `git log` (the dates of the commits, no clock).
        self.history = read_history(root)
        if not self.history.available:
            log.info("startupdir: %s", unavailable_message(self.history))
        self.posts = {p.source.removeprefix("content/"): p for p in directory.posts}
        # English versions of posts: pages of the English news, cleaned like the posts.
        self.english_posts = {
            p.english.source.removeprefix("content/"): p for p in directory.posts if p.english
        }
        self.generated: set[str] = set()
        config.extra_css.append(SECTOR_CSS)
        return config

    def on_pre_build(self, config):
        # The previous output is overwritten in place, not deleted and created again.
        site_dir = Path(config.site_dir)
        cache = self.directory.root / CACHE_DIR
        self.out = SiteOutput(
            site_dir,
            preview=self.preview,
            serving=self.serving,
            records=cache / "search",
            built=None if self.serving else cache / "pages",
        )
        self.out.keep()

    def on_files(self, files: Files, config) -> Files:
        assert self.out is not None
        self.out.restore()
        self.files = files
        if not self.serving:
            # Material's blog publishes a future post marked `draft: false`, and judges
            # "future" by the wall clock: today() decides here, as for the feed and lists.
            for post in self.directory.posts:
                if not post.published(self.today):
                    sources = [post.source, post.english.source if post.english else ""]
                    for source in filter(None, sources):
                        hidden = files.get_file_from_path(source.removeprefix("content/"))
                        if hidden is not None:
                            files.remove(hidden)
        if self.preview:  # make preview: the French edition only (the pages say so)
            for file in [f for f in files if urls.language_of(f.src_uri) == "en"]:
                files.remove(file)
        made = site_images.make_images(
            self.directory, self.editions_built, self.today, self.serving, files, config
        )
        logos, self.og_images = made.logos, made.og_images
        self.views = Views(self.directory.taxonomy, self.directory.startups, self.site, logos)
        files.append(
            File.generated(config, urls.EXPLORER_DATA, content=explorer.explorer_json(self.views))
        )
        # The open data files are written once per preview session (make preview): its
        # rebuilds keep the first build's files, as they keep the pages no change touched.
        if not (self.preview and self.digests):
            exported = exports.export_files(
                self.directory, config.site_url or "", self.views.logos, self.today
            )
            for path, data in sorted(exported.items()):
                files.append(File.generated(config, path, content=data))
        self.editions = {"fr": self.views} if self.preview else self.views.editions()
        bodies = PageBodies(self.directory.root / CACHE_DIR / "pages")
        self.code = bodies.code
        generated = pages_mod.generate_editions(
            self.editions, self.directory, self.news, self.history, today=self.today, bodies=bodies
        )
        self.generated = set()
        titles = nav_titles(config.nav)
        for item in generated:
            if files.get_file_from_path(item.src_uri) is not None:
                raise PluginError(
                    f"content/{item.src_uri} existe déjà : cette page est générée, supprimez le fichier."
                )
            # The page's text stays with its PrerenderedPage (read once, released once
            # written): the file itself holds none, MkDocs never reads a generated page.
            file = cast(
                GeneratedPageFile, GeneratedPageFile.generated(config, item.src_uri, content="")
            )
            if self.preview:  # make preview rebuilds the pages whose text changed
                digest = hashlib.blake2b(item.text.encode("utf-8"), digest_size=16).hexdigest()
                file.changed = self.digests.get(item.src_uri) != digest
                self.digests[item.src_uri] = digest
            files.append(file)
            PrerenderedPage(titles.get(item.src_uri), file, config, item)
            self.generated.add(item.src_uri)
        files.append(File.generated(config, SECTOR_CSS, content=self.views.sector_css()))
        published = news.visible(self.directory.posts, self.today)
        files.append(
            File.generated(
                config,
                urls.FEED,
                content=atom(
                    published,
                    config.site_url or "/",
                    self.directory.authors,
                    self.directory.identity,
                ),
            )
        )
        # Material fetches sitemap.xml next to every <link rel="alternate">, the feed's included.
        files.append(File.generated(config, urls.FEED_SITEMAP, content=EMPTY_SITEMAP))
        for lang in self.editions_built:
            feed = challenge_atom(
                self.directory.challenges,
                self.today,
                config.site_url or "/",
                self.directory.identity,
                lang,
            )
            files.append(File.generated(config, urls.challenges_feed(lang), content=feed))
            files.append(
                File.generated(config, urls.challenges_sitemap(lang), content=EMPTY_SITEMAP)
            )
        self.whatsnew = {}
        for lang in self.editions_built:
            entries = self.whatsnew[lang] = whatsnew_entries(self.views.listed, self.history, lang)
            feed = whatsnew_atom(entries, config.site_url or "/", self.directory.identity, lang)
            files.append(File.generated(config, urls.whatsnew_feed(lang), content=feed))
            files.append(File.generated(config, urls.whatsnew_sitemap(lang), content=EMPTY_SITEMAP))
        if "en" in self.editions_built:  # the English versions of posts
            english = news.english_posts(self.directory.posts, self.today)
            identity = self.directory.identity
            feed = atom(english, config.site_url or "/", self.directory.authors, identity, "en")
            files.append(File.generated(config, urls.EN_FEED, content=feed))
            files.append(File.generated(config, urls.EN_FEED_SITEMAP, content=EMPTY_SITEMAP))
        log.info("startupdir: %d pages generated", len(generated))
        # The English edition's pages last: the site search indexes one language at a time.
        return Files(sorted(files, key=lambda f: urls.language_of(f.src_uri) == "en"))

    def on_nav(self, nav, config, files):
        self.en_nav = (
            Navigation([], [])
            if self.preview
            else editions.english_navigation(self.config.english_nav, nav, files)
        )
        self.navigations = [nav, self.en_nav]
        self.in_nav = {p.file.src_uri for p in (*nav.pages, *self.en_nav.pages)}
        self.nav_pages = {p.file.src_uri: p for p in (*nav.pages, *self.en_nav.pages)}
        return nav

    def on_env(self, env, config, files):
        self.shell = env.globals["sd_shell"] = ShellCache()
        env.globals["sd_preview"] = self.preview
        # The edition of the page being rendered, and its interface strings (theme partials).
        env.globals["sd_lang"] = editions.page_language
        env.globals["sd_t"] = editions.translate
        about = {
            lang: files.get_file_from_path(source)
            for lang, source in (("fr", ABOUT_PAGE), ("en", urls.twin_source(ABOUT_PAGE)))
        }
        env.globals["sd_footer"] = {  # the footer of every page (theme/partials/copyright.html)
            "contact": self.directory.identity.contact,
            "press": self.directory.identity.press,
            "about": {lang: f.url if f is not None else "" for lang, f in about.items()},
        }
        # Compiling Material's templates is a fixed cost of every build: keep the bytecode.
        env.bytecode_cache = self.bytecode_cache
        # Every page is read: the English edition's go to a second process (writing.py);
        # Pagefind indexes each page as it is written, on another core; a page built by the
        # last build from the same recipe is not rendered again (page_reuse.py).
        assert self.out is not None
        shared = {"globals": env.globals["sd_footer"], "identity": self.directory.identity}
        self.site_key = page_reuse.site_digest(config, self.navigations, shared, self.code)
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        self.out.start(pages, self.output_key)
        return env

    def output_key(self, page) -> str | None:
        """What a generated page outside the navigation is rendered from (None: another page)."""
        src = page.file.src_uri
        if src not in self.generated or src in self.in_nav:
            return None
        tab = self.tab_page(page)
        recipe = {
            "image": self.og_image(src),
            "twins": editions.twin_links(page, self.files, self.site_url),
            "tab": tab.url if tab is not None else None,
        }
        return page_reuse.output_key(self.site_key, page, recipe)

    def on_post_build(self, config):
        log.info("startupdir: page shell blocks reused %d times", self.shell.reused)
        out, self.out = self.out, None
        assert out is not None
        removed = out.finish()
        log.info("startupdir: %d files of the previous build removed", removed)
        if self.preview:
            log.info("startupdir: aperçu rapide, index de recherche non construit")

    def on_build_error(self, error):
        out, self.out = self.out, None
        if out is not None:
            out.abort(error)

    def is_post(self, page) -> bool:
        """A page of Material's blog made from a post file (validated ones are in self.posts)."""
        src = page.file.src_uri
        return src in self.posts or src in self.english_posts or isinstance(page, BlogPost)

    @event_priority(50)
    def _clean_post(self, html: str, page, config, files) -> str:
        """A post's HTML through the allowlist, before Material's blog reads it and before
        the post extras (our own template output) go in; its table of contents, printed
        raw by Material, and the anchors MkDocs checks links against follow."""
        if not self.is_post(page):
            return html
        clean = posthtml.clean_html(html)
        page.toc.items = posthtml.clean_toc(page.toc.items)
        page.present_anchor_ids = posthtml.anchor_ids(clean)
        return clean

    def _page_content(self, html: str, page, config, files) -> str:
        src = page.file.src_uri
        post = self.posts.get(src) or self.english_posts.get(src)
        if post is not None:
            lang = urls.language_of(src)
            extras = (
                environment("startupdir.site")
                .get_template("post_extras.html.j2")
                .render(
                    base=pages_mod.base_for(page.url),
                    t=catalogue(lang).html,
                    **news.post_extras(post, self.directory, lang),
                )
            )
            head, h1_end, tail = html.partition("</h1>")  # the extras go after the title
            if not h1_end:
                return html
            return head + h1_end + "\n" + pages_mod.compact(extras) + tail
        if page.file.src_uri not in self.generated:
            return html
        if page.file.src_uri not in self.in_nav:
            # Sibling pages (same parent folder) get byte-identical menus: relative links match.
            page.meta["sd_nav_key"] = posixpath.dirname(page.url.rstrip("/")) or "."
        return html

    @event_priority(-100)
    def _open_graph(self, context, page, config, nav):
        if not self.elsewhere(page):
            page.meta["og"] = self.open_graph(page, config)
        return context

    def open_graph(self, page, config) -> dict:
        """Share metadata, every value escaped once here (templates print them raw)."""
        image = self.og_image(page.file.src_uri)
        title = page.meta.get("title") or html.escape(page.title or "", quote=True)
        if page.is_homepage:
            title = html.escape(config.site_name, quote=True)
        description = page.meta.get("description") or html.escape(
            config.site_description or "", quote=True
        )
        is_post = page.file.src_uri in self.posts
        return {
            "title": title,
            "description": description,
            "image": html.escape(urls.absolute(config.site_url or "/", image), quote=True),
            "url": html.escape(page.canonical_url or "", quote=True),
            "type": "article" if is_post else "website",
            "site_name": html.escape(config.site_name, quote=True),
        }

    def og_image(self, src: str) -> str:
        """A page's share image: its own, else its edition's home page's."""
        return self.og_images.get(src) or self.og_images[urls.home(urls.language_of(src))]

    @event_priority(-110)
    def _clean_excerpts(self, context, page, config, nav):
        """Excerpts on the news list, category and archive pages: Material's blog renders
        them with its own Markdown instance in its on_page_context (priority -100), the
        only place it does; they go through the allowlist before the template prints them."""
        if isinstance(page, BlogView):
            for excerpt in context.get("posts") or ():
                if isinstance(excerpt, BlogExcerpt):
                    excerpt.content = posthtml.clean_html(excerpt.content)
                    excerpt.toc.items = posthtml.clean_toc(excerpt.toc.items)
            page.toc.items = posthtml.clean_toc(page.toc.items)
        return context

    on_page_content = CombinedEvent(_clean_post, _page_content)

    def tab_page(self, page) -> Page | None:
        """The navigation page whose tab a generated page outside the navigation belongs
        to: its folder's index when listed (secteurs/ for a sector), else the directory
        (a profile, a stage or a need)."""
        src = page.file.src_uri
        if src not in self.generated or src in self.in_nav:
            return None
        # Its folder's page (secteurs/index.md for a sector; for a folder's own index, as
        # contribuer/formulaire/, the parent's: contribuer.md), else the directory.
        folder = posixpath.dirname(src)
        if posixpath.basename(src) == "index.md":
            folder = posixpath.dirname(folder)
        candidates = (posixpath.join(folder, "index.md"), folder + ".md")
        tab = next((self.nav_pages[c] for c in candidates if c in self.nav_pages), None)
        directory = urls.directory_page_source(1, urls.language_of(src))
        return tab or self.nav_pages.get(directory)

    def _mark_tab(self, context, page, config, nav):
        """Material marks the tab of the active page's ancestors; a generated page outside
        the navigation marks its section's (unmarked again in on_post_page)."""
        target = self.tab_page(page)
        if target is not None:
            target.active = True
        return context

    def _finish_page(self, output: str, page, config) -> str:
        target = self.tab_page(page)
        if target is not None:
            target.active = False
        # What the site search indexes: the article of a searchable page; the news list,
        # category and archive pages repeat the posts' excerpts and stay out.
        meta = {"search": {"exclude": True}} if isinstance(page, BlogView) else page.meta
        output = search.mark_page(output, meta)
        if isinstance(page, PrerenderedPage):
            page.release()  # thousands of pages: their HTML is not kept once written
        return output

    @event_priority(-100)
    def _write_page(self, output: str, page, config) -> str:
        """The page as every plugin left it goes to the writer thread."""
        return output if self.out is None else self.out.write(page, output)

    def elsewhere(self, page) -> bool:
        """A page the other process renders, or kept as built (writing.py): its context is
        not needed."""
        return self.out is not None and not self.out.renders(page)

    on_post_page = CombinedEvent(_finish_page, _write_page)

    def _edition(self, context, page, config, nav):
        """An English page gets the English navigation, and every page the same page in
        the other edition (language switch, hreflang) and the site's name in its language."""
        lang = urls.language_of(page.url)
        if lang == "en":
            context["nav"] = self.en_nav
        # Material prints the site's name and description from the config, on every page.
        identity = self.directory.identity
        config.site_name = identity.site_name(lang)
        config.site_description = identity.site_description(lang)
        if not (self.preview or self.elsewhere(page)):  # preview: the French edition only
            context.update(editions.twin_links(page, self.files, self.site_url))
        return context

    def _fill(self, context, page, config, nav):
        if isinstance(page, PrerenderedPage) and not self.elsewhere(page):
            page.fill()
        return context

    on_page_context = CombinedEvent(_open_graph, _clean_excerpts, _edition, _mark_tab, _fill)

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if page.file.src_uri not in self.generated:
            # Material prints these meta values unescaped in <title> and <meta>.
            for key in ("title", "description"):
                if isinstance(page.meta.get(key), str):
                    page.meta[key] = html.escape(page.meta[key], quote=True)
        lang = urls.language_of(page.file.src_uri)
        views, source = self.editions[lang], urls.french_source(page.file.src_uri)
        base = pages_mod.base_for(urls.source_to_url(page.file.src_uri))
        if source == HOME_PAGE:
            blocks = pages_mod.home_blocks(
                views,
                news.latest(self.directory.posts, self.today, 3, self.serving, lang),
                news.upcoming_events(
                    self.directory.posts, self.today, self.directory.taxonomy, self.serving, lang
                ),
                latest_additions(self.whatsnew[lang]),
                base,
                pages_mod.challenge_board(self.directory, self.today),
            )
            for marker, block in blocks.items():
                markdown = markdown.replace(marker, block)
        if source == ABOUT_PAGE and about.MARKER in markdown:
            announcements = [
                news.link(p, lang)
                for p in news.pinned(self.directory.posts, self.today, self.serving)
            ]
            logos = about.downloads(config.theme.custom_dir)
            block = about.about_block(views, announcements, logos, base)
            markdown = markdown.replace(about.MARKER, block)
        if source == STATISTICS_PAGE:
            markdown = markdown.replace(
                "<!-- startupdir:statistiques -->", stats.render_statistics(views)
            )
        if source == DATA_PAGE:
            markdown = markdown.replace(
                "<!-- startupdir:donnees -->", exports.exports_page_html(views, build_date())
            )
        if page.file.src_uri == urls.TWIN_SOURCES[urls.NEWS + "index.md"]:
            block = (
                environment("startupdir.site")
                .get_template("news_en.html.j2")
                .render(
                    base=base,
                    t=views.tr.html,
                    posts=[
                        news.link(version.post, "en")
                        for version in news.english_posts(
                            self.directory.posts, self.today, self.serving
                        )
                    ],
                )
            )
            markdown = markdown.replace("<!-- startupdir:news-en -->", pages_mod.compact(block))
        if source == CONTRIBUTE_PAGE:  # template, allowed values, fields, GitHub's links
            markdown = guide.fill(markdown, views, self.config.edit_uri, self.today, build_date())
        return markdown
