"""Estimated one-rep max (e1RM), RPE/RIR, and loads prescribed from an e1RM.

Units: loads go in as grams, ``int`` (a logged set) or ``Decimal`` (a prescribed load);
every result is a ``Decimal`` of grams with three decimals (milligrams). Whole grams
would break the round trip below by up to a gram; milligrams keep it exact and are
still far finer than any plate.

The RPE curve both prescribes a load from (e1RM, reps, RPE) and estimates an e1RM from a
logged set: the percentages are finite decimals, so ``prescribe`` is an exact product and
``estimate`` divides it back exactly — a prescription converted back returns the same
e1RM (to the milligram, for any e1RM given in milligrams).

Trust (reference: estimates only at low reps, RIR <= 4 where logged): outside the
trustworthy range the answer is ``None`` ("no estimate"), never a number to distrust.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from enum import StrEnum

from ironbase.training.science.tables import E1RM_FORMULAS_VERSION, OPL_RPE_CURVE, RpeCurve

Grams = int | Decimal

MILLIGRAM = Decimal("0.001")
# Enough digits that every product and exact quotient below is exact (a 1000 kg load in
# milligrams times a curve percentage has fewer than 25 digits).
_PRECISION = 50

MAX_REPS_REP_FORMULA = 10  # "otherwise Epley for r <= 10"
MAX_REPS_RPE_CURVE = 12  # "use sets of <= 10-12 reps"
MAX_RIR = Decimal(4)  # "and RIR <= 4 where logged"
MIN_RPE = Decimal(1)
MAX_RPE = Decimal(10)
MAX_RIR_LOGGED = MAX_RPE - MIN_RPE  # RPE 1 = 9 reps in reserve
# The log stores RIR 0-10 (docs/adr/0007): 10 in reserve is past the RPE scale's floor.
MAX_RIR_STORED = 10


class Formula(StrEnum):
    """How an e1RM was computed; stored with every e1RM."""

    EPLEY = "epley"
    BRZYCKI = "brzycki"
    LANDER = "lander"
    LOMBARDI = "lombardi"
    MAYHEW = "mayhew"
    OCONNER = "oconner"
    WATHAN = "wathan"
    RPE_CURVE = "rpe_curve"


@dataclass(frozen=True, slots=True)
class Estimate:
    """An e1RM in grams, with the formula and table version that produced it."""

    grams: Decimal
    formula: Formula
    table_version: str


@dataclass(frozen=True, slots=True)
class Prescription:
    """A load for (reps, RPE) from an e1RM: exact grams and the percentage used."""

    grams: Decimal
    percent_of_1rm: Decimal
    table_version: str

    def whole_grams(self) -> int:
        """The load rounded to whole grams (half to even), as a set would store it."""
        return int(self.grams.to_integral_value(ROUND_HALF_EVEN))


# --- RPE and RIR ----------------------------------------------------------------------


def _is_half_step(value: Decimal) -> bool:
    return (value * 2) == (value * 2).to_integral_value()


def check_rpe(rpe: Decimal | int) -> Decimal:
    """The RPE as a Decimal; ValueError unless 1-10 in steps of 0.5."""
    value = Decimal(rpe)
    if not (value.is_finite() and MIN_RPE <= value <= MAX_RPE and _is_half_step(value)):
        raise ValueError(f"RPE must be 1-10 in steps of 0.5, not {rpe}")
    return value


def check_rir(rir: Decimal | int) -> Decimal:
    """The RIR as a Decimal; ValueError unless 0-9 in steps of 0.5 (RPE 10-1)."""
    value = Decimal(rir)
    if not (value.is_finite() and 0 <= value <= MAX_RIR_LOGGED and _is_half_step(value)):
        raise ValueError(f"RIR must be 0-9 in steps of 0.5, not {rir}")
    return value


def rpe_from_rir(rir: Decimal | int) -> Decimal:
    """RPE 10 = 0 reps in reserve, 9 = 1 RIR, ... (Zourdos 2016, Helms 2016)."""
    return MAX_RPE - check_rir(rir)


def rir_from_rpe(rpe: Decimal | int) -> Decimal:
    return MAX_RPE - check_rpe(rpe)


def logged_rpe(rpe: Decimal | int | None, rir: Decimal | int | None) -> Decimal | None:
    """The effort of a set as an RPE: its RPE when logged (the finer scale), else
    10 - RIR, else None. Both are validated; RIR 10, which the log accepts, reads as the
    scale's floor (RPE 1), so a stored set never makes the analytics fail."""
    if rpe is not None:
        return check_rpe(rpe)
    if rir is not None:
        if Decimal(rir) == MAX_RIR_STORED:
            return MIN_RPE
        return rpe_from_rir(rir)
    return None


# --- the seven rep-based formulas -----------------------------------------------------


