"""Export the profile and challenge declarations as JSON Schemas (draft 2020-12) for editors."""

from __future__ import annotations

from startupdir.content.challenges import Challenge
from startupdir.content.model import Startup
from startupdir.content.schema import object_schema

SCHEMA_PATH = "schema/startup.schema.json"
CHALLENGE_SCHEMA_PATH = "schema/challenge.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def startup_schema() -> dict:
    schema = {
        "$schema": DRAFT,
        "$id": "startup.schema.json",
        "title": "Profil de startup",
        "description": "Un fichier startups/<slug>.yml de l'annuaire. Les messages d'erreur "
        "détaillés viennent de « startupdir validate ».",
    }
    schema.update(object_schema(Startup))
    return schema


def challenge_schema() -> dict:
    schema = {
        "$schema": DRAFT,
        "$id": "challenge.schema.json",
        "title": "Défi d'open innovation",
        "description": "Un fichier challenges/<slug>.yml de l'annuaire. La date limite ne "
        "précède pas l'ouverture ; les messages d'erreur détaillés viennent de "
        "« startupdir validate ».",
    }
    schema.update(object_schema(Challenge))
    return schema
