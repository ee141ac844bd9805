"""Issue 15, « Who to talk to »: the directory's contacts in the footer of every page, the
« À propos / Presse » block (key figures counted from the YAML, the announcement, contacts,
logos to download), the pinned announcement on the home page, and `press` in directory.yml."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from startupdir.content.identity import IDENTITY_FILE
from startupdir.content.reporters import as_text
from startupdir.content.validate import load_directory

ROOT = Path(__file__).parents[2]
ANNOUNCEMENT = "actualites/2026-02-03-accord-cgem-technopark/"
FOOTER = re.compile(r'<p class="sd-footer-contacts">.*?</p>', re.S)
ABOUT = re.compile(r'<section class="sd-about".*?</section>', re.S)


def read(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def identity_yaml() -> dict:
    return yaml.safe_load((ROOT / "directory.yml").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# Footer


@pytest.mark.parametrize(
    ("rel", "about"),
    [("", "a-propos/"), ("startups/atlas-pay", "../../a-propos/")],
    ids=["home", "profile"],
)
def test_every_page_footer_gives_the_contacts(built_site, rel, about):
    raw = identity_yaml()
    contact, press = raw["contact"], raw["press"]
    found = FOOTER.findall(read(built_site, rel))
    assert found == [
        f'<p class="sd-footer-contacts">Contact : <a href="mailto:{contact}">{contact}</a>'
        f' · Presse : <a href="mailto:{press}">{press}</a>'
        f' · <a href="{about}">À propos / Presse</a></p>'
    ]


def test_the_footer_is_inside_materials_footer(built_site):
    page = read(built_site, "secteurs/fintech")
    footer = page[page.index('<footer class="md-footer">') :]
    assert 'class="sd-footer-contacts"' in footer[: footer.index("</footer>")]


# ---------------------------------------------------------------------------
# « À propos / Presse »


def test_about_block_gives_the_figures_counted_from_the_yaml(built_site, raw_profiles):
    block = ABOUT.findall(read(built_site, "a-propos"))
    assert len(block) == 1
    listed = [p for p in raw_profiles.values() if p.get("status") != "closed"]
    expected = [
        (len(listed), "startups référencées"),
        (len({s for p in listed for s in p["sectors"]}), "secteurs représentés"),
        (len({p["city"] for p in listed}), "villes"),
        (sum(p["employees"] for p in listed), "emplois"),
        (sum(1 for p in listed if p.get("hiring")), "startups qui recrutent"),
        (sum(1 for p in listed if p.get("seeking_investment")), "startups qui lèvent des fonds"),
    ]
    figures = re.findall(r"<li><strong>([^<]+)</strong> <span>([^<]+)</span></li>", block[0])
    assert [(int(v.replace("\u202f", "")), label) for v, label in figures] == expected


def test_about_block_links_the_announcement_contacts_and_logos(built_site, repo_root):
    block = ABOUT.findall(read(built_site, "a-propos"))[0]
    raw = identity_yaml()
    title = "La CGEM et Technopark Morocco s&#39;allient pour les startups"
    assert (
        f'<li><a href="../{ANNOUNCEMENT}">{title}</a>'
        ' <span class="sd-muted">(3 février 2026)</span></li>'
    ) in block
    assert (
        f'<li>Équipe de l\'annuaire : <a href="mailto:{raw["contact"]}">{raw["contact"]}</a></li>'
    ) in block
    assert f'<li>Presse : <a href="mailto:{raw["press"]}">{raw["press"]}</a></li>' in block
    images = sorted(p.name for p in (repo_root / "overrides/assets/images").iterdir())
    assert images
    links = re.findall(r'<a href="\.\./assets/images/([^"]+)" download>\1</a>', block)
    assert links == images
    for name in links:
        assert (built_site / "assets/images" / name).is_file()
    assert "(PNG, 96\u00a0×\u00a096\u00a0px, " in block


def test_about_page_title_says_press(built_site):
    assert "<title>À propos / Presse - Annuaire des startups</title>" in read(
        built_site, "a-propos"
    )


# ---------------------------------------------------------------------------
# The pinned announcement on the home page


def test_the_announcement_is_pinned(repo_root):
    text = (repo_root / "content/actualites/posts/2026-02-03-accord-cgem-technopark.md").read_text(
        encoding="utf-8"
    )
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["pin"] is True


LATER = """\
---
date: 2026-{month:02d}-{day:02d}
authors: [equipe]
categories: [Programmes]
description: Nouvelle annonce numéro {n}.
---

# Annonce numéro {n}

Texte de l'annonce {n}.
"""


def test_home_links_the_pinned_announcement_with_twenty_later_posts(site_repo, build, when):
    posts = site_repo / "content/actualites/posts"
    for n in range(20):
        month, day = 6, 1 + n
        (posts / f"2026-{month:02d}-{day:02d}-annonce-{n}.md").write_text(
            LATER.format(month=month, day=day, n=n), encoding="utf-8"
        )
    site = build(site_repo, site_repo.parent / "site")
    home = read(site, "")
    latest = home[home.index('id="sd-latest-title"') : home.index('id="sd-events-title"')]
    items = re.findall(r"<li[ >].*?</li>", latest, re.S)
    assert len(items) == 3
    assert items[0].startswith(
        '<li class="sd-news__pinned"><strong class="sd-news__pin">À la une :</strong>'
        f' <a href="{ANNOUNCEMENT}">'
    )
    # then the two latest other published posts (24 November's is a draft)
    assert '<a href="actualites/2026-10-20-journees-du-financement/">' in items[1]
    assert '<a href="actualites/2026-06-20-annonce-19/">' in items[2]
    assert home.count(f'href="{ANNOUNCEMENT}"') == 1
    assert (site / "actualites/2026-06-20-annonce-19/index.html").is_file()


# ---------------------------------------------------------------------------
# `press` in directory.yml


def copy_minimal(dest: Path) -> Path:
    dest.mkdir()
    (dest / "startups").mkdir()
    for name in ("taxonomy.yml", IDENTITY_FILE):
        shutil.copy(ROOT / name, dest / name)
    return dest


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (
            "",
            "directory.yml:4:1: press: champ obligatoire « press » manquant — ajoutez-le"
            " (ex. « press: presse@incubateur.example »)",
        ),
        (
            "press: presse-annuaire\n",
            "directory.yml:13:8: press: adresse e-mail invalide « presse-annuaire »"
            " — ex. contact@exemple.ma",
        ),
    ],
    ids=["missing", "not-an-address"],
)
def test_press_is_validated_in_french(tmp_path, when, new, expected):
    root = copy_minimal(tmp_path / "repo")
    path = root / IDENTITY_FILE
    text = path.read_text(encoding="utf-8")
    old = "press: presse@annuaire.example\n"
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    directory, report = load_directory(root, when=when)
    assert directory is None
    lines = [line for line in as_text(report).splitlines() if line.startswith("directory.yml:")]
    assert lines == [expected]


def test_the_starter_identity_has_a_press_contact():
    text = (ROOT / "scripts/startupdir/init/files/directory.yml").read_text(encoding="utf-8")
    assert "\npress: presse@exemple.org\n" in text
