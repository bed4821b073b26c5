"""Signup, login, refresh rotation and logout."""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from email_validator import EmailNotValidError, validate_email

from ironbase.ambassadors import service as ambassadors
from ironbase.auth import passwords
from ironbase.auth import ratelimit as rl
from ironbase.auth import repository as repo
from ironbase.auth.ratelimit import Limit, hit, too_many_requests
from ironbase.auth.tokens import TokenSigner, hash_refresh_token, new_refresh_token
from ironbase.config import Settings
from ironbase.db.pg import Tx
from ironbase.kit.caller import AuthContext
from ironbase.kit.errors import InvalidInput, ProblemError, Unauthorized
from ironbase.kit.notify import NotificationKind, notify_admins
from ironbase.kit.time import utcnow

WRONG_CREDENTIALS = "Email or password is incorrect."
REFRESH_INVALID = "The refresh token is invalid or expired."

# Opens one short auth_service transaction (login uses two, none held during argon2).
Transaction = Callable[[], AbstractAsyncContextManager[Tx]]


def normalise_email(raw: str) -> str:
    """One person, one spelling: NFKC (fullwidth and other compatibility forms fold to ASCII),
    trim, validate, lower-case. A local part that is still not ASCII is refused, since it
    could imitate another address letter by letter (Cyrillic "е" for "e")."""
    candidate = unicodedata.normalize("NFKC", raw).strip()
    try:
        result = validate_email(candidate, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise InvalidInput("email", f"Not a valid email address: {exc}") from exc
    return result.normalized.lower()


def login_email(raw: str) -> str:
    """The account key a login counts against; invalid addresses still count, like any miss."""
    try:
        return normalise_email(raw)
    except InvalidInput:
        return unicodedata.normalize("NFKC", raw).strip().lower()


class AuthService:
    """Works in the caller's auth_service transaction; the bodies it returns are shaped as
    ``schemas.TokenPair``."""

    def __init__(self, tx: Tx, signer: TokenSigner, settings: Settings) -> None:
        self.tx = tx
        self.signer = signer
        self.settings = settings

    async def signup(
        self,
        email: str,
        password: str,
        client_ip: str | None,
        *,
        referral_code: str | None = None,
    ) -> dict[str, Any]:
        email = normalise_email(email)
        problem = passwords.policy_problem(password)
        if problem:
            raise InvalidInput("password", problem)
        await self._limit_signups(client_ip)
        password_hash = await passwords.hash_password_off_loop(password)
        identity = await repo.create_identity(self.tx, email, password_hash)
        if identity is None:
            # commit=True: the attempt still counts against the sign-up limit.
            raise ProblemError(
                409, "An account with this email already exists.", kind="email-taken", commit=True
            )
        if (
            referral_code is not None
            and await ambassadors.redeem(self.tx, identity.id, referral_code) is None
        ):
            # Raised before the commit: the account is not created either.
            raise InvalidInput("referral_code", "No approved ambassador has this code.")
        return await self._issue_pair(identity, uuid.uuid4())

    async def refresh(self, refresh_token: str) -> dict[str, Any]:
        row = await repo.lock_refresh_token(self.tx, hash_refresh_token(refresh_token))
        now = utcnow()
        if row is None or row["revoked_at"] is not None or row["expires_at"] <= now:
            raise Unauthorized(REFRESH_INVALID, key="problem.detail.refresh-token-invalid")
        if row["used_at"] is not None:
            # A used token presented again means it leaked: end the whole login.
            await repo.revoke_family(self.tx, row["family_id"])
            raise Unauthorized(
                "The refresh token was already used; please sign in again.", commit=True
            )
        identity = await repo.get_identity(self.tx, row["user_id"])
        if identity is None or identity.is_banned(now):
            raise Unauthorized(REFRESH_INVALID, key="problem.detail.refresh-token-invalid")
        await repo.mark_refresh_token_used(self.tx, row["id"])
        return await self._issue_pair(identity, row["family_id"])

    async def logout(self, caller: AuthContext) -> None:
        session_id = caller.claims.get("session_id")
        if caller.user_id is None or not isinstance(session_id, str):
            return
        try:
            family = uuid.UUID(session_id)
        except ValueError:
            return
        await repo.revoke_family(self.tx, family, caller.user_id)

    async def _issue_pair(self, identity: repo.Identity, family_id: uuid.UUID) -> dict[str, Any]:
        refresh = new_refresh_token()
        expires_at = utcnow() + dt.timedelta(seconds=self.settings.refresh_token_ttl_seconds)
        await repo.store_refresh_token(
            self.tx, identity.id, family_id, hash_refresh_token(refresh), expires_at
        )
        access = self.signer.issue(identity.id, identity.email, identity.roles, family_id)
        return {
            "user": {"id": identity.id, "email": identity.email},
            "access_token": access.token,
            "refresh_token": refresh,
            "token_type": "bearer",
            "expires_in": access.expires_in,
        }

    async def _limit_signups(self, client_ip: str | None) -> None:
        if not client_ip:
            return
        limit = Limit(self.settings.signups_per_window, self.settings.signup_window_seconds)
        state = await hit(self.tx, f"signup:ip:{client_ip}", limit)
        if state.count > limit.max_count:
            raise too_many_requests(state.seconds_left, "sign-ups from this address")


class LoginService:
    """Password login. The attempt is reserved (counted) before argon2 runs, in a transaction
    of its own, so parallel guesses cannot all slip past the limit; success refunds it."""

    def __init__(self, transaction: Transaction, signer: TokenSigner, settings: Settings) -> None:
        self.transaction = transaction
        self.signer = signer
        self.throttle = LoginThrottle(settings)
        self.settings = settings

    async def login(self, raw_email: str, password: str, client_ip: str | None) -> dict[str, Any]:
        email = login_email(raw_email)
        async with self.transaction() as tx:
            failures = await self.throttle.reserve(tx, email, client_ip)
            identity = await repo.find_identity_by_email(tx, email)
            if identity is not None and failures >= self.settings.login_failures_notify:
                await notify_admins(
                    tx,
                    NotificationKind.repeated_failed_logins,
                    identity.id,
                    {"failures": failures},
                )
        stored = identity.encrypted_password if identity else None
        # Always exactly one verification (a dummy hash for unknown emails): equal timing.
        verified = await passwords.verify_password_off_loop(stored, password)
        if identity is None or not verified:
            raise Unauthorized(WRONG_CREDENTIALS, key="problem.detail.wrong-credentials")
        if identity.is_banned(utcnow()):
            raise Unauthorized("This account is suspended.", key="problem.detail.account-suspended")
        rehash = None
        if passwords.needs_rehash(stored):
            rehash = await passwords.hash_password_off_loop(password)
        async with self.transaction() as tx:
            await self.throttle.succeeded(tx, email, client_ip)
            await repo.record_sign_in(tx, identity.id, rehash)
            issuer = AuthService(tx, self.signer, self.settings)
            return await issuer._issue_pair(identity, uuid.uuid4())


class LoginThrottle:
    """Failed-login limits (the rule is in the README, "Sign-in limits").

    - per (email, address) pair: ``login_failures_per_window`` free attempts, then each
      further one waits exponentially longer (first delay doubling, up to the max delay);
    - per email across all addresses: a much higher free count, then delays capped low, so
      a distributed attack slows an account's sign-ins but never shuts its owner out;
    - per address across all emails: a fixed window (one address guessing many accounts).
    A success from an address clears its pair and refunds the attempt it reserved.
    """

    def __init__(self, settings: Settings) -> None:
        forget = float(settings.login_failure_window_seconds)
        first = settings.login_first_delay_seconds
        self.pair = rl.Backoff(
            settings.login_failures_per_window, first, settings.login_max_delay_seconds, forget
        )
        self.account = rl.Backoff(
            settings.login_failures_per_account,
            first,
            settings.login_account_max_delay_seconds,
            forget,
        )
        self.by_ip = Limit(settings.login_failures_per_ip, settings.login_failure_window_seconds)

    @staticmethod
    def _keys(email: str, client_ip: str | None) -> tuple[str, str, str | None]:
        pair = f"login-fail:pair:{client_ip or '-'}:{email}"
        ip = f"login-fail:ip:{client_ip}" if client_ip else None
        return f"login-fail:email:{email}", pair, ip

    async def reserve(self, tx: Tx, email: str, client_ip: str | None) -> int:
        """Count this attempt now, or refuse it with 429 (counting nothing). The account's
        failures before this attempt (each one an attempt that did not succeed)."""
        account_key, pair_key, ip_key = self._keys(email, client_ip)
        await rl.lock_key(tx, account_key)  # one email's decisions in turn
        pair = await rl.read_streak(tx, pair_key, self.pair)
        account = await rl.read_streak(tx, account_key, self.account)
        wait = max(pair.wait_seconds, account.wait_seconds)
        if wait > 0:
            raise too_many_requests(wait, "failed sign-in attempts", commit=False)
        if ip_key is not None:
            state = await hit(tx, ip_key, self.by_ip)
            if state.count > self.by_ip.max_count:
                raise too_many_requests(state.seconds_left, "failed sign-in attempts", commit=False)
        await rl.extend_streak(tx, pair_key, pair.failures)
        await rl.extend_streak(tx, account_key, account.failures)
        return account.failures

    async def succeeded(self, tx: Tx, email: str, client_ip: str | None) -> None:
        account_key, pair_key, ip_key = self._keys(email, client_ip)
        await rl.lock_key(tx, account_key)
        await rl.clear(tx, pair_key)
        await rl.refund_one(tx, account_key)
        if ip_key is not None:
            await rl.refund_one(tx, ip_key)
