"""ironbase: the backend of a strength-training platform."""

__version__ = "0.1.0"
