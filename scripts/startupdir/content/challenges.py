"""Open-innovation challenges (issue 19), declared once like profiles: a company
publishes a need in ``challenges/<slug>.yml``; the directory shows which startups can
answer it. Validated files become frozen ``Challenge`` objects (loaded by
``validate.load_directory``); nothing here reads the clock: the day is always given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from startupdir.content.model import Contact
from startupdir.content.schema import INVALID, Context, Kind, ListOf, Object, spec, worded
from startupdir.content.schema_kinds import (
    Choice,
    Date,
    Email,
    GitHubLogin,
    LogoPath,
    Ref,
    Url,
)
from startupdir.content.schema_text import I18n, Localized, Markdown, PlainText
from startupdir.content.typos import corrected_url
from startupdir.content.yamltree import Node

CHALLENGE_DIR = "challenges"  # a challenge is challenges/<slug>.yml
FORMATS = ("poc", "pilot", "contract", "prize", "partnership")
# The states of a challenge on a given day.
UPCOMING, OPEN, CLOSED = "upcoming", "open", "closed"

APPLY_HINT = (
    "écrivez une adresse web complète en https:// ou une adresse e-mail "
    "(ex. https://exemple.ma/defis ou defis@exemple.ma)"
)


@dataclass(frozen=True)
class ApplyAddress(Kind):
    """Where to apply: an https:// address, or an e-mail address."""

    def check(self, node, path, ctx):
        raw = self.scalar(node, path, ctx, "adresse", APPLY_HINT)
        if raw is INVALID:
            return raw
        value = raw.strip()
        lowered = value.lower()
        if lowered.startswith(("http://", "https://")) or corrected_url(value) is not None:
            url = Url().check(node, path, ctx)  # its own located messages (and typo fixes)
            if url is INVALID or url.lower().startswith("https://"):
                return url
            return ctx.error(
                node,
                path,
                f"adresse de candidature en http:// refusée « {value[:60]} »",
                "écrivez-la en https:// : une candidature transmet des données personnelles",
            )
        if "@" in value and ":" not in value:
            return Email().check(node, path, ctx)
        return ctx.error(
            node, path, f"adresse de candidature invalide « {value[:60]} »", APPLY_HINT
        )

    def json_schema(self):
        return {
            "type": "string",
            "maxLength": 300,
            "anyOf": [
                {"format": "uri", "pattern": "^https://"},
                {"format": "email", "pattern": "^[^@\\s:]+@[^@\\s:]+$"},
            ],
        }

    def describe(self, lang="fr"):
        return worded(
            lang,
            "adresse web en https:// ou adresse e-mail",
            "https:// web address or e-mail address",
        )


@dataclass(frozen=True, kw_only=True)
class Company:
    name: str = spec(
        PlainText(80, visible=True),
        "Nom de l'entreprise qui publie le défi",
        required=True,
        example="Groupe Exemple",
        aliases=("nom",),
    )
    website: str | None = spec(
        Url(), "Site web de l'entreprise", example="https://groupe.example", aliases=("site",)
    )
    logo: str | None = spec(
        LogoPath(),
        "Logo de l'entreprise, chemin relatif à startups/ (image dans startups/logos/)",
        example="logos/groupe-exemple.png",
    )


