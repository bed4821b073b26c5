"""Feature flags: operators switch features on for everyone, pro accounts, a stable share
of people, listed people, or clients from a version on; the API gates its own features
with them (``require_flag``) and tells each client which are on (``GET /v1/me/flags``).
"""
