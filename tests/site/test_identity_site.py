"""A second directory: the same generator with another directory.yml publishes another
identity (name, country, citation, feed subtitle, share card), and none of the first."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from startupdir.images.images import ImagePipeline

OTHER = """\
name: Répertoire des jeunes pousses
description: Répertoire public des jeunes pousses de la pépinière de Thiès.
organisation: Pépinière de Thiès
partners: [Chambre de commerce de Thiès]
country: SN
contact: bonjour@pepiniere.example
press: presse@pepiniere.example
languages: [fr, en]
colour: "#1d4ed8"
citation: Répertoire des jeunes pousses de la pépinière de Thiès
feed_subtitle: Appels et rencontres de la pépinière de Thiès
share_tagline: Pépinière de Thiès
"""
FIRST = ("Technopark", "CGEM", "Annuaire des startups")


@pytest.fixture(scope="module")
def other_site(tmp_path_factory, copy_repo, build) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("other-identity") / "repo")
    (root / "directory.yml").write_text(OTHER, encoding="utf-8")
    site = root.parent / "site"
    build(root, site)
    return site


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_feed_carries_the_configured_subtitle(other_site):
    feed = read(other_site, "actualites/feed.xml")
    assert "<subtitle>Appels et rencontres de la pépinière de Thiès</subtitle>" in feed
    assert "Technopark × CGEM" not in feed.split("<entry>")[0]


def test_open_data_citation_is_the_configured_one(other_site):
    page = read(other_site, "donnees/index.html")
    assert "Répertoire des jeunes pousses de la pépinière de Thiès, données ouvertes" in page
    assert "Technopark × CGEM, données ouvertes" not in page


def test_profiles_json_ld_gives_the_configured_country(other_site):
    page = read(other_site, "startups/atlas-pay/index.html")
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(found.group(1))["address"]["addressCountry"] == "SN"


def test_site_name_and_description_come_from_directory_yml(other_site):
    page = read(other_site, "startups/atlas-pay/index.html")
    assert "<title>Atlas Pay - Répertoire des jeunes pousses</title>" in page
    assert 'property="og:site_name" content="Répertoire des jeunes pousses"' in page
    # A page without a description of its own gets the site's, from directory.yml.
    category = read(other_site, "actualites/categories/financement/index.html")
    assert (
        '<meta name="description" content="Répertoire public des jeunes pousses de la '
        'pépinière de Thiès.">' in category
    )
    head = category.split("</head>")[0]
    assert not any(old in head for old in FIRST)


def test_default_share_card_shows_the_configured_name_and_tagline(other_site, tmp_path):
    expected = ImagePipeline(tmp_path).share_card_post(
        "Répertoire des jeunes pousses",
        "Pépinière de Thiès",
        "Répertoire des jeunes pousses",
        "#1d4ed8",
    )
    page = read(other_site, "statistiques/index.html")
    image = re.search(r'property="og:image" content="[^"]*/(assets/img/og/[^"]+)"', page)
    assert image.group(1) == expected.url
    assert (other_site / expected.url).is_file()


def test_statistics_bars_take_the_configured_colour(other_site):
    page = read(other_site, "statistiques/index.html")
    assert 'fill="#1d4ed8"' in page
    assert "#0b4f71" not in page
