"""Signup, login, refresh rotation and logout."""

from __future__ import annotations

import datetime as dt
import uuid

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.ext.asyncio import AsyncSession

from ironbase.auth import passwords
from ironbase.auth import repository as repo
from ironbase.auth.context import AuthContext
from ironbase.auth.ratelimit import Limit, hit, peek, too_many_requests
from ironbase.auth.schemas import TokenPair, TokenUser
from ironbase.auth.tokens import TokenSigner, hash_refresh_token, new_refresh_token
from ironbase.config import Settings
from ironbase.kit.errors import InvalidInput, ProblemError, Unauthorized
from ironbase.kit.time import utcnow

WRONG_CREDENTIALS = "Email or password is incorrect."


def normalise_email(raw: str) -> str:
    """Trim, validate and lower-case: one person, one spelling of their address."""
    try:
        result = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput("email", f"Not a valid email address: {exc}") from exc
    return result.normalized.lower()


class AuthService:
    def __init__(self, session: AsyncSession, signer: TokenSigner, settings: Settings) -> None:
        self.session = session
        self.signer = signer
        self.settings = settings

    async def signup(self, email: str, password: str, client_ip: str | None) -> TokenPair:
        email = normalise_email(email)
        problem = passwords.policy_problem(password)
        if problem:
            raise InvalidInput("password", problem)
        await self._limit_signups(client_ip)
        identity = await repo.create_identity(
            self.session, email, passwords.hash_password(password)
        )
        if identity is None:
            # commit=True: the attempt still counts against the sign-up limit.
            raise ProblemError(
                409, "An account with this email already exists.", kind="email-taken", commit=True
            )
        return await self._issue_pair(identity, uuid.uuid4())

    async def login(self, email: str, password: str, client_ip: str | None) -> TokenPair:
        try:
            email = normalise_email(email)
        except InvalidInput:
            email = email.strip().lower()  # still counted and answered like any wrong login
        await self._refuse_if_locked_out(email, client_ip)
        identity = await repo.find_identity_by_email(self.session, email)
        stored = identity.encrypted_password if identity else None
        # Verified even for unknown emails (against a dummy hash) so timing does not tell.
        if identity is None or not passwords.verify_password(stored, password):
            await self._count_failure(email, client_ip)
            raise Unauthorized(WRONG_CREDENTIALS, commit=True)
        if identity.is_banned(utcnow()):
            raise Unauthorized("This account is suspended.")
        rehash = passwords.hash_password(password) if passwords.needs_rehash(stored) else None
        await repo.record_sign_in(self.session, identity.id, rehash)
        return await self._issue_pair(identity, uuid.uuid4())

    async def refresh(self, refresh_token: str) -> TokenPair:
        row = await repo.lock_refresh_token(self.session, hash_refresh_token(refresh_token))
        now = utcnow()
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            raise Unauthorized("The refresh token is invalid or expired.")
        if row.used_at is not None:
            # A used token presented again means it leaked: end the whole login.
            await repo.revoke_family(self.session, row.family_id)
            raise Unauthorized(
                "The refresh token was already used; please sign in again.", commit=True
            )
        identity = await repo.get_identity(self.session, row.user_id)
        if identity is None or identity.is_banned(now):
            raise Unauthorized("The refresh token is invalid or expired.")
        await repo.mark_refresh_token_used(self.session, row.id)
        return await self._issue_pair(identity, row.family_id)

    async def logout(self, caller: AuthContext) -> None:
        session_id = caller.claims.get("session_id")
        if caller.user_id is None or not isinstance(session_id, str):
            return
        try:
            family = uuid.UUID(session_id)
        except ValueError:
            return
        await repo.revoke_family(self.session, family, caller.user_id)

    async def _issue_pair(self, identity: repo.Identity, family_id: uuid.UUID) -> TokenPair:
        refresh = new_refresh_token()
        expires_at = utcnow() + dt.timedelta(seconds=self.settings.refresh_token_ttl_seconds)
        await repo.store_refresh_token(
            self.session, identity.id, family_id, hash_refresh_token(refresh), expires_at
        )
        access = self.signer.issue(identity.id, identity.email, identity.roles, family_id)
        return TokenPair(
            user=TokenUser(id=identity.id, email=identity.email),
            access_token=access.token,
            refresh_token=refresh,
            token_type="bearer",  # noqa: S106 (a token type, not a secret)
            expires_in=access.expires_in,
        )

    def _login_limits(self) -> tuple[Limit, Limit]:
        window = self.settings.login_failure_window_seconds
        return (
            Limit(self.settings.login_failures_per_window, window),
            Limit(self.settings.login_failures_per_ip, window),
        )

    async def _refuse_if_locked_out(self, email: str, client_ip: str | None) -> None:
        by_email, by_ip = self._login_limits()
        keys = [(f"login-fail:email:{email}", by_email)]
        if client_ip:
            keys.append((f"login-fail:ip:{client_ip}", by_ip))
        for key, limit in keys:
            state = await peek(self.session, key, limit)
            if state.count >= limit.max_count:
                raise too_many_requests(state.seconds_left, "failed sign-in attempts")

    async def _count_failure(self, email: str, client_ip: str | None) -> None:
        by_email, by_ip = self._login_limits()
        await hit(self.session, f"login-fail:email:{email}", by_email)
        if client_ip:
            await hit(self.session, f"login-fail:ip:{client_ip}", by_ip)

    async def _limit_signups(self, client_ip: str | None) -> None:
        if not client_ip:
            return
        limit = Limit(self.settings.signups_per_window, self.settings.signup_window_seconds)
        state = await hit(self.session, f"signup:ip:{client_ip}", limit)
        if state.count > limit.max_count:
            raise too_many_requests(state.seconds_left, "sign-ups from this address")
