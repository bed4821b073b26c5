"""Commission agreements and the ledger (see ``ironbase.privacy.registry``, docs/privacy.md
and docs/adr/0012-commission-ledger.md).

The ledger is IRREPLACEABLE: financial records nobody can recompute (the events came from
billing once). It is still the ambassador's: erasing them deletes their rows (the one
DELETE the ledger's guard lets through); erasing a referred person nulls
``referred_user_id`` and keeps the amounts, so the ambassador's balance stays true.
Agreements are the ambassador's terms; the administrators who created or revoked them are
SET_NULL (the audit log keeps who, pseudonymised).
"""

from ironbase.privacy.registry import OnErase, PersonColumn, Table, Tier

TABLES = (
    Table(
        "public.ambassador_commission_agreements",
        Tier.COMMUNITY,
        owner="user_id",
        people=(
            PersonColumn("created_by", OnErase.SET_NULL),
            PersonColumn("revoked_by", OnErase.SET_NULL),
        ),
        holds="an ambassador's commission terms per event kind, set by administrators",
    ),
    Table(
        "public.ambassador_commission_accruals",
        Tier.IRREPLACEABLE,
        owner="user_id",
        people=(PersonColumn("referred_user_id", OnErase.SET_NULL),),
        holds="the append-only commission ledger: accruals and reversals per qualifying event",
    ),
)
