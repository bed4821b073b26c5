"""Battles (see ``ironbase.privacy.registry`` and docs/privacy.md): community data, tier 2.

A battle is its ambassador's and goes with them (its invitations and participants with it,
by cascade). ``winner_user_id`` names the participant who won: SET_NULL, the battle keeps
its outcome (settled, the value) without the person. An invitation and a participant row
are the invitee's own: exported and erased with them, so an erased participant leaves the
leaderboard. ``invited_by`` names the ambassador: SET_NULL.
"""

from ironbase.privacy.registry import OnErase, PersonColumn, Table, Tier

TABLES = (
    Table(
        "public.battles",
        Tier.COMMUNITY,
        owner="user_id",
        people=(PersonColumn("winner_user_id", OnErase.SET_NULL),),
        holds="ambassadors' battles: metric, window, teams, the recorded winner",
    ),
    Table(
        "public.battle_invitations",
        Tier.COMMUNITY,
        owner="user_id",
        people=(PersonColumn("invited_by", OnErase.SET_NULL),),
        holds="invitations to battles and the invitee's answer",
    ),
    Table(
        "public.battle_participants",
        Tier.COMMUNITY,
        owner="user_id",
        holds="who takes part in which battle, their team and standing",
    ),
)
