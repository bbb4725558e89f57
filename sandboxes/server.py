"""A small threaded HTTP server for the sandboxes, with routing, call counting and fault injection.

Each sandbox subclasses `SandboxApp`, registers routes and returns `Response` objects. Every sandbox
also answers these control paths (not part of any contract; used by tests and the demo):
- ``POST /_sandbox/faults`` with a JSON plan or a list of them (see faults.py; ``"after": true`` applies
  the call before misbehaving), ``GET /_sandbox/faults`` (plans still pending), ``DELETE /_sandbox/faults``;
- ``GET /_sandbox/calls`` (calls counted per "METHOD path"), ``DELETE /_sandbox/calls``;
- whatever a subclass answers in `control` (test hooks of that sandbox).
"""

import json
import re
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .faults import FaultInjector, FaultPlanError, fault_as_json

CONTROL_PREFIX = "/_sandbox/"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-cased names
    body: bytes
    path_params: dict[str, str] = field(default_factory=dict)

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    def json(self):
        """The body as JSON; raises ValueError on anything else."""
        return json.loads(self.body.decode("utf-8") or "null")

    def form(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(self.body.decode("utf-8"), keep_blank_values=True).items()}


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, data, status: int = 200, headers: dict[str, str] | None = None) -> "Response":
        return cls(
            status,
            json.dumps(data, default=str).encode("utf-8"),
            {"Content-Type": "application/json; charset=utf-8", **(headers or {})},
        )

    @classmethod
    def html(cls, text: str, status: int = 200) -> "Response":
        return cls(status, text.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"})


Handler = Callable[[Request], Response]


class SandboxApp:
    """Routes, a fault injector and call counts. Subclasses call `route` in `__init__`."""

    name = "sandbox"

    def __init__(self, *, fault_seed: int = 0):
        self.faults = FaultInjector(seed=fault_seed)
        self._routes: list[tuple[str, re.Pattern, Handler]] = []
        self._calls: Counter[str] = Counter()
        self._calls_lock = threading.Lock()
        # Moves on at every reset of the calls (a test's start): a call still held by a "slow" fault
        # from before is then dropped, not applied to the state the next test starts from.
        self.generation = 0

    def route(self, method: str, pattern: str, handler: Handler) -> None:
        """Register `handler` for `method` and a path pattern with `{name}` placeholders."""
        regex = "^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + "$"
        self._routes.append((method.upper(), re.compile(regex), handler))

    def count(self, request: Request) -> None:
        with self._calls_lock:
            self._calls[f"{request.method} {request.path}"] += 1

    def calls(self) -> dict[str, int]:
        with self._calls_lock:
            return dict(self._calls)

    def total_calls(self, prefix: str = "") -> int:
        """Calls counted whose "METHOD path" contains `prefix` (all calls when empty)."""
        with self._calls_lock:
            return sum(n for key, n in self._calls.items() if prefix in key)

    def reset_calls(self) -> None:
        self.generation += 1
        with self._calls_lock:
            self._calls.clear()

    def not_found(self, request: Request) -> Response:
        return Response.json({"message": "Not found"}, status=404)

    def method_not_allowed(self, request: Request) -> Response:
        return Response.json({"message": "Method not allowed"}, status=405)

    def control(self, what: str, request: Request) -> Response | None:
        """Answer a sandbox-specific control path under /_sandbox/ (None: unknown); subclasses extend."""
        return None

    def dispatch(self, request: Request) -> Response:
        if request.path.startswith(CONTROL_PREFIX):
            return self._control(request)
        path_matched = False
        for method, regex, handler in self._routes:
            match = regex.match(request.path)
            if not match:
                continue
            path_matched = True
            if method == request.method:
                request.path_params = match.groupdict()
                return handler(request)
        if path_matched:
            return self.method_not_allowed(request)
        return self.not_found(request)

    def _control(self, request: Request) -> Response:
        what = request.path[len(CONTROL_PREFIX) :].strip("/")
        if what == "faults" and request.method == "POST":
            try:
                self.faults.add_from_json(request.json())
            except (ValueError, FaultPlanError) as exc:
                return Response.json({"error": str(exc)}, status=400)
            return Response.json({"pending": len(self.faults.pending())}, status=201)
        if what == "faults" and request.method == "GET":
            return Response.json(
                {
                    "pending": [fault_as_json(fault) for fault in self.faults.pending()],
                    "injected": self.faults.injected,
                }
            )
        if what == "faults" and request.method == "DELETE":
            self.faults.clear()
            return Response(204)
        if what == "calls" and request.method == "GET":
            return Response.json({"calls": self.calls(), "total": self.total_calls()})
        if what == "calls" and request.method == "DELETE":
            self.reset_calls()
            return Response(204)
        return self.control(what, request) or Response.json({"error": "unknown control path"}, status=404)


# A body cut off mid-way, as a proxy that drops a connection would leave it.
MALFORMED_BODY = b'{"data": {"works": [{"id": 1, "title": "Trunc'


class _SandboxRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm the body waited for the client's
    # delayed ACK of the headers, about 40 ms on every keep-alive request (0.5 ms without it).
    disable_nagle_algorithm = True
    app: SandboxApp  # set on the subclass made by `serve`

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass

    def _handle(self) -> None:
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request(
            method=self.command,
            path=split.path,
            query={k: v[-1] for k, v in parse_qs(split.query, keep_blank_values=True).items()},
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
        )
        fault = None
        generation = self.app.generation
        if not request.path.startswith(CONTROL_PREFIX):
            self.app.count(request)
            fault = self.app.faults.pick(request.path)
        # A fault planned `after` lets the call take effect first: the client then cannot tell
        # whether its write landed.
        handled = self._dispatch(request) if fault is not None and fault.after else None
        if fault is not None and fault.kind == "drop":
            self._drop()
            return
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay)
            if self.app.generation != generation and handled is None:
                self._drop()  # the sandbox started over while this call waited: it never happened
                return
        if fault is not None and fault.kind == "status":
            body_bytes = fault.body.encode("utf-8")
            content_type = "application/json" if body_bytes.startswith((b"{", b"[")) else "text/plain"
            response = Response(fault.status, body_bytes, {"Content-Type": content_type, **fault.headers})
        elif fault is not None and fault.kind == "malformed":
            response = Response(200, MALFORMED_BODY, {"Content-Type": "application/json"})
        else:
            response = handled or self._dispatch(request)
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _dispatch(self, request: Request) -> Response:
        try:
            return self.app.dispatch(request)
        except Exception as exc:  # noqa: BLE001 - a sandbox bug answers 500 like a real server
            return Response.json({"message": f"Sandbox error: {exc}"}, status=500)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # A client that gave up (its timeout during a "slow" fault) is expected here, not a sandbox bug.
        if isinstance(sys.exc_info()[1], BrokenPipeError | ConnectionResetError):
            return
        super().handle_error(request, client_address)


@dataclass
class RunningSandbox:
    app: SandboxApp
    server: ThreadingHTTPServer
    thread: threading.Thread

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def make_server(app: SandboxApp, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    handler = type(f"{type(app).__name__}Handler", (_SandboxRequestHandler,), {"app": app})
    return _Server((host, port), handler)


def serve_in_thread(app: SandboxApp, host: str = "127.0.0.1", port: int = 0) -> RunningSandbox:
    """Start `app` on a (free, when port=0) port in a daemon thread; tests use this."""
    return start_serving(app, make_server(app, host, port))


def start_serving(app: SandboxApp, server: ThreadingHTTPServer) -> RunningSandbox:
    """Serve `app` on a server already bound by `make_server`, in a daemon thread."""
    thread = threading.Thread(target=server.serve_forever, name=f"{app.name}-sandbox", daemon=True)
    thread.start()
    return RunningSandbox(app, server, thread)
