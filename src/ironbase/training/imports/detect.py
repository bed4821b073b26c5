"""Which format a header belongs to, by column names (never positions)."""

from __future__ import annotations

from dataclasses import dataclass

from ironbase.training.imports.columns import Header
from ironbase.training.imports.errors import UnknownFormatError
from ironbase.training.imports.model import SourceFormat


@dataclass(frozen=True, slots=True)
class Signature:
    format: SourceFormat
    label: str
    required: tuple[str, ...]
    # At least one of each group must be present (e.g. the weight column's unit variants).
    one_of: tuple[tuple[str, ...], ...] = ()

    def missing(self, header: Header) -> list[str]:
        absent = [name for name in self.required if not header.has(name)]
        absent += [" or ".join(group) for group in self.one_of if not header.first_of(*group)]
        return absent

    def overlap(self, header: Header) -> int:
        names = self.required + tuple(name for group in self.one_of for name in group)
        return sum(header.has(name) for name in names)


_STRONG_CORE = ("Date", "Workout Name", "Exercise Name", "Set Order", "Reps", "Seconds")
SIGNATURES = (
    Signature(
        SourceFormat.STRONG,
        "Strong",
        _STRONG_CORE,
        (("Weight", "Weight (kg)", "Weight (lbs)", "Weight (lb)"),),
    ),
    Signature(
        SourceFormat.HEVY,
        "Hevy",
        ("title", "start_time", "exercise_title", "set_index", "set_type", "reps"),
        (("weight_kg", "weight_lbs"),),
    ),
    Signature(
        SourceFormat.FITNOTES,
        "FitNotes",
        ("Date", "Exercise", "Category", "Reps", "Distance", "Distance Unit", "Time"),
        (("Weight Unit", "Weight (kgs)", "Weight (lbs)"),),
    ),
    Signature(
        SourceFormat.FITBOD,
        "Fitbod",
        ("Date", "Exercise", "Reps", "Weight(kg)", "Duration(s)", "Distance(m)", "isWarmup"),
    ),
)


def detect(header: Header) -> Signature:
    """The matching signature, or an error naming what was expected (and, when the header
    resembles one format, the columns it lacks)."""
    matches = [signature for signature in SIGNATURES if not signature.missing(header)]
    if matches:
        return max(matches, key=lambda signature: len(signature.required))
    closest = max(SIGNATURES, key=lambda signature: signature.overlap(header))
    if closest.overlap(header) >= 3:
        raise UnknownFormatError(
            f"the header looks like a {closest.label} export but lacks the columns: "
            + ", ".join(closest.missing(header))
        )
    shown = ", ".join(header.names[:6]) or "(empty)"
    raise UnknownFormatError(
        f"unrecognised header ({shown}); expected the CSV export of Strong "
        "(Date, Workout Name, Exercise Name, Set Order, Weight, Reps, ...), Hevy "
        "(title, start_time, exercise_title, set_type, weight_kg or weight_lbs, ...), "
        "FitNotes (Date, Exercise, Category, Weight, ...), Fitbod "
        "(Date, Exercise, Reps, Weight(kg), ...) or JEFIT (### sections)"
    )
