"""Celery workers: the app, the one task, and the dispatcher that sends to it."""
