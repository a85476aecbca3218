"""The one place Web API calls leave, and Block Kit."""
