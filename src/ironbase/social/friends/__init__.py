"""Friend requests and friendships (two rows per pair, see ``models.social.SocialFriendship``)."""
