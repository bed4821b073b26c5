"""Social tables (see ``ironbase.privacy.registry``): community data, each row owned by the
person who made it; rows naming someone else (the other side of a friendship, a block, the
author of a liked or reported post) go when either person is erased."""

from ironbase.privacy.registry import OnErase, PersonColumn, Table, Tier

_GONE_WITH_THEM = OnErase.DELETE_ROWS

TABLES = (
    Table(
        "public.social_profiles",
        Tier.COMMUNITY,
        owner="user_id",
        holds="public profile cards: display name, avatar, the counts shown",
    ),
    Table(
        "public.social_friendships",
        Tier.COMMUNITY,
        owner="user_id",
        people=(
            # Both rows of the pair go: the friend's row names the erased person here.
            PersonColumn("friend_id", _GONE_WITH_THEM, export=True),
            PersonColumn("requested_by", _GONE_WITH_THEM),
        ),
        holds="friendships and pending friend requests, one row per direction",
    ),
    Table(
        "public.social_blocks",
        Tier.COMMUNITY,
        owner="user_id",
        people=(PersonColumn("blocked_id", _GONE_WITH_THEM),),
        holds="who blocked whom",
    ),
    Table(
        "public.social_posts",
        Tier.COMMUNITY,
        owner="user_id",
        # The moderation stays; which administrator hid the post is forgotten.
        people=(PersonColumn("hidden_by", OnErase.SET_NULL),),
        not_exported=("hidden_by",),
        holds="posts with their workout summaries and moderation state",
    ),
    Table(
        "public.social_post_likes",
        Tier.COMMUNITY,
        owner="user_id",
        people=(PersonColumn("post_user_id", _GONE_WITH_THEM),),
        holds="likes",
    ),
    Table(
        "public.social_post_reports",
        Tier.COMMUNITY,
        owner="user_id",
        people=(PersonColumn("post_user_id", _GONE_WITH_THEM),),
        holds="reports of posts to the moderators",
    ),
    Table(
        "public.social_post_comments",
        Tier.COMMUNITY,
        owner="user_id",
        people=(PersonColumn("post_user_id", _GONE_WITH_THEM),),
        holds="comments on posts",
    ),
)
