"""The directory's identity (name, organisation, partners, country, contacts, languages,
colour, and the lines the site prints about itself), declared in one file at the
repository root, `directory.yml`, validated like profiles and taxonomy.yml (same kinds,
same French errors). `load_directory` reads it once into `Directory.identity`; the MkDocs
plugin, `startupdir pages`, the exports, the feed and the share cards read that object.
Nothing in the package names a particular directory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from startupdir.content.schema import INVALID, Kind, ListOf, spec, worded
from startupdir.content.schema_kinds import Choice, Country, Email
from startupdir.content.schema_text import LANGUAGE_NAMES, PlainText

IDENTITY_FILE = "directory.yml"
HEX_COLOUR = re.compile(r"#[0-9a-f]{6}")


@dataclass(frozen=True)
class Colour(Kind):
    """A colour as `#rrggbb`, lower case."""

    def check(self, node, path, ctx):
        raw = self.scalar(node, path, ctx, "couleur", "ex. #0b4f71")
        if raw is INVALID:
            return raw
        if not HEX_COLOUR.fullmatch(raw):
            return ctx.error(
                node,
                path,
                f"couleur invalide « {raw[:20]} »",
                "écrivez-la en hexadécimal, six chiffres en minuscules, ex. #0b4f71",
            )
        return raw

    def json_schema(self):
        return {"type": "string", "pattern": HEX_COLOUR.pattern}

    def describe(self, lang="fr"):
        return worded(lang, "couleur hexadécimale `#rrggbb`", "hexadecimal colour `#rrggbb`")


@dataclass(frozen=True, kw_only=True)
class Identity:
    name: str = spec(
        PlainText(80, visible=True),
        "Nom de l'annuaire : titre du site, des cartes de partage et des pages",
        required=True,
        example="Annuaire des startups",
    )
    description: str = spec(
        PlainText(200, prose=True),
        "Description du site (moteurs de recherche, aperçus de partage)",
        required=True,
        example="Annuaire public des startups accompagnées par l'incubateur régional.",
    )
    name_en: str | None = spec(
        PlainText(80, visible=True),
        "Nom de l'annuaire dans son édition anglaise (/en/) ; à défaut, le nom ci-dessus",
        example="Startup directory",
    )
    description_en: str | None = spec(
        PlainText(200, prose=True),
        "Description du site dans son édition anglaise (/en/) ; à défaut, la description",
        example="Public directory of the startups supported by the regional incubator.",
    )
    organisation: str = spec(
        PlainText(120, prose=True),
        "Organisation qui publie l'annuaire",
        required=True,
        example="Incubateur régional",
    )
    partners: tuple[str, ...] = spec(
        ListOf(PlainText(120, prose=True), 0, 10),
        "Partenaires de l'annuaire",
        example=["Chambre de commerce régionale"],
    )
    country: str = spec(
        Country(),
        "Pays des startups de l'annuaire (adresse de leurs fiches pour les moteurs de recherche)",
        required=True,
        example="SN",
    )
    contact: str = spec(
        Email(),
        "Adresse de contact de l'équipe de l'annuaire",
        required=True,
        example="annuaire@incubateur.example",
    )
    press: str = spec(
        Email(),
        "Adresse de contact pour la presse (pied de page et page « À propos »)",
        required=True,
        example="presse@incubateur.example",
    )
    languages: tuple[str, ...] = spec(
        ListOf(Choice(tuple(LANGUAGE_NAMES)), 1, len(LANGUAGE_NAMES)),
        "Langues du site, la première est celle des pages et du fil d'actualités",
        required=True,
        example=["fr", "en"],
    )
    colour: str = spec(
        Colour(),
        "Couleur principale (cartes de partage des actualités et de l'accueil)",
        required=True,
        example="#0b4f71",
    )
    citation: str = spec(
        PlainText(160, prose=True),
        "Source à citer pour les données ouvertes (suivie de la date et de la licence)",
        required=True,
        example="Annuaire des startups de l'incubateur régional",
    )
    feed_subtitle: str = spec(
        PlainText(200, prose=True),
        "Sous-titre du fil d'actualités (Atom)",
        required=True,
        example="Programmes, appels à candidatures et événements de l'incubateur régional",
    )
    share_tagline: str = spec(
        PlainText(80, prose=True),
        "Ligne sous le nom de l'annuaire sur la carte de partage par défaut",
        required=True,
        example="Incubateur régional",
    )

    @property
    def language(self) -> str:
        return self.languages[0]

    def site_name(self, lang: str) -> str:
        return (self.name_en if lang == "en" else None) or self.name

    def site_description(self, lang: str) -> str:
        return (self.description_en if lang == "en" else None) or self.description
