"""Solving for the fixed-increment endpoints: a gym's dumbbell rack and machine stacks
mapped to the pure solver (``plates``) and its answers to the schemas."""

from __future__ import annotations

from dataclasses import dataclass

from ironbase.gyms import plates as p
from ironbase.gyms.fixed.schemas import DumbbellOut, DumbbellPick, StackPick, StackSettingOut
from ironbase.gyms.inventory.solving import in_unit, plate_out
from ironbase.kit.units import MassUnit


@dataclass(frozen=True, slots=True)
class MachineStack:
    """A weight stack: pins at ``minimum + k x increment`` up to ``maximum``, plus the
    add-on weights that may top it (each usable once), keyed by mass to their labels."""

    increment: p.Mass
    minimum: p.Mass
    maximum: p.Mass
    add_ons: dict[p.Mass, p.Plate]

    def snap(self, target: p.Mass) -> p.StackChoice:
        return p.snap_to_stack(
            target, self.increment, self.minimum, self.maximum, list(self.add_ons)
        )


def _dumbbell(mass: p.Mass | None, unit: MassUnit) -> DumbbellOut | None:
    return None if mass is None else DumbbellOut(mass=in_unit(mass, unit), unit=unit)


def dumbbell_pick(choice: p.DumbbellChoice | None, unit: MassUnit) -> DumbbellPick:
    """``choice`` None: there was nothing to choose from."""
    if choice is None:
        return DumbbellPick(exact=False, chosen=None, below=None, above=None, unit=unit)
    return DumbbellPick(
        exact=choice.exact,
        chosen=_dumbbell(choice.chosen, unit),
        below=_dumbbell(choice.below, unit),
        above=_dumbbell(choice.above, unit),
        unit=unit,
    )


def _setting(setting: p.StackSetting, stack: MachineStack, unit: MassUnit) -> StackSettingOut:
    steps = (setting.pin.value - stack.minimum.value) / stack.increment.value
    return StackSettingOut(
        total=in_unit(setting.total, unit),
        pin=in_unit(setting.pin, unit),
        pin_number=int(steps) + 1,
        add_ons=[plate_out(stack.add_ons[m]) for m in setting.add_ons],
    )


def _maybe_setting(
    setting: p.StackSetting | None, stack: MachineStack, unit: MassUnit
) -> StackSettingOut | None:
    return None if setting is None else _setting(setting, stack, unit)


def stack_pick(choice: p.StackChoice, stack: MachineStack, unit: MassUnit) -> StackPick:
    return StackPick(
        exact=choice.exact,
        chosen=_setting(choice.chosen, stack, unit),
        below=_maybe_setting(choice.below, stack, unit),
        above=_maybe_setting(choice.above, stack, unit),
        unit=unit,
    )
