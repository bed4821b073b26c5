"""Social: profile cards, friendships, blocks, posts, likes and reports.

Revision ID: 0015_social
Revises: 0014_fitness_readiness_cycle
Create Date: 2026-11-30

Visibility is decided by the database. A friendship is two rows, one per direction, sharing
the request's id, so "is the caller a friend of this author" is one probe of
``uq_social_friendships_friend`` (``user_id = caller and friend_id = author and status =
'accepted'``). A block is one row that both people can see (so that policies evaluated as
either of them can honour it); inserting it ends the friendship and any pending request
(trigger). Posts are read by their author, by friends (``friends`` and ``public``) and by
everyone signed in (``public``), never by someone blocked either way, never once an
administrator hid them. Likes are counted on the post by a trigger (``like_count``), since
likers cannot update other people's posts and nobody else may read who liked what.
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import OWN, admin_checked_policy, enable_rls

revision: str = "0015_social"
down_revision: str | None = "0014_fitness_readiness_cycle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "social_blocks",
    "social_profiles",
    "social_friendships",
    "social_posts",
    "social_post_likes",
    "social_post_reports",
    "social_post_comments",
)
UID = "(select auth.uid())"
PUBLIC_STATS = "array['friend_count', 'public_post_count']::text[]"


def _blocked(other: str) -> str:
    """A block between the caller and ``other``, whoever made it (two index probes)."""
    return (
        "exists (select 1 from public.social_blocks b where "
        f"(b.user_id = {UID} and b.blocked_id = {other}) "
        f"or (b.user_id = {other} and b.blocked_id = {UID}))"
    )


def _profiles() -> None:
    t = "social_profiles"
    op.execute(
        f"""
        create table public.{t} (
          user_id uuid constraint pk_{t} primary key
            constraint fk_{t}_user_id_users references auth.users (id) on delete cascade,
          display_name text constraint ck_{t}_display_name check (char_length(display_name) between 1 and 80),
          avatar_url text constraint ck_{t}_avatar_url check (
            char_length(avatar_url) between 9 and 500 and avatar_url ~ '^https://[^[:space:]]+$'),
          public_stats text[] not null default '{{}}'
            constraint ck_{t}_public_stats check (public_stats <@ {PUBLIC_STATS}),
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        )
        """
    )
    enable_rls(f"public.{t}")
    op.execute(f"grant select on public.{t} to authenticated")
    op.execute(f"grant update (avatar_url, public_stats) on public.{t} to authenticated")
    # A card is public to everyone signed in, except across a block.
    op.execute(
        f"create policy {t}_select_own on public.{t} for select to authenticated "
        f"using (user_id = {UID})"
    )
    op.execute(
        f"create policy {t}_select_card on public.{t} for select to authenticated "
        f"using (not {_blocked(f'{t}.user_id')})"
    )
    op.execute(
        f"create policy {t}_update_own on public.{t} for update to authenticated "
        f"using (user_id = {UID}) with check (user_id = {UID})"
    )
    op.execute(
        f"create policy {t}_definer on public.{t} for all to ironbase_owner "
        "using (true) with check (true)"
    )
    op.execute(
        f"create trigger {t}_set_updated_at before update of avatar_url, public_stats "
        f"on public.{t} for each row execute function public.set_updated_at()"
    )
    # The card follows the profile: made with it, its display name kept equal.
    op.execute(
        """
        create function public.social_profile_sync() returns trigger
        language plpgsql security definer set search_path = pg_catalog, public as $$
        begin
          insert into public.social_profiles (user_id, display_name)
          values (new.id, new.display_name)
          on conflict (user_id) do update set display_name = excluded.display_name;
          return null;
        end
        $$
        """
    )
    op.execute("revoke all on function public.social_profile_sync() from public")
    op.execute(
        "create trigger users_social_profile after insert or update of display_name "
        "on public.users for each row execute function public.social_profile_sync()"
    )
    op.execute(
        "create policy users_select_social_definer on public.users for select "
        "to ironbase_owner using (true)"
    )
    op.execute(
        f"insert into public.{t} (user_id, display_name) select id, display_name from public.users"
    )


def _blocks() -> None:
    t = "social_blocks"
    op.execute(
        f"""
        create table public.{t} (
          user_id uuid not null constraint fk_{t}_user_id_users
            references auth.users (id) on delete cascade,
          blocked_id uuid not null constraint fk_{t}_blocked_id_users
            references auth.users (id) on delete cascade,
          created_at timestamptz not null default now(),
          constraint pk_{t} primary key (user_id, blocked_id),
          constraint ck_{t}_not_self check (user_id <> blocked_id)
        )
        """
    )
    op.execute(f"create index ix_{t}_blocked on public.{t} (blocked_id, user_id)")
    enable_rls(f"public.{t}")
    op.execute(f"grant select, insert, delete on public.{t} to authenticated")
    for action, clause in (
        ("select", f"using ({OWN})"),
        ("insert", f"with check ({OWN})"),
        ("delete", f"using ({OWN})"),
    ):
        op.execute(
            f"create policy {t}_{action}_own on public.{t} for {action} to authenticated {clause}"
        )
    # The definer functions (requests by email, card stats) honour blocks too.
    op.execute(
        f"create policy {t}_select_definer on public.{t} for select to ironbase_owner using (true)"
    )
    # The blocked person's transactions must see the block for the policies to hide both ways.
    op.execute(
        f"create policy {t}_select_blocked on public.{t} for select to authenticated "
        f"using (blocked_id = {UID})"
    )


def _friendships() -> None:
    t = "social_friendships"
    op.execute(
        f"""
        create table public.{t} (
          user_id uuid not null constraint fk_{t}_user_id_users
            references auth.users (id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          friend_id uuid not null constraint fk_{t}_friend_id_users
            references auth.users (id) on delete cascade,
          status text not null default 'pending'
            constraint ck_{t}_status check (status in ('pending', 'accepted')),
          requested_by uuid not null constraint fk_{t}_requested_by_users
            references auth.users (id) on delete cascade,
          by_email boolean not null default false,
          created_at timestamptz not null default now(),
          accepted_at timestamptz,
          constraint pk_{t} primary key (user_id, id),
          constraint uq_{t}_friend unique (user_id, friend_id),
          constraint ck_{t}_not_self check (user_id <> friend_id),
          constraint ck_{t}_requested_by check (requested_by in (user_id, friend_id)),
          constraint ck_{t}_accepted check ((status = 'accepted') = (accepted_at is not null))
        )
        """
    )
    op.execute(f"create index ix_{t}_friend_id on public.{t} (friend_id, user_id)")
    op.execute(f"create index ix_{t}_requested_by on public.{t} (requested_by)")
    enable_rls(f"public.{t}")
    op.execute(f"grant select, insert, delete on public.{t} to authenticated")
    op.execute(f"grant update (status, accepted_at) on public.{t} to authenticated")
    # A request made by exact email stays invisible to the requester until it is accepted:
    # what they see never says whether the address has an account.
    unseen = f"(status = 'accepted' or not by_email or requested_by <> {UID})"
    op.execute(
        f"create policy {t}_select_own on public.{t} for select to authenticated "
        f"using (user_id = {UID} and {unseen})"
    )
    op.execute(
        f"create policy {t}_select_other_side on public.{t} for select to authenticated "
        f"using (friend_id = {UID} and {unseen})"
    )
    # A request: both rows, by the requester, pending, between people with no block.
    request = (
        f"requested_by = {UID} and status = 'pending' and not by_email "
        f"and not {_blocked(f'{t}.friend_id')}"
    )
    op.execute(
        f"create policy {t}_insert_own on public.{t} for insert to authenticated "
        f"with check (user_id = {UID} and {request})"
    )
    request_back = (
        f"requested_by = {UID} and status = 'pending' and not by_email "
        f"and not {_blocked(f'{t}.user_id')}"
    )
    op.execute(
        f"create policy {t}_insert_other_side on public.{t} for insert to authenticated "
        f"with check (friend_id = {UID} and {request_back})"
    )
    # Accepting: only the person asked, only to 'accepted'.
    accept = f"requested_by <> {UID} and status = 'accepted'"
    op.execute(
        f"create policy {t}_update_own on public.{t} for update to authenticated "
        f"using (user_id = {UID}) with check (user_id = {UID} and {accept})"
    )
    op.execute(
        f"create policy {t}_update_other_side on public.{t} for update to authenticated "
        f"using (friend_id = {UID}) with check (friend_id = {UID} and {accept})"
    )
    # Declining, cancelling, removing: either side takes both rows away.
    op.execute(
        f"create policy {t}_delete_own on public.{t} for delete to authenticated using ({OWN})"
    )
    op.execute(
        f"create policy {t}_delete_other_side on public.{t} for delete to authenticated "
        f"using (friend_id = {UID})"
    )
    op.execute(
        f"create policy {t}_definer on public.{t} for all to ironbase_owner "
        "using (true) with check (true)"
    )
    op.execute(
        """
        create function public.social_block_ends_friendship() returns trigger
        language plpgsql security definer set search_path = pg_catalog, public as $$
        begin
          delete from public.social_friendships
          where (user_id = new.user_id and friend_id = new.blocked_id)
             or (user_id = new.blocked_id and friend_id = new.user_id);
          -- Neither keeps comments on the other's posts.
          delete from public.social_post_comments
          where (user_id = new.blocked_id and post_user_id = new.user_id)
             or (user_id = new.user_id and post_user_id = new.blocked_id);
          return null;
        end
        $$
        """
    )
    op.execute("revoke all on function public.social_block_ends_friendship() from public")
    op.execute(
        "create trigger social_blocks_end_friendship after insert on public.social_blocks "
        "for each row execute function public.social_block_ends_friendship()"
    )
    # By exact email: the caller learns nothing (no result, the same whatever the address).
    op.execute(
        """
        create function public.social_request_by_email(p_email text) returns void
        language plpgsql volatile security definer set search_path = pg_catalog, public as $$
        declare
          me uuid := auth.uid();
          target uuid;
        begin
          if me is null or p_email is null or char_length(p_email) > 320 then
            return;
          end if;
          select u.id into target from auth.users u where u.email = lower(btrim(p_email));
          if target is null or target = me then
            return;
          end if;
          if exists (select 1 from public.social_blocks b
                     where (b.user_id = me and b.blocked_id = target)
                        or (b.user_id = target and b.blocked_id = me))
             or exists (select 1 from public.social_friendships f
                        where (f.user_id = me and f.friend_id = target)
                           or (f.user_id = target and f.friend_id = me)) then
            return;
          end if;
          insert into public.social_friendships (user_id, id, friend_id, requested_by, by_email)
          select pair.u, pair.request_id, pair.f, me, true
          from (select gen_random_uuid() as request_id) r,
               lateral (values (me, target, r.request_id), (target, me, r.request_id))
                 as pair(u, f, request_id)
          on conflict do nothing;
        end
        $$
        """
    )
    op.execute("revoke all on function public.social_request_by_email(text) from public")
    op.execute("grant execute on function public.social_request_by_email(text) to authenticated")


def _card_stats() -> None:
    """The counts a person chose to show on their card; nothing across a block. Counted
    here because the rows counted are not the caller's to read."""
    op.execute(
        """
        create function public.social_card_stats(p_user uuid) returns jsonb
        language plpgsql stable security definer set search_path = pg_catalog, public as $$
        declare
          me uuid := auth.uid();
          shown text[];
          result jsonb := '{}'::jsonb;
        begin
          if me is null or exists (select 1 from public.social_blocks b
                                   where (b.user_id = me and b.blocked_id = p_user)
                                      or (b.user_id = p_user and b.blocked_id = me)) then
            return null;
          end if;
          select p.public_stats into shown from public.social_profiles p where p.user_id = p_user;
          if shown is null then
            return null;
          end if;
          if 'friend_count' = any(shown) then
            result := result || jsonb_build_object('friend_count', (
              select count(*) from public.social_friendships f
              where f.user_id = p_user and f.status = 'accepted'));
          end if;
          if 'public_post_count' = any(shown) then
            result := result || jsonb_build_object('public_post_count', (
              select count(*) from public.social_posts s
              where s.user_id = p_user and s.visibility = 'public' and s.hidden_at is null));
          end if;
          return result;
        end
        $$
        """
    )
    op.execute("revoke all on function public.social_card_stats(uuid) from public")
    op.execute("grant execute on function public.social_card_stats(uuid) to authenticated")


def _visible_post(posts: str) -> str:
    """The caller may see the post ``posts`` (an alias or the table): author, friend, public.

    Friends first: a friendship rules a block out (a block deletes it), so a friend's post
    needs no block probe, and the friend test is one hashed lookup for the whole statement.
    """
    return (
        f"{posts}.hidden_at is null and ("
        f"{posts}.user_id = {UID} "
        f"or ({posts}.visibility in ('friends', 'public') and exists (select 1 "
        f"from public.social_friendships f where f.user_id = {UID} "
        f"and f.friend_id = {posts}.user_id and f.status = 'accepted')) "
        f"or ({posts}.visibility = 'public' and not {_blocked(f'{posts}.user_id')}))"
    )


def _posts() -> None:
    t = "social_posts"
    op.execute(
        f"""
        create table public.{t} (
          user_id uuid not null constraint fk_{t}_user_id_users
            references auth.users (id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          text text not null constraint ck_{t}_text check (char_length(text) between 1 and 2000),
          visibility text not null default 'friends'
            constraint ck_{t}_visibility check (visibility in ('private', 'friends', 'public')),
          -- A reference, not a foreign key: the summary below is what the post shows, and it
          -- outlives the workout (deleting a workout never fails because of a post).
          workout_id uuid,
          workout_summary jsonb,
          -- An achievement of the author's, as it was when attached (slug, names, earned_at,
          -- the workout or set that earned it): a snapshot, like the workout summary.
          achievement jsonb,
          gym_id uuid constraint fk_{t}_gym_id_gyms references public.gyms (id) on delete set null,
          like_count integer not null default 0 constraint ck_{t}_like_count check (like_count >= 0),
          hidden_at timestamptz,
          hidden_by uuid constraint fk_{t}_hidden_by_users
            references auth.users (id) on delete set null,
          hidden_reason text
            constraint ck_{t}_hidden_reason check (char_length(hidden_reason) between 1 and 500),
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          constraint pk_{t} primary key (user_id, id),
          constraint ck_{t}_summary check ((workout_summary is null) or (workout_id is not null))
        )
        """
    )
    # A person's posts newest first (their page, the feed's own and friends' branches).
    op.execute(
        f"create index ix_{t}_author on public.{t} (user_id, created_at desc, id desc) "
        "where hidden_at is null"
    )
    # The feed's gym branch: public posts of a gym, newest first.
    op.execute(
        f"create index ix_{t}_gym on public.{t} (gym_id, created_at desc, id desc) "
        "where visibility = 'public' and hidden_at is null and gym_id is not null"
    )
    op.execute(f"create index ix_{t}_id on public.{t} (id)")
    op.execute(
        f"create index ix_{t}_hidden_by on public.{t} (hidden_by) where hidden_by is not null"
    )
    enable_rls(f"public.{t}")
    op.execute(f"grant select, delete on public.{t} to authenticated")
    writable = "text, visibility, workout_id, workout_summary, achievement, gym_id"
    op.execute(f"grant insert (user_id, id, {writable}) on public.{t} to authenticated")
    op.execute(f"grant update ({writable}, updated_at) on public.{t} to authenticated")
    op.execute(f"grant update (hidden_at, hidden_by, hidden_reason) on public.{t} to app_admin")
    own_gym = (
        f"(gym_id is null or exists (select 1 from public.user_gyms g "
        f"where g.user_id = {UID} and g.gym_id = {t}.gym_id))"
    )
    op.execute(
        f"create policy {t}_select_visible on public.{t} for select to authenticated "
        f"using ({_visible_post(t)})"
    )
    op.execute(
        f"create policy {t}_insert_own on public.{t} for insert to authenticated "
        f"with check ({OWN} and {own_gym})"
    )
    op.execute(
        f"create policy {t}_update_own on public.{t} for update to authenticated "
        f"using ({OWN} and hidden_at is null) with check ({OWN} and {own_gym})"
    )
    op.execute(
        f"create policy {t}_delete_own on public.{t} for delete to authenticated using ({OWN})"
    )
    admin_checked_policy(f"public.{t}", "select")
    admin_checked_policy(f"public.{t}", "update")
    op.execute(
        f"create policy {t}_definer on public.{t} for all to ironbase_owner "
        "using (true) with check (true)"
    )


def _likes_and_reports() -> None:
    for t, extra in (
        ("social_post_likes", ""),
        (
            "social_post_reports",
            """
          reason text constraint ck_social_post_reports_reason
            check (char_length(reason) between 1 and 500),""",
        ),
    ):
        op.execute(
            f"""
            create table public.{t} (
              user_id uuid not null constraint fk_{t}_user_id_users
                references auth.users (id) on delete cascade,
              post_user_id uuid not null,
              post_id uuid not null,{extra}
              created_at timestamptz not null default now(),
              constraint pk_{t} primary key (user_id, post_id),
              constraint fk_{t}_post_user_id_social_posts foreign key (post_user_id, post_id)
                references public.social_posts (user_id, id) on delete cascade
            )
            """
        )
        op.execute(f"create index ix_{t}_post on public.{t} (post_user_id, post_id)")
        enable_rls(f"public.{t}")
        # A report stays for the moderators: its reporter cannot take it back.
        writes = "insert, delete" if t == "social_post_likes" else "insert"
        op.execute(f"grant select, {writes} on public.{t} to authenticated")
        visible = (
            f"exists (select 1 from public.social_posts p where p.user_id = {t}.post_user_id "
            f"and p.id = {t}.post_id)"
        )
        op.execute(
            f"create policy {t}_select_own on public.{t} for select to authenticated using ({OWN})"
        )
        op.execute(
            f"create policy {t}_insert_own on public.{t} for insert to authenticated "
            f"with check ({OWN} and {visible})"
        )
    op.execute(
        "create policy social_post_likes_delete_own on public.social_post_likes "
        f"for delete to authenticated using ({OWN})"
    )
    op.execute("grant select on public.social_post_reports to app_admin")
    admin_checked_policy("public.social_post_reports", "select")
    op.execute(
        """
        create function public.social_count_like() returns trigger
        language plpgsql security definer set search_path = pg_catalog, public as $$
        begin
          if tg_op = 'INSERT' then
            update public.social_posts set like_count = like_count + 1
            where user_id = new.post_user_id and id = new.post_id;
          else
            update public.social_posts set like_count = greatest(like_count - 1, 0)
            where user_id = old.post_user_id and id = old.post_id;
          end if;
          return null;
        end
        $$
        """
    )
    op.execute("revoke all on function public.social_count_like() from public")
    op.execute(
        "create trigger social_post_likes_count after insert or delete on public.social_post_likes "
        "for each row execute function public.social_count_like()"
    )


def _comments() -> None:
    """Comments: read by whoever may read the post, except across a block with the
    commenter; written by them on a post they may see; deleted by the commenter or the
    post's author."""
    t = "social_post_comments"
    op.execute(
        f"""
        create table public.{t} (
          user_id uuid not null constraint fk_{t}_user_id_users
            references auth.users (id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          post_user_id uuid not null,
          post_id uuid not null,
          text text not null constraint ck_{t}_text check (char_length(text) between 1 and 1000),
          created_at timestamptz not null default now(),
          constraint pk_{t} primary key (user_id, id),
          constraint fk_{t}_post_user_id_social_posts foreign key (post_user_id, post_id)
            references public.social_posts (user_id, id) on delete cascade
        )
        """
    )
    op.execute(f"create index ix_{t}_post on public.{t} (post_user_id, post_id, created_at, id)")
    op.execute(f"create index ix_{t}_id on public.{t} (id)")
    enable_rls(f"public.{t}")
    op.execute(f"grant select, insert, delete on public.{t} to authenticated")
    post_visible = (
        f"exists (select 1 from public.social_posts p where p.user_id = {t}.post_user_id "
        f"and p.id = {t}.post_id)"
    )
    op.execute(
        f"create policy {t}_select_visible on public.{t} for select to authenticated "
        f"using ({post_visible} and not {_blocked(f'{t}.user_id')})"
    )
    op.execute(
        f"create policy {t}_insert_own on public.{t} for insert to authenticated "
        f"with check ({OWN} and {post_visible})"
    )
    op.execute(
        f"create policy {t}_delete_own on public.{t} for delete to authenticated using ({OWN})"
    )
    op.execute(
        f"create policy {t}_delete_on_own_post on public.{t} for delete to authenticated "
        f"using (post_user_id = {UID})"
    )
    admin_checked_policy(f"public.{t}", "select")
    op.execute(
        f"create policy {t}_definer on public.{t} for all to ironbase_owner "
        "using (true) with check (true)"
    )


def upgrade() -> None:
    _blocks()
    _profiles()
    _friendships()
    _posts()
    _likes_and_reports()
    _comments()
    _card_stats()


def downgrade() -> None:
    op.execute("drop function public.social_card_stats(uuid)")
    op.execute("drop trigger users_social_profile on public.users")
    op.execute("drop policy users_select_social_definer on public.users")
    for table in reversed(TABLES):
        op.execute(f"drop table public.{table}")
    op.execute("drop function public.social_count_like()")
    op.execute("drop function public.social_request_by_email(text)")
    op.execute("drop function public.social_block_ends_friendship()")
    op.execute("drop function public.social_profile_sync()")
