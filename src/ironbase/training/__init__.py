"""The training log: workouts, sets, templates, records and analytics."""
