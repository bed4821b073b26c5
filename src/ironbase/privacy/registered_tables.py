"""Privacy's own tables and the job queue's (see ``ironbase.privacy.registry``)."""

from ironbase.privacy.registry import Table, Tier

_QUEUE = (
    (
        "procrastinate.procrastinate_jobs",
        "background jobs: task, arguments (ids of work, never people's)",
    ),
    ("procrastinate.procrastinate_events", "the state changes of background jobs"),
    ("procrastinate.procrastinate_periodic_defers", "when periodic jobs last ran"),
    ("procrastinate.procrastinate_workers", "the job workers alive and their heartbeats"),
)

TABLES = (
    Table(
        "public.privacy_exports",
        Tier.REPRODUCIBLE,
        owner="user_id",
        # An export holds earlier exports' zips otherwise, each inside the next.
        not_exported=("file",),
        holds="a person's data exports: state, progress and the finished zip",
    ),
    Table(
        "public.privacy_erasure_steps",
        Tier.REPRODUCIBLE,
        holds="what erasure does, table by table (written from this registry by setup)",
    ),
    *(Table(name, Tier.REPRODUCIBLE, holds=holds) for name, holds in _QUEUE),
)
