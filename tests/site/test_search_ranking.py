"""Issue 15, search that serves the directory's questions: Material's search (lunr, header
field) ranks startup profiles first for names, sectors and cities; the statistics and
open-data pages are not indexed as text (their tables ran together in the index); the
contributor guide is boosted (the ranking itself is checked in Chromium, test_browser.py)."""

from __future__ import annotations

import json

EXCLUDED = ("statistiques/", "donnees/")


def indexed_pages(site) -> set[str]:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    return {doc["location"].split("#")[0] for doc in index["docs"]}


def test_statistics_and_open_data_are_left_out_of_the_search_index(built_site):
    pages = indexed_pages(built_site)
    assert "startups/atlas-pay/" in pages and "contribuer/" in pages
    for path in EXCLUDED:
        assert path not in pages


def test_the_guide_is_boosted(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    boosts = {d["location"]: d.get("boost") for d in index["docs"]}
    assert boosts["contribuer/"] == 2


def test_profiles_carry_their_sectors_and_city_as_search_tags(
    built_site, raw_profiles, raw_taxonomy
):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    tags = {d["location"]: d.get("tags") for d in index["docs"]}
    labels = {
        vocabulary: {
            t["id"]: t["label"]["fr"] if isinstance(t["label"], dict) else t["label"]
            for t in raw_taxonomy[vocabulary]
        }
        for vocabulary in ("sectors", "cities")
    }
    for slug, raw in raw_profiles.items():
        expected = [labels["sectors"][s] for s in raw["sectors"]] + [labels["cities"][raw["city"]]]
        assert tags[f"startups/{slug}/"] == expected, slug
    assert tags["secteurs/agritech/"] is None
    assert index["config"]["fields"]["tags"] == index["config"]["fields"]["title"]
