#!/usr/bin/env python3
"""Stand-in for the Base44 SSO API, shared by every b44sso test suite.

Serves the three routes the library calls (SSO access token, SSO ID token,
entities/User/me) on a loopback address, misbehaves on demand through
"scenario" user ids ("!status=503&times=1"), and exposes /__admin/* routes so
tests can look at what arrived.  Python 3.11 standard library only.
See README.md next to this file for the full grammar.
"""

from __future__ import annotations

import argparse
import base64
import collections
import email.utils
import http
import ipaddress
import json
import os
import re
import signal
import socket
import socketserver
import ssl
import struct
import sys
import threading
import time
import traceback
import urllib.parse
import warnings
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

DEFAULT_APP_ID = "app-test"
DEFAULT_SERVICE_TOKEN = "svc-test-token-7f3a9c"
USER_TOKEN_PREFIX = "ut-"
IDLE_TIMEOUT_S = 120          # keep-alive idle limit, also the send timeout
HANG_LIMIT_S = 120            # hang=1 holds the connection at most this long
HANDSHAKE_TIMEOUT_S = 10      # a TLS client that never finishes the handshake
MAX_DISCARDED_BODY = 1 << 20  # request bodies are read and dropped up to this
REQUEST_LOG_SIZE = 1000
CHUNK_SIZE = 16 * 1024
MAX_SIZE = 64 << 20           # size= cap, the body is built in memory
MAX_DATE_OFFSET_S = 10 * 365 * 86400
FOREVER = 1 << 62
USER_DATE = "2026-01-01T00:00:00.000Z"

JSON = "application/json"


class BadScenario(ValueError):
    """A scenario id with an unusable value; answered with 400."""


# --------------------------------------------------------------------------
# Answers


@dataclass
class Reply:
    """One HTTP answer; `delivery` says how the bytes go out."""
    status: int
    body: bytes = b""
    content_type: str | None = JSON
    headers: list[tuple[str, str]] = field(default_factory=list)
    delivery: str = "plain"   # plain | chunked | truncated | mid | dribble
    dribble_ms: int = 0


def json_bytes(value) -> bytes:
    # json.dumps escapes quotes, control and non-ASCII characters in ids.
    return json.dumps(value).encode("ascii")


def upper_case_escapes(path: str) -> str:
    """The path with its %xx escapes in upper case: RFC 3986 counts %2f and %2F as the same,
    and libcurl versions differ in which they send, so the log shows one form."""
    return re.sub(r"%[0-9a-fA-F]{2}", lambda m: m.group(0).upper(), path)


def json_reply(status: int, value, headers=None) -> Reply:
    return Reply(status, json_bytes(value), JSON, list(headers or []))


def error_reply(status: int, detail: str, code: str | None = None) -> Reply:
    body = {"detail": detail}
    if code:
        body["code"] = code
    return json_reply(status, body)


def unauthorized() -> Reply:
    return error_reply(401, "Unauthorized")


def not_found() -> Reply:
    return error_reply(404, "Not found", "NOT_FOUND")


# --------------------------------------------------------------------------
# Shared state (counters, request log)


