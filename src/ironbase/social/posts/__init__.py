"""Posts, likes, reports, and the administrators' moderation of posts."""
