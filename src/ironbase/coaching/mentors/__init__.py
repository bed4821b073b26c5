"""Mentor profiles: a coach's own (GET|PUT /v1/me/mentor-profile) and the public list."""
