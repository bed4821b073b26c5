"""The percentage bucket (``public.app_flag_bucket``): pinned, uniform, independent per flag.

A rollout's membership must never move under people's feet: if the bucket of a known
(flag, person) pair changes, every percentage rollout reshuffles at the next deploy.
"""

from __future__ import annotations

import asyncpg

# (flag key, person, bucket) as computed when the function was written.
PINNED = [
    ("plates.warmup", "00000000-0000-0000-0000-000000000001", 33),
    ("social.feed", "6f1c1d0e-6a51-4d7e-9a8e-2f3b4c5d6e7f", 84),
]


async def test_buckets_of_known_pairs_never_change(owner_url: str) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        for key, person, bucket in PINNED:
            assert (
                await conn.fetchval("select public.app_flag_bucket($1, $2)", key, person) == bucket
            )
    finally:
        await conn.close()


async def test_buckets_are_roughly_uniform_and_independent_across_flags(owner_url: str) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        row = await conn.fetchrow(
            """
            with people as (select gen_random_uuid() as id from generate_series(1, 20000)),
            b as (select public.app_flag_bucket('rollout.one', id) as one,
                         public.app_flag_bucket('rollout.two', id) as two from people)
            select min(one) as low, max(one) as high,
                   array(select count(*) from b group by one / 10 order by one / 10) as deciles,
                   count(*) filter (where one < 10 and two < 10) as both_in_first_tenth
            from b
            """
        )
    finally:
        await conn.close()
    assert row["low"] == 0
    assert row["high"] == 99
    # 2,000 expected per decile; binomial sd ~ 42, so +-300 never fails by chance.
    assert len(row["deciles"]) == 10
    assert all(1700 <= n <= 2300 for n in row["deciles"]), row["deciles"]
    # Independent flags: 1% of people (200) are in the first tenth of both.
    assert 100 <= row["both_in_first_tenth"] <= 300
