"""Removed profiles: their URL keeps answering, with a page that says the profile was removed.

``removed.yml`` at the repository root lists each removed slug with the date and a reason
category, and nothing else (no name: a startup that asked to leave is not named again).
Links from elsewhere (press articles, partners' pages) then land on an explanation instead
of a silent "page not found". A slug listed there must not also have a profile.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from startupdir.content.clock import today
from startupdir.content.load import read_file
from startupdir.content.model import PROFILE_DIR
from startupdir.content.problems import Problem
from startupdir.content.schema import INVALID, Context, ListOf, Object, check_object, spec
from startupdir.content.schema_kinds import Choice, Date, Slug
from startupdir.content.yamltext import YamlProblem
from startupdir.content.yamltree import Node

REMOVED_FILE = "removed.yml"

# Reason category -> how the page says it (after "retiré de l'annuaire le <date>, ").
REASONS = {
    "request": "à la demande de la startup",
    "closed": "la startup ayant cessé son activité",
    "duplicate": "car il faisait doublon avec un autre profil",
    "renamed": "la startup ayant changé de nom",
    "inaccurate": "ses informations n'ayant pas pu être vérifiées",
    "other": "sur décision de l'équipe de l'annuaire",
}


@dataclass(frozen=True, kw_only=True)
class RemovedProfile:
    slug: str = spec(Slug(), "Identifiant du profil retiré", required=True, example="ancien-souk")
    date: dt.date = spec(
        Date(), "Date du retrait (AAAA-MM-JJ)", required=True, example="2026-03-10"
    )
    reason: str = spec(
        Choice(tuple(REASONS)),
        "Motif : " + ", ".join(REASONS),
        required=True,
        example="request",
        aliases=("motif", "raison"),
    )
    replaced_by: str | None = spec(
        Slug(), "Profil qui le remplace (doublon, changement de nom)", example="nouveau-souk"
    )

    @property
    def src_uri(self) -> str:
        """The page kept at the profile's old URL."""
        return f"{PROFILE_DIR}/{self.slug}.md"

    @property
    def reason_text(self) -> str:
        """How the page says why (after "retiré de l'annuaire le <date>, ")."""
        return REASONS.get(self.reason, REASONS["other"])


@dataclass(frozen=True, kw_only=True)
class RemovedList:
    removed: tuple[RemovedProfile, ...] = spec(
        ListOf(Object(RemovedProfile)), "Profils retirés", required=True
    )


def _entry_nodes(root: Node) -> list[Node]:
    for key, value in root.items if root.kind == "mapping" else ():
        if key.value == "removed" and value.kind == "sequence":
            return value.items
    return []


def _field_node(entry: Node, name: str) -> Node:
    for key, value in entry.items if entry.kind == "mapping" else ():
        if key.value == name:
            return value
    return entry


def load_removed(
    root: Path, when: dt.date | None = None
) -> tuple[list[RemovedProfile], list[Problem]]:
    """The removed profiles and every problem of removed.yml (none when it is absent)."""
    path = Path(root) / REMOVED_FILE
    if not path.is_file():
        return [], []
    ctx = Context(REMOVED_FILE, None, when or today(), Path(root))
    try:
        node, soft = read_file(path)
    except YamlProblem as exc:
        return [], [Problem(REMOVED_FILE, exc.line, exc.col, exc.field, exc.message, exc.hint)]
    except RecursionError:
        return [], [Problem(REMOVED_FILE, 1, 1, "", "structure trop profonde", "")]
    problems = [Problem(REMOVED_FILE, e.line, e.col, e.field, e.message, e.hint) for e in soft]
    value = check_object(RemovedList, node, "", ctx)
    problems += ctx.problems
    if value is INVALID:
        return [], problems
    entries = list(value.removed)
    nodes = _entry_nodes(node)
    seen: dict[str, int] = {}
    for index, (entry, entry_node) in enumerate(zip(entries, nodes, strict=False)):
        where = f"removed[{index}]"
        slug_node = _field_node(entry_node, "slug")
        if entry.slug in seen:
            problems.append(
                Problem(
                    REMOVED_FILE,
                    slug_node.line,
                    slug_node.col,
                    f"{where}.slug",
                    f"« {entry.slug} » est déjà listé (entrée {seen[entry.slug] + 1})",
                    "gardez une seule entrée par profil retiré",
                )
            )
        seen.setdefault(entry.slug, index)
        profile = Path(root) / PROFILE_DIR / f"{entry.slug}.yml"
        if profile.exists():
            problems.append(
                Problem(
                    REMOVED_FILE,
                    slug_node.line,
                    slug_node.col,
                    f"{where}.slug",
                    f"le profil « {entry.slug} » est listé comme retiré mais "
                    f"{PROFILE_DIR}/{entry.slug}.yml existe encore",
                    f"supprimez {PROFILE_DIR}/{entry.slug}.yml, ou retirez cette entrée "
                    "si le profil revient dans l'annuaire",
                )
            )
        if entry.replaced_by:
            node_r = _field_node(entry_node, "replaced_by")
            target = Path(root) / PROFILE_DIR / f"{entry.replaced_by}.yml"
            if entry.replaced_by == entry.slug or not target.is_file():
                problems.append(
                    Problem(
                        REMOVED_FILE,
                        node_r.line,
                        node_r.col,
                        f"{where}.replaced_by",
                        f"profil de remplacement introuvable : {PROFILE_DIR}/{entry.replaced_by}.yml",
                        "indiquez l'identifiant d'un profil existant, ou supprimez ce champ",
                    )
                )
    return entries, problems


def tombstones(entries, root: Path) -> tuple[RemovedProfile, ...]:
    """The removed profiles that get a page at their old URL: one per slug that has no
    profile, in slug order (the Directory carries them; pages never read removed.yml)."""
    kept: dict[str, RemovedProfile] = {}
    for entry in sorted(entries, key=lambda e: e.slug):
        if entry.slug in kept or (Path(root) / PROFILE_DIR / f"{entry.slug}.yml").exists():
            continue
        kept[entry.slug] = entry
    return tuple(kept.values())


def removed_pages(root: Path, when: dt.date | None = None) -> tuple[RemovedProfile, ...]:
    """Read removed.yml for its tombstones (validation's list of the site's sources)."""
    return tombstones(load_removed(root, when)[0], root)
