"""Gunicorn, the work queue, logs and the WSGI routing."""
