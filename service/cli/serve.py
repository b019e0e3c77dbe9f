"""``kczg serve``: the HTTP service, with its workers."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["serve"]


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
) -> None:
    """Run the HTTP service (API, pages) and, with the default queue, its worker processes."""
    import uvicorn

    from schemas.errors import KczgError
    from service.cli.exit_codes import fail_with
    from service.runtime import build_app

    try:
        app = build_app()
    except KczgError as err:
        fail_with("serve", err)
    typer.echo(f"kczg serve: http://{host}:{port}/ (API docs at /docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)
