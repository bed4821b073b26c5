"""The ASGI application: ``create_app(settings)`` mounts every domain router under /v1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from ironbase import __version__
from ironbase.admin.endpoints import router as admin_router
from ironbase.admin.notifications.endpoints import router as notifications_router
from ironbase.admin.overview.endpoints import router as overview_router
from ironbase.ambassadors.battles.endpoints import router as battles_router
from ironbase.ambassadors.commissions.endpoints import router as commissions_router
from ironbase.ambassadors.deals.endpoints import router as gym_deals_router
from ironbase.ambassadors.endpoints import router as ambassadors_router
from ironbase.auth.endpoints import router as auth_router
from ironbase.auth.tokens import TokenSigner
from ironbase.catalog.endpoints import router as vocabularies_router
from ironbase.catalog.equipment.admin_endpoints import router as equipment_admin_router
from ironbase.catalog.equipment.endpoints import router as equipment_router
from ironbase.catalog.exercises.admin_endpoints import router as exercises_admin_router
from ironbase.catalog.exercises.endpoints import router as exercises_router
from ironbase.catalog.quality.endpoints import router as catalog_quality_router
from ironbase.catalog.search.cache import CatalogSearchCache
from ironbase.coaching.clients.endpoints import router as coach_clients_router
from ironbase.coaching.links.endpoints import router as coach_links_router
from ironbase.coaching.mentors.endpoints import router as mentors_router
from ironbase.config import MIN_SECRET_LENGTH, Settings
from ironbase.db.pg import create_pool
from ironbase.db.roles import FORBIDDEN_FOR_AUTHENTICATOR
from ironbase.db.setup import AuthenticatorLoginFailed, is_password_refusal, resolve_target
from ironbase.db.urls import asyncpg_dsn
from ironbase.fitness.cycle.endpoints import router as cycle_router
from ironbase.fitness.profile.endpoints import router as fitness_profile_router
from ironbase.fitness.readiness.endpoints import router as readiness_router
from ironbase.flags.admin_endpoints import router as flags_admin_router
from ironbase.flags.endpoints import router as flags_router
from ironbase.gyms.admin.endpoints import router as gyms_admin_router
from ironbase.gyms.endpoints import router as gyms_router
from ironbase.gyms.equipment.endpoints import router as gym_equipment_router
from ironbase.gyms.fixed.endpoints import router as fixed_increments_router
from ironbase.gyms.inventory.endpoints import router as plates_router
from ironbase.gyms.roles.endpoints import router as gym_roles_router
from ironbase.health import router as health_router
from ironbase.i18n import service as i18n
from ironbase.i18n.endpoints import router as i18n_router
from ironbase.kit.errors import install_problem_handlers
from ironbase.kit.heap import freeze_long_lived
from ironbase.kit.middleware import RequestContextMiddleware
from ironbase.kit.openapi import document_problems
from ironbase.kit.pagination import CursorCodec
from ironbase.privacy.endpoints import router as privacy_router
from ironbase.programs.endpoints import router as programs_router
from ironbase.programs.generator.proposer import load_proposer
from ironbase.secrets_store import read_or_create
from ironbase.social.achievements.endpoints import router as achievements_router
from ironbase.social.challenges.endpoints import router as challenges_router
from ironbase.social.endpoints import router as social_router
from ironbase.social.feed.endpoints import router as feed_router
from ironbase.social.friends.endpoints import router as friends_router
from ironbase.social.posts.endpoints import router as posts_router
from ironbase.training.stats.endpoints import router as stats_router
from ironbase.training.sync.endpoints import router as sync_router
from ironbase.training.templates.endpoints import router as templates_router
from ironbase.training.transfer.endpoints import router as transfer_router
from ironbase.training.workouts.endpoints import router as workouts_router
from ironbase.users.endpoints import router as users_router


class UnsafeConfiguration(RuntimeError):
    """Raised at start-up when serving would weaken isolation (e.g. a superuser login)."""


def jwt_secret(settings: Settings) -> str:
    if settings.jwt_secret is not None:
        secret = settings.jwt_secret.get_secret_value()
    elif settings.is_production:
        raise UnsafeConfiguration("IRONBASE_JWT_SECRET must be set in production")
    else:
        secret = read_or_create(settings.data_dir, "jwt_secret")
    if len(secret) < MIN_SECRET_LENGTH:
        raise UnsafeConfiguration(
            f"IRONBASE_JWT_SECRET must be at least {MIN_SECRET_LENGTH} characters"
        )
    return secret


# Every role the login can become (itself included) that would step around isolation:
# superusers, BYPASSRLS, CREATEROLE (it can grant itself anything), the owner, service_role.
_UNSAFE_REACH = (
    "select current_user as name, array("
    "select r.rolname::text from pg_roles r "
    "where pg_has_role(current_user, r.oid, 'MEMBER') "
    "and (r.rolsuper or r.rolbypassrls or r.rolcreaterole or r.rolname = any($1::text[])) "
    "order by r.rolname) as reach"
)


async def _open_pool(dsn: str, *, min_size: int, max_size: int) -> asyncpg.Pool:
    """The request path's pool; a refused password is reported with advice, not a driver
    error (and without the URL)."""
    try:
        return await create_pool(dsn, min_size=min_size, max_size=max_size)
    except asyncpg.PostgresError as exc:
        if is_password_refusal(exc):
            raise AuthenticatorLoginFailed() from None
        raise


async def _unsafe_reach(pool: asyncpg.Pool) -> tuple[str, list[str]]:
    async with pool.acquire() as conn:
        row = await conn.fetchrow(_UNSAFE_REACH, list(FORBIDDEN_FOR_AUTHENTICATOR))
    assert row is not None
    return str(row["name"]), list(row["reach"])


async def assert_safe_login(pool: asyncpg.Pool) -> None:
    """Refuse to serve as, or as a member of, a role that bypasses row-level security."""
    name, reach = await _unsafe_reach(pool)
    if reach:
        raise UnsafeConfiguration(
            f"refusing to serve requests as {name!r}: it is or can become {', '.join(reach)}. "
            "The API must connect as `authenticator` (not a superuser, not the owner, no "
            "BYPASSRLS or CREATEROLE, not a member of service_role)"
        )


API_PREFIX = "/v1"
DOMAIN_ROUTERS: tuple[APIRouter, ...] = (
    auth_router,
    users_router,
    admin_router,
    notifications_router,
    overview_router,
    i18n_router,
    exercises_router,
    equipment_router,
    vocabularies_router,
    exercises_admin_router,
    equipment_admin_router,
    catalog_quality_router,
    gyms_router,
    gym_equipment_router,
    gym_roles_router,
    plates_router,
    fixed_increments_router,
    gyms_admin_router,
    stats_router,
    workouts_router,
    templates_router,
    sync_router,
    transfer_router,
    flags_router,
    flags_admin_router,
    privacy_router,
    fitness_profile_router,
    readiness_router,
    cycle_router,
    social_router,
    friends_router,
    posts_router,
    feed_router,
    challenges_router,
    achievements_router,
    programs_router,
    mentors_router,
    coach_links_router,
    coach_clients_router,
    ambassadors_router,
    battles_router,
    gym_deals_router,
    commissions_router,
)


def mount_flat(target: APIRouter, router: APIRouter, prefix: str = "") -> None:
    """Copy ``router``'s routes onto ``target`` as plain routes under ``prefix``.

    ``include_router`` (FastAPI 0.165) keeps an included router as a branch that every
    request walks, twice (match, then handle), checking each level's route version on the
    way: 25 domain routers under /v1 made that most of the routing cost of a request
    (bench/README.md). A copy matches like any route of the app. The domain's routes already
    carry its prefix, tags and responses; OpenAPI is the same (tests/test_openapi_flat.py).
    """
    for route in router.routes:
        if not isinstance(route, APIRoute):  # every domain route is one; say so if not
            raise TypeError(f"cannot mount {route!r} flat")
        target.add_api_route(
            prefix + route.path,
            route.endpoint,
            route_class_override=type(route),
            response_model=route.response_model,
            status_code=route.status_code,
            tags=list(route.tags),
            dependencies=list(route.dependencies),
            summary=route.summary,
            description=route.description,
            response_description=route.response_description,
            responses=dict(route.responses),
            deprecated=route.deprecated,
            methods=set(route.methods or ()),
            operation_id=route.operation_id,
            response_model_include=route.response_model_include,
            response_model_exclude=route.response_model_exclude,
            response_model_by_alias=route.response_model_by_alias,
            response_model_exclude_unset=route.response_model_exclude_unset,
            response_model_exclude_defaults=route.response_model_exclude_defaults,
            response_model_exclude_none=route.response_model_exclude_none,
            include_in_schema=route.include_in_schema,
            response_class=route.response_class,
            name=route.name,
            callbacks=route.callbacks,
            openapi_extra=route.openapi_extra,
            generate_unique_id_function=route.generate_unique_id_function,
            strict_content_type=route.strict_content_type,
            max_body_size=route.max_body_size,
            form_limits=route.form_limits,
        )


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        url = settings.api_database_url or resolve_target(settings).serving_url
        pool = await _open_pool(
            asyncpg_dsn(url),
            min_size=min(2, settings.pool_size),
            max_size=settings.pool_size + settings.pool_max_overflow,
        )
        try:
            await assert_safe_login(pool)
            app.state.pool = pool
            async with i18n.kept_fresh(pool, settings.i18n_refresh_seconds):
                freeze_long_lived()
                yield
        finally:
            await pool.close()

    app = FastAPI(
        title="ironbase",
        version=__version__,
        description="The backend of a strength-training platform.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.catalog_search = CatalogSearchCache()
    # Off unless configured: a "module:factory" path (IRONBASE_PROGRAM_PROPOSER).
    app.state.program_proposer = load_proposer(settings.program_proposer)
    secret = jwt_secret(settings)
    app.state.signer = TokenSigner(
        secret,
        ttl_seconds=settings.access_token_ttl_seconds,
        audience=settings.jwt_audience,
    )
    # List cursors are signed with a key derived from the same secret (a distinct label).
    app.state.cursors = CursorCodec.from_secret(secret)
    i18n.install_shipped()  # problems speak the request's language from the first request
    install_problem_handlers(app)
    document_problems(app)
    app.add_middleware(RequestContextMiddleware, trust_forwarded_for=settings.trust_forwarded_for)
    mount_flat(app.router, health_router)
    for domain in DOMAIN_ROUTERS:
        mount_flat(app.router, domain, API_PREFIX)
    return app
