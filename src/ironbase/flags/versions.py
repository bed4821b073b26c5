"""App versions, for flags with a minimum (pure, no framework).

Clients say theirs in ``X-App-Version``: ``MAJOR[.MINOR[.PATCH]]`` with an optional
pre-release (``-beta.2``) and build (``+417``) as in semver. Missing parts are 0; a
pre-release comes before its release (``1.4.0-beta`` is below a minimum of ``1.4.0``);
build metadata is ignored.
"""

from __future__ import annotations

import re

MAX_VERSION_LENGTH = 64
_PART = "([0-9]{1,6})"
_NUMBERS = rf"{_PART}(?:\.{_PART})?(?:\.{_PART})?"
_CLIENT = re.compile(rf"{_NUMBERS}(-[0-9A-Za-z.-]{{1,40}})?(?:\+[0-9A-Za-z.-]{{1,40}})?")
_MINIMUM = re.compile(_NUMBERS)

ClientVersion = tuple[int, int, int, int]


def client_version(raw: str) -> ClientVersion:
    """``(major, minor, patch, 1 for a release or 0 for a pre-release)``, compared with a
    flag's minimum as ``(major, minor, patch, 1)``; ValueError when it is not a version."""
    match = _CLIENT.fullmatch(raw.strip())
    if match is None:
        raise ValueError("not an app version such as '2.14.1' or '2.15.0-beta.1'")
    major, minor, patch, pre = match.groups()
    return int(major), int(minor or 0), int(patch or 0), 0 if pre else 1


def minimum_version(raw: str) -> str:
    """A flag's minimum, stored as exactly ``MAJOR.MINOR.PATCH`` (``2.1`` -> ``2.1.0``)."""
    match = _MINIMUM.fullmatch(raw.strip())
    if match is None:
        raise ValueError("must be MAJOR[.MINOR[.PATCH]] such as '2.14' or '2.14.1'")
    return ".".join(str(int(part or 0)) for part in match.groups())
