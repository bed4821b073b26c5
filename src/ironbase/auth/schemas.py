"""Request and response bodies of the auth API."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ironbase.ambassadors.schemas import ReferralCode


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=320, examples=["ada@example.com"])
    # Generous bound here; the policy (auth.passwords) gives the precise message.
    password: str = Field(min_length=1, max_length=1024)


class SignupRequest(Credentials):
    referral_code: ReferralCode | None = Field(
        default=None,
        description="An ambassador's code: links the new account to them (422 if unknown).",
    )


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=1, max_length=256)


class TokenUser(BaseModel):
    id: uuid.UUID
    email: str


class TokenPair(BaseModel):
    user: TokenUser
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"]
    expires_in: int
