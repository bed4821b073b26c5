"""Challenge bodies and what the endpoints write.

``metric``: ``volume`` (tonnage of working sets, kg), ``sessions`` (workouts with a working
set), ``sets`` (working sets of ``exercise_id``), ``streak_days`` (the longest run of
consecutive days trained, on each participant's own calendar), ``e1rm`` (best estimated
one-rep max of ``exercise_id``, kg). ``visibility``: ``public`` (everyone signed in),
``friends`` (the creator's friends), ``gym`` (the members of ``gym_id``), ``invite``
(the people in ``invitees``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from ironbase.kit.schemas import strip_non_blank

Metric = Literal["volume", "sessions", "sets", "streak_days", "e1rm"]
Visibility = Literal["public", "friends", "gym", "invite"]
Status = Literal["invited", "joined"]
EXERCISE_METRICS = frozenset({"sets", "e1rm"})
MAX_WINDOW = dt.timedelta(days=366)
MAX_INVITEES = 100
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


def _plausible(value: dt.datetime) -> dt.datetime:
    if not EARLIEST <= value <= LATEST:
        raise ValueError("must be between 2000 and 2100")
    return value


Moment = Annotated[AwareDatetime, AfterValidator(_plausible)]
ChallengeTitle = Annotated[
    str, Field(min_length=1, max_length=120), AfterValidator(strip_non_blank)
]


class ChallengeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: ChallengeTitle
    metric: Metric
    exercise_id: uuid.UUID | None = Field(
        default=None, description="A catalog exercise: required for `sets` and `e1rm`."
    )
    starts_at: Moment
    ends_at: Moment = Field(description="Exclusive; at most 366 days after `starts_at`.")
    visibility: Visibility
    gym_id: uuid.UUID | None = Field(
        default=None, description="Required for `gym`: a gym you belong to."
    )
    invitees: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=MAX_INVITEES,
        description="For `invite`: the people invited (user ids).",
    )

    @model_validator(mode="after")
    def _consistent(self) -> ChallengeCreate:
        if (self.exercise_id is not None) != (self.metric in EXERCISE_METRICS):
            raise ValueError("exercise_id is required for sets and e1rm, and only for them")
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        if self.ends_at - self.starts_at > MAX_WINDOW:
            raise ValueError("a challenge lasts at most 366 days")
        if (self.gym_id is not None) != (self.visibility == "gym"):
            raise ValueError("gym_id is required for gym visibility, and only for it")
        if self.invitees and self.visibility != "invite":
            raise ValueError("invitees are for invite-only challenges")
        if len(set(self.invitees)) != len(self.invitees):
            raise ValueError("invitees must not repeat")
        return self


class Challenge(BaseModel):
    id: uuid.UUID
    creator_id: uuid.UUID
    title: str
    metric: Metric
    exercise_id: uuid.UUID | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    visibility: Visibility
    gym_id: uuid.UUID | None
    created_at: dt.datetime
    participants: int = Field(description="People who joined.")
    my_status: Status | None = Field(description="Whether you joined or are invited.")


class Membership(BaseModel):
    challenge_id: uuid.UUID
    user_id: uuid.UUID
    status: Status
    joined_at: dt.datetime | None
    value: float


class Standing(BaseModel):
    rank: int = Field(description="1 for the leader; equal values: who got there first.")
    user_id: uuid.UUID
    display_name: str | None
    value: float = Field(
        description="kg for volume and e1rm; a count for sessions, sets and streak_days."
    )
