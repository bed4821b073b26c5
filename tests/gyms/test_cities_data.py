"""The shipped city list is well formed."""

from __future__ import annotations

import json
import re
import uuid
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

CITY_NAMESPACE = uuid.UUID("6f1c1f0e-2b7a-4c39-9d7e-1b0c6a2f5e11")


def load_cities() -> list[dict[str, Any]]:
    text = resources.files("ironbase.gyms").joinpath("data/cities.json").read_text("utf-8")
    cities: list[dict[str, Any]] = json.loads(text)
    return cities


def test_cities_are_well_formed() -> None:
    cities = load_cities()
    assert len(cities) >= 100
    slugs = [c["slug"] for c in cities]
    assert slugs == sorted(slugs)
    assert len(set(slugs)) == len(slugs)
    assert len({c["id"] for c in cities}) == len(cities)
    for city in cities:
        assert set(city) == {
            "id",
            "slug",
            "name",
            "country_code",
            "time_zone",
            "latitude",
            "longitude",
        }
        assert city["id"] == str(uuid.uuid5(CITY_NAMESPACE, f"city:{city['slug']}"))
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*-[a-z]{2}", city["slug"])
        assert city["slug"].endswith("-" + city["country_code"].lower())
        assert re.fullmatch(r"[A-Z]{2}", city["country_code"])
        assert city["name"].strip()
        ZoneInfo(city["time_zone"])  # raises for an unknown zone
        assert -90 <= city["latitude"] <= 90
        assert -180 <= city["longitude"] <= 180
        assert round(city["latitude"], 4) == city["latitude"]
        assert round(city["longitude"], 4) == city["longitude"]


def test_cities_cover_every_inhabited_continent() -> None:
    zones = {c["time_zone"].split("/")[0] for c in load_cities()}
    assert {"Europe", "America", "Asia", "Africa", "Australia", "Pacific"} <= zones
