"""Regiebot: the secretariat of a standing steering table, in Slack."""

__version__ = "0.1.0"
