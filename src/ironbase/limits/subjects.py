"""Who a request counts against: the counter keys of a bucket (pure, no framework)."""

from __future__ import annotations

import ipaddress
import re
import uuid

# Every key this domain writes starts so; the database confines its function to them
# (the sign-in counters in the same table use other prefixes).
PREFIX = "rl:"
BUCKET_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
# One IPv6 subscriber usually holds a whole /64: counting single addresses there would
# give each client 2^64 budgets.
IPV6_PREFIX = 64


def address_subject(raw: str | None) -> str | None:
    """The client address as counted: IPv4 as is, IPv6 as its /64; None if unknown."""
    if not raw:
        return None
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False))
    return str(address)


def user_key(bucket: str, user_id: uuid.UUID) -> str:
    return f"{PREFIX}{bucket}:u:{user_id}"


def address_key(bucket: str, address: str) -> str:
    return f"{PREFIX}{bucket}:a:{address}"
