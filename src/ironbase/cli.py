"""The ``ironbase`` command: serve, database migrations, user administration."""

from __future__ import annotations

import asyncio
import datetime as dt
import getpass
import os
import signal
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated, Any, BinaryIO

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table
from sqlalchemy.engine import make_url

from ironbase import demo as demo_account
from ironbase.admin.audit_chain import verify_chain
from ironbase.auth import passwords
from ironbase.auth.service import normalise_email
from ironbase.catalog.quality import service as quality
from ironbase.catalog.quality.database import Report
from ironbase.catalog.search.cache import CatalogSearchCache
from ironbase.catalog.seed import catalog_present
from ironbase.config import Settings
from ironbase.db import embedded, pg, setup
from ironbase.db.system import system_transaction, system_tx
from ironbase.db.urls import asyncpg_dsn
from ironbase.demo_data import generate as demo_generate
from ironbase.demo_data import load as demo_load
from ironbase.demo_data import shared_password
from ironbase.i18n import service as i18n
from ironbase.i18n.check import CheckReport, check_texts
from ironbase.kit.errors import InvalidInput, ProblemError
from ironbase.kit.logging import configure_logging
from ironbase.privacy import backup as backups
from ironbase.privacy import erasure as privacy_erasure
from ironbase.privacy import exporting as privacy_exporting
from ironbase.privacy import jobs as privacy_jobs
from ironbase.privacy import scan as privacy_scan
from ironbase.privacy.registry import Tier
from ironbase.reference import SEED_STEPS, SeedStats, seed_reference_data
from ironbase.training.imports import Unit
from ironbase.training.transfer import service as imports
from ironbase.users.administration import (
    UnknownAccount,
    acting_as,
    find_account,
    grant_admin,
    revoke_admin,
)

app = typer.Typer(
    help="ironbase: the backend of a strength-training platform.", no_args_is_help=True
)
db_app = typer.Typer(help="Database migrations and the embedded PostgreSQL.", no_args_is_help=True)
users_app = typer.Typer(help="User administration.", no_args_is_help=True)
catalog_app = typer.Typer(help="The exercise and equipment catalog.", no_args_is_help=True)
audit_app = typer.Typer(help="The admin audit log.", no_args_is_help=True)
i18n_app = typer.Typer(help="The API's strings in six languages.", no_args_is_help=True)
achievements_app = typer.Typer(
    help="Achievements earned from the training log.", no_args_is_help=True
)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(catalog_app, name="catalog")
app.add_typer(audit_app, name="audit")
app.add_typer(i18n_app, name="i18n")
exports_app = typer.Typer(help="People's data exports.", no_args_is_help=True)
battles_app = typer.Typer(help="Ambassadors' battles.", no_args_is_help=True)
app.add_typer(battles_app, name="battles")
programs_app = typer.Typer(help="Generated training programs.", no_args_is_help=True)
app.add_typer(programs_app, name="programs")
app.add_typer(achievements_app, name="achievements")
app.add_typer(exports_app, name="exports")
ambassadors_app = typer.Typer(help="The ambassador programme.", no_args_is_help=True)
app.add_typer(ambassadors_app, name="ambassadors")
console = Console(stderr=True)


def _target(settings: Settings) -> setup.DatabaseTarget:
    if settings.database_url is None:
        _attach_embedded(settings)
        console.print(f"[dim]embedded PostgreSQL in {settings.data_dir / 'postgres'}[/dim]")
    return setup.resolve_target(settings)


