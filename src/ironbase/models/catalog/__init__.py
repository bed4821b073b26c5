"""The exercise and equipment catalog: shared reference data plus users' private exercises.

One module per part (vocabularies, equipment, exercises, quality); every public name is
re-exported here, so ``from ironbase.models.catalog import Exercise`` keeps working.
"""

from ironbase.models.catalog.equipment import (
    BarType,
    Equipment,
    EquipmentGripDefault,
    EquipmentHandleOrientation,
    EquipmentProfile,
    EquipmentTranslation,
)
from ironbase.models.catalog.exercises import (
    AIExercise,
    Exercise,
    ExerciseAlias,
    ExerciseDefaultGrip,
    ExerciseEquipmentProfile,
    ExerciseTranslation,
)
from ironbase.models.catalog.quality import DataQualityReport
from ironbase.models.catalog.vocabularies import (
    BodyPart,
    BodyPartTranslation,
    Grip,
    LifeCategory,
    LifeCategoryTranslation,
    LoadType,
    MovementPattern,
    MuscleGroup,
    MuscleGroupInfo,
    TextTranslation,
    muscle_group_enum,
)

__all__ = [
    "AIExercise",
    "BarType",
    "BodyPart",
    "BodyPartTranslation",
    "DataQualityReport",
    "Equipment",
    "EquipmentGripDefault",
    "EquipmentHandleOrientation",
    "EquipmentProfile",
    "EquipmentTranslation",
    "Exercise",
    "ExerciseAlias",
    "ExerciseDefaultGrip",
    "ExerciseEquipmentProfile",
    "ExerciseTranslation",
    "Grip",
    "LifeCategory",
    "LifeCategoryTranslation",
    "LoadType",
    "MovementPattern",
    "MuscleGroup",
    "MuscleGroupInfo",
    "TextTranslation",
    "muscle_group_enum",
]
