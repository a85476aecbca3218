"""The Slack Web API double and Slack's payloads."""
