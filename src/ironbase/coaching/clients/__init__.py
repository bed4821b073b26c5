"""What a coach sees of and does for a client, and what the client sees of it."""
