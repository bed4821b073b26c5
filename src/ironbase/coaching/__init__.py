"""Coaching: mentor profiles, coach-client links, what a coach sees and does."""
