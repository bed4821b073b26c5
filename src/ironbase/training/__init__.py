"""The training log: workouts, sets, templates, records, analytics, imports and exports."""
