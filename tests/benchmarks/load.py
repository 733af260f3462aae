"""A bounded load client for a running server: logged-in sessions, a fixed mix of requests,
concurrency levels, percentiles.

Bounded means a fixed number of requests per endpoint and level, not a duration: a busy machine
makes a run slower, never shorter or different. Each simulated user is a thread with its own
HTTP connection (keep-alive where the server offers it) and its own copy of a logged-in
session's cookies; the requests of a level are shuffled once (a fixed seed) and taken from one
shared queue, so every level sends the same mix. Standard library only (``http.client``), plus
``pyotp`` for the second login step.

The server is reached over plain HTTP on the loopback with ``X-Forwarded-Proto: https``, as a
TLS-terminating proxy would send it: the production settings trust that header
(``SECURE_PROXY_SSL_HEADER``), so there is no HTTPS redirect and the secure cookies are set.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pyotp

ANONYMOUS, CONSULTANT, ACCOUNT_HOLDER, TOKEN = "anonymous", "consultant", "account holder", "token"
LOGIN_PATH = "/accounts/login/"
# What a request on a connection the server has just closed fails with, before any answer.
STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
MFA_PATH = "/accounts/2fa/authenticate/"


@dataclass(frozen=True)
class Endpoint:
    """One kind of request of the mix; ``paths`` are cycled through (say, several referrals)."""

    name: str
    paths: tuple[str, ...]
    who: str


@dataclass
class Sample:
    endpoint: str
    ms: float
    status: int  # 0: no response (connection error)


@dataclass
class Level:
    users: int
    seconds: float
    samples: list[Sample] = field(default_factory=list)
    reconnects: int = 0  # requests sent again after the server closed an idle connection

    def statuses(self) -> dict[int, int]:
        counted: dict[int, int] = {}
        for sample in self.samples:
            counted[sample.status] = counted.get(sample.status, 0) + 1
        return dict(sorted(counted.items()))

    @property
    def rps(self) -> float:
        return len(self.samples) / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        """Server errors and requests that got no response at all."""
        return sum(1 for s in self.samples if s.status == 0 or s.status >= 500)

    @property
    def unexpected(self) -> int:
        """Answers other than 200 that are not errors (a lost session's redirect, a 404)."""
        return sum(1 for s in self.samples if s.status != 200 and 0 < s.status < 500)

    def of(self, endpoint: str) -> list[float]:
        return [s.ms for s in self.samples if s.endpoint == endpoint]


def percentile(values: Sequence[float], pct: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered), round(pct / 100 * len(ordered))) - 1)]


