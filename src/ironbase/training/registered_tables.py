"""The training log (see ``ironbase.privacy.registry``): all of it is the person's."""

from ironbase.privacy.registry import Table, Tier

_OWNED = (
    ("public.workouts", "workouts"),
    ("public.workout_exercises", "the exercises of a workout"),
    ("public.workout_sets", "sets"),
    ("public.workout_templates", "templates"),
    ("public.template_exercises", "the exercises of a template"),
    ("public.import_batches", "imported files"),
    ("public.import_pending_exercises", "imported exercises waiting for a name mapping"),
    ("public.exercise_name_mappings", "remembered names from imported files"),
    ("public.training_changes", "the change feed offline clients sync from"),
    ("public.training_change_heads", "the newest change of each person"),
)

TABLES = tuple(
    Table(name, Tier.IRREPLACEABLE, owner="user_id", holds=holds) for name, holds in _OWNED
)
