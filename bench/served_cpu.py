"""Server CPU per request under HTTP load: ironbase ``GET /v1/me`` against the thin baseline.

Both servers run on one scratch database (``ironbase serve``, one worker; ``bench.thin_api``
under uvicorn); wrk ``-t1 -c32`` drives each in turn (alternating), and the server process's
CPU time (utime + stime from ``/proc``) over the run is divided by the requests wrk
completed. CPU per request moves much less with the machine's load than req/s does, and it
counts what ``bench.request_cpu`` leaves out: the HTTP server, the event loop under
concurrency, the collector.

    python -m bench.served_cpu [--seconds 5] [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from bench.common import median, scratch_database, served_api
from bench.postgrest_compare import served_thin

PASSWORD = "Bench-pass-1"  # noqa: S105 (a scratch database)


def _children() -> set[int]:
    """Pids of this process's direct children (the servers are started as such)."""
    me, found = str(os.getpid()), set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if stat.rsplit(")", 1)[1].split()[1] == me:
                found.add(int(entry.name))
    return found


@contextmanager
def _with_pid(server: AbstractContextManager[str]) -> Iterator[tuple[str, int]]:
    before = _children()
    with server as base:
        (pid,) = _children() - before
        yield base, pid


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wrk(url: str, script: Path, seconds: int) -> tuple[int, float]:
    out = subprocess.run(  # noqa: S603
        ["wrk", "-t1", "-c32", f"-d{seconds}s", "-s", str(script), url],  # noqa: S607
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    if "Non-2xx" in out:
        raise RuntimeError(f"{url}: error responses\n{out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return requests, rps


def _measure(seconds: int, repeats: int) -> dict[str, tuple[float, float]]:
    workdir = Path(tempfile.mkdtemp(prefix="ironbase-served-cpu-"))
    with scratch_database() as target, ExitStack() as stack:
        api, api_pid = stack.enter_context(_with_pid(served_api(target)))
        thin, thin_pid = stack.enter_context(_with_pid(served_thin(target, workdir)))
        email = f"cpu-{time.time_ns()}@example.com"
        signup = httpx.post(f"{api}/v1/auth/signup", json={"email": email, "password": PASSWORD})
        script = workdir / "token.lua"
        script.write_text(
            f'wrk.headers["Authorization"] = "Bearer {signup.json()["access_token"]}"\n'
        )
        servers = {
            "ironbase GET /v1/me": (f"{api}/v1/me", api_pid),
            "thin GET /me": (f"{thin}/me", thin_pid),
        }
        for url, _ in servers.values():  # warm: pool, prepared statements, caches
            _wrk(url, script, 2)
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in servers}
        for _ in range(repeats):
            for name, (url, pid) in servers.items():
                started = _cpu_seconds(pid)
                requests, rps = _wrk(url, script, seconds)
                runs[name].append(((_cpu_seconds(pid) - started) / requests * 1e6, rps))
    return {
        name: (median([cpu for cpu, _ in values]), median([rps for _, rps in values]))
        for name, values in runs.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    figures = _measure(args.seconds, args.repeats)
    table = Table(title=f"Server CPU per request under wrk -t1 -c32, medians of {args.repeats}")
    for column in ("", "CPU µs", "vs thin", "req/s"):
        table.add_column(column, justify="right")
    thin = figures["thin GET /me"][0]
    for name, (cpu, rps) in figures.items():
        table.add_row(name, f"{cpu:.0f}", f"{cpu / thin:.2f}x", f"{rps:,.0f}")
    Console().print(table)


if __name__ == "__main__":
    main()
