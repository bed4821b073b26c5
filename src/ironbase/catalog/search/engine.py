"""Exercise search: every language's names and aliases, exact > prefix > words > substring >
typos. A pure module (no framework, no database): the service feeds it the catalog.

Why in memory: the catalog is a few thousand short strings, shared by everyone, and
changes rarely. Held in the process it answers in well under a millisecond, needs no
PostgreSQL extension (pg_trgm, fuzzystrmatch, unaccent) and ranks the way we choose.
Typos are found with a symmetric-delete index (every word minus one letter), then checked
with the optimal-string-alignment distance, so a transposition ("sqaut") costs one edit.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

_NON_ALNUM = re.compile(r"[^0-9a-z]+")

EXACT = 1000
PREFIX = 900
ALL_WORDS = 800
SUBSTRING = 700
FUZZY = 500


def fold(text: str) -> str:
    """Lower-case, accents removed (``Développé`` -> ``developpe``), ``ß`` -> ``ss``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return [w for w in _NON_ALNUM.split(fold(text)) if w]


def joined(text: str) -> str:
    """The comparison key that makes ``bench press``, ``Bench-Press`` and ``benchpress`` equal."""
    return "".join(words(text))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_typos(word: str) -> int:
    """Short words must be exact: ``row`` one letter off is ``tow`` or ``rot``, not a typo."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 6 else 2


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


@dataclass(frozen=True, slots=True)
class Term:
    """One searchable string of one exercise: a name in some locale, or an alias."""

    exercise_id: str
    text: str
    locale: str | None  # None for aliases: they match in every language

    @property
    def key(self) -> str:
        return joined(self.text)


@dataclass(frozen=True, slots=True)
class Hit:
    exercise_id: str
    score: int
    matched: str


@dataclass
class SearchIndex:
    terms: list[Term]
    # Per exercise: a small prior for well-known lifts (the shipped data gives classics the
    # most aliases), so "squat" or "sentadilla" puts the back squat before the box squat.
    boosts: dict[str, int] = field(default_factory=dict)
    _keys: list[str] = field(init=False)
    _sorted_keys: list[tuple[str, int]] = field(init=False)
    _by_word: dict[str, set[int]] = field(init=False)
    _sorted_words: list[str] = field(init=False)
    _deletes: dict[str, set[str]] = field(init=False)

    def __post_init__(self) -> None:
        self._keys = [t.key for t in self.terms]
        self._sorted_keys = sorted((k, i) for i, k in enumerate(self._keys))
        self._by_word = defaultdict(set)
        for index, term in enumerate(self.terms):
            for word in words(term.text):
                self._by_word[word].add(index)
        self._sorted_words = sorted(self._by_word)
        self._deletes = defaultdict(set)
        for word in self._sorted_words:
            if allowed_typos(word):
                for variant in _deletes(word):
                    self._deletes[variant].add(word)

    def search(self, query: str, *, locale: str = "en", limit: int | None = None) -> list[Hit]:
        """Exercises matching ``query``, best first; one hit per exercise."""
        key = joined(query)
        if not key:
            return []
        best: dict[str, tuple[int, int, str]] = {}
        query_words = words(query)
        for index, score in self._score_terms(key, query_words).items():
            term = self.terms[index]
            # Prefer the caller's language, then shorter (more canonical) names.
            bonus = 5 if term.locale in (locale, locale.split("-")[0]) else 0
            # Unmatched words only count against word and typo matches: a prefix match
            # already pays for its extra length below.
            extra_words = 0 if score >= PREFIX else max(0, len(words(term.text)) - len(query_words))
            rank = (
                score
                + bonus
                + self.boosts.get(term.exercise_id, 0)
                - 6 * extra_words
                - min(len(self._keys[index]) - len(key), 60) // 4
            )
            current = best.get(term.exercise_id)
            if current is None or rank > current[0]:
                best[term.exercise_id] = (rank, index, term.text)
        ordered = sorted(best.items(), key=lambda item: (-item[1][0], self._keys[item[1][1]]))
        hits = [Hit(exercise_id, rank, text) for exercise_id, (rank, _, text) in ordered]
        return hits if limit is None else hits[:limit]

    def _score_terms(self, key: str, query_words: list[str]) -> dict[int, int]:
        scores: dict[int, int] = {}

        def offer(index: int, score: int) -> None:
            if score > scores.get(index, -1):
                scores[index] = score

        start = bisect.bisect_left(self._sorted_keys, (key, -1))
        for term_key, index in self._sorted_keys[start:]:
            if not term_key.startswith(key):
                break
            offer(index, EXACT if term_key == key else PREFIX)
        for index, cost in self._word_matches(query_words).items():
            offer(index, ALL_WORDS if cost == 0 else FUZZY - 40 * cost)
        if len(key) >= 3:
            for index, term_key in enumerate(self._keys):
                if key in term_key:
                    offer(index, SUBSTRING)
        return scores

    def _word_matches(self, query_words: list[str]) -> dict[int, int]:
        """Terms in which every query word matches some word (prefix, or with typos)."""
        combined: dict[int, int] | None = None
        for word in query_words:
            per_term: dict[int, int] = {}
            for candidate, cost in self._candidates(word).items():
                for index in self._by_word[candidate]:
                    if cost < per_term.get(index, 99):
                        per_term[index] = cost
            if combined is None:
                combined = per_term
            else:
                combined = {i: combined[i] + c for i, c in per_term.items() if i in combined}
            if not combined:
                return {}
        return combined or {}

    def _candidates(self, word: str) -> dict[str, int]:
        """Vocabulary words that ``word`` may mean, with the number of typos (0 = prefix)."""
        found: dict[str, int] = {}
        start = bisect.bisect_left(self._sorted_words, word)
        for candidate in self._sorted_words[start:]:
            if not candidate.startswith(word):
                break
            found[candidate] = 0
        limit = allowed_typos(word)
        if limit:
            for variant in _deletes(word):
                for candidate in self._deletes.get(variant, ()):
                    if candidate in found:
                        continue
                    distance = edit_distance(word, candidate, limit)
                    if distance <= limit:
                        found[candidate] = distance
        return found


def build_index(terms: Iterable[Term], boosts: dict[str, int] | None = None) -> SearchIndex:
    return SearchIndex(list(terms), boosts or {})