@dataclass(frozen=True, kw_only=True)
class Challenge:
    title: Localized = spec(
        I18n(PlainText(120, prose=True)),
        "Titre du défi par langue",
        required=True,
        example={"fr": "Maintenance prédictive des lignes de production"},
        aliases=("titre",),
    )
    company: Company = spec(
        Object(Company),
        "Entreprise qui publie le défi",
        required=True,
        example={"name": "Groupe Exemple", "website": "https://groupe.example"},
        aliases=("entreprise", "societe", "société"),
    )
    summary: Localized = spec(
        I18n(PlainText(160, prose=True)),
        "Résumé d'une ligne par langue",
        required=True,
        example={"fr": "Anticiper les pannes des machines à partir de leurs capteurs"},
        aliases=("resume", "résumé", "accroche"),
    )
    problem: Localized = spec(
        I18n(Markdown(3000)),
        "Le problème à résoudre, par langue",
        required=True,
        example={"fr": "Nos lignes de production s'arrêtent…"},
        aliases=("probleme", "problème", "description"),
    )
    sectors: tuple[str, ...] = spec(
        ListOf(Ref("sectors"), 1, 3),
        "Secteurs du défi, de 1 à 3",
        required=True,
        example=["industry"],
        aliases=("secteurs", "secteur"),
    )
    needs: tuple[str, ...] = spec(
        ListOf(Ref("needs")),
        "Besoins des startups auxquels le défi répond",
        example=["open-innovation"],
        aliases=("besoins",),
    )
    stages: tuple[str, ...] = spec(
        ListOf(Ref("stages")),
        "Stades éligibles, tous quand le champ est absent",
        example=["seed", "series-a"],
        aliases=("stades", "stade"),
    )
    cities: tuple[str, ...] = spec(
        ListOf(Ref("cities")),
        "Villes éligibles, partout quand le champ est absent",
        example=["capitale"],
        aliases=("villes", "ville"),
    )
    format: str = spec(
        Choice(FORMATS),
        "Forme de la collaboration : poc (preuve de concept), pilot (pilote), contract "
        "(contrat), prize (prix) ou partnership (partenariat)",
        required=True,
        example="pilot",
        aliases=("forme", "type"),
    )
    reward: Localized | None = spec(
        I18n(PlainText(200, prose=True)),
        "Ce que gagne la startup retenue, par langue",
        example={"fr": "Pilote rémunéré de six mois"},
        aliases=("recompense", "récompense", "prix"),
    )
    opens: dt.date = spec(
        Date(not_future=False),
        "Date d'ouverture des candidatures (AAAA-MM-JJ)",
        required=True,
        example="2026-11-01",
        aliases=("ouverture", "debut", "début"),
    )
    deadline: dt.date = spec(
        Date(not_future=False),
        "Date limite de candidature, incluse, au plus tôt la date d'ouverture (AAAA-MM-JJ)",
        required=True,
        example="2027-01-15",
        aliases=("date_limite", "echeance", "échéance", "fin"),
    )
    apply: str = spec(
        ApplyAddress(),
        "Où candidater : page web en https:// ou adresse e-mail",
        required=True,
        example="https://groupe.example/defis",
        aliases=("candidature", "candidater"),
    )
    program: str | None = spec(
        Ref("programs"),
        "Programme de la taxonomie qui porte le défi",
        example="open-innovation-challenge",
        aliases=("programme",),
    )
    contact: Contact | None = spec(
        Object(Contact), "Contact", example={"email": "defis@groupe.example"}
    )
    updated: dt.date = spec(
        Date(),
        "Date de la dernière relecture du défi (AAAA-MM-JJ)",
        required=True,
        example="2026-11-02",
        aliases=("mise_a_jour", "maj"),
    )
    maintainers: tuple[str, ...] = spec(
        ListOf(GitHubLogin(), 0, 10),
        "Comptes GitHub autorisés à modifier ce défi",
        example=["groupe-exemple"],
        aliases=("mainteneurs",),
    )

    # Set by the loader, not read from the file.
    slug: str = field(default="", metadata={})
    source: str = field(default="", metadata={})

    def state(self, day: dt.date) -> str:
        """UPCOMING before ``opens``, OPEN from ``opens`` to ``deadline`` (both
        included), CLOSED after: a closed challenge stays published."""
        if day < self.opens:
            return UPCOMING
        return OPEN if day <= self.deadline else CLOSED

    def is_open(self, day: dt.date) -> bool:
        return self.state(day) == OPEN

    def days_left(self, day: dt.date) -> int:
        """Days from ``day`` to the deadline (0 on the deadline, negative after it)."""
        return (self.deadline - day).days


def check_dates(challenge: Challenge, node: Node, ctx: Context):
    """The deadline is on or after the opening date; else a problem on the deadline's line."""
    if challenge.deadline >= challenge.opens:
        return challenge
    where = next((v for k, v in node.items if k.value == "deadline"), node)
    opens = challenge.opens.isoformat()
    return ctx.error(
        where,
        "deadline",
        f"date limite {challenge.deadline.isoformat()} antérieure à l'ouverture ({opens})",
        f"indiquez une date limite le {opens} ou après, ou corrigez « opens »",
    )


def logo_node(node: Node) -> Node | None:
    """The node of ``company.logo`` in a challenge file's tree, for locating its problems."""
    company = next((v for k, v in node.items if k.value == "company"), None)
    if company is None or company.kind != "mapping":
        return None
    return next((v for k, v in company.items if k.value == "logo"), None)
