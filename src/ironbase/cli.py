"""The ``ironbase`` command: serve, database migrations, user administration."""

from __future__ import annotations

import asyncio
import getpass
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from ironbase.admin.audit_chain import verify_chain
from ironbase.auth import passwords
from ironbase.auth.service import normalise_email
from ironbase.catalog import quality
from ironbase.catalog.seed import catalog_present
from ironbase.config import Settings
from ironbase.db import setup
from ironbase.db.system import async_system_session, system_transaction
from ironbase.kit.errors import InvalidInput
from ironbase.kit.logging import configure_logging
from ironbase.reference import SEED_STEPS, SeedStats, seed_reference_data
from ironbase.users.administration import UnknownAccount, grant_admin

app = typer.Typer(
    help="ironbase: the backend of a strength-training platform.", no_args_is_help=True
)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
users_app = typer.Typer(help="User administration.", no_args_is_help=True)
catalog_app = typer.Typer(help="The exercise and equipment catalog.", no_args_is_help=True)
audit_app = typer.Typer(help="The admin audit log.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(catalog_app, name="catalog")
app.add_typer(audit_app, name="audit")
console = Console(stderr=True)


def _target(settings: Settings) -> setup.DatabaseTarget:
    target = setup.resolve_target(settings)
    if settings.database_url is None:
        console.print(f"[dim]embedded PostgreSQL in {settings.data_dir / 'postgres'}[/dim]")
    return target


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Prepare the database (roles, migrations, reference data) and serve the API."""
    import uvicorn

    from ironbase.app import create_app

    settings = Settings()
    configure_logging(settings.log_level)
    target = _target(settings)
    with console.status("preparing the database"):
        setup.prepare(target)
    if settings.seed_on_start and not _catalog_present(target):
        _seed(target)
    console.print(f"serving on http://{host}:{port}  (docs: http://{host}:{port}/docs)")
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, proxy_headers=False)


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

    async def run() -> quality.Report:
        async with async_system_session(target) as session:
            report = await quality.run_catalog_checks(session)
            await quality.store_report(session, report, None)
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
    console.print(f"audit chain intact: {report.entries} entries, head {report.head_hash}")


def main() -> None:
    try:
        app()
    except setup.AuthenticatorLoginFailed as exc:
        # Advice, not a traceback (whose locals would show the connection URL).
        console.print(str(exc), style="red", markup=False)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
