"""Posts: writing (with a summary of an attached workout), reading what the caller may see,
likes, reports, and hiding by administrators (audited).

The workout summary is read through the training domain's services, as the author, when
the post is written or its workout changes, and kept on the post: readers cannot read the
author's log, and the post shows the workout as it was.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ironbase.catalog.exercises import service as exercises
from ironbase.db.pg import Tx
from ironbase.gyms import service as gyms
from ironbase.kit import audit
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import InvalidInput, NotFound
from ironbase.kit.locales import locale_chain
from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid
from ironbase.kit.units import MassUnit, to_grams, unit_of_system
from ironbase.social import service as social
from ironbase.social.achievements import service as achievements
from ironbase.social.posts import repository as repo
from ironbase.social.posts.schemas import HideRequest, PostCreate, PostUpdate
from ironbase.training.stats import service as stats
from ironbase.training.workouts import service as workouts
from ironbase.users import service as users

POSTS_BY_CREATED = CursorKind("social.posts.created", (Timestamp(), Uuid()))
COMMENTS_BY_CREATED = CursorKind("social.comments.created", (Timestamp(), Uuid()))
REPORTS_BY_CREATED = CursorKind("social.reports.created", (Timestamp(), Uuid(), Uuid()))
# A summary names at most this many exercises (each costs one records statement).
MAX_SUMMARY_EXERCISES = 20
_WARMUP = "warmup"


# --- the workout summary ------------------------------------------------------------------


def _top_set(sets: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The heaviest done working set (most reps among equals), or None."""
    loaded = [s for s in sets if s["set_type"] != _WARMUP and s["weight"] is not None]
    if not loaded:
        return None
    return max(loaded, key=lambda s: (Decimal(str(s["weight"])), s["reps"] or 0))


async def _workout_summary(
    tx: Tx, caller: SignedIn, workout_id: uuid.UUID
) -> tuple[dict[str, Any], uuid.UUID | None]:
    """(summary as stored, the workout's gym if the author still belongs to it)."""
    try:
        workout = await workouts.get_workout(tx, caller, workout_id, "kg")
    except NotFound:
        raise InvalidInput("workout_id", "You have no workout with this id.") from None
    parts = workout["exercises"][:MAX_SUMMARY_EXERCISES]
    chain = locale_chain(await users.locale_of(tx, caller.user_id))
    ids = list(dict.fromkeys(str(e["exercise_id"]) for e in parts))
    names = {str(r["id"]): r for r in await exercises.summaries(tx, caller, ids, chain)}
    items, set_count, broken = [], 0, 0
    for part in parts:
        done = [s for s in part["sets"] if not s["planned"]]
        set_count += len(done)
        top = _top_set(done)
        records = await stats.records_broken(tx, caller, uuid.UUID(str(top["id"]))) if top else []
        broken += len(records)
        name = names.get(str(part["exercise_id"]))
        items.append(
            {
                "exercise_id": str(part["exercise_id"]),
                "slug": name["slug"] if name else None,
                "name": name["name"] if name else None,
                "sets": len(done),
                "top_set": top
                and {"weight_g": to_grams(Decimal(str(top["weight"])), "kg"), "reps": top["reps"]},
                "records": records,
            }
        )
    summary = {
        "title": workout["title"],
        "started_at": workout["started_at"].isoformat(),
        "ended_at": workout["ended_at"] and workout["ended_at"].isoformat(),
        "set_count": set_count,
        "exercises": items,
        "records_broken": broken,
    }
    gym_id = workout["gym_id"]
    if gym_id is not None and not await gyms.is_member(tx, caller, gym_id):
        gym_id = None
    return summary, gym_id


async def _achievement(tx: Tx, caller: SignedIn, slug: str) -> dict[str, Any]:
    earned = await achievements.earned(tx, caller, slug)
    if earned is None:
        raise InvalidInput("achievement", "You have not earned this achievement.")
    return earned


async def _post_gym(tx: Tx, caller: SignedIn, workout_gym: uuid.UUID | None) -> uuid.UUID | None:
    """The gym whose members see the post in their feeds when it is public: where its
    workout was logged, else the author's default gym (None when they belong to none)."""
    return workout_gym if workout_gym is not None else await gyms.default_gym(tx, caller)


