"""Training programs and the coach log (see ``ironbase.privacy.registry``).

A program is the person's own record (tier 1, like the training log it plans). The coach
log belongs to the person it is about (``user_id``); ``actor_id`` names who asked for the
entry: the person themselves today, a coach later. Erasing an actor nulls it (SET_NULL):
the entry stays in the other person's log, since it is their history (what was generated,
adapted or refused and why), and an erased coach must not stay named in it. A pseudonym
would keep nothing the owner needs and could still link entries to one erased person.
"""

from ironbase.privacy.registry import OnErase, PersonColumn, Table, Tier

TABLES = (
    Table(
        "public.ai_programs",
        Tier.IRREPLACEABLE,
        owner="user_id",
        holds="generated training programs, with the canonical program and its inputs",
    ),
    Table(
        "public.ai_program_weeks",
        Tier.IRREPLACEABLE,
        owner="user_id",
        holds="the weeks of a program (deload, calibration)",
    ),
    Table(
        "public.ai_program_workouts",
        Tier.IRREPLACEABLE,
        owner="user_id",
        holds="the workouts of a program's weeks",
    ),
    Table(
        "public.ai_program_workout_exercises",
        Tier.IRREPLACEABLE,
        owner="user_id",
        holds="prescriptions: exercise, sets, reps, effort, load and plates",
    ),
    Table(
        "public.coach_logs",
        Tier.IRREPLACEABLE,
        owner="user_id",
        # Not exported to the actor: the entry is about, and belongs to, the other person.
        people=(PersonColumn("actor_id", OnErase.SET_NULL),),
        holds="every generation, proposal, adaptation and start: what was asked and came of it",
    ),
)
