"""Money, pure: amounts are ``Decimal`` with an ISO 4217 currency, rounded in one place.

The rule (docs/ambassadors.md, "Commissions"): a computed commission is rounded
``ROUND_HALF_EVEN`` (banker's rounding) to the currency's minor unit: 2 decimals unless the
currency is listed below. Stored amounts are ``numeric(14, 4)``, so any minor unit up to 4
fits exactly; JSON writes them as strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

#: ISO 4217 currencies whose minor unit is not 2 decimals.
MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    **dict.fromkeys(
        ("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND"), 0
    ),
    **dict.fromkeys(("VUV", "XAF", "XOF", "XPF"), 0),
}
DEFAULT_MINOR_UNIT = 2
#: The largest amount a ``numeric(14, 4)`` column holds.
MAX_AMOUNT = Decimal("9999999999.9999")


def minor_unit(currency: str) -> int:
    return MINOR_UNITS.get(currency, DEFAULT_MINOR_UNIT)


def round_to_currency(value: Decimal, currency: str) -> Decimal:
    """The one rounding rule of commissions."""
    return value.quantize(Decimal(1).scaleb(-minor_unit(currency)), rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True, slots=True)
class Terms:
    """A deal's or an agreement's terms: a rate of the event's amount, or a fixed amount."""

    kind: str
    rate: Decimal | None
    amount: Decimal | None
    currency: str | None


@dataclass(frozen=True, slots=True)
class Priced:
    amount: Decimal
    currency: str


class NotPriceable(ValueError):
    """The terms cannot price this event; ``reason`` is the answer's slug."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def price(terms: Terms, event_amount: Decimal | None, event_currency: str | None) -> Priced:
    """The commission for one event: a fixed amount as it is (rounded to its currency), a
    rate times the event's amount in the event's currency. A rate needs the event's amount
    (``no-amount``); a commission that rounds to nothing is not one (``zero-amount``)."""
    if terms.kind == "fixed":
        assert terms.amount is not None
        assert terms.currency is not None
        value, currency = terms.amount, terms.currency
    else:
        assert terms.rate is not None
        if event_amount is None or event_currency is None:
            raise NotPriceable("no-amount")
        value, currency = terms.rate * event_amount, event_currency
    rounded = round_to_currency(value, currency)
    if rounded <= 0:
        raise NotPriceable("zero-amount")
    return Priced(rounded, currency)
