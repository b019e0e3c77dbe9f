"""FastAPI app, storage, bulk ingest, reviewer pages, exports, and the ``kczg`` CLI."""
