"""Exports and erasure, as the API offers them."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ironbase.auth import passwords
from ironbase.auth import repository as auth_repo
from ironbase.auth.service import LoginThrottle, Transaction
from ironbase.config import Settings
from ironbase.db.pg import Transactions, Tx
from ironbase.kit import audit
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict, Forbidden, NotFound, ProblemError
from ironbase.privacy import erasure
from ironbase.privacy import repository as repo

EXPORT_BUSY = "An export of your account is already queued or running; wait for it to finish."


def file_url(export_id: uuid.UUID) -> str:
    return f"/v1/me/exports/{export_id}/file"


async def start_export(tx: Tx, caller: SignedIn) -> dict[str, Any]:
    try:
        row = await repo.create_export(tx, caller.user_id)
    except asyncpg.UniqueViolationError:
        raise Conflict(EXPORT_BUSY, kind="export-running") from None
    return {"id": row["id"], "status": row["status"]}


async def get_export(tx: Tx, caller: SignedIn, export_id: uuid.UUID) -> dict[str, Any]:
    row = await repo.read_export(tx, caller.user_id, export_id)
    if row is None:
        raise NotFound("Export")
    done = row["status"] == "done"
    return {
        "id": row["id"],
        "status": row["status"],
        "progress": row["progress"],
        "file_url": file_url(export_id) if done else None,
    }


async def export_file(tx: Tx, caller: SignedIn, export_id: uuid.UUID) -> tuple[bytes, str]:
    """The zip and its file name; 404 for anyone but its owner, 409 until it is done, 410
    once the retention dropped it."""
    row = await repo.export_file(tx, caller.user_id, export_id)
    if row is None:
        raise NotFound("Export")
    if row["status"] == "expired":
        raise ProblemError(
            410,
            "The export's file was deleted after its retention period; start a new export.",
            kind="export-expired",
        )
    if row["status"] != "done" or row["file"] is None:
        raise Conflict(f"The export is {row['status']}, not done.", kind="export-not-ready")
    return bytes(row["file"]), f"ironbase-account-{row['created_at']:%Y%m%d}.zip"


REFUSED = "The password is incorrect."


async def erase_me(
    auth_transaction: Transaction,
    transactions: Transactions,
    caller: SignedIn,
    password: str,
    settings: Settings,
    client_ip: str | None,
) -> erasure.Erased:
    """Erase the caller's account after checking their password again. The check counts
    as a sign-in attempt (the same limits, so erasure cannot be used to guess passwords);
    no connection is held while argon2 runs."""
    throttle = LoginThrottle(settings)
    async with auth_transaction() as tx:
        identity = await auth_repo.get_identity(tx, caller.user_id)
        if identity is None:
            raise NotFound("Your account")
        await throttle.reserve(tx, identity.email, client_ip)
        with_hash = await auth_repo.find_identity_by_email(tx, identity.email)
    stored = with_hash.encrypted_password if with_hash else None
    if not await passwords.verify_password_off_loop(stored, password):
        raise Forbidden(REFUSED)
    async with auth_transaction() as tx:
        await throttle.succeeded(tx, identity.email, client_ip)
    async with transactions() as tx:
        return await erasure.erase_me(tx)


async def erase_user(tx: Tx, admin: SignedIn, user_id: uuid.UUID) -> erasure.Erased:
    """An administrator erases someone else's account; audited (with the pseudonym, never
    the person's id) in the same transaction."""
    if user_id == admin.user_id:
        raise Conflict(
            "Erase your own account with DELETE /v1/me (it asks for your password).",
            kind="erase-self",
        )
    erased = await erasure.erase_as_admin(tx, user_id)
    if erased is None:
        raise NotFound("User")
    await audit.record(
        tx,
        admin,
        action="users.erase",
        target_table="auth.users",
        target_id=str(erased.pseudonym),
        before=None,
        after={"rows": erased.rows},
    )
    return erased
