"""Password hashing (argon2id) and the password policy.

argon2 costs ~100 ms of CPU by design, so it never runs on the event loop: every hash and
verify goes to a small, bounded pool of worker threads (argon2-cffi releases the GIL).
"""

from __future__ import annotations

import asyncio
import os
import string
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
MAX_LENGTH = 256  # argon2 accepts more, but nobody types this much and it bounds the work

_hasher = PasswordHasher()
# Verified against when the email is unknown, so both answers take about as long.
_DUMMY_HASH = _hasher.hash("ironbase-timing-equaliser")
# Bounded: a burst of logins queues here instead of starving every other request of CPU.
_WORKERS = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1), thread_name_prefix="argon2")


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
    """Exactly one argon2 verification whatever ``stored_hash`` is (None: the dummy hash)."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str | None) -> bool:
    """True when the stored hash used weaker parameters than today's defaults."""
    return stored_hash is not None and _hasher.check_needs_rehash(stored_hash)


async def hash_password_off_loop(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_WORKERS, hash_password, password)


async def verify_password_off_loop(stored_hash: str | None, password: str) -> bool:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_WORKERS, verify_password, stored_hash, password)