def _shown_summary(stored: Mapping[str, Any], unit: MassUnit) -> dict[str, Any]:
    def top(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
        if value is None:
            return None
        weight = workouts.display_mass(value["weight_g"], unit)
        return {"weight": weight, "unit": unit, "reps": value["reps"]}

    return {
        **stored,
        "exercises": [{**e, "top_set": top(e["top_set"])} for e in stored["exercises"]],
    }


def present(row: Mapping[str, Any], unit: MassUnit) -> dict[str, Any]:
    """A post row (``repository.POST_COLUMNS``) as the API writes it, masses in ``unit``."""
    item = dict(row)
    stored = item.pop("workout_summary")
    item["workout"] = None if stored is None else _shown_summary(stored, unit)
    return item


async def viewer_unit(tx: Tx, caller: SignedIn) -> MassUnit:
    return unit_of_system(await users.unit_system_of(tx, caller.user_id) or "metric")


# --- posts --------------------------------------------------------------------------------


async def get_post(tx: Tx, caller: SignedIn, post_id: uuid.UUID) -> dict[str, Any]:
    """404 for a post the caller may not see (hidden, private, friends-only, blocked)."""
    row = await repo.get_post(tx, caller.user_id, post_id)
    if row is None:
        raise NotFound("Post")
    return present(row, await viewer_unit(tx, caller))


async def create_post(tx: Tx, caller: SignedIn, body: PostCreate) -> dict[str, Any]:
    summary, gym_id = None, None
    if body.workout_id is not None:
        summary, gym_id = await _workout_summary(tx, caller, body.workout_id)
    gym_id = await _post_gym(tx, caller, gym_id)
    achievement = None
    if body.achievement is not None:
        achievement = await _achievement(tx, caller, body.achievement)
    post_id = uuid.uuid4()
    values = {
        "text": body.text,
        "visibility": str(body.visibility),
        "workout_id": body.workout_id,
        "summary": summary,
        "achievement": achievement,
        "gym_id": gym_id,
    }
    await repo.create(tx, caller.user_id, post_id, values)
    return await get_post(tx, caller, post_id)


async def update_post(
    tx: Tx, caller: SignedIn, post_id: uuid.UUID, body: PostUpdate
) -> dict[str, Any]:
    changes = body.changes()
    if "visibility" in changes:
        changes["visibility"] = str(changes["visibility"])
    if "workout_id" in changes:
        workout_id, workout_gym = changes["workout_id"], None
        if isinstance(workout_id, uuid.UUID):
            changes["summary"], workout_gym = await _workout_summary(tx, caller, workout_id)
        changes["gym_id"] = await _post_gym(tx, caller, workout_gym)
    if isinstance(changes.get("achievement"), str):
        changes["achievement"] = await _achievement(tx, caller, str(changes["achievement"]))
    if not await repo.update(tx, caller.user_id, post_id, changes, dt.datetime.now(dt.UTC)):
        raise NotFound("Post")
    return await get_post(tx, caller, post_id)


async def delete_post(tx: Tx, caller: SignedIn, post_id: uuid.UUID) -> None:
    if not await repo.delete(tx, caller.user_id, post_id):
        raise NotFound("Post")


async def user_posts(
    tx: Tx, caller: SignedIn, user_id: uuid.UUID, cursor: PageCursor, limit: int
) -> dict[str, Any]:
    """A person's posts the caller may see, newest first; 404 when their card is not
    visible (nobody, or a block): three statements per page."""
    key = cursor.after(POSTS_BY_CREATED)
    after = None if key is None else (key[0], key[1])
    await social.require_card(tx, caller, user_id)
    rows = await repo.user_posts(tx, caller.user_id, user_id, after, limit + 1)
    unit = await viewer_unit(tx, caller)
    page, next_cursor = cursor.page(
        rows, limit, POSTS_BY_CREATED, lambda r: (r["created_at"], r["id"])
    )
    return {"items": [present(r, unit) for r in page], "next_cursor": next_cursor}


# --- likes and reports --------------------------------------------------------------------


async def like(tx: Tx, caller: SignedIn, post_id: uuid.UUID) -> dict[str, Any]:
    """Idempotent: one like per person per post."""
    if not await repo.like(tx, caller.user_id, post_id):
        raise NotFound("Post")
    return await get_post(tx, caller, post_id)


async def unlike(tx: Tx, caller: SignedIn, post_id: uuid.UUID) -> dict[str, Any]:
    """Idempotent; 404 (and nothing changes) when the caller may no longer see the post."""
    await repo.unlike(tx, caller.user_id, post_id)
    row = await repo.get_post(tx, caller.user_id, post_id)
    if row is None:
        raise NotFound("Post")
    return present(row, await viewer_unit(tx, caller))


async def report(tx: Tx, caller: SignedIn, post_id: uuid.UUID, reason: str | None) -> None:
    """One report per person per post; reporting again changes nothing."""
    if not await repo.report(tx, caller.user_id, post_id, reason):
        raise NotFound("Post")


# --- comments -----------------------------------------------------------------------------


async def _post_author(tx: Tx, caller: SignedIn, post_id: uuid.UUID) -> uuid.UUID:
    author = await repo.visible_post_author(tx, caller.user_id, post_id)
    if author is None:
        raise NotFound("Post")
    return uuid.UUID(str(author))


async def list_comments(
    tx: Tx, caller: SignedIn, post_id: uuid.UUID, cursor: PageCursor, limit: int
) -> dict[str, Any]:
    """Oldest first; none from someone blocked either way; 404 for a post the caller may
    not see."""
    key = cursor.after(COMMENTS_BY_CREATED)
    after = None if key is None else (key[0], key[1])
    author = await _post_author(tx, caller, post_id)
    rows = await repo.comments(tx, caller.user_id, author, post_id, after, limit + 1)
    items, next_cursor = cursor.page(
        rows, limit, COMMENTS_BY_CREATED, lambda r: (r["created_at"], r["id"])
    )
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}


