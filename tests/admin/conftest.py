"""Fixtures the admin tests borrow: gyms (role requests notify) and workout documents."""

from __future__ import annotations

from tests.gyms.conftest import catalog, gym_reference
from tests.training.workouts.conftest import exercise_ids

__all__ = ["catalog", "exercise_ids", "gym_reference"]
