"""``ironbase programs check``: the invariant checker on every stored program.

Programs are read in pages by id, each page in its own short transaction as service_role
(every person's programs), and checked in a worker thread while no transaction is open.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ironbase.db.setup import DatabaseTarget
from ironbase.db.system import system_tx
from ironbase.models.programs import ProgramCreator
from ironbase.programs import repository as repo
from ironbase.programs.generator import codec
from ironbase.programs.service import check_stored, in_worker

PAGE = 100


@dataclass(frozen=True, slots=True)
class Failed:
    """A stored program the checker refuses, with the invariants it breaks."""

    program_id: uuid.UUID
    user_id: uuid.UUID
    title: str
    invariants: tuple[int, ...]
    first_failure: str


@dataclass(frozen=True, slots=True)
class Checked:
    programs: int
    failed: tuple[Failed, ...]


def _check(row: Mapping[str, Any]) -> Failed | None:
    if row["created_by"] == ProgramCreator.coach.value:
        # A coach's plan, not the generator's: its invariants are the coach's call.
        return None
    try:
        program = codec.program_from_data(row["program_data"])
        inputs = codec.inputs_from_data(row["inputs"])
    except (TypeError, ValueError, KeyError) as exc:
        return Failed(row["id"], row["user_id"], row["title"], (), f"unreadable: {exc}")
    report = check_stored(program, inputs, row["created_by"], row["adapted"])
    if report.passed:
        return None
    broken = tuple(x.number for x in report.invariants if not x.passed)
    first = next(f for x in report.invariants for f in x.failures)
    return Failed(row["id"], row["user_id"], row["title"], broken, first)


def _check_page(rows: Sequence[Mapping[str, Any]]) -> list[Failed | None]:
    return [_check(row) for row in rows]


async def check_all(
    target: DatabaseTarget,
    on_total: Callable[[int], None],
    on_checked: Callable[[int], None],
) -> Checked:
    async with system_tx(target) as tx:
        on_total(await repo.count_all(tx))
    failed: list[Failed] = []
    checked, after = 0, None
    while True:
        async with system_tx(target) as tx:
            rows = await repo.page_all(tx, after, PAGE)
        if not rows:
            return Checked(checked, tuple(failed))
        found = await in_worker(functools.partial(_check_page, rows))
        failed += [f for f in found if f is not None]
        checked += len(rows)
        on_checked(len(rows))
        after = rows[-1]["id"]
