"""The program generator, in process, against encoding the program it makes.

Inputs from ``programs.generator.samples`` (the shipped catalog of 482 exercises): the
issue's case, a 12-week, 4-day hypertrophy program for the well-equipped gym with the
typical lifter's e1RMs, plus other shapes (no history, the garage gym, the lb gym over
16 weeks and 6 days, and a refused request whose relaxations are searched). Each case
runs ``--calls`` times per repeat; reported are the medians over ``--repeats`` of each
repeat's p50 and p99, in milliseconds.

The baseline is ``codec.canonical`` of the same 12-week program: the bytes the API
stores and returns for it, so every generation pays it at least once, it is pure CPU in
this process, and it scales with the program's size, not with anything the generator
decides (the plate solver, the other candidate, is part of what the generator does).

    python -m bench.program_generate [--calls 200] [--repeats 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections.abc import Callable

from rich.console import Console
from rich.table import Table

from bench.common import median, percentile
from ironbase.programs.generator import codec, samples
from ironbase.programs.generator.generate import generate
from ironbase.programs.generator.model import Infeasible, Inputs

TARGET_MS = 50.0
BASELINE = "baseline: canonical bytes of the 12-week program"
ISSUE_CASE = "12 weeks x 4 days, well-equipped gym"


def refused(inputs: Inputs) -> object:
    try:
        return generate(inputs)
    except Infeasible as refusal:
        return refusal


def cases() -> dict[str, Callable[[], object]]:
    typical = samples.inputs()
    program = generate(typical)
    fresh_catalog = dataclasses.replace(
        typical, catalog=tuple(dataclasses.replace(x) for x in typical.catalog)
    )
    no_history = samples.inputs(e1rm_kg={})
    garage = samples.inputs(samples.garage_gym(), days_per_week=3, weekdays=(1, 3, 5))
    lb = samples.inputs(samples.lb_gym(), weeks=16, days_per_week=6, weekdays=(), seed=3)
    too_short = samples.inputs(days_per_week=3, weekdays=(1, 3, 5), session_minutes=20)
    return {
        BASELINE: lambda: codec.canonical(program),
        ISSUE_CASE: lambda: generate(typical),
        "same, catalog in new objects (digest hashes it)": lambda: generate(fresh_catalog),
        "same, no history (calibration week)": lambda: generate(no_history),
        "12 weeks x 3 days, garage gym": lambda: generate(garage),
        "16 weeks x 6 days, lb gym": lambda: generate(lb),
        "refused 3 x 20 min + relaxation search": lambda: refused(too_short),
    }


def timed(run: Callable[[], object], calls: int) -> list[float]:
    samples_ms = []
    for _ in range(calls):
        started = time.perf_counter_ns()
        run()
        samples_ms.append((time.perf_counter_ns() - started) / 1e6)
    return samples_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    runs = cases()
    for run in runs.values():
        run()  # warm: the plate solver's tables, the catalog's kept bytes
    results: dict[str, list[tuple[float, float]]] = {}
    for repeat in range(args.repeats):
        for name, run in runs.items():
            calls = max(args.calls // 10, 10) if name.startswith("refused") else args.calls
            ms = timed(run, calls)
            results.setdefault(name, []).append((percentile(ms, 50), percentile(ms, 99)))
        Console().print(f"repeat {repeat + 1}/{args.repeats} done")
    report(results, args)


def report(results: dict[str, list[tuple[float, float]]], args: argparse.Namespace) -> None:
    table = Table(title=f"program generation, in process (medians of {args.repeats} repeats)")
    for column in ("", "p50 ms", "p99 ms", "p50 / baseline"):
        table.add_column(column, justify="right")
    base = median([r[0] for r in results[BASELINE]])
    for name, runs in results.items():
        p50, p99 = median([r[0] for r in runs]), median([r[1] for r in runs])
        table.add_row(name, f"{p50:,.2f}", f"{p99:,.2f}", f"{p50 / base:.1f}x")
    console = Console()
    console.print(table)
    issue = median([r[0] for r in results[ISSUE_CASE]])
    verdict = "within" if issue < TARGET_MS else "OVER"
    console.print(f"{ISSUE_CASE}: p50 {issue:.2f} ms, {verdict} the {TARGET_MS:.0f} ms target")


if __name__ == "__main__":
    main()
