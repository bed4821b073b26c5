"""Training programs: generated (``generator``, pure), stored, started and adapted."""
