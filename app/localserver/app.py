"""The ASGI app: three routes over one shared ServerState."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from .api import handle_files
from .public import handle_public
from .put import RECEIVE_KEY, handle_put
from .state import ServerState


class _PutEndpoint:
    """A raw ASGI endpoint: the PUT needs the raw path and query, and the server's receive."""

    def __init__(self, state: ServerState) -> None:
        self._state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await handle_put(scope, receive, send, self._state)


class LocalFilesApp:
    def __init__(self, state: ServerState) -> None:
        self.state = state

        async def files(request: Request) -> Response:
            return await handle_files(request, state)

        async def public(request: Request) -> Response:
            return await handle_public(request, state)

        self._app = Starlette(
            routes=[
                Route("/api/v1/files", files, methods=["POST"]),
                Route("/public/{key:path}", public, methods=["GET", "HEAD"]),
                Route("/{bucket}/{key:path}", _PutEndpoint(state), methods=["PUT"]),
            ]
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            # Middleware may wrap receive; the fault injector needs uvicorn's own to find the
            # transport.
            scope[RECEIVE_KEY] = receive
        await self._app(scope, receive, send)


def build_app(state: ServerState) -> LocalFilesApp:
    return LocalFilesApp(state)
