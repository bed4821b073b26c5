"""Runtime settings, read from the environment (prefix ``IRONBASE_``) plus ``DATABASE_URL``."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_SECRET_LENGTH = 32


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class LogFormat(StrEnum):
    json = "json"
    text = "text"


class RateLimit(BaseModel):
    """Requests allowed per fixed window: per signed-in person and per client address."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    per_user: int = Field(ge=1, le=1_000_000_000)
    per_address: int = Field(ge=1, le=1_000_000_000)
    # At most a day: counters older than a day are pruned (limits/repository.py).
    window_seconds: int = Field(ge=1, le=86_400)


# Every bucket a route may name (``Depends(rate_limited("plates"))``). A bucket is a kind
# of expensive work; settings change these figures but cannot invent buckets, so a typo in
# the environment fails at start instead of silently limiting nothing.
DEFAULT_RATE_LIMITS: dict[str, RateLimit] = {
    # The plate solver and its relatives (solve, warm-up, loads, dumbbells, machines).
    "plates": RateLimit(per_user=120, per_address=600, window_seconds=60),
    "imports": RateLimit(per_user=10, per_address=30, window_seconds=3600),
    "exports": RateLimit(per_user=10, per_address=30, window_seconds=3600),
    "program_generation": RateLimit(per_user=30, per_address=120, window_seconds=3600),
    "posts": RateLimit(per_user=30, per_address=120, window_seconds=3600),
    "friend_requests": RateLimit(per_user=50, per_address=200, window_seconds=86_400),
    "coach_links": RateLimit(per_user=50, per_address=200, window_seconds=86_400),
    # Creating and joining challenges (a join computes the standing over the window).
    "challenges": RateLimit(per_user=60, per_address=240, window_seconds=3600),
    # Ambassadors' battles: create, edit, invite (up to 50 a call), accept (a standing).
    "battles": RateLimit(per_user=120, per_address=480, window_seconds=3600),
}


def _merged_rate_limits(value: object) -> object:
    """Overrides (``{"plates": {"per_user": 60}}``) on top of the defaults, field by field."""
    if not isinstance(value, Mapping):
        return value  # pydantic names the type error
    unknown = sorted(set(value) - DEFAULT_RATE_LIMITS.keys())
    if unknown:
        known = sorted(DEFAULT_RATE_LIMITS)
        raise ValueError(f"unknown rate-limit buckets {unknown}; known: {known}")
    merged: dict[str, Any] = {name: x.model_dump() for name, x in DEFAULT_RATE_LIMITS.items()}
    for name, override in value.items():
        if isinstance(override, RateLimit):
            override = override.model_dump()
        if not isinstance(override, Mapping):
            raise ValueError(f"rate limit {name!r} must be an object")
        merged[name] = {**merged[name], **override}
    return merged


class Settings(BaseSettings):
    """Everything the service needs to know; one URL is all a user has to give."""

    model_config = SettingsConfigDict(env_prefix="IRONBASE_", extra="ignore")

    environment: Environment = Environment.development
    # A role allowed to create roles: used for setup and migrations, never to serve requests.
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "IRONBASE_DATABASE_URL")
    )
    data_dir: Path = Path(".ironbase")
    authenticator_password: SecretStr | None = None
    jwt_secret: SecretStr | None = None
    access_token_ttl_seconds: int = Field(default=15 * 60, ge=30, le=24 * 3600)
    refresh_token_ttl_seconds: int = Field(default=30 * 24 * 3600, ge=300)
    jwt_audience: str = "authenticated"
    # Failed logins: free per (email, address) pair, then exponential delays (see README).
    login_failures_per_window: int = Field(default=10, ge=1)
    login_failure_window_seconds: int = Field(default=15 * 60, ge=1)
    login_failures_per_ip: int = Field(default=100, ge=1)
    login_failures_per_account: int = Field(default=100, ge=1)
    login_first_delay_seconds: float = Field(default=1.0, gt=0)
    login_max_delay_seconds: int = Field(default=3600, ge=1)
    login_account_max_delay_seconds: int = Field(default=60, ge=1)
    # Failed logins of one account (all addresses) at which administrators are notified.
    login_failures_notify: int = Field(default=20, ge=1)
    signups_per_window: int = Field(default=30, ge=1)
    signup_window_seconds: int = Field(default=3600, ge=1)
    pool_size: int = Field(default=10, ge=1)
    pool_max_overflow: int = Field(default=10, ge=0)
    trust_forwarded_for: bool = False
    log_level: str = "INFO"
    # None: text lines for people in development and tests, JSON lines in production.
    log_format: LogFormat | None = None
    seed_on_start: bool = True
    # Per-person quotas: a free account must not be able to fill the database.
    max_gyms_created_per_user: int = Field(default=20, ge=0)
    max_private_exercises_per_user: int = Field(default=500, ge=0)
    # Expensive endpoints, per bucket (IRONBASE_RATE_LIMITS as JSON, merged onto the defaults).
    rate_limits: dict[str, RateLimit] = Field(default_factory=lambda: dict(DEFAULT_RATE_LIMITS))
    # Where the API connects, if not derived from DATABASE_URL (e.g. through a pooler).
    # It must not be a superuser or the owner: the API refuses to start otherwise.
    api_database_url: str | None = None
    # How often a worker checks text_translations for changes (then reloads its strings).
    i18n_refresh_seconds: float = Field(default=30.0, ge=0.05, le=3600)
    # How long a finished export's zip is kept before the worker drops it (1 hour..1 year).
    export_retention_hours: int = Field(default=168, ge=1, le=8760)
    # A language-model program proposer, "module:factory" (None: off). Whatever it proposes
    # goes through the program checker and is refused when it breaks an invariant.
    program_proposer: str | None = Field(default=None, max_length=200)

    @field_validator("rate_limits", mode="before")
    @classmethod
    def _merge_rate_limits(cls, value: object) -> object:
        return _merged_rate_limits(value)

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    @cached_property
    def is_production(self) -> bool:
        return self.environment is Environment.production

    @property
    def effective_log_format(self) -> LogFormat:
        if self.log_format is not None:
            return self.log_format
        return LogFormat.json if self.is_production else LogFormat.text
