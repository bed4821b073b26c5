"""Bodies of the fixed increments at a gym: its dumbbells and machine stacks."""

from __future__ import annotations

from pydantic import BaseModel

from ironbase.gyms.inventory.schemas import PlateOut
from ironbase.gyms.schemas import Number
from ironbase.kit.units import MassUnit


class DumbbellOut(BaseModel):
    """One dumbbell (of a pair): ``mass`` is in ``unit``, the unit of the answer."""

    mass: Number
    unit: MassUnit


class DumbbellPick(BaseModel):
    """The dumbbell to take for a target; ``below``/``above`` only when none matches.

    ``chosen`` is null only when the gym lists no dumbbells.
    """

    exact: bool
    chosen: DumbbellOut | None
    below: DumbbellOut | None
    above: DumbbellOut | None
    unit: MassUnit


class StackSettingOut(BaseModel):
    """A pin position plus add-on weights. ``total`` and ``pin`` (the stack's mass at the
    pin) are in the answer's unit; ``pin_number`` counts from 1 at the lightest setting;
    ``add_ons`` are the person's miniweights as labelled, heaviest first."""

    total: Number
    pin: Number
    pin_number: int
    add_ons: list[PlateOut]


class StackPick(BaseModel):
    """The stack setting for a target; ``below``/``above`` only when none matches."""

    exact: bool
    chosen: StackSettingOut
    below: StackSettingOut | None
    above: StackSettingOut | None
    unit: MassUnit
