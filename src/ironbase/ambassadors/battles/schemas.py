"""Battle bodies and what the endpoints write.

``metric``: ``volume`` (tonnage of working sets, kg; of ``exercise_id`` when given),
``sessions`` (workouts with a working set), ``sets`` (working sets; of ``exercise_id`` when
given), ``e1rm`` (best estimated one-rep max of ``exercise_id``, kg). ``mode``:
``individual``, or ``team`` with 2 to 8 named ``teams`` (each invitation names one).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from ironbase.kit.schemas import strip_non_blank

Metric = Literal["volume", "sessions", "sets", "e1rm"]
Mode = Literal["individual", "team"]
Phase = Literal["upcoming", "running", "ended", "settled"]
InvitationStatus = Literal["pending", "accepted", "declined", "expired"]
MyRole = Literal["ambassador", "invited", "participant", "declined"]
MAX_WINDOW = dt.timedelta(days=90)
MAX_INVITEES = 50
MIN_TEAMS, MAX_TEAMS = 2, 8
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


def _plausible(value: dt.datetime) -> dt.datetime:
    if not EARLIEST <= value <= LATEST:
        raise ValueError("must be between 2000 and 2100")
    return value


Moment = Annotated[AwareDatetime, AfterValidator(_plausible)]
Title = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(strip_non_blank)]
Description = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(strip_non_blank)]
TeamName = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(strip_non_blank)]
MaxParticipants = Annotated[int, Field(ge=2, le=500)]


def check_window(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise ValueError("ends_at must be after starts_at")
    if ends_at - starts_at > MAX_WINDOW:
        raise ValueError("a battle lasts at most 90 days")


class BattleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title
    description: Description | None = None
    metric: Metric
    exercise_id: uuid.UUID | None = Field(
        default=None,
        description="A catalog exercise: required for `e1rm`, optional for `volume` and "
        "`sets`, not for `sessions`.",
    )
    starts_at: Moment = Field(description="In the future.")
    ends_at: Moment = Field(description="Exclusive; at most 90 days after `starts_at`.")
    mode: Mode = "individual"
    teams: list[TeamName] | None = Field(
        default=None,
        min_length=MIN_TEAMS,
        max_length=MAX_TEAMS,
        description="Team mode only: 2 to 8 distinct names.",
    )
    max_participants: MaxParticipants = 50

    @model_validator(mode="after")
    def _consistent(self) -> BattleCreate:
        if self.metric == "e1rm" and self.exercise_id is None:
            raise ValueError("exercise_id is required for e1rm")
        if self.metric == "sessions" and self.exercise_id is not None:
            raise ValueError("sessions count whole workouts: no exercise_id")
        check_window(self.starts_at, self.ends_at)
        if (self.teams is not None) != (self.mode == "team"):
            raise ValueError("teams are required in team mode, and only in it")
        if self.teams is not None and len({t.casefold() for t in self.teams}) != len(self.teams):
            raise ValueError("team names must be distinct")
        return self


class BattleUpdate(BaseModel):
    """Before the start only; metric, exercise, mode and teams are fixed at creation."""

    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    description: Description | None = None
    starts_at: Moment | None = None
    ends_at: Moment | None = None
    max_participants: MaxParticipants | None = None

    @model_validator(mode="after")
    def _something(self) -> BattleUpdate:
        if not self.model_fields_set:
            raise ValueError("nothing to change")
        for name in ("title", "starts_at", "ends_at", "max_participants"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class Invitee(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: uuid.UUID
    team: TeamName | None = Field(default=None, description="Team mode: one of the teams.")


class InvitationsCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    invitees: list[Invitee] = Field(min_length=1, max_length=MAX_INVITEES)

    @model_validator(mode="after")
    def _distinct(self) -> InvitationsCreate:
        if len({i.user_id for i in self.invitees}) != len(self.invitees):
            raise ValueError("invitees must not repeat")
        return self


class Battle(BaseModel):
    id: uuid.UUID
    ambassador_id: uuid.UUID
    title: str
    description: str | None
    metric: Metric
    exercise_id: uuid.UUID | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    mode: Mode
    teams: list[str] | None
    max_participants: int
    participants: int = Field(description="People who accepted.")
    phase: Phase
    my_role: MyRole = Field(description="What you are in this battle.")
    winner_user_id: uuid.UUID | None
    winner_team: str | None
    winning_value: float | None = Field(description="In the leaderboard's units.")
    settled_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime


class Invitation(BaseModel):
    id: uuid.UUID
    battle_id: uuid.UUID
    user_id: uuid.UUID
    team: str | None
    status: InvitationStatus = Field(
        description="`expired`: still unanswered when the battle ended."
    )
    invited_by: uuid.UUID | None
    responded_at: dt.datetime | None
    created_at: dt.datetime
    battle_title: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class Standing(BaseModel):
    rank: int = Field(description="1 for the leader; equal values: who got there first.")
    user_id: uuid.UUID
    display_name: str | None
    team: str | None
    value: float = Field(description="kg for volume and e1rm; a count for sessions and sets.")


class TeamStanding(BaseModel):
    rank: int
    team: str
    members: int
    value: float = Field(description="The sum of the members' standings, in their units.")
