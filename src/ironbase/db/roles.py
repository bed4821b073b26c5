"""Names of the database roles. They are cluster-wide: every database of a cluster shares them."""

OWNER = "ironbase_owner"
AUTHENTICATOR = "authenticator"
ANON = "anon"
AUTHENTICATED = "authenticated"
APP_ADMIN = "app_admin"
SERVICE_ROLE = "service_role"
# Runs signup, login and token refresh: it may read credentials, which `authenticated` may not.
AUTH_SERVICE = "auth_service"

# The roles the API switches to, and so the only ones `authenticator` may become. Not
# service_role (BYPASSRLS) nor the owner: system jobs reach those through the operator's URL,
# so a leaked API password cannot step around row-level security.
REQUEST_ROLES = (ANON, AUTHENTICATED, APP_ADMIN, AUTH_SERVICE)
# Roles `authenticator` must never be a member of (revoked on every start, refused by the API).
FORBIDDEN_FOR_AUTHENTICATOR = (SERVICE_ROLE, OWNER)