class State:
    """Everything the admin routes report; one lock guards it all."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._clear()

    def _clear(self) -> None:
        self.connections = 0
        self.requests = 0
        self.redirect_hits = 0
        self.jwt_counter = 0
        self.scenario_counts: dict[str, int] = {}
        self.log: collections.deque = collections.deque(maxlen=REQUEST_LOG_SIZE)
        # Connections opened before a reset must not change counts after it.
        self.epoch = getattr(self, "epoch", 0) + 1

    def reset(self) -> None:
        with self.lock:
            self._clear()

    def count_connection(self) -> int:
        """Counts one accepted connection; returns the epoch it belongs to."""
        with self.lock:
            self.connections += 1
            return self.epoch

    def uncount_connection(self, epoch: int) -> None:
        # A connection that only talks to /__admin/ is the test looking, not
        # the client under test: leave it out of "connections".
        with self.lock:
            if epoch == self.epoch and self.connections > 0:
                self.connections -= 1

    def record(self, method: str, path: str, headers: dict) -> None:
        with self.lock:
            self.requests += 1
            self.log.append({"method": method, "path": path, "headers": headers})

    def hit_redirect_target(self) -> None:
        with self.lock:
            self.redirect_hits += 1

    def next_scenario_use(self, ident: str) -> int:
        """1 for the first request carrying this exact id, then 2, 3, ..."""
        with self.lock:
            n = self.scenario_counts.get(ident, 0) + 1
            self.scenario_counts[ident] = n
            return n

    def next_jwt_number(self) -> int:
        with self.lock:
            self.jwt_counter += 1
            return self.jwt_counter

    def stats(self) -> dict:
        with self.lock:
            return {"connections": self.connections, "requests": self.requests,
                    "redirect_target_hits": self.redirect_hits}

    def requests_log(self) -> list:
        with self.lock:
            return list(self.log)


@dataclass
class Config:
    app_id: str
    service_token: str
    redirect_base: str   # scheme://host:port used in redirect=1 answers


# --------------------------------------------------------------------------
# Routes and request checks


@dataclass
class Route:
    """A matched normal route: what it is and whose token it is about."""
    kind: str        # accesstoken | idtoken | me
    ident: str = ""  # decoded {uid} for SSO routes, the token's uid for me


# Per route: the JSON key that carries the token and the token prefix.
TOKEN_KEY = {"accesstoken": "access_token", "idtoken": "id_token", "me": "id"}
TOKEN_PREFIX = {"accesstoken": "at-", "idtoken": "idt-", "me": ""}
DEFAULT_SHAPE = {"accesstoken": "object", "idtoken": "bare", "me": "object"}


def split_path(path: str) -> list[str]:
    """Raw path (no query) -> raw segments, without the leading empty one."""
    return path.split("/")[1:] if path.startswith("/") else []


def app_segment(segments: list[str]) -> str | None:
    if len(segments) >= 3 and segments[0] == "api" and segments[1] == "apps":
        return urllib.parse.unquote(segments[2], errors="replace")
    return None


def match_route(segments: list[str]) -> Route | None:
    """Matches /api/apps/{app}/...; a raw '/' inside {uid} means no match."""
    if app_segment(segments) is None:
        return None
    rest = segments[3:]
    if len(rest) == 4 and rest[:2] == ["auth", "sso"] and rest[2] in ("accesstoken", "idtoken"):
        uid = urllib.parse.unquote(rest[3], errors="replace")
        return Route(rest[2], uid) if uid else None
    if rest == ["entities", "User", "me"]:
        return Route("me")
    return None


def check_app_and_headers(cfg: Config, segments: list[str], headers) -> Reply | None:
    """Steps 1 and 2 of the spec: app id, then Accept and User-Agent."""
    app_header = headers.get("X-App-Id")
    path_app = app_segment(segments)
    if app_header != cfg.app_id or (path_app is not None and path_app != cfg.app_id):
        return error_reply(400, "X-App-Id must match the app id of the path and server", "BAD_APP")
    if (headers.get("Accept") or "").strip() != JSON:
        return error_reply(400, "Accept must be application/json")
    if not (headers.get("User-Agent") or "").startswith("b44sso/"):
        return error_reply(400, "User-Agent must start with b44sso/")
    return None


def user_of_bearer(value: str | None) -> str | None:
    """'Bearer ut-<uid>' -> '<uid>' (non-empty), anything else -> None."""
    prefix = "Bearer " + USER_TOKEN_PREFIX
    if value and value.startswith(prefix) and len(value) > len(prefix):
        return value[len(prefix):]
    return None


def check_auth(cfg: Config, route: Route, headers) -> Reply | None:
    """Step 3; for `me` it also fills in route.ident from the user token."""
    if route.kind == "me":
        uid = user_of_bearer(headers.get("Authorization"))
        if uid is None:
            return unauthorized()
        route.ident = uid
        return None
    if headers.get("Authorization") != "Bearer " + cfg.service_token:
        return unauthorized()
    obo = headers.get("on-behalf-of")
    if obo is None:
        return None
    obo_uid = user_of_bearer(obo)
    if obo_uid is None:
        return unauthorized()
    if not is_scenario(route.ident) and obo_uid != route.ident:
        return error_reply(403, "SSO tokens can only be fetched for the requesting user", "FORBIDDEN")
    return None


# --------------------------------------------------------------------------
# Normal answers


def user_object(cfg: Config, uid: str) -> dict:
    return {"id": uid, "email": uid + "@example.com", "full_name": None, "role": "user",
            "disabled": False, "is_verified": True, "is_service": False,
            "app_id": cfg.app_id, "created_date": USER_DATE, "updated_date": USER_DATE,
            "department": "engineering"}


def normal_reply(cfg: Config, route: Route) -> Reply:
    if route.kind == "me":
        return json_reply(200, user_object(cfg, route.ident))
    token = TOKEN_PREFIX[route.kind] + route.ident
    if route.kind == "idtoken":
        return json_reply(200, token)
    return json_reply(200, {"access_token": token})


# --------------------------------------------------------------------------
# Scenarios


SCENARIO_INT_KEYS = ("status", "times", "delay_ms", "dribble_ms", "size", "jwt_exp",
                     "retry_after_date", "hang", "chunked", "redirect")
ERROR_BODIES = ("detail", "detail_code", "message", "error", "empty", "text", "connector", "echo")
SHAPES = ("object", "bare", "empty_object", "null", "number", "empty_token",
          "invalid_json", "truncated", "html", "wrong_type", "unicode")
DROPS = ("before", "reset", "mid")


def is_scenario(ident: str) -> bool:
    return ident.startswith("!")


def parse_scenario(ident: str) -> dict:
    """'!k=v&k=v' -> {k: v}; known keys are validated, unknown ones ignored
    (so tests may add e.g. tag=<unique> to get a fresh times= counter)."""
    try:
        pairs = dict(urllib.parse.parse_qsl(ident[1:], keep_blank_values=True))
    except ValueError as exc:
        raise BadScenario(str(exc)) from None
    for key in SCENARIO_INT_KEYS:
        if key in pairs:
            try:
                pairs[key] = int(pairs[key])
            except ValueError:
                raise BadScenario(f"{key} must be an integer") from None
    if "status" in pairs and not 200 <= pairs["status"] <= 599:
        raise BadScenario("status must be 200..599")
    for key, allowed in (("body", ERROR_BODIES), ("shape", SHAPES), ("drop", DROPS)):
        if key in pairs and pairs[key] not in allowed:
            raise BadScenario(f"{key} must be one of {', '.join(allowed)}")
    if "retry_after" in pairs and not pairs["retry_after"].isprintable():
        raise BadScenario("retry_after must be printable")   # no header injection
    if pairs.get("size", 0) > MAX_SIZE:
        raise BadScenario(f"size must be at most {MAX_SIZE}")
    if abs(pairs.get("retry_after_date", 0)) > MAX_DATE_OFFSET_S:
        raise BadScenario("retry_after_date is too far away")
    return pairs


def retry_after_headers(sc: dict) -> list[tuple[str, str]]:
    if "retry_after" in sc:
        return [("Retry-After", sc["retry_after"])]
    if "retry_after_date" in sc:
        when = time.time() + sc["retry_after_date"]
        return [("Retry-After", email.utils.formatdate(when, usegmt=True))]
    return []


def scenario_error_reply(status: int, kind: str, headers) -> Reply:
    """status=N with body=<kind>."""
    if kind == "detail_code":
        return json_reply(status, {"detail": "scenario detail", "code": "SCENARIO_CODE"})
    if kind == "message":
        return json_reply(status, {"message": "scenario message", "code": "MSG_CODE"})
    if kind == "error":
        return json_reply(status, {"error": {"message": "nested message", "code": "NESTED_CODE"},
                                   "message": "outer", "detail": "outer detail"})
    if kind == "empty":
        return Reply(status, b"", None)
    if kind == "text":
        return Reply(status, b"upstream exploded", "text/plain; charset=utf-8")
    if kind == "connector":
        return json_reply(status, {"detail": "connector failed"},
                          [("X-Base44-Connector-Error", "CONNECTOR_X")])
    if kind == "echo":
        echoed = f"echo: {headers.get('Authorization') or ''} {headers.get('on-behalf-of') or ''}"
        return json_reply(status, {"detail": echoed})
    return json_reply(status, {"detail": "scenario detail"})


def unsigned_jwt(subject: str, exp_in_s: int, number: int) -> str:
    def b64(value) -> str:
        raw = json.dumps(value, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
    payload = {"sub": subject, "exp": int(time.time()) + exp_in_s, "n": number}
    return b64({"alg": "none", "typ": "JWT"}) + "." + b64(payload) + ".sig"


def success_body(cfg: Config, route: Route, sc: dict, token: str) -> tuple[bytes, str]:
    """The 200 body for shape= / size= ; returns (body, content type)."""
    key = TOKEN_KEY[route.kind]
    if "size" in sc:
        filler = max(0, sc["size"] - len(json_bytes({key: ""})))
        return json_bytes({key: "x" * filler}), JSON
    shape = sc.get("shape", DEFAULT_SHAPE[route.kind])
    if shape == "html":
        return b"<html>oops</html>", "text/html; charset=utf-8"
    if shape == "invalid_json":
        return f'{{"{key}": '.encode(), JSON
    value = {"bare": token, "empty_object": {}, "null": None, "number": 42,
             "empty_token": {key: ""}, "wrong_type": {key: 42}}.get(shape)
    if shape in ("object", "truncated", "unicode"):
        if shape == "unicode":
            token = TOKEN_PREFIX[route.kind] + "\u00e9\u4e2d"
        value = user_object(cfg, token) if route.kind == "me" else {key: token}
    return json_bytes(value), JSON


def scenario_success(cfg: Config, state: State, route: Route, sc: dict) -> Reply:
    """The 200 answer of a misbehaving scenario (shape, size, jwt, delivery)."""
    token = TOKEN_PREFIX[route.kind] + route.ident
    if "jwt_exp" in sc:
        token = unsigned_jwt(route.ident, sc["jwt_exp"], state.next_jwt_number())
    body, ctype = success_body(cfg, route, sc, token)
    reply = Reply(200, body, ctype)
    if sc.get("shape") == "truncated":
        reply.delivery = "truncated"
    elif sc.get("chunked"):
        reply.delivery = "chunked"
    return reply


def scenario_reply(cfg: Config, state: State, route: Route, headers) -> tuple[Reply | str, int]:
    """(answer, delay in ms) for a scenario id; once times= is used up the
    normal answer without delay."""
    sc = parse_scenario(route.ident)
    if state.next_scenario_use(route.ident) > sc.get("times", FOREVER):
        return normal_reply(cfg, route), 0
    return misbehaviour(cfg, state, route, sc, headers), max(0, sc.get("delay_ms", 0))


def misbehaviour(cfg: Config, state: State, route: Route, sc: dict, headers) -> Reply | str:
    """A scenario's answer; a str is an action: 'hang', 'before', 'reset'."""
    if sc.get("hang"):
        return "hang"
    if sc.get("drop") in ("before", "reset"):
        return sc["drop"]
    if sc.get("redirect"):
        location = cfg.redirect_base + "/__redirect_target"
        reply = json_reply(302, {"detail": "redirected"}, [("Location", location)])
    elif "status" in sc:
        reply = scenario_error_reply(sc["status"], sc.get("body", "detail"), headers)
    else:
        reply = scenario_success(cfg, state, route, sc)
    reply.headers += retry_after_headers(sc)
    if sc.get("drop") == "mid":
        reply.delivery = "mid"
    elif sc.get("dribble_ms", 0) > 0:
        reply.delivery, reply.dribble_ms = "dribble", sc["dribble_ms"]
    return reply


