"""A browser tab behind HAProxy: it carries the balancer's affinity cookie and comes back when its
replica dies. What a browser does and the bare websocket client (benchmarks.stclient) does not:

- the tab's first HTTP response through the balancer sets the cookie SERVERID (the replica HAProxy
  chose); every later request, the websocket handshake included, sends it back, so all of one
  session's requests reach that one replica;
- when the websocket drops (its replica died), the tab polls `/_stcore/health` through the
  balancer, which sends a cookie naming a dead replica to a live one and sets a new cookie; then it
  opens a new websocket and reopens its page from its URL (the query string holds the view: every
  control is bound to the URL). An interaction that was in flight, or sent into the dead socket,
  was never answered: it is counted in `failed`, and the student does it again.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import websockets
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from websockets.protocol import State

from benchmarks.stclient import ProtocolError, Session

COOKIE = "SERVERID"  # deploy/haproxy.cfg.in: `cookie SERVERID insert`
AS_IS = ("Slider", "NumberInput", "TextInput", "TextArea", "Checkbox", "Toggle")
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy


class Dropped(ProtocolError):
    """The websocket closed under an interaction (the replica died); the tab has reconnected."""


@dataclass
class Reopen:
    """One reconnection: when the socket dropped and when the page from the URL had finished."""

    dropped_at: float  # time.monotonic()
    reopened_at: float
    before: str  # replica (SERVERID) before and after
    after: str
    page: str
    checked: int  # URL values compared with the widgets on the reopened page
    mismatches: list[str] = field(default_factory=list)


def same_value(asked: list[str], held: object) -> bool:
    """A widget's value equals what its URL parameter(s) say."""
    if isinstance(held, bool):
        return [str(held).lower()] == [a.lower() for a in asked]
    if isinstance(held, (list, tuple)):
        return len(held) == len(asked) and all(same_value([a], h) for a, h in zip(asked, held))
    if isinstance(held, (int, float)):
        try:
            return len(asked) == 1 and float(asked[0]) == float(held)
        except ValueError:
            return False
    return [str(held)] == asked


def shown(node) -> object:
    """What the browser shows a widget holding, from its proto alone (`value` once the server set
    it, else `default`); option widgets as the labels shown. LookupError: not readable here."""
    proto, kind = node.proto, type(node).__name__
    if kind in ("Selectbox", "Radio"):
        return proto.raw_value if proto.set_value else proto.options[proto.default]
    if kind not in AS_IS and kind != "SelectSlider":
        raise LookupError(kind)
    held = proto.value if proto.set_value else proto.default
    if kind == "SelectSlider":  # a value set by the server comes as its labels
        held = list(proto.raw_value) or [proto.options[int(i)] for i in held]
    elif kind == "Slider":
        held = list(held)
    return held[0] if isinstance(held, list) and len(held) == 1 else held


def view_mismatches(widgets: list, query: dict[str, list[str]]) -> tuple[int, list[str]]:
    """Of the widgets the URL names: how many could be compared, and those not showing the URL's
    value. An option widget whose URL value is not one of its labels (e.g. `lang=zh-TW` shown
    as 繁體中文) is not comparable from the wire and is left out."""
    checked, wrong = 0, []
    for node in widgets:
        if node.key not in query:
            continue
        try:
            value = shown(node)
        except LookupError:
            continue
        options = list(getattr(node.proto, "options", []))
        if options and not set(query[node.key]) <= set(options):
            continue
        checked += 1
        if not same_value(query[node.key], value):
            wrong.append(f"{node.key}: URL {query[node.key]} page {value!r}")
    return checked, wrong


