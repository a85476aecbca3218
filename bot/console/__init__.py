"""The whole bot in a terminal."""
