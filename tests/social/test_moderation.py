"""Reports, and administrators hiding posts: gone from every read, audited."""

from __future__ import annotations

import uuid

import asyncpg
import httpx

from tests.conftest import sign_up_admin
from tests.social.conftest import assert_problem, befriend, named, post
from tests.support import walk_pages


async def test_report_hide_and_show_again(client: httpx.AsyncClient, owner_url: str) -> None:
    alice, bob = await named(client), await named(client)
    admin = await sign_up_admin(client, owner_url)
    await befriend(client, alice, bob)
    made = await post(client, alice, "public")
    for _ in range(2):  # reporting twice stores one report
        reported = await client.post(
            f"/v1/posts/{made['id']}/report", headers=bob.headers, json={"reason": "spam"}
        )
        assert reported.status_code == 204, reported.text
    assert_problem(
        await client.post(
            f"/v1/posts/{made['id']}/report", headers=bob.headers, json={"reason": "x" * 501}
        ),
        422,
    )
    assert_problem(await client.post(f"/v1/posts/{uuid.uuid4()}/report", headers=bob.headers), 404)
    reports = await walk_pages(client, "/v1/admin/posts/reports", admin.headers)
    assert [(r["post_id"], r["reporter_id"], r["reason"]) for r in reports] == [
        (made["id"], str(bob.id), "spam")
    ]
    # People are not moderators.
    assert_problem(
        await client.post(
            f"/v1/admin/posts/{made['id']}/hide", headers=alice.headers, json={"reason": "x"}
        ),
        403,
    )
    assert_problem(await client.get("/v1/admin/posts/reports", headers=bob.headers), 403)
    assert_problem(
        await client.post(f"/v1/admin/posts/{made['id']}/hide", headers=admin.headers, json={}),
        422,
    )
    hidden = await client.post(
        f"/v1/admin/posts/{made['id']}/hide", headers=admin.headers, json={"reason": "spam"}
    )
    assert hidden.status_code == 200, hidden.text
    assert (hidden.json()["hidden"], hidden.json()["hidden_reason"]) == (True, "spam")
    for user in (alice, bob, admin):
        assert_problem(await client.get(f"/v1/posts/{made['id']}", headers=user.headers), 404)
        for path in (f"/v1/users/{alice.id}/posts", "/v1/feed"):
            assert made["id"] not in [p["id"] for p in await walk_pages(client, path, user.headers)]
        assert_problem(await client.put(f"/v1/posts/{made['id']}/like", headers=user.headers), 404)
    assert_problem(
        await client.patch(f"/v1/posts/{made['id']}", headers=alice.headers, json={"text": "y"}),
        404,
    )
    open_reports = await walk_pages(client, "/v1/admin/posts/reports", admin.headers, open="true")
    assert open_reports == []
    shown = await client.delete(f"/v1/admin/posts/{made['id']}/hide", headers=admin.headers)
    assert shown.status_code == 200
    assert shown.json()["hidden"] is False
    assert (await client.get(f"/v1/posts/{made['id']}", headers=bob.headers)).status_code == 200
    conn = await asyncpg.connect(owner_url)
    try:
        audit = await conn.fetch(
            "select actor_id, action, target_id, before, after from admin_audit_log "
            "where target_table = 'social_posts' and target_id = $1 order by chain_seq",
            made["id"],
        )
    finally:
        await conn.close()
    assert [(r["actor_id"], r["action"]) for r in audit] == [
        (admin.id, "social.post.hide"),
        (admin.id, "social.post.unhide"),
    ]
    assert_problem(
        await client.post(
            f"/v1/admin/posts/{uuid.uuid4()}/hide", headers=admin.headers, json={"reason": "x"}
        ),
        404,
    )
