"""Social: profile cards, friendships, blocks, posts, likes and reports (revision 0015_social).

Visibility lives in the policies of the migration; these models only describe the tables.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy import (
    text as sql,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, CreatedAt, Timestamps
from ironbase.models.checks import length_between


class Visibility(StrEnum):
    private = "private"
    friends = "friends"
    public = "public"


class FriendshipStatus(StrEnum):
    pending = "pending"
    accepted = "accepted"


class PublicStat(StrEnum):
    friend_count = "friend_count"
    public_post_count = "public_post_count"


def _user_fk(ondelete: str = "CASCADE") -> Any:
    return ForeignKey("auth.users.id", ondelete=ondelete)


class SocialProfile(Timestamps, Base):
    """The public card: display name (kept equal to ``users.display_name`` by a trigger),
    avatar URL, and which counts its owner shows (``social_card_stats`` computes them)."""

    __tablename__ = "social_profiles"
    __table_args__ = (
        length_between("display_name", 1, 80),
        CheckConstraint(
            "char_length(avatar_url) between 9 and 500 and avatar_url ~ '^https://[^[:space:]]+$'",
            name="avatar_url",
        ),
        CheckConstraint(
            "public_stats <@ array['friend_count', 'public_post_count']::text[]",
            name="public_stats",
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(_user_fk(), primary_key=True)
    display_name: Mapped[str | None] = mapped_column(Text)
    avatar_url: Mapped[str | None] = mapped_column(Text)
    public_stats: Mapped[list[str]] = mapped_column(
        ARRAY(Text), nullable=False, server_default=sql("'{}'::text[]")
    )


class SocialBlock(CreatedAt, Base):
    """``user_id`` blocks ``blocked_id``: both see the row; neither sees the other's posts or
    card; inserting it deletes their friendship and pending requests (trigger)."""

    __tablename__ = "social_blocks"
    __table_args__ = (
        CheckConstraint("user_id <> blocked_id", name="not_self"),
        Index("ix_social_blocks_blocked", "blocked_id", "user_id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(_user_fk(), primary_key=True)
    blocked_id: Mapped[uuid.UUID] = mapped_column(_user_fk(), primary_key=True)


class SocialFriendship(Base):
    """One row per direction: a request from A to B is the rows (A, B) and (B, A), both
    ``pending``, sharing ``id`` (the request's id) and ``requested_by = A``; accepting sets
    both to ``accepted``; declining, cancelling, removing and blocking delete both.

    Are A and B friends? One probe of the unique index ``uq_social_friendships_friend``::

        select exists (select 1 from public.social_friendships
                       where user_id = :a and friend_id = :b and status = 'accepted')

    (as ``authenticated``, A or B must be the caller: the rows are visible to the two people
    only). A request made by exact email (``by_email``) stays invisible to its requester
    until accepted, so that nobody learns whether an address has an account.
    """

    __tablename__ = "social_friendships"
    __table_args__ = (
        UniqueConstraint("user_id", "friend_id", name="uq_social_friendships_friend"),
        CheckConstraint("user_id <> friend_id", name="not_self"),
        CheckConstraint("status in ('pending', 'accepted')", name="status"),
        CheckConstraint("requested_by in (user_id, friend_id)", name="requested_by"),
        CheckConstraint("(status = 'accepted') = (accepted_at is not null)", name="accepted"),
        Index("ix_social_friendships_friend_id", "friend_id", "user_id"),
        Index("ix_social_friendships_requested_by", "requested_by"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(_user_fk(), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=sql("gen_random_uuid()")
    )
    friend_id: Mapped[uuid.UUID] = mapped_column(_user_fk())
    status: Mapped[str] = mapped_column(Text, server_default=sql("'pending'::text"))
    requested_by: Mapped[uuid.UUID] = mapped_column(_user_fk())
    by_email: Mapped[bool] = mapped_column(Boolean, server_default=sql("false"))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class SocialPost(Base):
    """A post: text, visibility, an optional workout (``workout_summary`` is what the post
    shows of it, taken when the post was written), ``like_count`` kept by a trigger on the
    likes, and the moderation columns only administrators write."""

    __tablename__ = "social_posts"
    __table_args__ = (
        length_between("text", 1, 2000),
        CheckConstraint("visibility in ('private', 'friends', 'public')", name="visibility"),
        CheckConstraint("like_count >= 0", name="like_count"),
        length_between("hidden_reason", 1, 500),
        CheckConstraint("(workout_summary is null) or (workout_id is not null)", name="summary"),
        Index(
            "ix_social_posts_author",
            "user_id",
            sql("created_at DESC"),
            sql("id DESC"),
            postgresql_where=sql("hidden_at is null"),
        ),
        Index(
            "ix_social_posts_gym",
            "gym_id",
            sql("created_at DESC"),
            sql("id DESC"),
            postgresql_where=sql(
                "visibility = 'public' and hidden_at is null and gym_id is not null"
            ),
        ),
        Index("ix_social_posts_id", "id"),
        Index(
            "ix_social_posts_hidden_by", "hidden_by", postgresql_where=sql("hidden_by is not null")
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(_user_fk(), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=sql("gen_random_uuid()")
    )
    text: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(Text, server_default=sql("'friends'::text"))
    workout_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    workout_summary: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    achievement: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    gym_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("gyms.id", ondelete="SET NULL"))
    like_count: Mapped[int] = mapped_column(Integer, server_default=sql("0"))
    hidden_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_by: Mapped[uuid.UUID | None] = mapped_column(_user_fk("SET NULL"))
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


def _post_fk(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["post_user_id", "post_id"],
        ["social_posts.user_id", "social_posts.id"],
        ondelete="CASCADE",
        name=f"fk_{table}_post_user_id_social_posts",
    )


class SocialPostLike(CreatedAt, Base):
    """One like per person per post (the key); only the liker reads it."""

    __tablename__ = "social_post_likes"
    __table_args__ = (
        _post_fk("social_post_likes"),
        Index("ix_social_post_likes_post", "post_user_id", "post_id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(_user_fk(), primary_key=True)
    post_user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    post_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)


class SocialPostReport(CreatedAt, Base):
    """One report per person per post; the reporter and administrators read it."""

    __tablename__ = "social_post_reports"
    __table_args__ = (
        length_between("reason", 1, 500),
        _post_fk("social_post_reports"),
        Index("ix_social_post_reports_post", "post_user_id", "post_id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(_user_fk(), primary_key=True)
    post_user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    post_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    reason: Mapped[str | None] = mapped_column(Text)


class SocialPostComment(CreatedAt, Base):
    """A comment on a post: visible with the post, except across a block with its writer."""

    __tablename__ = "social_post_comments"
    __table_args__ = (
        length_between("text", 1, 1000),
        _post_fk("social_post_comments"),
        Index("ix_social_post_comments_post", "post_user_id", "post_id", "created_at", "id"),
        Index("ix_social_post_comments_id", "id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(_user_fk(), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=sql("gen_random_uuid()")
    )
    post_user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    post_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    text: Mapped[str] = mapped_column(Text)
