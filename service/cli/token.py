"""``kczg token``: make, list and revoke API tokens."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="API tokens: create (shown once), list, revoke.", no_args_is_help=True)


@app.command("create")
def create(
    role: Annotated[str, typer.Option(help="applicant, reviewer or admin.")],
    unit: Annotated[str | None, typer.Option(help="The unit (required for applicant).")] = None,
    lists: Annotated[
        list[str] | None, typer.Option("--list", help="A list the reviewer sees (repeatable).")
    ] = None,
    name: Annotated[str, typer.Option(help="A name to tell the token apart.")] = "",
) -> None:
    """Make a token and print it once; only its hash is stored."""
    from schemas.errors import KczgError
    from service.auth import Role, create_token
    from service.cli.exit_codes import fail, fail_with
    from service.usecases.context import open_services

    try:
        chosen = Role(role)
    except ValueError:
        fail("token create", f"role must be one of {', '.join(r.value for r in Role)}")
    try:
        services = open_services(upgrade=True)
        token, info = create_token(
            services.engine, role=chosen, name=name, unit=unit, lists=tuple(lists or ())
        )
    except KczgError as err:
        fail_with("token create", err)
    typer.echo(token)
    typer.echo(f"id {info.id} role {info.role.value}", err=True)


@app.command("list")
def list_() -> None:
    """List tokens (never the tokens themselves)."""
    from rich.console import Console
    from rich.table import Table

    from schemas.errors import KczgError
    from service.auth import list_tokens
    from service.cli.exit_codes import fail_with
    from service.usecases.context import open_services

    try:
        infos = list_tokens(open_services(upgrade=True).engine)
    except KczgError as err:
        fail_with("token list", err)
    table = Table(title="令牌")
    for column in ("id", "前缀", "角色", "单位", "榜单", "创建", "撤销"):
        table.add_column(column)
    for info in infos:
        table.add_row(
            info.id,
            info.prefix,
            info.role.value,
            info.unit or "",
            "、".join(info.lists),
            f"{info.created_at:%Y-%m-%d %H:%M}" if info.created_at else "",
            f"{info.revoked_at:%Y-%m-%d %H:%M}" if info.revoked_at else "",
        )
    Console().print(table)


@app.command("revoke")
def revoke(token_id: Annotated[str, typer.Argument(help="The token's id or prefix.")]) -> None:
    """Revoke a token: every request with it is refused from now on."""
    from schemas.errors import KczgError
    from service.auth import revoke_token
    from service.cli.exit_codes import fail_with
    from service.usecases.context import open_services

    try:
        info = revoke_token(open_services(upgrade=True).engine, token_id)
    except KczgError as err:
        fail_with("token revoke", err)
    typer.echo(f"revoked {info.id}")
