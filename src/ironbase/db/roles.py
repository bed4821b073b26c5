"""Names of the database roles. They are cluster-wide: every database of a cluster shares them."""

OWNER = "ironbase_owner"
AUTHENTICATOR = "authenticator"
ANON = "anon"
AUTHENTICATED = "authenticated"
APP_ADMIN = "app_admin"
SERVICE_ROLE = "service_role"
# Runs signup, login and token refresh: it may read credentials, which `authenticated` may not.
AUTH_SERVICE = "auth_service"

REQUEST_ROLES = (ANON, AUTHENTICATED, APP_ADMIN, SERVICE_ROLE, AUTH_SERVICE)
