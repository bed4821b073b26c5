"""The social side: friendships, posts, the feed, challenges and achievements."""
