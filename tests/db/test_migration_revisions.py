"""One Alembic revision per change, in one line: every revision file is named
``YYYY_MM_DD_HHMM-what_changes.py`` and the revision graph has one base, one head and no
branches or merges, so the order of the schema's history is never ambiguous."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

from alembic.script import ScriptDirectory

MIGRATIONS = Path(str(resources.files("ironbase") / "migrations"))
FILE_NAME = re.compile(r"(?P<stamp>\d{4}_\d{2}_\d{2}_\d{4})-[a-z0-9]+(?:_[a-z0-9]+)*\.py")


def misnamed_files(versions: Path) -> list[str]:
    """Revision files whose name is not ``YYYY_MM_DD_HHMM-what_changes.py`` with a real date."""
    wrong = []
    for path in sorted(versions.glob("*.py")):
        match = FILE_NAME.fullmatch(path.name)
        if match is None or not _is_real_time(match["stamp"]):
            wrong.append(path.name)
    return wrong


def _is_real_time(stamp: str) -> bool:
    try:
        dt.datetime.strptime(stamp, "%Y_%m_%d_%H%M")
    except ValueError:
        return False
    return True


def graph_problems(script: ScriptDirectory) -> list[str]:
    """Everything that keeps the revision graph from being a single line."""
    problems = []
    if len(heads := script.get_heads()) != 1:
        problems.append(f"{len(heads)} heads: {sorted(heads)}")
    if len(bases := script.get_bases()) != 1:
        problems.append(f"{len(bases)} bases: {sorted(bases)}")
    for revision in script.walk_revisions():
        if revision.is_branch_point:
            problems.append(f"{revision.revision} is a branch point")
        if revision.is_merge_point:
            problems.append(f"{revision.revision} is a merge point")
    return problems


def test_every_revision_file_is_named_for_its_time_and_change() -> None:
    assert misnamed_files(MIGRATIONS / "versions") == []


def test_every_revision_lives_in_a_checked_file() -> None:
    """Alembic loads only ``versions/*.py``: no revision can escape the name check."""
    script = ScriptDirectory(str(MIGRATIONS))
    paths = {Path(str(revision.path)).parent for revision in script.walk_revisions()}
    assert paths == {MIGRATIONS / "versions"}


def test_the_revision_graph_is_one_line() -> None:
    assert graph_problems(ScriptDirectory(str(MIGRATIONS))) == []


def _revision_file(versions: Path, name: str, revision: str, down: str | None) -> None:
    (versions / name).write_text(
        f"revision = {revision!r}\ndown_revision = {down!r}\n"
        "def upgrade() -> None: ...\ndef downgrade() -> None: ...\n"
    )


def test_the_checks_catch_bad_names_and_branches(tmp_path: Path) -> None:
    """The checks are not blind: two revisions on one parent and badly named files fail."""
    versions = tmp_path / "versions"
    versions.mkdir()
    _revision_file(versions, "2026_12_01_0900-base.py", "a", None)
    _revision_file(versions, "2026_12_01_0930-left.py", "b", "a")
    _revision_file(versions, "2026_13_01_0930-right.py", "c", "a")  # month 13
    _revision_file(versions, "0004_right_again.py", "d", "c")
    _revision_file(versions, "2026_12_01_1000-Bad-Name.py", "e", "d")
    assert misnamed_files(versions) == [
        "0004_right_again.py",
        "2026_12_01_1000-Bad-Name.py",
        "2026_13_01_0930-right.py",
    ]
    assert graph_problems(ScriptDirectory(str(tmp_path))) == [
        "2 heads: ['b', 'e']",
        "a is a branch point",
    ]
