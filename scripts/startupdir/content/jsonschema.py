"""Export the profile declaration as a JSON Schema (draft 2020-12) for editors."""

from __future__ import annotations

from startupdir.content.model import Startup
from startupdir.content.schema import object_schema

SCHEMA_PATH = "schema/startup.schema.json"


def startup_schema() -> dict:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "startup.schema.json",
        "title": "Profil de startup",
        "description": "Un fichier startups/<slug>.yml de l'annuaire. Les messages d'erreur "
        "détaillés viennent de « startupdir validate ».",
    }
    schema.update(object_schema(Startup))
    return schema
