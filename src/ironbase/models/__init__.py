"""Every table's mapping; importing this package registers them all on ``Base.metadata``."""

from ironbase.models.admin import AdminAuditLog, RateLimitWindow
from ironbase.models.auth import AuthUser, RefreshToken
from ironbase.models.users import UnitSystem, User

__all__ = ["AdminAuditLog", "AuthUser", "RateLimitWindow", "RefreshToken", "UnitSystem", "User"]
