"""`startupdir preview-summary`: what a pull request changes, as its reviewers will see it.

For each profile or post the pull request adds or changes (compared with the base branch
from their common ancestor, as `check-changes` does), the job summary shows its key facts,
where its share card is in the built site, and its validation errors in French with their
lines. Run after `startupdir build` and the upload of the built site as an artifact.

A job summary cannot show an image from an artifact, nor a ``data:`` image (GitHub strips
``data:`` addresses from rendered Markdown): the summary links the artifact (a zip of the
built site) and gives each card's path inside it, next to the page to open.

Every value comes from the pull request (a fork's files): it is written as escaped
Markdown text or inside a code block, never as Markdown of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from startupdir.content.clock import today
from startupdir.content.model import Startup
from startupdir.content.posts import EN_POSTS_DIR, POSTS_DIR
from startupdir.content.problems import Problem, Report, one_line
from startupdir.content.validate import load_directory
from startupdir.site import urls
from startupdir.site.i18n import catalogue
from startupdir.staff.ownership import PROFILE, Change, changed_files

POST = re.compile(rf"^(?:{re.escape(POSTS_DIR)}|{re.escape(EN_POSTS_DIR)})/[^/\n]+\.md$")
MAX_ITEMS = 50  # a job summary holds 1 MiB at most
STATUS = {"A": "ajouté", "M": "modifié", "T": "modifié", "D": "supprimé"}
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")
ARTIFACT_URL = re.compile(
    r"https://[A-Za-z0-9.-]+/[A-Za-z0-9._~/%?=&-]*"
)  # actions/upload-artifact
_OG_IMAGE = re.compile(r"<meta\s+property=\"og:image\"\s+content=\"([^\"]+)\"")


def text(value: object) -> str:
    """An untrusted value as Markdown text: one line, every Markdown character escaped."""
    return _MARKDOWN.sub(r"\\\1", one_line(str(value)))


def code_block(lines: list[str]) -> list[str]:
    listing = "\n".join(lines)
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", listing)), default=0))
    return [f"{fence}text", listing, fence]


@dataclass
class Item:
    """One changed profile or post: its facts (label, value), card, page and errors."""

    path: str
    status: str
    kind: str  # "profil", "actualité" or "version anglaise"
    facts: list[tuple[str, str]] = field(default_factory=list)
    page: str = ""  # the page in the built site, when it has one
    card: str = ""  # the share card's path in the built site
    note: str = ""
    problems: list[Problem] = field(default_factory=list)


def preview_items(changes: list[Change]) -> list[Item]:
    items = []
    for change in changes:
        if PROFILE.fullmatch(change.path):
            kind = "profil"
        elif POST.fullmatch(change.path):
            kind = "version anglaise" if change.path.startswith(EN_POSTS_DIR) else "actualité"
        else:
            continue
        items.append(Item(change.path, STATUS.get(change.status, "modifié"), kind))
    return items


def startup_facts(startup: Startup, taxonomy) -> list[tuple[str, str]]:
    tr = catalogue("fr")
    facts = [
        ("Nom", startup.name),
        ("Accroche", startup.tagline.fr),
        (
            tr.t("profile.sector.other"),
            ", ".join(taxonomy.label("sectors", s) for s in startup.sectors),
        ),
        (tr.t("profile.city"), taxonomy.label("cities", startup.city)),
        (tr.t("profile.stage"), taxonomy.label("stages", startup.stage)),
        (tr.t("profile.founded"), str(startup.founded)),
        (tr.t("profile.employees"), tr.number(startup.employees)),
        (tr.t("profile.website"), startup.website),
    ]
    if startup.seeking_investment:
        funding = startup.seeking_investment
        amount = f", {tr.amount(funding.amount_mad)}" if funding.amount_mad else ""
        facts.append((tr.t("profile.raising"), taxonomy.label("stages", funding.round) + amount))
    if startup.hiring:
        facts.append((tr.t("profile.hiring"), tr.t("answer.yes")))
    if not startup.is_active:
        facts.append((tr.t("profile.status"), tr.t(f"status.{startup.status}")))
    facts.append(("Mise à jour", startup.updated.isoformat()))
    return facts


def post_facts(post, when: dt.date) -> tuple[list[tuple[str, str]], str]:
    meta = post.meta
    facts = [
        ("Titre", post.title),
        ("Date", meta.date.isoformat()),
        ("Résumé", meta.description),
        ("Catégories", ", ".join(meta.categories)),
    ]
    if meta.startups:
        facts.append(("Startups", ", ".join(meta.startups)))
    if meta.draft:
        note = "Brouillon (`draft: true`) : publié nulle part tant que cette ligne reste."
    elif meta.date > when:
        note = f"Programmé : paraîtra à la première construction du site à partir du {meta.date.isoformat()}."
    else:
        note = "Publié dès la fusion de cette pull request."
    return facts, note


def card_of(site_dir: Path, page: str) -> str:
    """The share card of a built page (its og:image), as a path in the built site."""
    html_file = site_dir / page / "index.html"
    if not html_file.is_file():
        return ""
    found = _OG_IMAGE.search(html_file.read_text(encoding="utf-8", errors="replace"))
    if not found:
        return ""
    name = PurePosixPath(urlsplit(found.group(1)).path).name
    for candidate in sorted(site_dir.rglob(name)) if name else ():
        return candidate.relative_to(site_dir).as_posix()
    return ""


def describe(items: list[Item], root: Path, site_dir: Path | None, when: dt.date) -> Report:
    """Fill each item's facts, page, card and errors; the whole validation report back."""
    directory, report = load_directory(root, when=when)
    for item in items:
        item.problems = [p for p in report.sorted() if p.file == item.path]
    if directory is None:
        return report
    startups = {s.source: s for s in directory.startups}
    posts = {p.source: p for p in directory.posts}
    english = {p.english.source: p for p in directory.posts if p.english}
    for item in items:
        if item.status == "supprimé":
            continue
        if item.path in startups:
            startup = startups[item.path]
            item.facts = startup_facts(startup, directory.taxonomy)
            item.page = urls.startup(startup.slug)
        elif item.path in posts:
            post = posts[item.path]
            item.facts, item.note = post_facts(post, when)
            item.page = post.url if post.published(when) else ""
        elif item.path in english:
            post = english[item.path]
            item.facts = [("Actualité", post.title), ("Résumé", post.english.description)]
            item.page = post.english_url if post.published(when) else ""
        if item.page and site_dir is not None:
            item.card = card_of(site_dir, item.page)
    return report


