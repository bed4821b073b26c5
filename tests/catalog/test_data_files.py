"""The shipped catalog files (``src/ironbase/catalog/data``) pass their consistency checks."""

from __future__ import annotations

import json
from pathlib import Path

import ironbase.catalog
from ironbase.catalog.quality.files import DATA_DIR, load_catalog, validate

SHIPPED = Path(ironbase.catalog.__file__).resolve().parent / "data"


def test_the_checks_read_the_shipped_folder() -> None:
    assert DATA_DIR == SHIPPED
    assert len(load_catalog().exercises) == len(
        json.loads((SHIPPED / "exercises.json").read_text())
    )


def test_the_shipped_files_are_consistent() -> None:
    assert validate(load_catalog(SHIPPED)) == []


def test_a_broken_file_is_reported(tmp_path: Path) -> None:
    for source in SHIPPED.glob("*.json"):
        (tmp_path / source.name).write_text(source.read_text("utf-8"), "utf-8")
    grips = json.loads((tmp_path / "grips.json").read_text("utf-8"))
    grips.append(dict(grips[0]))  # the same slug twice
    (tmp_path / "grips.json").write_text(json.dumps(grips), "utf-8")
    problems = validate(load_catalog(tmp_path))
    assert any("grip" in p for p in problems)


def test_broken_life_categories_are_reported(tmp_path: Path) -> None:
    for source in SHIPPED.glob("*.json"):
        (tmp_path / source.name).write_text(source.read_text("utf-8"), "utf-8")
    categories = json.loads((tmp_path / "life_categories.json").read_text("utf-8"))
    sleep = next(c for c in categories if c["slug"] == "sleep")
    sleep["hooper"] = False
    del sleep["descriptions"]["it"]
    categories[-1]["position"] = categories[0]["position"]
    (tmp_path / "life_categories.json").write_text(json.dumps(categories), "utf-8")
    problems = validate(load_catalog(tmp_path))
    assert any("Hooper items must be exactly" in p for p in problems), problems
    assert any("descriptions: missing or empty name for locale 'it'" in p for p in problems)
    assert any("position 1 appears 2 times" in p for p in problems)