def _rep_formula(formula: Formula, w: Decimal, r: int) -> Decimal:
    """1RM by one of the reference's formulas (w = load, r = reps completed)."""
    reps = Decimal(r)
    if formula is Formula.EPLEY:
        return w * (1 + reps / 30)
    if formula is Formula.BRZYCKI:
        return w * 36 / (37 - reps)
    if formula is Formula.LANDER:
        return 100 * w / (Decimal("101.3") - Decimal("2.67123") * reps)
    if formula is Formula.LOMBARDI:
        return w * reps ** Decimal("0.10")
    if formula is Formula.MAYHEW:
        return 100 * w / (Decimal("52.2") + Decimal("41.9") * (Decimal("-0.055") * reps).exp())
    if formula is Formula.OCONNER:
        return w * (1 + Decimal("0.025") * reps)
    if formula is Formula.WATHAN:
        return 100 * w / (Decimal("48.8") + Decimal("53.8") * (Decimal("-0.075") * reps).exp())
    raise ValueError(f"{formula} is not a rep-based formula")


def _max_defined_reps(formula: Formula) -> int:
    """Largest r the formula is defined at (its denominator stays positive)."""
    if formula is Formula.BRZYCKI:
        return 36  # 37 - r
    if formula is Formula.LANDER:
        return 37  # 101.3 - 2.67123 r > 0 up to r = 37.9
    return 10**6


def rep_formula(formula: Formula, weight_g: Grams, reps: int) -> Estimate:
    """The raw formula, without the trust rule; ValueError where it is undefined
    (Brzycki at r >= 37, any formula at r < 1 or a load <= 0)."""
    if formula is Formula.RPE_CURVE:
        raise ValueError("the RPE curve needs an RPE: use rpe_curve_estimate")
    if weight_g <= 0 or not 1 <= reps <= _max_defined_reps(formula):
        raise ValueError(f"{formula} is undefined at {reps} reps of {weight_g} g")
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        grams = _rep_formula(formula, Decimal(weight_g), reps)
    return Estimate(_milligrams(grams), formula, E1RM_FORMULAS_VERSION)


# --- the RPE curve --------------------------------------------------------------------


def curve_percent(reps: int, rpe: Decimal | int, curve: RpeCurve = OPL_RPE_CURVE) -> Decimal:
    """Percent of 1RM for ``reps`` at ``rpe`` on the curve (x = (10 - RPE) + (reps - 1))."""
    if reps < 1:
        raise ValueError(f"the RPE curve needs at least one rep, not {reps}")
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return curve.percent((MAX_RPE - check_rpe(rpe)) + (reps - 1))


def rpe_curve_estimate(
    weight_g: Grams, reps: int, rpe: Decimal | int, curve: RpeCurve = OPL_RPE_CURVE
) -> Estimate:
    """e1RM = load / percent, without the trust rule; ValueError for a load <= 0."""
    if weight_g <= 0:
        raise ValueError(f"no e1RM from a load of {weight_g} g")
    percent = curve_percent(reps, rpe, curve)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        grams = Decimal(weight_g) * 100 / percent
    return Estimate(_milligrams(grams), Formula.RPE_CURVE, curve.version)


def prescribe(
    e1rm_g: Grams, reps: int, rpe: Decimal | int, curve: RpeCurve = OPL_RPE_CURVE
) -> Prescription:
    """The load for ``reps`` at ``rpe`` from an e1RM, exact (no rounding)."""
    if e1rm_g <= 0:
        raise ValueError(f"no load from an e1RM of {e1rm_g} g")
    percent = curve_percent(reps, rpe, curve)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        grams = Decimal(e1rm_g) * percent / 100
    return Prescription(grams, percent, curve.version)


# --- the default rule -----------------------------------------------------------------


def estimate(
    weight_g: Grams,
    reps: int | None,
    *,
    rpe: Decimal | int | None = None,
    rir: Decimal | int | None = None,
    formula: Formula | None = None,
) -> Estimate | None:
    """The e1RM of a logged set, or None where no estimate is trustworthy.

    ``formula=None`` is the reference's default: the RPE curve when RPE or RIR is logged,
    otherwise Epley. A chosen rep formula is used as chosen; a chosen RPE curve without a
    logged effort gives None. Trustworthy: a load > 0, at least one rep, at most 10 reps
    (rep formulas) or 12 (RPE curve), and at most 4 reps in reserve where effort is logged.
    """
    if weight_g <= 0 or reps is None or reps < 1:
        return None
    effort = logged_rpe(rpe, rir)
    if effort is not None and MAX_RPE - effort > MAX_RIR:
        return None
    method = formula or (Formula.RPE_CURVE if effort is not None else Formula.EPLEY)
    if method is Formula.RPE_CURVE:
        if effort is None or reps > MAX_REPS_RPE_CURVE:
            return None
        return rpe_curve_estimate(weight_g, reps, effort)
    if reps > MAX_REPS_REP_FORMULA:
        return None
    return rep_formula(method, weight_g, reps)


def _milligrams(grams: Decimal) -> Decimal:
    return grams.quantize(MILLIGRAM, ROUND_HALF_EVEN)
