"""The Slack Web API double, Slack's payloads, and a pytest plugin with the double as a fixture."""
