"""The catalog (see ``ironbase.privacy.registry``): reference data from ``ironbase seed``,
except the exercises people create for themselves."""

from ironbase.privacy.registry import OnErase, PersonColumn, Table, Tier

_REFERENCE = (
    ("public.bar_types", "bars: mass, length, sleeve"),
    ("public.body_parts", "body parts"),
    ("public.body_parts_translations", "body part names in the catalog languages"),
    ("public.muscle_groups", "muscle groups"),
    ("public.movement_patterns", "movement patterns"),
    ("public.load_types", "load types"),
    ("public.grips", "grips"),
    ("public.life_categories", "the areas a readiness check-in scores"),
    ("public.life_category_translations", "life category names"),
    ("public.equipment", "equipment"),
    ("public.equipment_translations", "equipment names"),
    ("public.equipment_profiles", "how equipment is loaded"),
    ("public.equipment_grip_defaults", "equipment's default grips"),
    ("public.equipment_handle_orientations", "equipment's handle orientations"),
    ("public.exercise_translations", "exercise names"),
    ("public.exercise_aliases", "other names of exercises"),
    ("public.exercise_default_grips", "exercises' default grips"),
    ("public.ai_exercises", "what the program generator knows of an exercise"),
)

TABLES = (
    *(Table(name, Tier.REPRODUCIBLE, holds=holds) for name, holds in _REFERENCE),
    Table(
        # Catalog rows have no user_id; a person's private exercises do, and go with them.
        "public.exercises",
        Tier.IRREPLACEABLE,
        owner="user_id",
        holds="the exercise catalog and people's private exercises",
    ),
    Table(
        "public.exercise_equipment_profiles",
        Tier.IRREPLACEABLE,
        owner="user_id",
        holds="which equipment an exercise uses (catalog rows and people's own)",
    ),
    Table(
        "public.data_quality_reports",
        Tier.REPRODUCIBLE,
        people=(PersonColumn("created_by", OnErase.SET_NULL),),
        holds="catalog data-quality reports",
    ),
)