def _attach_embedded(settings: Settings, *, keep: bool = False) -> embedded.EmbeddedServer:
    """Start or reuse the embedded server; on failure show its log and exit 1."""
    try:
        return embedded.attach(settings.data_dir, keep=keep)
    except embedded.EmbeddedServerError as exc:
        console.print(str(exc), style="red", markup=False, highlight=False)
        raise typer.Exit(code=1) from exc


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM behaves like Ctrl-C (uvicorn re-raises it after its graceful shutdown), so
    the `finally` that stops the embedded server runs on either."""
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        yield
    except KeyboardInterrupt:
        console.print("stopped")
    finally:
        signal.signal(signal.SIGTERM, previous)


def _database_line(settings: Settings, server: embedded.EmbeddedServer | None) -> str:
    if server is None:
        assert settings.database_url is not None
        return make_url(settings.database_url).render_as_string(hide_password=True)
    url = make_url(server.url)
    return f"embedded PostgreSQL, database {url.database!r} (socket in {url.query.get('host')})"


def _stop_line(server: embedded.EmbeddedServer | None) -> str:
    if server is None:
        return "Ctrl-C"
    if server.managed:
        return "Ctrl-C (stops the embedded PostgreSQL too; --keep-db keeps it running)"
    return "Ctrl-C (the embedded PostgreSQL keeps running: `ironbase db stop` stops it)"


def _print_summary(
    settings: Settings, host: str, port: int, server: embedded.EmbeddedServer | None
) -> None:
    base = f"http://{host}:{port}"
    rows = [
        ("API", base),
        ("docs", f"{base}/docs"),
        ("database", _database_line(settings, server)),
        ("data", str(settings.data_dir.resolve())),
    ]
    if server is not None:
        rows.append(("db logs", str(embedded.log_file_of(settings.data_dir))))
    rows += [("stop", _stop_line(server)), ("try", "ironbase demo  (an account to sign in with)")]
    console.print(f"ironbase is serving ({settings.environment.value})", highlight=False)
    for label, value in rows:
        console.print(f"  {label:<9} {value}", highlight=False, markup=False, soft_wrap=True)


def _let_go(settings: Settings) -> None:
    """Release the embedded server; it stops if this process started it and nobody else
    uses it (a --keep-db server is left alone)."""
    if settings.database_url is not None:
        return
    try:
        if embedded.release(settings.data_dir):
            console.print("embedded PostgreSQL stopped")
    except embedded.EmbeddedServerError as exc:
        console.print(str(exc), markup=False, highlight=False)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    keep_db: Annotated[
        bool, typer.Option("--keep-db", help="Leave the embedded PostgreSQL running on exit.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show the database's and server's logs.")
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1, max=64, help="Worker processes; one per core beyond the database's share."
        ),
    ] = 1,
) -> None:
    """Prepare the database (roles, migrations, reference data) and serve the API."""
    settings = Settings()
    configure_logging(settings.log_level, settings.effective_log_format.value, verbose=verbose)
    embedded.show_logs(verbose)
    with _stopped_by_signals():
        try:
            server = None
            if settings.database_url is None:
                server = _attach_embedded(settings, keep=keep_db)
            target = setup.resolve_target(settings)
            with console.status("preparing the database"):
                setup.prepare(target)
            if settings.seed_on_start and not _catalog_present(target):
                _seed(target)
            _print_summary(settings, host, port, server)
            _run_server(settings, target, host, port, workers)
        finally:
            _let_go(settings)


def _run_server(
    settings: Settings, target: setup.DatabaseTarget, host: str, port: int, workers: int
) -> None:
    import uvicorn

    from ironbase.app import create_app

    options: dict[str, Any] = {"host": host, "port": port, "log_config": None}
    options["proxy_headers"] = False
    if workers == 1:
        uvicorn.run(create_app(settings), **options)
        return
    # Each worker process builds its own app (and pool) from the environment: hand it the
    # database this process resolved, so an embedded server is shared, not started again.
    os.environ["DATABASE_URL"] = target.admin_url.render_as_string(hide_password=False)
    uvicorn.run("ironbase.app:create_app", factory=True, workers=workers, **options)


@db_app.command("status")
def db_status() -> None:
    """Whether an embedded PostgreSQL runs for this data folder, and where (exit 3 if not)."""
    settings = Settings()
    if settings.database_url is not None:
        console.print("DATABASE_URL is set: the embedded PostgreSQL is not used")
    found = embedded.status(settings.data_dir)
    if found is None:
        print(f"no embedded PostgreSQL running in {embedded.pgdata_of(settings.data_dir)}")
        raise typer.Exit(code=3)
    lifetime = "stops with the last ironbase process" if found.managed else "kept running"
    users = ", ".join(map(str, found.holders)) or "none"
    print(f"embedded PostgreSQL running (pid {found.pid}, {lifetime})")
    print(f"  data     {found.pgdata}")
    print(f"  socket   {found.socket_dir}")
    print(f"  url      {found.url}")
    print(f"  log      {found.log_file}")
    print(f"  used by  {users}")


@db_app.command("stop")
def db_stop(
    force: Annotated[
        bool, typer.Option("--force", help="Stop it even while ironbase processes use it.")
    ] = False,
) -> None:
    """Stop the embedded PostgreSQL of this data folder."""
    settings = Settings()
    try:
        pid = embedded.stop(settings.data_dir, force=force)
    except embedded.EmbeddedServerInUse as exc:
        console.print(f"not stopped: {exc} (stop those first, or use --force)")
        raise typer.Exit(code=1) from exc
    except embedded.EmbeddedServerError as exc:
        console.print(str(exc), markup=False, highlight=False)
        raise typer.Exit(code=1) from exc
    if pid is None:
        print(f"no embedded PostgreSQL running in {embedded.pgdata_of(settings.data_dir)}")
    else:
        print(f"embedded PostgreSQL stopped (pid {pid})")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create roles and grants if missing, then migrate to the latest revision."""
    setup.prepare(_target(Settings()))
    console.print(f"database at {setup.head_revision()}")


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1 or base.")],
) -> None:
    """Migrate down to REVISION."""
    setup.downgrade(_target(Settings()), revision)
    console.print(f"downgraded to {revision}")


