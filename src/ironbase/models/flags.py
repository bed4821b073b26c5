"""``app_flags``: feature flags and their targeting (operators' rows, no person owns one)."""

from __future__ import annotations

import uuid

from sqlalchemy import ARRAY, Boolean, CheckConstraint, SmallInteger, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, Timestamps

KEY_FORMAT = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"
MAX_KEY_LENGTH = 64
MAX_DESCRIPTION_LENGTH = 500
MAX_LISTED_USERS = 1000
_VERSION_PART = "(0|[1-9][0-9]{0,5})"
VERSION_FORMAT = rf"^{_VERSION_PART}\.{_VERSION_PART}\.{_VERSION_PART}$"


class AppFlag(Timestamps, Base):
    __tablename__ = "app_flags"
    __table_args__ = (
        CheckConstraint(
            f"char_length(key) <= {MAX_KEY_LENGTH} and key ~ '{KEY_FORMAT}'", name="key_format"
        ),
        CheckConstraint(
            f"char_length(description) <= {MAX_DESCRIPTION_LENGTH}", name="description_length"
        ),
        CheckConstraint("percentage between 0 and 100", name="percentage_range"),
        CheckConstraint(
            f"cardinality(user_ids) <= {MAX_LISTED_USERS} "
            "and array_position(user_ids, null) is null",
            name="user_ids_bounded",
        ),
        CheckConstraint(f"min_app_version ~ '{VERSION_FORMAT}'", name="min_app_version_format"),
    )

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    description: Mapped[str] = mapped_column(Text, nullable=False, server_default=text("''"))
    pro_only: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    # Of the people not listed in user_ids, those whose bucket (0-99) is below this are in.
    percentage: Mapped[int] = mapped_column(
        SmallInteger, nullable=False, server_default=text("100")
    )
    user_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(UUID(as_uuid=True)), nullable=False, server_default=text("'{}'")
    )
    # MAJOR.MINOR.PATCH; clients below it (or not saying, X-App-Version) get the flag off.
    min_app_version: Mapped[str | None] = mapped_column(Text)
