"""The HTTP API: ``create_app`` over the same use cases the CLI calls."""

from service.api.app import create_app

__all__ = ["create_app"]
