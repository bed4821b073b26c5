"""The fitness profile's words: goals and experience levels (the ``training_goal`` and
``experience_level`` enums of the database). Pure: the models, the API and the rules that
derive experience from the log all read them from here."""

from __future__ import annotations

from enum import StrEnum


class TrainingGoal(StrEnum):
    strength = "strength"
    hypertrophy = "hypertrophy"
    endurance = "endurance"
    general_fitness = "general_fitness"
    fat_loss = "fat_loss"


class ExperienceLevel(StrEnum):
    novice = "novice"
    intermediate = "intermediate"
    advanced = "advanced"
