"""The operators' overview: people, activity per day, open notifications, the last
data-quality report, from small tables only."""