@db_app.command("set-authenticator-password")
def db_set_authenticator_password() -> None:
    """Give the cluster-wide `authenticator` role this installation's password.

    Setup sets it only when it creates the role; run this after changing the password, or to
    take over a role that another installation on the same cluster created.
    """
    setup.set_authenticator_password(_target(Settings()))
    console.print(
        "authenticator now has this installation's password; any other installation on this "
        "cluster must be given the same one"
    )


def _catalog_present(target: setup.DatabaseTarget) -> bool:
    with system_transaction(target) as conn:
        return catalog_present(conn)


def _seed(target: setup.DatabaseTarget) -> SeedStats:
    """Load the shipped reference data, showing progress; returns what changed."""
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("seeding reference data", total=len(SEED_STEPS))

        def advance(step: str) -> None:
            progress.update(task, description=f"seeding {step}", advance=1)

        with system_transaction(target) as conn:
            stats = seed_reference_data(conn, advance)
    return stats


@app.command()
def seed() -> None:
    """Load or update the shipped reference data (catalog, cities). Safe to re-run."""
    target = _target(Settings())
    setup.prepare(target)
    stats = _seed(target)
    table = Table(title="reference data")
    for column in ("table", "inserted", "updated", "deleted"):
        table.add_column(column, justify="right" if column != "table" else "left")
    for name, (inserted, updated, deleted) in sorted(stats.tables.items()):
        table.add_row(name, str(inserted), str(updated), str(deleted))
    console.print(table)
    console.print("nothing changed" if stats.changed == 0 else f"{stats.changed} rows written")


@catalog_app.command("check")
def catalog_check() -> None:
    """Run the catalog's data-quality checks, store a report, exit 1 on errors."""
    target = _target(Settings())
    setup.prepare(target)

    async def run() -> Report:
        async with system_tx(target) as tx:
            report, _ = await quality.check_catalog(tx, None)
            return report

    report = asyncio.run(run())
    table = Table(title=f"catalog check: {report.status}")
    for column in ("severity", "check", "subject", "message"):
        table.add_column(column)
    for finding in report.findings[:200]:
        table.add_row(finding.severity, finding.check, finding.subject, finding.message)
    console.print(table)
    console.print(report.summary.get("counts", {}))
    console.print(f"{report.errors} errors, {report.warnings} warnings")
    if report.errors:
        raise typer.Exit(code=1)


@i18n_app.command("check")
def i18n_check() -> None:
    """Report missing translations per language in what the API serves (the shipped
    strings and text_translations); exit 1 on errors."""
    target = _target(Settings())
    setup.prepare(target)

    async def run() -> CheckReport:
        async with system_tx(target) as tx:
            return check_texts(await i18n.served_table(tx))

    report = asyncio.run(run())
    table = Table(title=f"i18n check: {report.keys} keys")
    for column in ("language", "present", "missing", "first missing keys"):
        table.add_column(column, justify="right" if column in ("present", "missing") else "left")
    for language in report.languages:
        first = ", ".join(language.missing[:5]) + (" ..." if len(language.missing) > 5 else "")
        table.add_row(
            language.locale, str(language.present), str(len(language.missing)), escape(first)
        )
    console.print(table)
    for key, locale, names in report.bad_placeholders[:200]:
        console.print(
            f"{key} ({locale}) names placeholders its English lacks: {', '.join(names)}",
            markup=False,
            highlight=False,
        )
    for locale, count in sorted(report.unknown_locales.items()):
        console.print(
            f"warning: {count} texts in {locale}, a language the API does not serve",
            markup=False,
        )
    console.print(f"{report.errors} errors")
    if report.errors:
        raise typer.Exit(code=1)


