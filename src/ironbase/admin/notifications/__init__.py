"""Administrators' notifications: listed, counted, marked read, resolved (written by
``kit.notify`` from the domains where things happen)."""
