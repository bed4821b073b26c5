"""`ironbase ambassadors reconcile`: statements per ambassador and currency, their sums
checked against the ledger's; exit 1 on a mismatch."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import httpx

from ironbase.ambassadors.commissions.service import Reconciliation
from ironbase.db.setup import DatabaseTarget
from tests.ambassadors.support import ambassador_with_referral, create_agreement, event, record
from tests.conftest import sign_up_admin


def _reconcile(
    target: DatabaseTarget, data_dir: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": target.admin_url.render_as_string(hide_password=False),
        "IRONBASE_AUTHENTICATOR_PASSWORD": target.authenticator_password,
        "IRONBASE_DATA_DIR": str(data_dir),
        "COLUMNS": "250",
    }
    command = [sys.executable, "-m", "ironbase.cli", "ambassadors", "reconcile", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603


async def test_statements_reconcile_with_the_ledger(
    client: httpx.AsyncClient,
    owner_url: str,
    database_target: DatabaseTarget,
    tmp_path: Path,
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    await create_agreement(client, admin, ambassador.id, amount="4.25", currency="CHF")
    first = await record(client, admin, event(referred.id))
    await record(
        client, admin, event(referred.id, kind="refund", reverses_event_id=first["event_id"])
    )
    await record(
        client, admin, event(referred.id, event_id="evt-again", occurred_at="2026-07-01T00:00:00Z")
    )
    whole = _reconcile(database_target, tmp_path)
    assert whole.returncode == 0, whole.stdout + whole.stderr
    assert "0 mismatching" in whole.stdout
    assert "CHF" in whole.stderr  # the rich tables
    one = _reconcile(
        database_target, tmp_path, "--ambassador", str(ambassador.id), "--from", "2020-01-01"
    )
    assert one.returncode == 0, one.stdout + one.stderr
    assert "1 ambassadors" in one.stdout
    assert str(ambassador.id) in one.stderr
    backwards = _reconcile(database_target, tmp_path, "--from", "2026-02-01", "--to", "2026-01-01")
    assert backwards.returncode == 2, backwards.stdout + backwards.stderr


def test_a_difference_is_a_mismatch() -> None:
    agreeing = Reconciliation(totals={"EUR": (Decimal(5), Decimal(5), Decimal(1), Decimal(1))})
    assert agreeing.mismatches == []
    differing = Reconciliation(
        totals={
            "EUR": (Decimal(5), Decimal(5), Decimal(1), Decimal(1)),
            "USD": (Decimal(5), Decimal("5.01"), Decimal(1), Decimal(1)),
            "JPY": (Decimal(5), Decimal(5), Decimal(1), Decimal(2)),
        }
    )
    assert differing.mismatches == ["JPY", "USD"]