@app.command()
def demo(
    url: Annotated[
        str, typer.Option(help="Where the API is served (for the example requests).")
    ] = "http://127.0.0.1:8000",
) -> None:
    """Create (or refresh) a demo account with a gym and plates; print how to sign in."""
    settings = Settings()
    if settings.is_production:
        console.print("the demo account is for development: refusing in production")
        raise typer.Exit(code=1)
    target = _target(settings)
    setup.prepare(target)
    if not _catalog_present(target):
        _seed(target)
    account = asyncio.run(demo_account.create_demo(settings, target))
    print(f"demo account ready: a gym ({demo_account.DEMO_GYM_NAME}) with bars, plates and collars")
    print(f"  email     {account.email}")
    print(f"  password  {account.password}")
    print(f"  gym id    {account.gym_id}")
    print("\nwith `ironbase serve` running, try:")
    for line in demo_account.example_requests(url.rstrip("/"), account):
        print(f"  {line}")


async def _import_as(
    settings: Settings,
    target: setup.DatabaseTarget,
    email: str,
    user_id: Any,
    source: BinaryIO,
    name: str,
    unit: Unit | None,
) -> imports.ImportResult:
    """The import as the person's own request would run it (their role, RLS), through the
    API's login, with a progress bar: bytes read, then matching names, then writing."""
    caller = acting_as(user_id, email)
    url = settings.api_database_url or target.serving_url
    pool = await pg.create_pool(asyncpg_dsn(url), min_size=1, max_size=1)
    size = max(os.fstat(source.fileno()).st_size, 1)
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("reading", total=size)

            def report(stage: str, done: int, total: int) -> None:
                completed = done if stage == "reading" else size
                progress.update(task, description=stage, completed=completed)

            return await imports.import_file(
                lambda: pg.request_transaction(pool, caller),
                caller,
                CatalogSearchCache(),
                source,
                file_name=name,
                unit=unit,
                progress=report,
            )
    finally:
        await pool.close()


def _print_import(result: imports.ImportResult) -> None:
    report = result.report
    out = Console()
    table = Table(title=f"import {report['id']} ({report['format']}, {report['layout']})")
    table.add_column("")
    table.add_column("count", justify="right")
    for label, key in (
        ("workouts created", "workouts_created"),
        ("workouts imported before", "workouts_existing"),
        ("sets created", "sets_created"),
        ("rows skipped", "rows_skipped"),
    ):
        table.add_row(label, str(report[key]))
    out.print(table)
    unmatched = report["unmatched_exercises"]
    if unmatched:
        names = Table(title="exercises no name matched (their sets wait for a mapping)")
        names.add_column("name")
        names.add_column("rows", justify="right")
        for item in unmatched:
            names.add_row(item["name"], str(item["rows"]))
        out.print(names)
        out.print(f"map them with POST /v1/imports/{report['id']}/mappings", highlight=False)
    if not result.created:
        out.print("this file was imported before: nothing was written", highlight=False)


@app.command("import")
def import_command(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="The exported file."),
    ],
    user: Annotated[str, typer.Option("--user", help="Email of the account to import into.")],
    unit: Annotated[
        Unit | None, typer.Option(help="Mass unit of the file, when the file does not say.")
    ] = None,
) -> None:
    """Import FILE (Strong, Hevy, FitNotes, Fitbod or JEFIT) into an account's training log,
    as POST /v1/imports does: all or nothing, and a file imported before writes nothing."""
    try:
        email = normalise_email(user)
    except InvalidInput as exc:
        raise typer.BadParameter(exc.detail, param_hint="--user") from exc
    settings = Settings()
    target = _target(settings)
    setup.prepare(target)
    if not _catalog_present(target):
        _seed(target)
    try:
        with system_transaction(target) as conn:
            user_id = find_account(conn, email)
    except UnknownAccount as exc:
        raise typer.BadParameter("no account with this email", param_hint="--user") from exc
    try:
        with file.open("rb") as source:
            result = asyncio.run(
                _import_as(settings, target, email, user_id, source, file.name, unit)
            )
    except ProblemError as exc:
        console.print(f"not imported: {exc.detail}", style="red", markup=False, highlight=False)
        raise typer.Exit(code=1) from exc
    _print_import(result)