class StickySession(Session):
    """`async with StickySession(balancer_url) as s:` then as benchmarks.stclient.Session."""

    def __init__(self, base_url: str, *, timeout: float = 120) -> None:
        super().__init__(base_url, timeout=timeout)
        self.cookies: dict[str, str] = {}
        self.assigned: list[str] = []  # every SERVERID the balancer set, in order
        self.requests: Counter[str] = Counter()  # requests per replica, as the cookie says
        self.failed = 0  # interactions sent and never answered
        self.reopens: list[Reopen] = []
        self._recovery: asyncio.Task | None = None

    @property
    def replica(self) -> str:
        return self.cookies.get(COOKIE, "")

    # -- what a browser does with cookies -------------------------------------------------------

    def _take(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            name, _, value = header.split(";", 1)[0].strip().partition("=")
            self.cookies[name] = value
            if name == COOKIE:
                self.assigned.append(value)
        self.requests[self.replica] += 1  # the response's cookie names who answered

    def _headers(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def _get(self, path: str) -> int:
        request = urllib.request.Request(self.base_url + path, headers=self._headers())
        with _DIRECT.open(request, timeout=30) as r:
            r.read()
            self._take(r.headers.get_all("Set-Cookie") or [])
            return r.status

    async def connect(self) -> None:
        await asyncio.to_thread(self._get, "/")  # the tab loads the app's page first
        await self._socket()

    async def _socket(self) -> None:
        self._ws = await websockets.connect(
            self.url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=30,
            ping_interval=None,
            additional_headers=self._headers(),
        )
        self._take(self._ws.response.headers.get_all("Set-Cookie"))
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self._recovery is not None and not self._recovery.done():
            self._recovery.cancel()
        await super().close()

    # -- coming back after the replica died -----------------------------------------------------

    async def _read(self) -> None:
        await super()._read()  # returns when the socket closed (cancelled when we close it)
        if not self._closed and (self._recovery is None or self._recovery.done()):
            self._recovery = asyncio.create_task(self._recover(time.monotonic()))

    def _page(self) -> str:
        return next((p for p, h in self.pages.items() if h == self.page_script_hash), "")

    async def _recover(self, dropped_at: float) -> None:
        before = self.replica
        for task in self._timers.values():  # the page's timers died with it
            task.cancel()
        self._timers.clear()
        while True:  # as the frontend does: poll the server until it answers, then reconnect
            try:
                if await asyncio.to_thread(self._get, "/_stcore/health") == 200:
                    await self._socket()
                    break
            except (OSError, websockets.InvalidHandshake):
                pass
            if time.monotonic() - dropped_at > self.timeout:
                raise ProtocolError(f"no replica answered within {self.timeout} s")
            await asyncio.sleep(0.2)
        page, query = self._page(), parse_qs(self.query_string)
        self.page_script_hash = ""  # the page is opened by its path, as a loaded URL is
        await Session._rerun(self, WidgetStates(), page_name=page)
        checked, wrong = view_mismatches(self.widgets(), query)
        self.reopens.append(
            Reopen(dropped_at, time.monotonic(), before, self.replica, page, checked, wrong)
        )

    def _dropped(self) -> bool:
        return not self._closed and self._ws is not None and self._ws.state is not State.OPEN

    async def _rerun(self, states: WidgetStates, page_name: str = "", fragment: str = ""):
        if self._recovery is not None:
            await self._recovery  # a reconnection under way (or failed: raises)
        try:
            return await super()._rerun(states, page_name, fragment)
        except (ProtocolError, websockets.ConnectionClosed):
            if not self._dropped():
                raise
            self.failed += 1
            if self._recovery is None or self._recovery.done():
                await asyncio.wait_for(asyncio.shield(self._reader), 30)  # it starts recovery
            await self._recovery
            raise Dropped("the websocket closed under this interaction") from None

    # Every interaction: if its socket dropped under it, the student does it again once reopened.

    async def _again(self, act, *args, **kwargs):
        try:
            return await act(self, *args, **kwargs)
        except Dropped:
            return await act(self, *args, **kwargs)

    async def open(self, page: str = "", **query):
        return await self._again(Session.open, page, **query)

    async def goto(self, page: str, **query):
        return await self._again(Session.goto, page, **query)

    async def set(self, key: str, value):
        return await self._again(Session.set, key, value)

    async def click(self, key: str):
        return await self._again(Session.click, key)

    async def rerun(self):
        return await self._again(Session.rerun)
