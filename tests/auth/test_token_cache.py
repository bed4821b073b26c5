"""Verified access tokens are remembered until they expire, and nothing else is."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
import pytest

from ironbase.auth import tokens
from ironbase.auth.tokens import TokenSigner
from ironbase.kit.errors import Unauthorized

SECRET = "cache-test-secret-" + "k" * 32


def _signer(ttl: int = 900) -> TokenSigner:
    return TokenSigner(SECRET, ttl_seconds=ttl, audience="authenticated")


def _token(signer: TokenSigner) -> str:
    return signer.issue(uuid.uuid4(), "a@example.com", [], uuid.uuid4()).token


class CountingDecode:
    def __init__(self) -> None:
        self.calls = 0
        self.real = jwt.decode

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.real(*args, **kwargs)


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> CountingDecode:
    counter = CountingDecode()
    monkeypatch.setattr(jwt, "decode", counter)
    return counter


def test_a_token_is_decoded_once_while_it_lives(decodes: CountingDecode) -> None:
    signer = _signer()
    token = _token(signer)
    first, second = signer.verify(token), signer.verify(token)
    assert first == second
    assert decodes.calls == 1


def test_a_remembered_token_still_expires() -> None:
    signer = _signer(ttl=1)
    token = _token(signer)
    signer.verify(token)
    time.sleep(1.1)
    with pytest.raises(Unauthorized, match="expired"):
        signer.verify(token)


def test_an_edited_token_is_not_answered_from_memory(decodes: CountingDecode) -> None:
    signer = _signer()
    token = _token(signer)
    signer.verify(token)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    with pytest.raises(Unauthorized):
        signer.verify(tampered)
    assert decodes.calls == 2


def test_the_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "VERIFIED_CACHE_SIZE", 5)
    signer = _signer()
    issued = [_token(signer) for _ in range(12)]
    for token in issued:
        signer.verify(token)
    assert len(signer._verified) == 5
    assert list(signer._verified) == issued[-5:]


def test_an_oversized_token_is_refused_before_decoding(decodes: CountingDecode) -> None:
    with pytest.raises(Unauthorized):
        _signer().verify("a" * (tokens.MAX_TOKEN_LENGTH + 1))
    assert decodes.calls == 0
