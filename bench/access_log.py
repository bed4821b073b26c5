"""What one access-log line costs, against what a request costs.

The API writes one line per request. This times the exact call the request middleware
makes (``ironbase.access`` at INFO, JSON and text formats) into a file, medians over
repeats, and sets it beside the CPU time of an in-process ``GET /health`` request, the
cheapest request there is.

    python -m bench.access_log [--lines 20000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from bench.common import median
from ironbase.kit.logging import JsonFormatter, TextFormatter
from ironbase.kit.middleware import access_line

log = logging.getLogger("ironbase.access")


def _line_cost(formatter: logging.Formatter, lines: int) -> float:
    """Microseconds per access line, written to a real file as a server would."""
    with tempfile.TemporaryDirectory() as folder:
        handler = logging.FileHandler(Path(folder) / "access.log")
        handler.setFormatter(formatter)
        root = logging.getLogger()
        saved, level = root.handlers, root.level
        root.handlers, root.level = [handler], logging.INFO
        try:
            started = time.process_time()
            for i in range(lines):
                access_line("0123456789abcdef", "GET", "/v1/me", 200, 1.234 + i % 7)
            elapsed = time.process_time() - started
        finally:
            root.handlers, root.level = saved, level
            handler.close()
    return elapsed / lines * 1e6


def _request_cost(requests: int) -> float:
    """CPU microseconds per in-process GET /health (no database), access log off."""
    from fastapi import FastAPI

    from ironbase.kit.errors import install_problem_handlers
    from ironbase.kit.middleware import RequestContextMiddleware

    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(RequestContextMiddleware)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    async def run() -> float:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            await http.get("/health")
            started = time.process_time()
            for _ in range(requests):
                await http.get("/health")
            return (time.process_time() - started) / requests * 1e6

    logging.getLogger("ironbase.access").disabled = True
    try:
        return asyncio.run(run())
    finally:
        logging.getLogger("ironbase.access").disabled = False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    json_cost = median([_line_cost(JsonFormatter(), args.lines) for _ in range(args.repeats)])
    text_cost = median([_line_cost(TextFormatter(), args.lines) for _ in range(args.repeats)])
    request = median([_request_cost(2_000) for _ in range(args.repeats)])
    table = Table(title=f"access log, medians of {args.repeats} (CPU µs)")
    for column in ("", "µs", "share of the cheapest request"):
        table.add_column(column, justify="right")
    table.add_row("JSON line", f"{json_cost:.1f}", f"{json_cost / request:.0%}")
    table.add_row("text line", f"{text_cost:.1f}", f"{text_cost / request:.0%}")
    table.add_row("GET /health in process (client included)", f"{request:.1f}", "")
    Console().print(table)


if __name__ == "__main__":
    main()
