"""GET /v1/feed: the caller's posts, friends' posts, public posts of their gyms."""