@app.command("demo-data")
def demo_data(
    scale: Annotated[
        float,
        typer.Option(
            min=0.001, max=1000, help="1 = 1,000 people, 10,000 workouts, 50,000 sets; N times."
        ),
    ] = 1.0,
    seed: Annotated[int, typer.Option(help="The same seed gives the same people and sets.")] = 1,
    end: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Last day of the histories (default: today)."),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Delete earlier demo people first.")
    ] = False,
) -> None:
    """Fill the database with demo people and progressive training histories (development
    only): demo-data-<n>@example.com, one shared password."""
    settings = Settings()
    if settings.is_production:
        console.print("demo data is for development: refusing in production")
        raise typer.Exit(code=1)
    target = _target(settings)
    setup.prepare(target)
    if not _catalog_present(target):
        _seed(target)
    password = shared_password(settings)
    last_day = (end or dt.datetime.now(dt.UTC)).date()
    volume = demo_generate.volume_of(scale)
    with Progress(console=console) as progress:
        task = progress.add_task("loading demo data (sets)", total=volume.sets)
        try:
            loaded = asyncio.run(
                demo_load.load(
                    target, scale=scale, seed=seed, end=last_day,
                    password_hash=passwords.hash_password(password), replace=replace,
                    progress=lambda sets: progress.advance(task, sets),
                )
            )  # fmt: skip
        except demo_load.DemoDataRefused as exc:
            console.print(f"nothing loaded: {exc}", markup=False, highlight=False)
            raise typer.Exit(code=1) from exc
    if loaded.replaced:
        print(f"replaced {loaded.replaced:,} earlier demo people")
    print(
        f"loaded {loaded.users:,} people, {loaded.workouts:,} workouts, "
        f"{loaded.exercises:,} workout exercises, {loaded.sets:,} sets in {loaded.seconds:.1f} s"
    )
    print(f"  emails    {demo_generate.demo_email(1)} .. {demo_generate.demo_email(loaded.users)}")
    print(f"  password  {password}")


@app.command("backup")
def backup_command(
    out: Annotated[
        Path,
        typer.Option(
            file_okay=False,
            help="One tier: the folder for its dump and manifest.json. Several: the restore "
            "point's folder, holding tier1/, tier2/, tier3/.",
        ),
    ],
    tier: Annotated[
        list[int] | None,
        typer.Option(
            min=1,
            max=3,
            help="1 irreplaceable, 2 community, 3 reproducible; repeat it for a restore point "
            "(the tiers dumped from one snapshot).",
        ),
    ] = None,
    all_tiers: Annotated[
        bool, typer.Option("--all", help="Every tier, as one restore point.")
    ] = False,
) -> None:
    """Dump backup tiers' tables (pg_dump, custom format, data only), each with a manifest of
    row counts and checksums, all taken in one snapshot."""
    if all_tiers and tier:
        raise typer.BadParameter("give --all or --tier, not both", param_hint="--all")
    if not all_tiers and not tier:
        raise typer.BadParameter("name a tier (--tier N, repeatable) or --all", param_hint="--tier")
    tiers = list(Tier) if all_tiers else sorted({Tier(n) for n in tier or ()})
    folders = backups.tier_folders(tiers, out)
    target = _target(Settings())
    names = ", ".join(str(int(t)) for t in tiers)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"backing up tier {names}", total=None)

        def started(tables: int) -> None:
            progress.update(task, total=tables)

        def summed(name: str) -> None:
            progress.update(task, description=f"summed {name}", advance=1)

        try:
            manifests = backups.backup_tiers(target, tiers, out, started=started, progress=summed)
        except (backups.BackupRefused, backups.ToolMissing) as exc:
            console.print(f"no backup: {exc}", style="red", markup=False, highlight=False)
            raise typer.Exit(code=1) from exc
    shown = Console()
    for manifest in manifests.values():
        table = Table(title=f"tier {manifest.tier} at {manifest.revision}, {manifest.created_at}")
        table.add_column("table")
        table.add_column("rows", justify="right")
        table.add_column("checksum")
        for entry in manifest.tables:
            table.add_row(entry.name, f"{entry.rows:,}", entry.checksum)
        shown.print(table)
    for each, manifest in manifests.items():
        folder = folders[each]
        print(f"written: {folder / manifest.dump_file} and {folder / 'manifest.json'}")
    if len(manifests) > 1:
        first = next(iter(manifests.values()))
        print(
            f"restore point {first.restore_point}: tiers {names} from one snapshot, "
            f"{first.created_at}"
        )


