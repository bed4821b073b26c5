"""Posts, their workout summaries, likes, reports and moderation."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ironbase.kit.schemas import strip_non_blank
from ironbase.kit.units import MassUnit
from ironbase.models.social import Visibility
from ironbase.social.schemas import Author

MAX_TEXT = 2000


class TopSet(BaseModel):
    weight: int | float
    unit: MassUnit
    reps: int | None


class ExerciseSummary(BaseModel):
    exercise_id: uuid.UUID
    slug: str | None
    name: str | None
    sets: int
    top_set: TopSet | None
    records: list[str] = Field(description="Records the top set broke when the post was made.")


class WorkoutSummary(BaseModel):
    """What the post shows of its workout, as it was when attached."""

    title: str | None
    started_at: dt.datetime
    ended_at: dt.datetime | None
    set_count: int
    exercises: list[ExerciseSummary]
    records_broken: int


AchievementSlug = Annotated[str, Field(pattern=r"^[a-z0-9_]{1,64}$")]


class PostAchievement(BaseModel):
    """An achievement of the author's, as it was when attached to the post."""

    slug: str
    names: dict[str, str] = Field(description="Its name in each catalog language.")
    earned_at: dt.datetime
    workout_id: uuid.UUID | None
    set_id: uuid.UUID | None


class Post(BaseModel):
    id: uuid.UUID
    author: Author
    text: str
    visibility: Visibility
    workout_id: uuid.UUID | None
    workout: WorkoutSummary | None
    achievement: PostAchievement | None
    like_count: int
    liked_by_me: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class PostCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT)
    visibility: Visibility = Visibility.friends
    workout_id: uuid.UUID | None = None
    achievement: AchievementSlug | None = Field(
        default=None, description="The slug of an achievement I have earned, to show with the post."
    )

    @field_validator("text")
    @classmethod
    def _strip(cls, value: str) -> str:
        stripped = strip_non_blank(value)
        assert stripped is not None
        return stripped


class PostUpdate(BaseModel):
    """Only what is sent changes; ``workout_id: null`` detaches the workout,
    ``achievement: null`` the achievement."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, min_length=1, max_length=MAX_TEXT)
    visibility: Visibility | None = None
    workout_id: uuid.UUID | None = None
    achievement: AchievementSlug | None = None

    @field_validator("text")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        if value is None:
            raise ValueError("text cannot be null")
        return strip_non_blank(value)

    @field_validator("visibility")
    @classmethod
    def _not_null(cls, value: Visibility | None) -> Visibility | None:
        if value is None:
            raise ValueError("visibility cannot be null")
        return value

    def changes(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.model_fields_set}


class ReportCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, min_length=1, max_length=500)


class HideRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=500)


class Moderation(BaseModel):
    id: uuid.UUID
    hidden: bool
    hidden_at: dt.datetime | None
    hidden_reason: str | None


class Report(BaseModel):
    post_id: uuid.UUID
    author_id: uuid.UUID
    reporter_id: uuid.UUID
    reason: str | None
    created_at: dt.datetime
    text: str
    visibility: Visibility
    hidden_at: dt.datetime | None


class Comment(BaseModel):
    id: uuid.UUID
    author: Author
    text: str
    created_at: dt.datetime


class CommentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=1000)

    @field_validator("text")
    @classmethod
    def _strip(cls, value: str) -> str:
        stripped = strip_non_blank(value)
        assert stripped is not None
        return stripped
