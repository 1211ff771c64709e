"""A browser stand-in that speaks Streamlit's own websocket protocol, for loopback servers only.

It does what the Streamlit frontend does (checked against streamlit 1.67's app_session.py,
web/server/starlette/starlette_websocket.py and the bundled frontend):

- connect to ws://127.0.0.1:PORT/_stcore/stream with the subprotocol "streamlit";
- send a BackMsg `rerun_script` (ClientState: query string, page name on the first run, then the
  page's script hash; widget states; browser context);
- read ForwardMsgs: `new_session` (a run starts; a full run stops the auto-rerun timers), `delta`
  (elements: widgets carry their ids, exceptions and errors are elements),
  `page_info_changed` (the new query string), `auto_rerun` (a fragment's `run_every` timer, which
  the *browser* drives: we tick it like `setInterval` does), `navigation` (with st.navigation, the
  script hash of the page that ran: later reruns name it), `script_finished` (the run is over).

The page is kept as the frontend keeps it: a run that starts does NOT clear it. Each element
remembers the run that drew it; the run's successful `script_finished` drops the elements it did
not redraw (the frontend's `clearStaleNodes`; a fragment run, only inside its fragments). A run
the server starts by itself (a fragment's `st.rerun()`) therefore leaves every widget on the page,
clickable, while it redraws them, as a student sees them. And an interaction is answered only by a
run that started after it was sent: a `script_finished` of a run whose `new_session` came earlier
(e.g. that server-started run) is not its answer.

Widgets are found by their `key` in streamlit.testing's element tree, built from the same deltas
AppTest reads; their wire values come from the tree's own serializers. Only the widgets this client
changes are sent: the server keeps every other widget's value from the previous run.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.runtime.state.common import TESTING_KEY
from streamlit.testing.v1.element_tree import ElementTree, Widget, parse_tree_from_messages

LOOPBACK = ("127.0.0.1", "localhost", "::1")
STATUS_NAMES = {v: k for k, v in ForwardMsg.ScriptFinishedStatus.items()}
FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "ok",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile_error",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment_ok",
}


class ProtocolError(RuntimeError):
    """The server did something a browser would not accept (or did not answer in time)."""


@dataclass
class Run:
    """One rerun as this client saw it: how long from request to `script_finished`, and what the
    page showed (exception elements, st.error sentences)."""

    seconds: float
    status: str
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    bytes_received: int = 0


def _ws_url(base: str) -> str:
    url = urlparse(base)
    if url.hostname not in LOOPBACK:
        raise ValueError(f"refusing to connect to {url.hostname}: benchmarks target loopback only")
    return f"ws://{url.netloc}/_stcore/stream"


class Session:
    """One student: `await Session(url).open("broadcast", lang="zh-TW")`, then `set`/`click`."""

    def __init__(self, base_url: str, *, locale: str = "en-US", timeout: float = 120) -> None:
        self.url = _ws_url(base_url)
        self.base_url = base_url
        self.locale = locale
        self.timeout = timeout
        self.query_string = ""
        self.page_script_hash = ""
        self.runs: list[Run] = []
        self.ticks: list[Run] = []  # fragment auto-reruns (Play on the training page)
        self._ws: Any = None
        self._reader: asyncio.Task | None = None
        self._deltas: dict[tuple[int, ...], ForwardMsg] = {}
        self._drawn_by: dict[tuple[int, ...], str] = {}  # delta path -> script_run_id that drew it
        self._run_id = ""  # the run in progress (or the last one): its new_session's script_run_id
        self._page_hash: str | None = None  # the page shown (new_session, then navigation)
        self._started: dict[str, int] = {}  # script_run_id -> its place among the runs seen
        self.foreign_finishes = 0  # script_finished of runs begun before the request: not answers
        self._timers: dict[str, asyncio.Task] = {}
        self._finished: asyncio.Queue[tuple[str, float, str]] = asyncio.Queue()
        self._bytes = 0
        self._exceptions: list[str] = []
        self._errors: list[str] = []
        self._closed = False
        self.pages: dict[str, str] = {}  # url_pathname -> page_script_hash, from `navigation`
        self.fragment_runs = 0  # fragment reruns finished (auto-reruns while playing)
        self._fragment_of: dict[str, str] = {}  # widget id -> the st.fragment it was drawn in
        # The last requests sent and runs seen, for the report of a session that got stuck.
        self.trace: deque[str] = deque(maxlen=12)
        self._t0 = time.perf_counter()

    # -- connection ---------------------------------------------------------------------------

    async def connect(self) -> None:
        self._ws = await websockets.connect(
            self.url, subprotocols=["streamlit"], max_size=None, open_timeout=30, ping_interval=None
        )
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        """Leave like a closed tab: timers stop, the socket closes, the server ends the session."""
        self._closed = True
        for task in self._timers.values():
            task.cancel()
        self._timers.clear()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):
                pass

    async def __aenter__(self) -> Session:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- what a student does ------------------------------------------------------------------

    async def open(self, page: str = "", **query: str | list[str]) -> Run:
        """Navigate to `/<page>?<query>` as a freshly loaded tab does (lists: repeated params)."""
        self.query_string = urlencode(query, doseq=True)
        self.page_script_hash = ""
        return await self._rerun(WidgetStates(), page_name=page)

    async def goto(self, page: str, **query: str | list[str]) -> Run:
        """Click a page in the sidebar: the browser names the page's script hash."""
        self.query_string = urlencode(query, doseq=True)
        self.page_script_hash = self.pages[page]
        return await self._rerun(WidgetStates())

    async def set(self, key: str, value: Any) -> Run:
        """Change one widget (slider, number/text input, selectbox, toggle, pills ...)."""
        node = self.widget(key)
        if hasattr(node, "input") and type(node).__name__ in ("TextInput", "TextArea"):
            node.input(value)
        else:
            node.set_value(value)
        return await self._send_widget(node)

    async def click(self, key: str) -> Run:
        node = self.widget(key)
        node.click()
        return await self._send_widget(node)

    async def rerun(self) -> Run:
        return await self._rerun(WidgetStates())

    # -- reading the page ---------------------------------------------------------------------

    @property
    def tree(self) -> ElementTree:
        tree = parse_tree_from_messages(list(self._deltas.values()))
        tree._runner = _Browser()  # type: ignore[assignment]
        return tree

    def widget(self, key: str):
        for node in self._walk(self.tree):
            if isinstance(node, Widget) and node.key == key:
                return node
        # What the page held, and the last runs seen: the report explains itself.
        keys = [n.key for n in self.widgets()]
        raise KeyError(
            f"no widget with key {key!r} on the page (run {self._run_id[:8]}; {len(keys)} widgets:"
            f" {keys[:12]}{' ...' if len(keys) > 12 else ''}; last: {list(self.trace)[-6:]})"
        )

    def widgets(self) -> list:
        return [n for n in self._walk(self.tree) if isinstance(n, Widget) and n.key]

    def elements(self, kind: str) -> list:
        return [n for n in self._walk(self.tree) if getattr(n, "type", None) == kind]

    def chart_data(self) -> list[dict[str, list[dict]]]:
        """Every Vega-Lite chart on the page: its named datasets as rows (Streamlit ships them as
        Arrow beside the spec)."""
        import pyarrow as pa

        charts = []
        for msg in self._deltas.values():
            if not msg.delta.HasField("new_element"):
                continue
            element = msg.delta.new_element
            kind = element.WhichOneof("type")
            if kind is None or "vega_lite" not in kind:
                continue
            proto = getattr(element, kind)
            charts.append(
                {
                    d.name: pa.ipc.open_stream(d.data.data).read_all().to_pylist()
                    for d in proto.datasets
                }
            )
        return charts

    @staticmethod
    def _walk(node):
        yield node
        for child in getattr(node, "children", {}).values():
            yield from Session._walk(child)

    # -- protocol -----------------------------------------------------------------------------

    async def _send_widget(self, node) -> Run:
        """As the browser does: a widget drawn inside an `st.fragment` reruns only that fragment."""
        states = WidgetStates()
        states.widgets.append(node._widget_state)
        return await self._rerun(states, fragment=self._fragment_of.get(node.id, ""))

    def _client_state(
        self, states: WidgetStates, page_name: str = "", fragment: str = "", auto: bool = False
    ):
        return ClientState(
            query_string=self.query_string,
            widget_states=states,
            page_script_hash=self.page_script_hash,
            page_name="" if self.page_script_hash else page_name,
            fragment_id=fragment,
            is_auto_rerun=auto,
            context_info={
                "timezone": "UTC",
                "timezone_offset": 0,
                "locale": self.locale,
                "url": self.base_url,
                "is_embedded": False,
                "color_scheme": "light",
            },
        )

    def _note(self, what: str) -> None:
        self.trace.append(f"{time.perf_counter() - self._t0:.2f}s {what}")

    async def _rerun(self, states: WidgetStates, page_name: str = "", fragment: str = "") -> Run:
        while not self._finished.empty():
            self._finished.get_nowait()
        self._note(f"sent rerun {[w.id.rsplit('-', 1)[-1] for w in states.widgets]}")
        self._exceptions, self._errors, self._bytes = [], [], 0
        before = len(self._started)  # runs already under way cannot hold this request
        start = time.perf_counter()
        await self._ws.send(
            BackMsg(
                rerun_script=self._client_state(states, page_name, fragment)
            ).SerializeToString()
        )
        done = ("ok", "compile_error", "fragment_ok") if fragment else ("ok", "compile_error")
        deadline = start + self.timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise ProtocolError(f"no script_finished within {self.timeout} s")
            try:
                status, at, run_id = await asyncio.wait_for(self._finished.get(), left)
            except TimeoutError:
                continue
            if status in done and 0 < self._started.get(run_id, 0) <= before:
                self.foreign_finishes += 1
                self._note(f"not our answer: run {run_id[:8]} began before the request")
                continue
            if status in done:
                break
            if status == "closed":
                raise ProtocolError("the server closed the websocket")
        run = Run(at - start, status, list(self._exceptions), list(self._errors), self._bytes)
        self.runs.append(run)
        return run

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                self._bytes += len(raw)
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self._handle(msg)
        except websockets.ConnectionClosed:
            pass
        finally:
            if not self._closed:
                self._finished.put_nowait(("closed", time.perf_counter(), ""))

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self._run_id = msg.metadata.run.script_run_id
            self._started.setdefault(self._run_id, len(self._started) + 1)
            full = not msg.metadata.run.fragment_ids
            self._note(f"{'full' if full else 'fragment'} run {self._run_id[:8]}")
            self.page_script_hash = msg.new_session.page_script_hash
            if full and msg.new_session.page_script_hash != self._page_hash:
                # Another page than the one shown: the frontend clears the screen (clearAppState).
                self._deltas.clear()
                self._drawn_by.clear()
            self._page_hash = msg.new_session.page_script_hash
            if full:  # the browser stops every auto-rerun timer, keeps the page until redrawn
                for task in self._timers.values():
                    task.cancel()
                self._timers.clear()
        elif kind == "delta":
            path = tuple(msg.metadata.delta_path)
            held = self._deltas.get(path)
            if (
                held is not None
                and held.delta.HasField("add_block")
                and msg.delta.HasField("new_element")
            ):
                self._drop_under(path)  # an element where a container was: its contents go
            self._deltas[path] = msg
            self._drawn_by[path] = self._run_id
            element = msg.delta.new_element if msg.delta.HasField("new_element") else None
            inner = getattr(element, element.WhichOneof("type") or "", None) if element else None
            if getattr(inner, "id", ""):
                self._fragment_of[inner.id] = msg.delta.fragment_id
            if element is not None and element.WhichOneof("type") == "exception":
                self._exceptions.append(f"{element.exception.type}: {element.exception.message}")
            if element is not None and element.WhichOneof("type") == "alert":
                if element.alert.format == element.alert.ERROR:
                    self._errors.append(element.alert.body)
        elif kind == "navigation":  # st.navigation: the page that actually ran
            self.page_script_hash = self._page_hash = msg.navigation.page_script_hash
            for page in msg.navigation.app_pages:
                self.pages[page.url_pathname] = page.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            self._exceptions.append(msg.session_event.script_compilation_exception.message)
        elif kind == "auto_rerun":
            self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment in msg.stop_auto_rerun.fragment_ids:
                task = self._timers.pop(fragment, None)
                if task:
                    task.cancel()
        elif kind == "script_finished":
            self._note(STATUS_NAMES.get(msg.script_finished, "?").lower())
            status = FINISHED.get(msg.script_finished)
            run = msg.metadata.run
            if status == "fragment_ok":
                self.fragment_runs += 1
            if status in ("ok", "fragment_ok") and run.script_run_id == self._run_id:
                self._drop_stale(list(run.fragment_ids))
            if status:
                self._finished.put_nowait((status, time.perf_counter(), run.script_run_id))

    def _drop_stale(self, fragments: list[str]) -> None:
        """The frontend's clearStaleNodes after a successful run: a full run drops every element
        it did not draw; a fragment run, those inside its fragments' containers it did not draw.
        An element goes with the container it is in."""
        run = self._run_id
        if fragments:
            roots = [
                path
                for path, msg in self._deltas.items()
                if msg.delta.fragment_id in fragments
                and msg.delta.HasField("add_block")
                and self._drawn_by.get(path) == run
            ]
            stale = [
                path
                for path in self._deltas
                if self._drawn_by.get(path) != run
                and any(len(path) > len(r) and path[: len(r)] == r for r in roots)
            ]
        else:
            stale = [path for path in self._deltas if self._drawn_by.get(path) != run]
        gone = set(stale)
        for path in list(self._deltas):
            if path in gone or any(path[:n] in gone for n in range(1, len(path))):
                del self._deltas[path]
                self._drawn_by.pop(path, None)

    def _drop_under(self, root: tuple[int, ...]) -> None:
        for path in [p for p in self._deltas if len(p) > len(root) and p[: len(root)] == root]:
            del self._deltas[path]
            self._drawn_by.pop(path, None)

    def _start_timer(self, fragment: str, interval: float) -> None:
        if not fragment or fragment in self._timers:
            return
        self._timers[fragment] = asyncio.create_task(self._tick(fragment, interval))

    async def _tick(self, fragment: str, interval: float) -> None:
        """`setInterval(() => sendUpdateWidgetsMessage(fragmentId, true), interval)`."""
        while not self._closed:
            await asyncio.sleep(interval)
            state = self._client_state(WidgetStates(), fragment=fragment, auto=True)
            back = BackMsg(rerun_script=state)
            try:
                await self._ws.send(back.SerializeToString())
            except websockets.ConnectionClosed:
                return


class _LabelsAsShown(dict):
    """What the element tree asks AppTest's session state for, answered as a browser would.

    Option widgets put the *displayed* label on the wire; the browser only knows the labels the
    server sent (proto.options), so the format function a client can apply is `str` of a label."""

    def __getitem__(self, key: str):
        if key == TESTING_KEY:
            return _AlwaysStr()
        raise KeyError(f"{key}: a browser only knows the values it sent")


class _AlwaysStr(dict):
    def __missing__(self, key: str):
        return str


class _Browser:
    _session_state = _LabelsAsShown()
    _cleared_form_ids: set[str] = set()


def widget_state(node) -> WidgetState:
    """The wire form of a widget's current value (for callers building their own BackMsgs)."""
    return node._widget_state