@app.command("restore")
def restore_command(
    folders: Annotated[
        list[Path],
        typer.Argument(
            exists=True,
            file_okay=False,
            help="Backup folders, one per tier (all three for a full restore).",
        ),
    ],
    upgrade: Annotated[
        bool,
        typer.Option(help="After verification, migrate on to this ironbase's newest revision."),
    ] = True,
) -> None:
    """Restore tier backups into an EMPTY database (migrations first, then data), then
    verify every table's row count and checksum against the manifests (exit 1 on a mismatch)."""
    target = _target(Settings())
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("reading the manifests", total=None)

        def started(stage: str, tables: int) -> None:
            progress.update(task, description=stage, total=tables, completed=0)

        def advanced(name: str) -> None:
            progress.update(task, description=name, advance=1)

        try:
            report = backups.restore(
                target, folders, upgrade=upgrade, started=started, progress=advanced
            )
        except (backups.RestoreRefused, backups.ToolMissing) as exc:
            console.print(f"not restored: {exc}", style="red", markup=False, highlight=False)
            raise typer.Exit(code=1) from exc
    table = Table(title=f"restored at {report.revision}")
    for column in ("table", "tier", "rows", "checksum", "ok"):
        table.add_column(column, justify="right" if column in ("tier", "rows") else "left")
    for check in report.checks:
        rows = f"{check.rows:,}"
        if check.rows != check.expected_rows:
            rows += f" (backup: {check.expected_rows:,})"
        ok = "[green]ok[/green]" if check.ok else "[red]MISMATCH[/red]"
        table.add_row(check.name, str(check.tier), rows, check.checksum, ok)
    out = Console()
    out.print(table)
    if report.warning:
        out.print(f"warning: {report.warning}", style="yellow", markup=False, highlight=False)
    if report.emptied:
        out.print(
            f"setup had written rows of {', '.join(report.emptied)}: replaced by the backup's",
            highlight=False,
        )
    hint = (
        "the folders come from different moments (see the warning)"
        if report.warning
        else "restore that table's tier too"
    )
    for orphan in report.orphans:
        out.print(
            f"[red]{orphan.rows} rows of {orphan.table} point at no row of "
            f"{orphan.references} ({orphan.constraint})[/red]: {hint}",
            highlight=False,
        )
    if not report.ok:
        bad = sum(not c.ok for c in report.checks)
        out.print(
            f"[red]verification failed: {bad} tables differ from their manifest, "
            f"{len(report.orphans)} broken references[/red]"
        )
        raise typer.Exit(code=1)
    out.print(f"verified: {len(report.checks)} tables match their manifests")
    if report.upgraded_to:
        out.print(f"then migrated on to {report.upgraded_to}")


@users_app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Argument(help="The person's email.")],
    create: Annotated[
        bool, typer.Option("--create", help="Create the account if missing.")
    ] = False,
) -> None:
    """Make EMAIL an administrator (creating the account with --create, asking for a password)."""
    try:
        email = normalise_email(email)
    except InvalidInput as exc:
        raise typer.BadParameter(exc.detail) from exc
    password = None
    if create:
        password = getpass.getpass("password for the new account: ")
        problem = passwords.policy_problem(password)
        if problem:
            raise typer.BadParameter(problem)
    target = _target(Settings())
    setup.prepare(target)
    try:
        with system_transaction(target) as conn:
            user_id = grant_admin(conn, email, password)
    except UnknownAccount as exc:
        raise typer.BadParameter("no account with this email; add --create to make one") from exc
    console.print(f"{email} ({user_id}) is an administrator; their next token carries the role")


@users_app.command("revoke-admin")
def revoke_admin_command(
    email: Annotated[str, typer.Argument(help="The administrator's email.")],
) -> None:
    """Take the administrator role from EMAIL; their admin requests are refused at once."""
    try:
        email = normalise_email(email)
    except InvalidInput as exc:
        raise typer.BadParameter(exc.detail) from exc
    target = _target(Settings())
    setup.prepare(target)
    try:
        with system_transaction(target) as conn:
            revoked = revoke_admin(conn, email)
    except UnknownAccount as exc:
        raise typer.BadParameter("no account with this email") from exc
    if revoked:
        console.print(f"{email} is no longer an administrator")
    else:
        console.print(f"{email} was not an administrator; nothing changed")


def _account(target: setup.DatabaseTarget, raw_email: str) -> tuple[str, uuid.UUID]:
    try:
        email = normalise_email(raw_email)
    except InvalidInput as exc:
        raise typer.BadParameter(exc.detail, param_hint="EMAIL") from exc
    user_id = asyncio.run(privacy_erasure.account_id(target, email))
    if user_id is None:
        raise typer.BadParameter("no account with this email", param_hint="EMAIL")
    return email, user_id


@users_app.command("export")
def users_export(
    email: Annotated[str, typer.Argument(help="The person's email.")],
    out: Annotated[
        Path | None,
        typer.Option("--out", dir_okay=False, help="Where to write the zip (default: here)."),
    ] = None,
) -> None:
    """Export everything EMAIL's account holds as a zip, like POST /v1/me/exports."""
    target = _target(Settings())
    setup.prepare(target)
    email, user_id = _account(target, email)
    path = out or Path(f"ironbase-export-{user_id}-{dt.date.today():%Y%m%d}.zip")
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("exporting", total=None)

        async def report(done: int, total: int, what: str) -> None:
            progress.update(task, description=what, completed=done, total=total)

        export_id, content = asyncio.run(privacy_exporting.export_account(target, user_id, report))
    path.write_bytes(content)
    console.print(f"export {export_id} of {email}: {len(content)} bytes in {path}")