async def add_comment(tx: Tx, caller: SignedIn, post_id: uuid.UUID, text: str) -> dict[str, Any]:
    author = await _post_author(tx, caller, post_id)
    comment_id = uuid.uuid4()
    await repo.add_comment(tx, caller.user_id, comment_id, author, post_id, text)
    row = await repo.own_comment(tx, caller.user_id, comment_id)
    assert row is not None
    return dict(row)


async def delete_comment(
    tx: Tx, caller: SignedIn, post_id: uuid.UUID, comment_id: uuid.UUID
) -> None:
    """By its writer or the post's author; 404 for anyone else."""
    if not await repo.delete_comment(tx, caller.user_id, post_id, comment_id):
        raise NotFound("Comment")


# --- moderation ---------------------------------------------------------------------------


async def moderate(
    tx: Tx, admin: SignedIn, post_id: uuid.UUID, body: HideRequest | None
) -> dict[str, Any]:
    """Hide (``body`` given) or show again; audited in the same transaction."""
    hide = body is not None
    reason = body.reason if body is not None else None
    row = await repo.moderate(
        tx, admin.user_id, post_id, hide=hide, reason=reason, now=dt.datetime.now(dt.UTC)
    )
    if row is None:
        raise NotFound("Post")
    await audit.record(
        tx,
        admin,
        action="social.post.hide" if hide else "social.post.unhide",
        target_table="social_posts",
        target_id=str(post_id),
        before={"hidden": row["was_hidden_at"] is not None, "reason": row["was_reason"]},
        after={"hidden": hide, "reason": row["hidden_reason"], "author_id": str(row["user_id"])},
    )
    return {
        "id": post_id,
        "hidden": row["hidden_at"] is not None,
        "hidden_at": row["hidden_at"],
        "hidden_reason": row["hidden_reason"],
    }


async def list_reports(
    tx: Tx, cursor: PageCursor, limit: int, *, open_only: bool
) -> dict[str, Any]:
    key = cursor.after(REPORTS_BY_CREATED)
    after = None if key is None else (key[0], key[1], key[2])
    rows = await repo.reports(tx, after, open_only, limit + 1)
    items, next_cursor = cursor.page(
        rows,
        limit,
        REPORTS_BY_CREATED,
        lambda r: (r["created_at"], r["reporter_id"], r["post_id"]),
    )
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}
