"""Gyms (see ``ironbase.privacy.registry``): the shared directory is community data; the
plates, collars and micro-plates a person keeps at a gym are theirs."""

from ironbase.privacy.registry import OnErase, PersonColumn, Table, Tier

TABLES = (
    Table("public.cities", Tier.REPRODUCIBLE, holds="cities and their time zones"),
    Table(
        "public.gyms",
        Tier.COMMUNITY,
        # The gym stays for its members; who created it is forgotten.
        people=(PersonColumn("created_by", OnErase.SET_NULL),),
        holds="the gym directory",
    ),
    Table("public.gym_equipment", Tier.COMMUNITY, holds="what a gym has"),
    Table("public.gym_bar_types", Tier.COMMUNITY, holds="a gym's bars"),
    Table("public.gym_dumbbell_sets", Tier.COMMUNITY, holds="a gym's dumbbells"),
    Table("public.gym_admins", Tier.COMMUNITY, owner="user_id", holds="who runs a gym's page"),
    Table(
        "public.gym_role_requests",
        Tier.COMMUNITY,
        owner="user_id",
        people=(PersonColumn("decided_by", OnErase.SET_NULL),),
        holds="requests to run a gym's page, and the decisions",
    ),
    Table("public.user_gyms", Tier.IRREPLACEABLE, owner="user_id", holds="gym memberships"),
    Table("public.user_gym_plates", Tier.IRREPLACEABLE, owner="user_id", holds="a person's plates"),
    Table(
        "public.user_gym_miniweights",
        Tier.IRREPLACEABLE,
        owner="user_id",
        holds="a person's micro-plates",
    ),
    Table(
        "public.user_gym_collars", Tier.IRREPLACEABLE, owner="user_id", holds="a person's collars"
    ),
)
