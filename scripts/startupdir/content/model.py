"""The data model, declared once: each field with its kind, whether it is required,
its French documentation and an example. Validated files become these frozen objects;
nothing downstream reads raw YAML again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from startupdir.content.schema import ListOf, Object, spec
from startupdir.content.schema_kinds import (
    Boolean,
    Choice,
    Country,
    Date,
    Email,
    GitHubLogin,
    Integer,
    LogoPath,
    Ref,
    Slug,
    Url,
)
from startupdir.content.schema_text import I18n, Localized, Markdown, PlainText
from startupdir.content.vocabularies import VOCABULARIES as VOCABULARIES  # the five, declared there

PROFILE_DIR = "startups"  # a profile is startups/<slug>.yml, its logo under startups/
BUSINESS_MODELS = ("b2b", "b2c", "b2b2c", "b2g")
STATUSES = ("active", "acquired", "closed")
LINK_NETWORKS = {
    "linkedin": ("linkedin.com",),
    "x": ("x.com", "twitter.com"),
    "facebook": ("facebook.com", "fb.com"),
    "instagram": ("instagram.com",),
    "youtube": ("youtube.com", "youtu.be"),
    "github": ("github.com",),
}


# ---------------------------------------------------------------------------
# Profiles


@dataclass(frozen=True, kw_only=True)
class Funding:
    round: str = spec(
        Ref("stages"),
        "Tour de financement recherché (un stade de la taxonomie)",
        required=True,
        example="seed",
    )
    amount_mad: int | None = spec(
        Integer(1, 100_000_000_000), "Montant recherché, en dirhams", example=5000000
    )


@dataclass(frozen=True, kw_only=True)
class ProgramMembership:
    id: str = spec(
        Ref("programs"),
        "Programme suivi (identifiant de la taxonomie)",
        required=True,
        example="incubation",
    )
    year: int | None = spec(
        Integer(1950, current_year_max=True), "Année d'entrée dans le programme", example=2022
    )


@dataclass(frozen=True, kw_only=True)
class Founder:
    name: str = spec(
        PlainText(80, visible=True),
        "Nom de la personne (uniquement si elle a accepté d'être citée)",
        required=True,
        example="Salma Idrissi",
        aliases=("nom",),
    )
    role: str | None = spec(
        PlainText(60, prose=True), "Fonction", example="CEO", aliases=("fonction", "poste")
    )
    linkedin: str | None = spec(
        Url(("linkedin.com",)), "Profil LinkedIn", example="https://www.linkedin.com/in/exemple"
    )


@dataclass(frozen=True, kw_only=True)
class Contact:
    email: str | None = spec(
        Email(),
        "Adresse de contact générique (contact@…, pas une personne)",
        example="contact@atlaspay.example",
    )


def _link(network: str, label: str):
    hosts = LINK_NETWORKS[network]
    return spec(Url(hosts), f"Page {label}", example=f"https://www.{hosts[0]}/atlaspay")


@dataclass(frozen=True, kw_only=True)
class Links:
    linkedin: str | None = _link("linkedin", "LinkedIn de l'entreprise")
    x: str | None = _link("x", "X (Twitter)")
    facebook: str | None = _link("facebook", "Facebook")
    instagram: str | None = _link("instagram", "Instagram")
    youtube: str | None = _link("youtube", "YouTube")
    github: str | None = _link("github", "GitHub")

    def items(self) -> list[tuple[str, str]]:
        return [(name, getattr(self, name)) for name in LINK_NETWORKS if getattr(self, name)]


@dataclass(frozen=True, kw_only=True)
class Startup:
    name: str = spec(
        PlainText(80, visible=True),
        "Nom de la startup, en texte simple",
        required=True,
        example="Atlas Pay",
        aliases=("nom",),
    )
    tagline: Localized = spec(
        I18n(PlainText(160, prose=True)),
        "Accroche d'une ligne par langue",
        required=True,
        example={"fr": "Paiement mobile pour les commerces de proximité"},
        aliases=("slogan", "accroche"),
    )
    description: Localized = spec(
        I18n(Markdown(3000)),
        "Présentation de la startup par langue",
        required=True,
        example={"fr": "Atlas Pay aide les commerçants…"},
        aliases=("presentation", "présentation"),
    )
    website: str = spec(
        Url(),
        "Site web",
        required=True,
        example="https://atlaspay.example",
        aliases=("site", "site_web", "url", "web"),
    )
    founded: int = spec(
        Integer(1950, current_year_max=True),
        "Année de création",
        required=True,
        example=2021,
        aliases=("creation", "création", "annee", "année", "fondee"),
    )
    status: str | None = spec(
        Choice(STATUSES),
        "Statut : active (par défaut), acquired (rachetée) ou closed (fermée)",
        example="active",
        aliases=("statut",),
    )
    sectors: tuple[str, ...] = spec(
        ListOf(Ref("sectors"), 1, 3),
        "Secteurs, de 1 à 3",
        required=True,
        example=["fintech"],
        aliases=("secteurs", "secteur"),
    )
    city: str = spec(
        Ref("cities"), "Ville du siège", required=True, example="capitale", aliases=("ville",)
    )
    stage: str = spec(
        Ref("stages"),
        "Stade de développement",
        required=True,
        example="seed",
        aliases=("stade", "etape", "étape"),
    )
    employees: int = spec(
        Integer(1, 100_000),
        "Nombre de salariés",
        required=True,
        example=12,
        aliases=("salaries", "salariés", "effectif", "employes", "employés"),
    )
    business_model: tuple[str, ...] = spec(
        ListOf(Choice(BUSINESS_MODELS)),
        "Modèles d'affaires",
        example=["b2b", "b2c"],
        aliases=("modele", "modèle"),
    )
    markets: tuple[str, ...] = spec(
        ListOf(Country()),
        "Pays où la startup a des clients",
        example=["SN", "FR"],
        aliases=("marches", "marchés", "pays"),
    )
    needs: tuple[str, ...] = spec(
        ListOf(Ref("needs")), "Besoins actuels", example=["financing"], aliases=("besoins",)
    )
    seeking_investment: Funding | None = spec(
        Object(Funding),
        "Présent si la startup lève des fonds en ce moment",
        example={"round": "seed", "amount_mad": 5000000},
        aliases=("levee", "levée", "investissement"),
    )
    hiring: bool | None = spec(
        Boolean(), "La startup recrute-t-elle ?", example=True, aliases=("recrute", "recrutement")
    )
    programs: tuple[ProgramMembership, ...] = spec(
        ListOf(Object(ProgramMembership)),
        "Programmes d'accompagnement suivis",
        example=[{"id": "incubation", "year": 2022}],
        aliases=("programmes",),
    )
    founders: tuple[Founder, ...] = spec(
        ListOf(Object(Founder), 0, 10),
        "Fondateurs et fondatrices qui ont accepté d'être cités",
        example=[{"name": "Salma Idrissi", "role": "CEO"}],
        aliases=("fondateurs",),
    )
    contact: Contact | None = spec(
        Object(Contact), "Contact", example={"email": "contact@atlaspay.example"}
    )
    links: Links | None = spec(
        Object(Links),
        "Réseaux sociaux (linkedin, x, facebook, instagram, youtube, github)",
        example={"linkedin": "https://www.linkedin.com/company/atlaspay"},
        aliases=("liens", "reseaux", "réseaux"),
    )
    logo: str | None = spec(
        LogoPath(), "Logo, chemin relatif à startups/", example="logos/atlas-pay.png"
    )
    maintainers: tuple[str, ...] = spec(
        ListOf(GitHubLogin(), 0, 10),
        "Comptes GitHub autorisés à modifier ce profil",
        example=["atlaspay-dev"],
        aliases=("mainteneurs",),
    )
    updated: dt.date = spec(
        Date(),
        "Date de la dernière relecture du profil (AAAA-MM-JJ)",
        required=True,
        example="2026-02-01",
        aliases=("mise_a_jour", "maj"),
    )

    # Set by the loader, not read from the file.
    slug: str = field(default="", metadata={})
    source: str = field(default="", metadata={})

    @property
    def is_active(self) -> bool:
        return self.status in (None, "active")

    @property
    def is_listed(self) -> bool:
        """Closed startups keep their page but leave indexes, counts and the explorer."""
        return self.status != "closed"

    @property
    def raising(self) -> bool:
        return self.seeking_investment is not None


# ---------------------------------------------------------------------------
# Taxonomy


@dataclass(frozen=True, kw_only=True)
class Sector:
    id: str = spec(Slug(), "Identifiant", required=True, example="fintech")
    label: Localized = spec(
        I18n(PlainText(60)), "Libellé", required=True, example={"fr": "Fintech"}
    )
    description: Localized = spec(
        I18n(PlainText(400)),
        "Description",
        required=True,
        example={"fr": "Services financiers numériques."},
    )


@dataclass(frozen=True, kw_only=True)
class City:
    id: str = spec(Slug(), "Identifiant", required=True, example="capitale")
    label: Localized = spec(
        I18n(PlainText(60)), "Libellé", required=True, example={"fr": "Capitale"}
    )
    region: str = spec(PlainText(80), "Région", required=True, example="Région capitale")


@dataclass(frozen=True, kw_only=True)
class Stage:
    id: str = spec(Slug(), "Identifiant", required=True, example="seed")
    label: Localized = spec(
        I18n(PlainText(60)), "Libellé", required=True, example={"fr": "Amorçage"}
    )
    description: Localized | None = spec(I18n(PlainText(400)), "Description")


@dataclass(frozen=True, kw_only=True)
class Need:
    id: str = spec(Slug(), "Identifiant", required=True, example="financing")
    label: Localized = spec(
        I18n(PlainText(80)), "Libellé", required=True, example={"fr": "Financement"}
    )
    description: Localized = spec(
        I18n(PlainText(400)),
        "Description",
        required=True,
        example={"fr": "Accès aux investisseurs."},
    )


@dataclass(frozen=True, kw_only=True)
class Program:
    id: str = spec(Slug(), "Identifiant", required=True, example="incubation")
    label: Localized = spec(
        I18n(PlainText(80)), "Libellé", required=True, example={"fr": "Incubation régionale"}
    )
    description: Localized = spec(
        I18n(PlainText(600)),
        "Description",
        required=True,
        example={"fr": "Programme d'incubation."},
    )
    url: str | None = spec(
        Url(), "Page du programme", example="https://incubateur.example/incubation"
    )


@dataclass(frozen=True, kw_only=True)
class Taxonomy:
    sectors: tuple[Sector, ...] = spec(ListOf(Object(Sector), 1), "Secteurs", required=True)
    cities: tuple[City, ...] = spec(ListOf(Object(City), 1), "Villes", required=True)
    stages: tuple[Stage, ...] = spec(
        ListOf(Object(Stage), 1), "Stades, du plus précoce au plus avancé", required=True
    )
    needs: tuple[Need, ...] = spec(ListOf(Object(Need), 1), "Besoins", required=True)
    programs: tuple[Program, ...] = spec(ListOf(Object(Program)), "Programmes", required=True)

    def ids(self, vocabulary: str) -> list[str]:
        return [term.id for term in getattr(self, vocabulary)]

    def get(self, vocabulary: str, term_id: str):
        for term in getattr(self, vocabulary):
            if term.id == term_id:
                return term
        raise KeyError(term_id)

    def label(self, vocabulary: str, term_id: str) -> str:
        return self.get(vocabulary, term_id).label.fr
