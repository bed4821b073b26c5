"""Request dependencies of the gyms routes that compute (the plate solver)."""

from __future__ import annotations

from pydantic import BaseModel

# Short transactions as the caller, opened by the service only around its reads: the
# endpoints that run the solver hold no pooled connection while it computes.
from ironbase.auth.dependencies import Transactions
from ironbase.kit.responses import JSONBytes

__all__ = ["Transactions", "computed"]


def computed(result: BaseModel) -> JSONBytes:
    """A solver's answer, already built (and checked) as its schema's model."""
    return JSONBytes(result.model_dump(mode="json"))
