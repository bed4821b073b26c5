"""Bodies of /v1/admin/gyms."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, StrictBool


class GymVerify(BaseModel):
    """A platform administrator marks a gym as verified (or not)."""

    model_config = ConfigDict(extra="forbid")

    verified: StrictBool
