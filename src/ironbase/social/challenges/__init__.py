"""Time-boxed challenges on a metric of the training log, and their leaderboards."""
