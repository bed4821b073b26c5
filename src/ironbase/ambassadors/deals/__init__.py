"""Gym deals: commission terms an ambassador proposes to a gym and its admins decide."""
