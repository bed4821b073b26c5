"""Achievements: definitions shipped as data, awards earned from the training log."""
