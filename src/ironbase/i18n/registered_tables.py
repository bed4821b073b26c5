"""The API's strings (see ``ironbase.privacy.registry``)."""

from ironbase.privacy.registry import Table, Tier

TABLES = (Table("public.text_translations", Tier.REPRODUCIBLE, holds="the API's strings"),)