# --------------------------------------------------------------------------
# HTTP plumbing


def lowercase_headers(headers) -> dict:
    """Header name -> value with lower-case names; repeats joined by ', '."""
    out: dict[str, str] = {}
    for name, value in headers.items():
        name = name.lower()
        out[name] = out[name] + ", " + value if name in out else value
    return out


def reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Status"


@dataclass
class Conn:
    """Per-connection bookkeeping for the connections counter."""
    epoch: int
    counted: bool = True
    seen_request: bool = False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive unless the client says close
    server_version = "base44-standin"
    sys_version = ""
    timeout = IDLE_TIMEOUT_S

    def __init__(self, request, client_address, server, conn: Conn):
        self.conn = conn
        super().__init__(request, client_address, server)

    def log_message(self, format, *args):  # noqa: A002 - base class name
        pass  # quiet by default: nothing per request on stdout or stderr

    def send_error(self, code, message=None, explain=None):
        # http.server's own errors (malformed request, 431, 501...): answer
        # JSON like every other route, then close: the stream may be garbage.
        self.close_connection = True
        self.send_reply(error_reply(code, message or reason(code)))

    # Every method goes through one dispatcher: checks do not depend on it.
    def do_GET(self):
        self.dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    # ---- request handling

    def dispatch(self) -> None:
        self.discard_request_body()
        path = self.path.split("?", 1)[0]
        first_request = not self.conn.seen_request
        self.conn.seen_request = True
        if path.startswith("/__admin/"):
            if first_request:
                self.conn.counted = False
                self.server.state.uncount_connection(self.conn.epoch)
            self.send_reply(self.admin_reply(path))
            return
        if not self.conn.counted:
            self.conn.counted = True
            self.conn.epoch = self.server.state.count_connection()
        self.server.state.record(self.command, upper_case_escapes(self.path), lowercase_headers(self.headers))
        try:
            answer = self.answer(path)
        except BadScenario as exc:
            answer = error_reply(400, f"bad scenario: {exc}", "BAD_SCENARIO")
        if answer == "hang":
            self.hang()
        elif answer in ("before", "reset"):
            self.drop(reset=answer == "reset")
        else:
            self.send_reply(answer)

    def answer(self, path: str) -> Reply | str:
        """Normal-route answer in the spec's check order."""
        state, cfg = self.server.state, self.server.config
        if path == "/__redirect_target":
            state.hit_redirect_target()
            return json_reply(200, {"access_token": "at-redirect-target"})
        segments = split_path(path)
        failure = check_app_and_headers(cfg, segments, self.headers)
        if failure:
            return failure
        route = match_route(segments) if self.command == "GET" else None
        if route is None:
            return not_found()
        failure = check_auth(cfg, route, self.headers)
        if failure:
            return failure
        if not is_scenario(route.ident):
            return normal_reply(cfg, route)
        reply, delay_ms = scenario_reply(cfg, state, route, self.headers)
        self.sleep_ms(delay_ms)
        return reply

    def admin_reply(self, path: str) -> Reply:
        state = self.server.state
        if path == "/__admin/stats" and self.command == "GET":
            return json_reply(200, state.stats())
        if path == "/__admin/requests" and self.command == "GET":
            return json_reply(200, state.requests_log())
        if path == "/__admin/reset" and self.command == "POST":
            state.reset()
            return json_reply(200, {})
        return not_found()

    def discard_request_body(self) -> None:
        """Reads a request body so the next keep-alive request starts clean."""
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True   # not worth decoding: just stop after
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_DISCARDED_BODY:
            self.close_connection = True
            return
        while length > 0:
            chunk = self.rfile.read(min(length, 65536))
            if not chunk:
                self.close_connection = True
                return
            length -= len(chunk)

    # ---- sending

    def head_bytes(self, reply: Reply, length: int | None) -> bytes:
        lines = [f"HTTP/1.1 {reply.status} {reason(reply.status)}",
                 "Date: " + email.utils.formatdate(usegmt=True),
                 "Server: " + self.server_version]
        if reply.content_type:
            lines.append("Content-Type: " + reply.content_type)
        if reply.delivery == "chunked":
            lines.append("Transfer-Encoding: chunked")
        elif length is not None:
            lines.append(f"Content-Length: {length}")
        lines += [f"{name}: {value}" for name, value in reply.headers]
        if self.close_connection:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")

    def send_reply(self, reply: Reply) -> None:
        body = reply.body
        if reply.status in (204, 304):
            body, length = b"", None    # these never carry a body
        else:
            length = len(body)
        if reply.delivery == "truncated":
            self.close_connection = True
            length = len(body) + 50
        elif reply.delivery == "mid":
            self.close_connection = True
            length, body = 100, (body + b" " * 10)[:10]
        if self.command == "HEAD":
            body = b""
        head = self.head_bytes(reply, length)
        if reply.delivery == "chunked" and body:
            body = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + CHUNK_SIZE]), body[i:i + CHUNK_SIZE])
                            for i in range(0, len(body), CHUNK_SIZE)) + b"0\r\n\r\n"
        elif reply.delivery == "chunked":
            body = b"0\r\n\r\n"
        if reply.delivery == "dribble":
            self.dribble(head + body, reply.dribble_ms)
        else:
            self.wfile.write(head + body)

    def dribble(self, data: bytes, every_ms: int) -> None:
        for i in range(len(data)):
            self.wfile.write(data[i:i + 1])
            if i + 1 < len(data):
                self.sleep_ms(every_ms)

    def sleep_ms(self, ms: int) -> None:
        if ms > 0:
            self.server.state.stopping.wait(ms / 1000)

    # ---- misbehaving without an answer

    def hang(self) -> None:
        """Never answers; returns when the client closes or after HANG_LIMIT_S."""
        self.close_connection = True
        deadline = time.monotonic() + HANG_LIMIT_S
        sock = self.connection
        while not self.server.state.stopping.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            sock.settimeout(min(1.0, remaining))
            try:
                if not sock.recv(4096):
                    return
            except TimeoutError:
                continue
            except (OSError, ssl.SSLError):
                return

    def drop(self, reset: bool) -> None:
        """Closes without answering; with reset, SO_LINGER 0 makes it an RST."""
        self.close_connection = True
        if not reset:
            return  # the normal close after the handler sends a FIN
        sock = self.connection
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.rfile.close()   # the makefile() reference would delay the close
            sock.close()         # close now: a later shutdown() would send a FIN
        except OSError:
            pass


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True        # hung connections must not keep us alive
    block_on_close = False       # and must not be waited for on shutdown
    allow_reuse_address = True
    request_queue_size = 256     # many test threads connect at once

    def __init__(self, address, family, config: Config, tls: ssl.SSLContext | None):
        self.address_family = family
        self.config = config
        self.tls = tls
        self.state = State()
        super().__init__(address, Handler, bind_and_activate=False)

    def server_bind(self):
        if self.address_family == socket.AF_INET6:
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        super().server_bind()

    def finish_request(self, request, client_address):
        # Runs in the connection's own thread, so a slow TLS handshake only
        # blocks this connection, never the accept loop.
        conn = Conn(self.state.count_connection())
        if self.tls is None:
            Handler(request, client_address, self, conn)
            return
        try:
            request.settimeout(HANDSHAKE_TIMEOUT_S)
            tls_sock = self.tls.wrap_socket(request, server_side=True)
        except (OSError, ssl.SSLError, ValueError):
            return   # failed handshake: the connection still counted
        try:
            Handler(tls_sock, client_address, self, conn)
        finally:
            tls_sock.close()

    def handle_error(self, request, client_address):
        # Clients vanishing mid-answer is normal here; real bugs go to stderr.
        exc = sys.exc_info()[1]
        if not isinstance(exc, (OSError, ssl.SSLError, ValueError)):
            traceback.print_exc(file=sys.stderr)