class Client:
    """One connection and one cookie jar, sending what a browser behind the proxy would."""

    def __init__(self, host: str, port: int, cookies: dict[str, str] | None = None) -> None:
        self.host, self.port = host, port
        self.cookies = dict(cookies or {})
        self.connection = http.client.HTTPConnection(host, port, timeout=300)
        self.used = False  # whether a request went over this connection already
        self.reconnects = 0

    def _send(
        self, method: str, path: str, body: str | None, headers: dict[str, str]
    ) -> tuple[http.client.HTTPResponse, bytes]:
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # the next request opens a new one
            self.used = False
            raise
        # A connection the server closes after this answer is new again for the next request.
        self.used = not response.will_close
        return response, content

    def request(
        self,
        method: str,
        path: str,
        *,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        sent = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Accept-Language": "nl",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            # CSRF on a secure request compares the Origin with the host.
            sent["Origin"] = f"https://{self.host}:{self.port}"
        reused = self.used
        try:
            response, content = self._send(method, path, body, sent)
        except STALE:
            # The server closed a kept-alive connection that sat idle (gunicorn's keepalive):
            # a browser sends the request again on a new one, and so does this client, once.
            if not reused:
                raise
            self.reconnects += 1
            response, content = self._send(method, path, body, sent)
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return response.status, dict(response.headers.items()), content

    def close(self) -> None:
        self.connection.close()


def login(host: str, port: int, *, email: str, password: str, totp_secret: str) -> dict[str, str]:
    """Password, then the TOTP code, as a person does; returns the session's cookies."""
    client = Client(host, port)
    try:
        status, _headers, page = client.request("GET", LOGIN_PATH)
        assert status == 200, f"login page: {status}"
        token = _csrf_token(page)
        status, headers, _page = client.request(
            "POST",
            LOGIN_PATH,
            form={"login": email, "password": password, "csrfmiddlewaretoken": token},
        )
        assert status == 302 and headers.get("Location") == MFA_PATH, f"password step: {status}"
        status, _headers, page = client.request("GET", MFA_PATH)
        status, headers, _page = client.request(
            "POST",
            MFA_PATH,
            form={"code": pyotp.TOTP(totp_secret).now(), "csrfmiddlewaretoken": _csrf_token(page)},
        )
        assert status == 302, f"TOTP step: {status}"
        # The session, not the one-off "logged in as" message every page would then consume.
        return {name: value for name, value in client.cookies.items() if name != "messages"}
    finally:
        client.close()


def _csrf_token(page: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1).decode()


def run_level(
    host: str,
    port: int,
    endpoints: Iterable[Endpoint],
    *,
    users: int,
    per_endpoint: int,
    sessions: dict[str, list[dict[str, str]]],
    api_token: str,
    seed: int = 18,
) -> Level:
    """``per_endpoint`` requests of every endpoint, shuffled, sent by ``users`` threads."""
    plan = [
        (endpoint, endpoint.paths[n % len(endpoint.paths)])
        for endpoint in endpoints
        for n in range(per_endpoint)
    ]
    random.Random(seed).shuffle(plan)
    jobs = iter(plan)
    take = threading.Lock()
    level = Level(users=users, seconds=0.0)
    record = threading.Lock()

    def user(n: int) -> None:
        clients = {
            who: Client(host, port, logged_in[n % len(logged_in)])
            for who, logged_in in sessions.items()
        }
        clients[ANONYMOUS] = clients[TOKEN] = Client(host, port)
        token = {"Authorization": f"Token {api_token}"}
        try:
            while True:
                with take:
                    job = next(jobs, None)
                if job is None:
                    return
                endpoint, path = job
                headers = token if endpoint.who == TOKEN else None
                started = time.perf_counter()
                try:
                    status, _h, _b = clients[endpoint.who].request("GET", path, headers=headers)
                except (OSError, http.client.HTTPException):
                    status = 0
                sample = Sample(endpoint.name, (time.perf_counter() - started) * 1000, status)
                with record:
                    level.samples.append(sample)
        finally:
            for client in {id(c): c for c in clients.values()}.values():
                client.close()
                with record:
                    level.reconnects += client.reconnects

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    level.seconds = time.perf_counter() - started
    return level


@dataclass(frozen=True)
class Target:
    """A figure from the issue's targets, checked against a run: printed PASS or MISS."""

    label: str
    users: int
    endpoint: str | None  # None: the whole level (rps)
    measure: str  # "p50", "p95", "rps", "ratio50" (p50 over the baseline's p50)
    limit: float
    at_least: bool = False

    def value(self, levels: dict[int, Level], baseline: str) -> float:
        level = levels[self.users]
        if self.measure == "rps":
            return level.rps
        values = level.of(self.endpoint or "")
        if self.measure == "ratio50":
            base = percentile(level.of(baseline), 50)
            return percentile(values, 50) / base if base else float("inf")
        return percentile(values, float(self.measure[1:]))

    def met(self, levels: dict[int, Level], baseline: str) -> bool:
        value = self.value(levels, baseline)
        return value >= self.limit if self.at_least else value <= self.limit


def table(levels: dict[int, Level], endpoints: Sequence[Endpoint], baseline: str) -> str:
    """Per level: every endpoint's count, p50/p95/p99 and p50 as a multiple of the baseline's."""
    lines = []
    width = max(len(e.name) for e in endpoints)
    for users, level in sorted(levels.items()):
        lines.append(
            f"{users} user(s): {len(level.samples)} requests in {level.seconds:.1f} s = "
            f"{level.rps:.1f} req/s, errors {level.errors}, other non-200 {level.unexpected} "
            f"(statuses {level.statuses()}; 0 = no answer), {level.reconnects} resent after "
            "an idle keep-alive connection was closed"
        )
        lines.append(
            f"  {'endpoint':<{width}}  {'n':>4}  {'p50 ms':>8}  {'p95 ms':>8}  {'p99 ms':>8}"
            f"  {'x login':>7}  {'req/s':>6}"
        )
        base = percentile(level.of(baseline), 50)
        for endpoint in endpoints:
            values = level.of(endpoint.name)
            p50 = percentile(values, 50)
            ratio = f"{p50 / base:.1f}" if base else "-"
            share = len(values) / level.seconds if level.seconds else 0.0
            lines.append(
                f"  {endpoint.name:<{width}}  {len(values):>4}  {p50:>8.1f}"
                f"  {percentile(values, 95):>8.1f}  {percentile(values, 99):>8.1f}"
                f"  {ratio:>7}  {share:>6.1f}"
            )
    return "\n".join(lines)


def as_json(levels: dict[int, Level], endpoints: Sequence[Endpoint]) -> dict:
    return {
        str(users): {
            "seconds": level.seconds,
            "rps": level.rps,
            "errors": level.errors,
            "unexpected": level.unexpected,
            "statuses": level.statuses(),
            "reconnects": level.reconnects,
            "endpoints": {
                e.name: {
                    "n": len(level.of(e.name)),
                    "p50": percentile(level.of(e.name), 50),
                    "p95": percentile(level.of(e.name), 95),
                    "p99": percentile(level.of(e.name), 99),
                }
                for e in endpoints
            },
        }
        for users, level in levels.items()
    }
