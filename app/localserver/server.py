"""LocalServer: the app under uvicorn on a socket bound before the app is built."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import unquote, urlsplit

import uvicorn

from . import contract
from .app import build_app
from .clock import Clock
from .faults import Faults
from .guard import GuardedH11Protocol
from .records import ApiRecord, PutRecord
from .state import ServerState
from .storage import Storage


class _Server(uvicorn.Server):
    """uvicorn's server, woken at once by stop() instead of at its next 0.1 s tick."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None

    async def main_loop(self) -> None:
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 1) % 864_000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.1)
            should_exit = await self.on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # uvicorn's own shutdown sleeps a fixed 0.1 s and then polls every 0.1 s; tests start
        # and stop a server per test, so poll finely instead. Same steps otherwise.
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        state = self.server_state
        for connection in list(state.connections):
            connection.shutdown()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(self.config.timeout_graceful_shutdown or 0)
        while (state.connections or state.tasks) and loop.time() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        for task in list(state.tasks):
            task.cancel()
        for server in self.servers:
            await server.wait_closed()

    def request_exit(self) -> None:
        self.should_exit = True
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):  # loop already closed
                loop.call_soon_threadsafe(wake.set)


class LocalServer:
    def __init__(
        self,
        *,
        api_key: str = "test-key",
        data_dir: str | Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        image_cap: int = contract.IMAGE_CAP,
        av_cap: int = contract.AV_CAP,
        upload_ttl: int = contract.UPLOAD_TTL,
        public_ttl: int = contract.PUBLIC_TTL,
        direct_limit: int = contract.DIRECT_LIMIT,
        body_timeout: float = 20.0,
    ) -> None:
        self._tempdir: tempfile.TemporaryDirectory[str] | None = None
        if data_dir is None:
            self._tempdir = tempfile.TemporaryDirectory(prefix="localserver-")
            data_dir = self._tempdir.name
        self.host = host
        self.port = port
        self.data_dir = Path(data_dir)
        self.state = ServerState(
            storage=Storage(self.data_dir),
            api_keys={api_key} if api_key else set(),
            image_cap=image_cap,
            av_cap=av_cap,
            upload_ttl=upload_ttl,
            public_ttl=public_ttl,
            direct_limit=direct_limit,
            body_timeout=body_timeout,
        )
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    # -- what tests read and set -------------------------------------------------------------
    @property
    def base_url(self) -> str:
        if not self.state.host_port:
            raise RuntimeError("LocalServer is not started")
        return self.state.base_url

    @property
    def clock(self) -> Clock:
        return self.state.clock

    @property
    def faults(self) -> Faults:
        return self.state.faults

    @property
    def puts(self) -> list[PutRecord]:
        return self.state.puts

    @property
    def api_requests(self) -> list[ApiRecord]:
        return self.state.api_requests

    @property
    def storage_secret(self) -> str:
        """This run's storage signing secret (for boto3 in the tests); never a constant."""
        return self.state.signer.secret_key

    @property
    def api_keys(self) -> set[str]:
        return self.state.api_keys

    @property
    def disabled_keys(self) -> set[str]:
        return self.state.disabled_keys

    def disable_key(self, key: str) -> None:
        self.state.disabled_keys.add(key)

    def enable_key(self, key: str) -> None:
        self.state.disabled_keys.discard(key)

    @property
    def storage_configured(self) -> bool:
        return self.state.storage_configured

    @storage_configured.setter
    def storage_configured(self, value: bool) -> None:
        self.state.storage_configured = value

    def _public_key(self, public_url: str) -> str | None:
        path = urlsplit(public_url).path
        return unquote(path.removeprefix("/public/")) if path.startswith("/public/") else None

    def read_object(self, public_url: str) -> bytes | None:
        key = self._public_key(public_url)
        return None if key is None else self.state.storage.read(key)

    def object_content_type(self, public_url: str) -> str | None:
        key = self._public_key(public_url)
        meta = None if key is None else self.state.storage.lookup(key)
        return None if meta is None else meta.content_type

    # -- running -------------------------------------------------------------------------------
    def _bind(self) -> socket.socket:
        # Bound before the app exists: the port is signed into every upload URL.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.listen(128)
        self.port = sock.getsockname()[1]
        url_host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host  # noqa: S104
        self.state.host_port = f"{url_host}:{self.port}"
        return sock

    def _make_server(self) -> _Server:
        config = uvicorn.Config(
            build_app(self.state),
            log_level="warning",
            # uvicorn's own logging setup writes to sys.stdout, which a windowed Windows exe does
            # not have: log through the app's handlers instead.
            log_config=None,
            lifespan="off",
            access_log=False,
            http=GuardedH11Protocol,  # h11 with a header deadline and a cap on connections
            # How many connections asyncio accepts in one go before any is looked at (uvicorn's
            # 2,048 let a flood take every descriptor before the cap above could act).
            backlog=64,
            ws="none",
            # A stalled handler must not hold stop() hostage.
            timeout_graceful_shutdown=1,
        )
        return _Server(config)

    def start(self, timeout: float = 10.0) -> Self:
        if self._thread is not None:
            raise RuntimeError("LocalServer already started")
        sock = self._bind()
        server = self._server = self._make_server()

        def run() -> None:
            try:
                asyncio.run(server.serve(sockets=[sock]))
            except BaseException as exc:  # reported by start()
                self._error = exc
            finally:
                sock.close()

        self._thread = threading.Thread(target=run, name="localserver", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if self._error is not None or not self._thread.is_alive():
                raise RuntimeError("LocalServer failed to start") from self._error
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("LocalServer did not start in time")
            time.sleep(0.005)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        if self._server is not None:
            self._server.request_exit()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None
        self._server = None
        if self._tempdir is not None:
            with contextlib.suppress(OSError):
                self._tempdir.cleanup()
            self._tempdir = None

    def serve_forever(self, on_ready: object = None) -> None:
        """Serve in this thread until SIGINT/SIGTERM (uvicorn handles them in the main thread)."""
        sock = self._bind()
        if callable(on_ready):
            on_ready(self)
        try:
            asyncio.run(self._make_server().serve(sockets=[sock]))
        finally:
            sock.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
