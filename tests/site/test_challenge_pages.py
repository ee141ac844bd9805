"""Challenges on the site (issue 19): the matching rule on a fixed data set (order and
reasons), open/upcoming/closed by the given day, and the generated pages of both editions."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import replace

import pytest
from startupdir.site import challenges as ch
from startupdir.site import urls
from startupdir.site.pages import challenge_board, generate, generate_editions, home_blocks
from startupdir.site.views import Views

DAY = dt.date(2026, 11, 26)  # the tests' pinned today (conftest's `when`)
PAYMENT = "paiement-sans-contact-commerces"  # open until 2026-12-20
MAINTENANCE = "maintenance-predictive-usines"  # open until 2027-01-15
DELIVERY = "logistique-dernier-kilometre"  # opens on 2026-12-07
RECYCLING = "tri-dechets-recyclables"  # closed on 2026-09-30, French only


@pytest.fixture(scope="module")
def base(sample_directory):
    """A challenge restricted in stage and city, and a template startup."""
    challenge = next(c for c in sample_directory.challenges if c.slug == PAYMENT)
    challenge = replace(
        challenge,
        sectors=("fintech", "e-commerce"),
        needs=("open-innovation", "financing"),
        stages=("seed", "series-a"),
        cities=("casablanca", "rabat"),
    )
    return challenge, sample_directory.startups[0]


def startup(template, name, sectors, stage="seed", city="rabat", needs=(), status=None):
    slug = name.lower().replace("é", "e").replace(" ", "-")
    return replace(
        template,
        name=name,
        slug=slug,
        sectors=tuple(sectors),
        stage=stage,
        city=city,
        needs=tuple(needs),
        status=status,
        seeking_investment=None,
    )


@pytest.fixture(scope="module")
def fixed(base):
    challenge, template = base
    people = [
        startup(
            template, "Zeta", ["fintech", "e-commerce"], city="casablanca", needs=["financing"]
        ),
        startup(template, "Alpha", ["fintech"], needs=["financing", "open-innovation"]),
        startup(template, "Beta", ["fintech"], stage="series-a", needs=["financing"]),
        startup(template, "Gamma", ["e-commerce"], needs=["market-access", "open-innovation"]),
        startup(template, "Éclair", ["fintech"], city="casablanca"),
        startup(template, "Delta", ["fintech"], city="casablanca"),
        # Left out: acquired, closed, a city or a stage not eligible, no shared sector.
        startup(template, "Acquise", ["fintech"], status="acquired"),
        startup(template, "Fermée", ["fintech"], status="closed"),
        startup(template, "Fès Pay", ["fintech"], city="fes"),
        startup(template, "Grande", ["fintech"], stage="growth"),
        startup(template, "Santé", ["healthtech"], needs=["open-innovation"]),
    ]
    return challenge, people


def test_matching_order(fixed, taxonomy):
    challenge, people = fixed
    found = ch.matches(challenge, people, taxonomy)
    # 2 shared sectors; then 1 sector and 2 needs; 1 sector, 1 need and seeking open
    # innovation before 1 sector and 1 need; then by name, accents ignored.
    assert [m.startup.name for m in found] == ["Zeta", "Alpha", "Gamma", "Beta", "Delta", "Éclair"]


def test_matching_is_deterministic(fixed, taxonomy):
    challenge, people = fixed
    once = ch.matches(challenge, people, taxonomy)
    again = ch.matches(challenge, list(reversed(people)), taxonomy)
    assert [m.startup.slug for m in once] == [m.startup.slug for m in again]


def test_matching_reasons(fixed, taxonomy, sample_directory):
    challenge, people = fixed
    views = Views(sample_directory.taxonomy, sample_directory.startups)
    found = {m.startup.name: m for m in ch.matches(challenge, people, taxonomy)}
    texts = {name: [ch.reason_text(views, r) for r in m.reasons] for name, m in found.items()}
    assert texts["Zeta"] == [
        "même secteur : Fintech",
        "même secteur : E-commerce",
        "stade éligible : Amorçage",
        "ville éligible : Casablanca",
        "besoin commun : " + views.label("needs", "financing"),
    ]
    assert texts["Alpha"] == [
        "même secteur : Fintech",
        "stade éligible : Amorçage",
        "ville éligible : Rabat",
        "besoin commun : " + views.label("needs", "financing"),
        "cherche l'open innovation",
    ]
    assert texts["Delta"] == [
        "même secteur : Fintech",
        "stade éligible : Amorçage",
        "ville éligible : Casablanca",
    ]
    english = views.edition("en")
    assert [ch.reason_text(english, r) for r in found["Gamma"].reasons] == [
        "same sector: E-commerce",
        "eligible stage: Seed",
        "eligible city: Rabat",
        "looking for open innovation",
    ]


def test_unrestricted_challenge_and_no_open_innovation_need(fixed):
    challenge, people = fixed
    anywhere = replace(challenge, stages=(), cities=(), needs=())
    fes = next(p for p in people if p.name == "Fès Pay")
    grande = next(p for p in people if p.name == "Grande")
    assert ch.match(anywhere, fes).reasons == (ch.Reason(ch.SECTOR, "fintech"),)
    assert ch.match(anywhere, grande) is not None
    alpha = next(p for p in people if p.name == "Alpha")
    # A taxonomy without the open-innovation need: seeking it does not count.
    assert not ch.match(anywhere, alpha, open_innovation=False).seeks
    assert ch.match(anywhere, alpha).seeks


def test_states_on_a_fixed_day(sample_directory, when):
    assert when == DAY
    board = challenge_board(sample_directory, DAY)
    assert [c.slug for c in board.open] == [PAYMENT, MAINTENANCE]  # soonest deadline first
    assert [c.slug for c in board.upcoming] == [DELIVERY]
    assert [c.slug for c in board.closed] == [RECYCLING]
    later = challenge_board(sample_directory, dt.date(2026, 12, 21))
    assert [c.slug for c in later.open] == [MAINTENANCE, DELIVERY]
    assert [c.slug for c in later.closed] == [PAYMENT, RECYCLING]
    # Open on its deadline, closed the day after.
    assert PAYMENT in [
        c.slug for c in challenge_board(sample_directory, dt.date(2026, 12, 20)).open
    ]


def test_days_left_labels(sample_directory):
    views = Views(sample_directory.taxonomy, sample_directory.startups)
    payment = next(c for c in sample_directory.challenges if c.slug == PAYMENT)
    labels = {}
    for day in (DAY, dt.date(2026, 12, 19), dt.date(2026, 12, 20), dt.date(2026, 12, 21)):
        board = challenge_board(sample_directory, day)
        labels[day] = (
            ch.item(views, board, payment).when,
            ch.item(views.edition("en"), board, payment).when,
        )
    assert list(labels.values()) == [
        ("J-24", "24 days left"),
        ("J-1", "1 day left"),
        ("Dernier jour", "Last day"),
        ("clos le 20 décembre 2026", "closed on 20 December 2026"),
    ]
    delivery = next(c for c in sample_directory.challenges if c.slug == DELIVERY)
    assert (
        ch.item(views, challenge_board(sample_directory, DAY), delivery).when
        == "ouvre le 7 décembre 2026"
    )


# ---------------------------------------------------------------------------
# The generated pages


@pytest.fixture(scope="module")
def editions(sample_directory):
    views = Views(sample_directory.taxonomy, sample_directory.startups)
    pages = generate_editions(views.editions(), sample_directory, today=DAY)
    return {p.src_uri: p for p in pages}


def test_challenge_pages_in_both_editions(editions, sample_directory):
    for lang in ("fr", "en"):
        assert urls.challenges_source(lang) in editions
        for challenge in sample_directory.challenges:
            assert urls.challenge_source(challenge.slug, lang) in editions
    assert urls.challenges_source("en") == "en/challenges/index.md"


def test_list_order_and_sections(editions, parse_html):
    doc = parse_html(editions["defis/index.md"].body)
    links = [a.attrs["href"] for a in doc.find_all("a") if "/defis/" in a.attrs.get("href", "")]
    order = [href.rstrip("/").rsplit("/", 1)[-1] for href in links]
    assert order == [PAYMENT, MAINTENANCE, DELIVERY, RECYCLING]
    body = editions["defis/index.md"].body
    assert (
        "J-24" in body
        and "ouvre le 7 décembre 2026" in body
        and "clos le 30 septembre 2026" in body
    )
    assert "Preuve de concept" in body and "Pilote" in body and "Contrat" in body and "Prix" in body
    assert 'data-sectors="fintech e-commerce" data-format="poc"' in body
    assert "assets/javascripts/challenges.js" in body
    english = editions["en/challenges/index.md"].body
    assert "24 days left" in english and "Proof of concept" in english
    # A title without English: French, marked, with « (in French) ».
    assert 'lang="fr">Tri des déchets recyclables' in english and "(in French)" in english


def test_challenge_page(editions, parse_html):
    page = editions[f"defis/{MAINTENANCE}.md"]
    body = page.body
    assert page.title == "Maintenance prédictive des lignes de production"
    assert "Atlas Industries (exemple fictif)" in body
    assert "<em>Défi fictif, publié à titre d" in body  # the problem, as Markdown
    assert "<li>lit les données des capteurs existants" in body
    assert "Startups qui peuvent répondre" in body and "Comment les startups sont retenues" in body
    assert 'href="https://atlas-industries.example/defis/maintenance"' in body
    doc = parse_html(body)
    names = [
        a.text for a in doc.find_all("a") if "/startups/" in a.attrs.get("href", "") and a.text
    ]
    assert names == ["Masnaa IoT", "Nour Vision", "Fellah Data", "Darija AI", "Gharsa Robotics"]
    assert "même secteur : Industrie 4.0" in body and "cherche l&#39;open innovation" in body
    payment = editions[f"defis/{PAYMENT}.md"].body
    assert 'href="mailto:defis@banque-exemple.example"' in payment
    assert "ville éligible : Casablanca" in payment
    closed = editions[f"defis/{RECYCLING}.md"].body
    assert "Les candidatures sont closes." in closed and "souss-emballages.example" not in closed


def test_matches_paged_beyond_the_page_size(sample_directory, monkeypatch):
    monkeypatch.setattr(ch, "MATCH_PAGE_SIZE", 2)
    views = Views(sample_directory.taxonomy, sample_directory.startups)
    board = challenge_board(sample_directory, DAY)
    pages = {p.src_uri: p for p in generate(views, board=board)}
    first = pages[f"defis/{MAINTENANCE}.md"].body
    assert f"defis/{MAINTENANCE}.md" in pages
    assert f"defis/{MAINTENANCE}/page/2.md" in pages and f"defis/{MAINTENANCE}/page/3.md" in pages
    assert f"defis/{MAINTENANCE}/page/4.md" not in pages
    assert f'href="../../defis/{MAINTENANCE}/page/2/"' in first and 'rel="next"' in first
    third = pages[f"defis/{MAINTENANCE}/page/3.md"]
    assert third.title == "Maintenance prédictive des lignes de production : startups, page 3"
    assert 'start="5"' in third.body and "Gharsa Robotics" in third.body
    assert (
        urls.twin_source(f"defis/{MAINTENANCE}/page/3.md")
        == f"en/challenges/{MAINTENANCE}/page/3.md"
    )


def test_profiles_sectors_and_home_list_open_challenges(editions, sample_directory):
    atlas = editions["startups/atlas-pay.md"].body
    assert "Défis ouverts pour vous" in atlas and f'href="../../defis/{PAYMENT}/"' in atlas
    # Not for a startup that matches only closed or upcoming challenges.
    assert "Défis ouverts pour vous" not in editions["startups/rihla-move.md"].body
    assert "Défis ouverts pour vous" not in editions["startups/sahara-solar.md"].body
    english = editions["en/startups/atlas-pay.md"].body
    assert "Open challenges for you" in english and f"en/challenges/{PAYMENT}/" in english
    fintech = editions["secteurs/fintech.md"].body
    assert "Défis ouverts dans ce secteur" in fintech and f"defis/{PAYMENT}/" in fintech
    assert "Défis ouverts dans ce secteur" not in editions["secteurs/cleantech.md"].body  # closed
    assert "Défis" not in editions["villes/rabat.md"].body
    views = Views(sample_directory.taxonomy, sample_directory.startups)
    board = challenge_board(sample_directory, DAY)
    figures = home_blocks(views, board=board)["<!-- startupdir:chiffres -->"]
    assert "2 défis ouverts" in figures and "prochaine date limite : 20 décembre 2026" in figures
    assert f'href="defis/{PAYMENT}/"' in figures
    english = home_blocks(views.edition("en"), base="../", board=board)[
        "<!-- startupdir:chiffres -->"
    ]
    assert "2 open challenges" in english and "next deadline: 20 December 2026" in english
    assert 'href="../en/challenges/"' in english
    none = challenge_board(sample_directory, dt.date(2028, 1, 1))
    assert "Aucun défi ouvert" in home_blocks(views, board=none)["<!-- startupdir:chiffres -->"]


def test_without_board_no_challenge(sample_directory):
    views = Views(sample_directory.taxonomy, sample_directory.startups)
    assert not [p for p in generate(views) if p.src_uri.startswith("defis/")]
    assert "défis" not in home_blocks(views)["<!-- startupdir:chiffres -->"]


def test_links_of_challenge_pages_point_to_pages(editions, parse_html):
    known = {p.url for p in editions.values()} | {"", "en/"}
    for src, page in editions.items():
        if not (src.startswith("defis/") or src.startswith("en/challenges/")):
            continue
        base = page.url
        for a in parse_html(page.body).find_all("a"):
            href = a.attrs.get("href", "")
            if href.startswith(("http", "mailto:")):
                continue
            target = posixpath.normpath(posixpath.join(base, href)) + "/"
            assert target.lstrip("./") in known or target == "./", (src, href)
