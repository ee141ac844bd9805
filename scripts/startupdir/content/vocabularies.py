"""The five vocabularies of taxonomy.yml, named once: the taxonomy list, the profile
field that refers to it, the URL folder, the French nouns and the explorer's facet key.
Every other place (schema messages, URLs, page titles, explorer, staff report) derives
from this declaration."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Vocabulary:
    id: str  # list of taxonomy.yml, and the name used in code
    field: str  # profile field holding one id, a list of ids or a list of {id: …}
    folder: str  # URL segment of its index and term pages
    title: str  # French plural, as a page title
    noun: str  # French singular, lower case
    feminine: bool
    facet: str  # key of its facet in the explorer's JSON

    @property
    def this(self) -> str:
        """« ce secteur », « cette ville »."""
        return ("cette " if self.feminine else "ce ") + self.noun

    def members(self, startup) -> tuple[str, ...]:
        """The ids of this vocabulary a startup belongs to."""
        value = getattr(startup, self.field)
        if isinstance(value, str):
            return (value,)
        return tuple(getattr(item, "id", item) for item in value)


VOCABULARIES: dict[str, Vocabulary] = {
    v.id: v
    for v in (
        Vocabulary("sectors", "sectors", "secteurs", "Secteurs", "secteur", False, "s"),
        Vocabulary("cities", "city", "villes", "Villes", "ville", True, "c"),
        Vocabulary("stages", "stage", "stades", "Stades", "stade", False, "g"),
        Vocabulary("needs", "needs", "besoins", "Besoins", "besoin", False, "n"),
        Vocabulary("programs", "programs", "programmes", "Programmes", "programme", False, "p"),
    )
}
