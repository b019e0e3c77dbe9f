"""The upload size limit, enforced while the body streams in, before it is all read.

Starlette's multipart parser bounds parts and fields but not a file's size, so this
middleware counts the bytes of every request body and answers 413 as soon as they pass
the limit (at once when ``Content-Length`` already says so).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.errors import error_response

__all__ = ["BodyLimit"]

#: Room for the multipart envelope and the small fields beside the file.
_ENVELOPE = 64 * 1024


class _TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: refuse a request body over ``limit`` bytes with 413."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit + _ENVELOPE

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0
        over = False
        refused = False

        async def counted() -> Message:
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    over = True
                    raise _TooLarge
            return message

        async def answered(message: Message) -> None:
            # Once the body was over the limit, whatever the app makes of the broken
            # body (a parse error) is replaced by the one 413 answer.
            nonlocal refused
            if not over:
                await send(message)
            elif not refused:
                refused = True
                await self._refuse(scope, receive, send)

        try:
            await self.app(scope, counted, answered)
        except _TooLarge:
            if not refused:
                refused = True
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit_mb = (self.limit - _ENVELOPE) / 2**20
        response = error_response(
            413, "too_large", f"文件过大（the upload is over {limit_mb:g} MB）", field="file"
        )
        response.headers["Connection"] = "close"
        await response(scope, receive, send)