def summary_markdown(
    items: list[Item], report: Report, site_dir: Path | None, artifact_url: str = ""
) -> str:
    lines = ["", "### Aperçu des profils et actualités modifiés", ""]
    if not ARTIFACT_URL.fullmatch(artifact_url):
        artifact_url = ""
    built = site_dir is not None and (site_dir / "index.html").is_file()
    if not items:
        lines.append("Cette demande ne touche aucun profil ni aucune actualité.")
    elif built and artifact_url:
        lines.append(
            f"Le site construit est joint à cette vérification : [télécharger le site]({artifact_url})"
            " (archive zip ; ouvrez les pages indiquées ci-dessous). GitHub n'affiche pas dans ce"
            " résumé les images d'une archive : chaque carte de partage y est donnée par son chemin."
        )
    elif built:
        lines.append("Le site construit est joint à cette vérification (artefact « site »).")
    elif site_dir is not None:
        lines.append(
            "Le site n'a pas été construit : voyez les erreurs ci-dessous et l'étape"
            " « Construire le site (strict) »."
        )
    for item in items[:MAX_ITEMS]:
        lines += [
            "",
            f"#### {item.kind.capitalize()} `{item.path.replace('`', '')}` ({item.status})",
            "",
        ]
        if item.facts:
            lines += ["| | |", "| --- | --- |"]
            lines += [f"| {label} | {text(value)} |" for label, value in item.facts]
            if item.page:
                lines.append(f"| Page | `{item.page}index.html` |")
            if item.card:
                lines.append(f"| Carte de partage | `{item.card}` |")
            lines.append("")
        if item.note:
            lines += [item.note, ""]
        if item.problems:
            count = len(item.problems)
            lines.append(
                f"**{count} erreur{'s' if count > 1 else ''}** (fichier:ligne:colonne), à corriger"
                " dans le fichier de la pull request :"
            )
            lines += ["", *code_block([p.as_text() for p in item.problems])]
        elif item.status != "supprimé" and not item.facts:
            lines.append("Aucune erreur dans ce fichier.")
    if len(items) > MAX_ITEMS:
        lines += ["", f"… et {len(items) - MAX_ITEMS} autres fichiers (voir la validation)."]
    mine = {item.path for item in items}
    others = [p for p in report.sorted() if p.file not in mine]
    if others:
        lines += ["", f"Autres erreurs, hors de ces fichiers : {len(others)} (voir la validation)."]
    return "\n".join(lines) + "\n"


def preview_summary(
    root: Path, base: str, site_dir: Path | None = None, artifact_url: str = ""
) -> str:
    """The job summary of a pull request (UsageError on a bad or unknown base)."""
    items = preview_items(changed_files(root, base, renames=False))
    report = describe(items, root, site_dir, today()) if items else Report()
    return summary_markdown(items, report, site_dir, artifact_url)
