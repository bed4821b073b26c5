"""The strings the API writes in six languages: the shipped file, ``text_translations``, the
in-memory texts (``kit.i18n``) kept in step with the table, and a client's bundle."""