@users_app.command("erase")
def users_erase(
    email: Annotated[str, typer.Argument(help="The person's email.")],
    verify: Annotated[
        bool,
        typer.Option(
            "--verify", help="Then search every column of every table for their id and email."
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase EMAIL's account (GDPR art. 17) in one transaction, like DELETE /v1/me."""
    target = _target(Settings())
    setup.prepare(target)
    email, user_id = _account(target, email)
    if not yes and not typer.confirm(f"erase {email} ({user_id}) and everything they hold?"):
        raise typer.Exit(code=1)
    erased = asyncio.run(privacy_erasure.erase_account(target, user_id))
    table = Table("table", "rows", title=f"erased {email}: pseudonym {erased.pseudonym}")
    for name, count in sorted(erased.rows.items()):
        table.add_row(name, str(count))
    console.print(table)
    if not verify:
        return
    report = asyncio.run(privacy_scan.scan_database(target, user_id, email))
    found = Table("table", "column", "rows", "declared pseudonymised", title="still found")
    for hit in report.hits:
        found.add_row(
            hit.table, hit.column, str(hit.rows), "yes" if hit.declared_pseudonymised else "no"
        )
    if report.hits:
        console.print(found)
    for column in report.not_readable:
        console.print(f"not readable by this login, not scanned: {column}", style="yellow")
    if not report.clean:
        console.print(f"{len(report.hits)} columns still hold the id or the email", style="red")
        raise typer.Exit(code=1)
    console.print(
        f"verified: {report.columns_scanned} columns of every table hold neither "
        f"{user_id} nor {email}"
    )


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(min=1, max=16, help="Jobs run at the same time.")] = 1,
) -> None:
    """Run background jobs until stopped (Ctrl-C or SIGTERM): data exports, and on their
    schedules the export retention, the awards of ended challenges and the outcomes of ended
    battles."""
    settings = Settings()
    configure_logging(settings.log_level, settings.effective_log_format.value)
    target = _target(settings)
    setup.prepare(target)
    console.print("ironbase worker: running jobs (queues: " + ", ".join(privacy_jobs.QUEUES) + ")")
    asyncio.run(privacy_jobs.work(target, concurrency, settings.export_retention_hours))


@exports_app.command("expire")
def exports_expire() -> None:
    """Drop the zips of exports finished more than IRONBASE_EXPORT_RETENTION_HOURS ago (the
    rows stay, expired), once; the worker does it every 15 minutes."""
    from ironbase.privacy.retention import expire_exports

    settings = Settings()
    target = _target(settings)
    setup.prepare(target)
    with console.status("expiring exports"):
        expired = asyncio.run(expire_exports(target, settings.export_retention_hours))
    print(f"{expired} exports expired (older than {settings.export_retention_hours} hours)")


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the audit log's hash chain; exit 1 naming the first entry that breaks it."""
    with system_transaction(_target(Settings())) as conn:
        report = verify_chain(conn)
    if report.broken is not None:
        broken = report.broken
        console.print(
            f"audit chain broken at entry {broken.entry_id} (position {broken.chain_seq}): "
            f"{broken.reason}; the {report.entries} entries before it are intact",
            style="red",
            markup=False,
        )
        raise typer.Exit(code=1)
    console.print(
        f"audit chain intact: {report.entries} entries ({report.redacted} redacted by "
        f"erasure), head {report.head_hash}"
    )


@programs_app.command("check")
def programs_check() -> None:
    """Run the invariant checker on every stored program; exit 1 when any fails."""
    from ironbase.programs.checking import check_all

    target = _target(Settings())
    setup.prepare(target)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("checking programs", total=None)
        result = asyncio.run(
            check_all(
                target,
                lambda total: progress.update(task, total=total),
                lambda n: progress.advance(task, n),
            )
        )
    if result.failed:
        table = Table(title=f"programs failing the checker: {len(result.failed)}")
        for column in ("program", "user", "title", "invariants", "first failure"):
            table.add_column(column)
        for failed in result.failed[:200]:
            table.add_row(
                str(failed.program_id),
                str(failed.user_id),
                failed.title,
                ", ".join(str(n) for n in failed.invariants),
                failed.first_failure,
            )
        console.print(table)
    console.print(f"{result.programs} programs checked, {len(result.failed)} failing")
    if result.failed:
        raise typer.Exit(code=1)


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    """A day or moment typed on the command line, read as UTC when it names no zone."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


_MOMENT_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%z"]


@ambassadors_app.command("reconcile")
def ambassadors_reconcile(
    period_from: Annotated[
        dt.datetime | None,
        typer.Option("--from", formats=_MOMENT_FORMATS, help="Start (inclusive, UTC)."),
    ] = None,
    period_to: Annotated[
        dt.datetime | None,
        typer.Option("--to", formats=_MOMENT_FORMATS, help="End (exclusive, UTC)."),
    ] = None,
    ambassador: Annotated[
        uuid.UUID | None, typer.Option("--ambassador", help="One ambassador's user id.")
    ] = None,
) -> None:
    """Statements per ambassador and currency over the period; exit 1 when their sums
    differ from the ledger's."""
    from ironbase.ambassadors.commissions.reconciling import reconcile

    target = _target(Settings())
    setup.prepare(target)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("reconciling statements", total=None)
        try:
            result = asyncio.run(
                reconcile(
                    target,
                    _utc(period_from),
                    _utc(period_to),
                    ambassador,
                    lambda total: progress.update(task, total=total),
                    lambda n: progress.advance(task, n),
                )
            )
        except InvalidInput as exc:
            console.print(exc.detail, markup=False, highlight=False)
            raise typer.Exit(code=2) from exc
    table = Table(title="commission statements")
    columns = ("ambassador", "currency", "opening", "accrued", "reversed", "closing", "count")
    for column in columns:
        table.add_column(
            column, justify="left" if column in ("ambassador", "currency") else "right"
        )
    for found in result.statements:
        for line in found["lines"]:
            table.add_row(
                str(found["ambassador_id"]),
                line["currency"],
                str(line["opening_balance"]),
                str(line["accrued"]),
                str(line["reversed"]),
                str(line["closing_balance"]),
                str(line["accruals"] + line["reversals"]),
            )
    console.print(table)
    totals = Table(title="statements against the ledger")
    for column in ("currency", "closing (statements)", "balance (ledger)", "moved", "ledger"):
        totals.add_column(column, justify="right")
    for currency, (closing, balance, moved, movement) in sorted(result.totals.items()):
        totals.add_row(currency, str(closing), str(balance), str(moved), str(movement))
    console.print(totals)
    mismatches = result.mismatches
    print(
        f"{len(result.statements)} ambassadors, {len(result.totals)} currencies, "
        f"{len(mismatches)} mismatching"
    )
    if mismatches:
        print("mismatch in " + ", ".join(mismatches))
        raise typer.Exit(code=1)


@achievements_app.command("rebuild")
def achievements_rebuild() -> None:
    """Evaluate everyone's achievements again from their history (awards that no longer
    hold go, missing ones come, each with the workout or set that earned it)."""
    from ironbase.social.achievements.engine import rebuild_all

    target = _target(Settings())
    setup.prepare(target)
    with Progress(console=console) as progress:
        task = progress.add_task("rebuilding achievements", total=None)
        people, awards = asyncio.run(
            rebuild_all(
                target,
                lambda total: progress.update(task, total=total),
                lambda n: progress.advance(task, n),
            )
        )
    console.print(f"{people} people hold {awards} achievements")


@achievements_app.command("award-ended-challenges")
def achievements_award_ended_challenges() -> None:
    """Evaluate the achievements of the participants of challenges that ended and were not
    evaluated yet (their winners' challenge wins), once; the worker does it every 5 minutes."""
    from ironbase.social.challenges.wins import award_ended_challenges

    target = _target(Settings())
    setup.prepare(target)
    with console.status("awarding ended challenges"):
        done = asyncio.run(award_ended_challenges(target))
    print(f"{done.challenges} ended challenges evaluated ({done.people} people)")


@battles_app.command("settle")
def battles_settle() -> None:
    """Record the outcome (the winner, or none) of the battles that ended and were not settled
    yet, once; the worker does it every 5 minutes."""
    from ironbase.ambassadors.battles.settling import settle_ended_battles

    target = _target(Settings())
    setup.prepare(target)
    with console.status("settling ended battles"):
        settled = asyncio.run(settle_ended_battles(target))
    print(f"{settled} ended battles settled")


def main() -> None:
    try:
        app()
    except setup.AuthenticatorLoginFailed as exc:
        # Advice, not a traceback (whose locals would show the connection URL).
        console.print(str(exc), style="red", markup=False)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