# --------------------------------------------------------------------------
# Start-up


def loopback_family(host: str) -> int:
    """AF_INET / AF_INET6 for a loopback literal; refuses anything else."""
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        raise SystemExit(f"base44_standin: --host must be a loopback IP address, not {host!r}")
    if not addr.is_loopback:
        raise SystemExit(f"base44_standin: refusing to bind non-loopback address {host}")
    return socket.AF_INET6 if addr.version == 6 else socket.AF_INET


TLS_VERSIONS = {"1.0": ssl.TLSVersion.TLSv1, "1.1": ssl.TLSVersion.TLSv1_1,
                "1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}


def tls_context(cert: str, key: str, max_version: str | None) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    with warnings.catch_warnings():
        # Old TLS versions are deprecated: that is the point, stay quiet.
        warnings.simplefilter("ignore", DeprecationWarning)
        # Accept old versions too (best effort) so tests can check that the
        # client is the one refusing TLS < 1.2.
        try:
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        except (ValueError, ssl.SSLError):
            pass
        if max_version:
            ctx.maximum_version = TLS_VERSIONS[max_version]
    return ctx


def parse_args(argv):
    p = argparse.ArgumentParser(description="Stand-in Base44 SSO API for b44sso tests.")
    p.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--app-id", default=DEFAULT_APP_ID)
    p.add_argument("--service-token", default=DEFAULT_SERVICE_TOKEN)
    p.add_argument("--tls-cert", help="PEM certificate (serve HTTPS)")
    p.add_argument("--tls-key", help="PEM private key")
    p.add_argument("--tls-max-version", choices=sorted(TLS_VERSIONS))
    p.add_argument("--exit-on-stdin-eof", action="store_true",
                   help="also stop when stdin closes")
    args = p.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if args.tls_max_version and not args.tls_cert:
        p.error("--tls-max-version needs --tls-cert/--tls-key")
    if not 0 <= args.port <= 65535:
        p.error("--port must be 0..65535")
    return args


def watch_stdin(stop: threading.Event) -> None:
    """Sets `stop` when stdin reaches EOF (the test process went away)."""
    try:
        while os.read(0, 4096):
            pass
    except OSError:
        pass
    stop.set()


def main(argv=None) -> int:
    args = parse_args(argv)
    family = loopback_family(args.host)
    tls = None
    if args.tls_cert:
        try:
            tls = tls_context(args.tls_cert, args.tls_key, args.tls_max_version)
        except (OSError, ValueError) as exc:
            print(f"base44_standin: cannot use the TLS certificate/key: {exc}", file=sys.stderr)
            return 2
    config = Config(args.app_id, args.service_token, "")
    try:
        server = Server((args.host, args.port), family, config, tls)
        server.server_bind()
        server.server_activate()
    except OSError as exc:
        print(f"base44_standin: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    port = server.socket.getsockname()[1]
    host = f"[{args.host}]" if family == socket.AF_INET6 else args.host
    config.redirect_base = f"{'https' if tls else 'http'}://{host}:{port}"

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    if args.exit_on_stdin_eof:
        threading.Thread(target=watch_stdin, args=(stop,), daemon=True).start()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                     daemon=True).start()

    try:
        print(f"READY {port}", flush=True)
    except OSError:
        pass  # nobody reads stdout; keep serving until told to stop
    while not stop.wait(0.5):
        pass
    server.state.stopping.set()
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
