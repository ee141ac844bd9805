"""The site's images for one build: normalised logos and share cards from the
content-addressed cache (rendered on every core when it lacks them), added to MkDocs' files."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from startupdir.content.french import long_date
from startupdir.content.parallel import map_chunks
from startupdir.content.validate import CACHE_DIR, PROFILE_DIR, Directory
from startupdir.images.images import ImagePipeline, ImageRef, StartupImages
from startupdir.site import news, urls
from startupdir.site.files import CachedImage
from startupdir.site.i18n import catalogue
from startupdir.site.views import ImageLogo, logo_view, sector_colors

log = logging.getLogger("mkdocs.plugins.startupdir")


@dataclass
class SiteImages:
    """Logo views by slug (for the Views), share card URLs by page source, and the image
    files already added to MkDocs' files (one File per site path)."""

    files: Files
    config: MkDocsConfig
    logos: dict[str, ImageLogo] = field(default_factory=dict)
    og_images: dict[str, str] = field(default_factory=dict)
    added: set[str] = field(default_factory=set)

    def add(self, refs: list[ImageRef]) -> None:
        for ref in refs:
            for site_path, cache_path in sorted(ref.files.items()):
                if site_path not in self.added:
                    self.added.add(site_path)
                    self.files.append(
                        CachedImage.generated(self.config, site_path, abs_src_path=str(cache_path))
                    )


def make_images(
    directory: Directory,
    editions: tuple[str, ...],
    today: dt.date,
    serving: bool,
    files: Files,
    config: MkDocsConfig,
) -> SiteImages:
    """Normalised logos and share cards of every edition built, from the cache when unchanged."""
    pipeline = ImagePipeline(directory.root / CACHE_DIR / "images")
    made = SiteImages(files, config)
    tx = directory.taxonomy
    identity = directory.identity
    assert identity is not None  # load_directory sets it on every directory it returns
    colour = identity.colour
    colors = sector_colors(tx)
    startups = directory.startups
    for lang in editions:  # each edition's share cards (logos: the same files)
        tr, site_name = catalogue(lang), identity.site_name(lang)
        images = pipeline.startup_images(  # on every core when the cache lacks them
            [
                StartupImages(
                    startup.name,
                    tr.text(startup.tagline)[0],
                    tr.text(tx.get("sectors", startup.sectors[0]).label)[0],
                    tr.text(tx.get("cities", startup.city).label)[0],
                    directory.root / PROFILE_DIR / startup.logo if startup.logo else None,
                    colors[startup.sectors[0]],
                    site_name,
                )
                for startup in startups
            ],
            spread=map_chunks,
        )
        for startup, (logo, card) in zip(startups, images, strict=True):
            if logo is not None:
                made.logos[startup.slug] = logo_view(logo)
                made.add([logo.card, logo.header])
            made.og_images[urls.startup_source(startup.slug, lang)] = card.url
            made.add([card])
    for post in news.visible(directory.posts, today, serving):
        card = pipeline.share_card_post(post.title, long_date(post.date), identity.name, colour)
        made.og_images[post.source.removeprefix("content/")] = card.url
        made.add([card])
    for lang in editions:  # each challenge's card, in each edition
        tr, site_name = catalogue(lang), identity.site_name(lang)
        for challenge in directory.challenges:
            card = pipeline.share_card_challenge(
                tr.text(challenge.title)[0],
                challenge.company.name,
                tr.t("challenges_card.deadline", date=tr.long_date(challenge.deadline)),
                site_name,
                colors[challenge.sectors[0]],
            )
            made.og_images[urls.challenge_source(challenge.slug, lang)] = card.url
            made.add([card])
    for lang in editions:  # each edition's card for pages without their own
        name = identity.site_name(lang)
        default = pipeline.share_card_post(name, identity.share_tagline, name, colour)
        made.og_images[urls.home(lang)] = default.url
        made.add([default])
    pipeline.save()
    log.info("startupdir: images encoded %d, from cache %d", pipeline.encoded, pipeline.hits)
    return made
