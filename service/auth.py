"""API tokens and who holds them: roles, units and lists.

A token is shown once when made; only its SHA-256 is stored. Tokens are 256 random
bits, so a plain hash is enough (no password stretching), and the stored hash is
compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Engine, select

from service.db import TokenRow, session_scope, shown_id
from service.errors import Forbidden, NotFound, Unauthorized

__all__ = [
    "Principal",
    "Role",
    "TokenInfo",
    "authenticate",
    "create_token",
    "list_tokens",
    "revoke_token",
]

TOKEN_PREFIX = "kczg_"


class Role(StrEnum):
    """``applicant`` sees its own unit's submissions; ``reviewer`` its lists; ``admin`` all."""

    APPLICANT = "applicant"
    REVIEWER = "reviewer"
    ADMIN = "admin"


ROLE_NAMES = {Role.APPLICANT: "申报单位", Role.REVIEWER: "评审专家", Role.ADMIN: "管理员"}


@dataclass(frozen=True)
class Principal:
    """Who a request acts for."""

    token_id: str
    role: Role
    name: str = ""
    unit: str | None = None
    lists: tuple[str, ...] = field(default_factory=tuple)

    def require(self, *roles: Role) -> None:
        """Refuses a principal of another role."""
        if self.role not in roles:
            wanted = "、".join(ROLE_NAMES[r] for r in roles)
            raise Forbidden(f"此操作需要{wanted}权限（needs role {', '.join(roles)}）")

    def sees_list(self, form: str | None) -> bool:
        """Whether a reviewer's lists include ``form`` (no lists given: every list)."""
        return not self.lists or form is None or form in self.lists


#: The principal of a local command: the CLI acts as the machine's administrator.
LOCAL_ADMIN = Principal(token_id="local", role=Role.ADMIN, name="local")


@dataclass(frozen=True)
class TokenInfo:
    id: str
    name: str
    role: Role
    unit: str | None
    lists: tuple[str, ...]
    prefix: str
    created_at: datetime | None
    revoked_at: datetime | None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _info(row: TokenRow) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        name=row.name,
        role=Role(row.role),
        unit=row.unit,
        lists=tuple(row.lists or ()),
        prefix=row.prefix,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


def create_token(
    engine: Engine,
    *,
    role: Role,
    name: str = "",
    unit: str | None = None,
    lists: tuple[str, ...] = (),
) -> tuple[str, TokenInfo]:
    """A new token (returned once, never stored) and what is kept of it."""
    if role is Role.APPLICANT and not unit:
        raise Forbidden("申报单位令牌须指定单位（an applicant token needs its unit）")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = TokenRow(
        name=name or role.value,
        role=role.value,
        unit=unit or None,
        lists=list(lists),
        token_hash=_hash(token),
        prefix=token[: len(TOKEN_PREFIX) + 6],
    )
    with session_scope(engine) as session:
        session.add(row)
        session.flush()
        info = _info(row)
    return token, info


def authenticate(engine: Engine, token: str | None) -> Principal:
    """The principal a bearer token stands for; ``Unauthorized`` for none, wrong or revoked."""
    if not token:
        raise Unauthorized("需要登录令牌（a bearer token is required）")
    digest = _hash(token)
    with session_scope(engine) as session:
        row = session.scalar(select(TokenRow).where(TokenRow.token_hash == digest))
        if row is None or not hmac.compare_digest(row.token_hash, digest):
            raise Unauthorized("令牌无效（the token is not valid）")
        if row.revoked_at is not None:
            raise Unauthorized("令牌已撤销（the token was revoked）")
        return Principal(
            token_id=row.id,
            role=Role(row.role),
            name=row.name,
            unit=row.unit,
            lists=tuple(row.lists or ()),
        )


def list_tokens(engine: Engine) -> list[TokenInfo]:
    """Every token, newest first, revoked ones included."""
    with session_scope(engine) as session:
        rows = session.scalars(select(TokenRow).order_by(TokenRow.created_at.desc()))
        return [_info(row) for row in rows]


def revoke_token(engine: Engine, token_id: str) -> TokenInfo:
    """Revokes a token by its id (or its shown prefix); revoking twice changes nothing."""
    with session_scope(engine) as session:
        row = session.get(TokenRow, token_id) or session.scalar(
            select(TokenRow).where(TokenRow.prefix == token_id)
        )
        if row is None:
            # A shown prefix may be repeated; a whole token never is.
            named = token_id if len(token_id) <= len(TOKEN_PREFIX) + 6 else shown_id(token_id)
            raise NotFound(f"没有此令牌（no token {named}）")
        if row.revoked_at is None:
            row.revoked_at = datetime.now(UTC)
        return _info(row)
