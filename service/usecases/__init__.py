"""The application layer: use cases that the ``kczg`` commands and the HTTP routes share."""
