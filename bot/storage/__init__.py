"""Models, the database and every query."""
