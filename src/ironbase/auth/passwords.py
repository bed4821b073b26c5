"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
MAX_LENGTH = 256  # argon2 accepts more, but nobody types this much and it bounds the work

_hasher = PasswordHasher()
# Verified against when the email is unknown, so both answers take about as long.
_DUMMY_HASH = _hasher.hash("ironbase-timing-equaliser")


def policy_problem(password: str) -> str | None:
    """Why a password is refused, or None. Not all one class of character, 8 to 256 long."""
    if len(password) < MIN_LENGTH:
        return f"Password must be at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Password must be at most {MAX_LENGTH} characters."
    classes = [
        any(c in string.ascii_lowercase for c in password),
        any(c in string.ascii_uppercase for c in password),
        any(c in string.digits for c in password),
        any(not c.isascii() or not c.isalnum() for c in password),
    ]
    if sum(classes) < 2:
        return "Password must mix at least two kinds of characters (letters, digits, symbols)."
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str | None) -> bool:
    """True when the stored hash used weaker parameters than today's defaults."""
    return stored_hash is not None and _hasher.check_needs_rehash(stored_hash)
