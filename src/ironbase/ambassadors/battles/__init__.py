"""Ambassadors' battles: competitions on the training log, invitations, leaderboards."""
