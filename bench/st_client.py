"""A visitor without a browser: Streamlit's own websocket protocol, one `Student` a session.

    student = Student("http://127.0.0.1:8501", "?h2=16")
    await student.open()                               # connect, run the link's script
    first = await student.answer(total=931, since=t0)  # its "Test accuracy" for 931 params
    pressed = await student.move("h1", [33, 34])       # two key presses, 120 ms apart
    moved = await student.answer(total=1147, since=pressed)
    await student.close()

For a test through a load balancer (replicas that die): ``drop()`` cuts the socket as a
network fault would; ``disconnects`` and ``reconnects`` say when each happened;
``cookies`` holds what the balancer set; ``runs`` is every script run seen, in order.

What a browser does, and no more: connect to ``/_stcore/stream`` (subprotocol
``streamlit``), send ``BackMsg.rerun_script`` with the link's query string (the server does
not run the script on connect), read every ``ForwardMsg``: ``new_session`` starts a run,
``delta`` elements (metrics, error boxes, exceptions, progress bars, sliders),
``page_info_changed`` (the page rewrote the link: the address bar follows), and
``script_finished`` ends a run. A slider moved is a rerun carrying its new value as the
widget's state, and the query string as the address bar has it after the move (a bound
slider's key set, or dropped at its default). No ``cached_message_hashes`` are sent, so
every run's elements arrive whole. Nothing is rendered.

The socket is read all the time by a task of its own: the server drops a client with 500
messages queued. Before each connection the student asks ``/_stcore/health`` as the
frontend does; cookies set there or in the websocket handshake (a load balancer's
stickiness cookie) go back with every later request. When the socket dies, the student
reconnects as Streamlit's frontend does: with backoff, offering its old session id (the
same server resumes the session; another starts a new one), then reruns with its link and
the widget values it set.

`websockets` (17.4) rather than tornado's client: a plain asyncio API where the handshake's
response headers (``Set-Cookie``) are an attribute, the reader is an ``async for``, and
compression (permessage-deflate, as browsers offer it) is on by default.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

BUSY = "The server is busy"  # the page's words when it turns a visitor away
PRESS_GAP_S = 0.12  # key presses of a held arrow key
RECONNECT_DELAYS_S = (0.5, 1.0, 2.0, 4.0)  # then every 4 s, as long as `reconnect_for_s`
FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "finished",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile error",
    ForwardMsg.FINISHED_EARLY_FOR_RERUN: "stopped for a rerun",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment finished",
}


@dataclass
class Run:
    """One script run as the client saw it, from its ``new_session`` to ``script_finished``.
    Times are ``time.perf_counter()`` when the message arrived."""

    started: float
    finished: float | None = None
    status: str | None = None
    shown: list[tuple[float, str, str]] = field(default_factory=list)  # metrics in order
    errors: list[str] = field(default_factory=list)  # error boxes and exceptions
    progress: list[str] = field(default_factory=list)  # progress bars' texts
    deltas: int = 0  # messages that change the page (its elements, blocks and spinners)
    transients: int = 0  # of them, a spinner shown or cleared

    @property
    def metrics(self) -> dict[str, str]:
        """Label -> body, the last of each."""
        return {label: body for _, label, body in self.shown}

    def answered(self, total: int) -> float | None:
        """When this run showed a "Test accuracy" after "Total params" showed ``total``."""
        showing = False
        for at, label, body in self.shown:
            if label == "Total params":
                showing = body == str(total)
            elif label == "Test accuracy" and showing:
                return at
        return None

    @property
    def refused(self) -> bool:
        return any(BUSY in error for error in self.errors)


@dataclass
class Outcome:
    """What a student got for a request: seconds to the answer, or why there was none."""

    seconds: float | None = None
    refused: bool = False  # told the server is busy
    errors: list[str] = field(default_factory=list)  # anything else that went wrong
    waited: float | None = None  # seconds until the answer, or until told there is none

    @property
    def served(self) -> bool:
        return self.seconds is not None


class Student:
    """One browser tab's session, over the protocol. ``url``: the server (or the balancer);
    ``link``: the query string opened (``"?h1=40"``, ``"h1=40"`` or ``""``)."""

    def __init__(self, url: str, link: str = "", reconnect_for_s: float = 60.0) -> None:
        self.stream_url = url.rstrip("/").replace("http", "ws", 1) + "/_stcore/stream"
        self.query_string = link.lstrip("/").lstrip("?")
        self.reconnect_for_s = reconnect_for_s  # 0: a dead socket stays dead
        self.runs: list[Run] = []
        self.widget_ids: dict[str, str] = {}  # a bound widget's query key -> its id
        self.defaults: dict[str, float] = {}  # a bound slider's query key -> its default
        self.values: dict[str, float] = {}  # widget id -> the value this student set
        self.cookies: dict[str, str] = {}
        self.session_id = ""
        self.page_script_hash = ""
        self.disconnects: list[float] = []
        self.reconnects: list[float] = []
        self.messages = 0
        # Runs of an earlier request that finished but were read after the last request went
        # out (by index in ``runs``): a loaded client's, never taken for the last's answer.
        self.read_late: set[int] = set()
        self._last_request = 0.0  # perf_counter of the latest rerun asked for
        self._socket: ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._changed = asyncio.Condition()
        self._closing = False

    # --- what a visitor does -----------------------------------------------------------

    async def open(self) -> None:
        """Connect and run the script for the link, as a page load does."""
        await self._connect()
        await self.rerun()

    async def move(self, key: str, values: Sequence[float], gap: float = PRESS_GAP_S) -> float:
        """Move the bound slider ``key`` (``"h1"``) through ``values``, one key press each,
        ``gap`` seconds apart, each rerun superseding the last. Returns when the first
        press went out (``time.perf_counter()``)."""
        if key not in self.widget_ids:
            raise KeyError(f"no slider bound to ?{key}= on the page yet")
        first = None
        for number, value in enumerate(values):
            if number:
                await asyncio.sleep(gap)
            self.values[self.widget_ids[key]] = float(value)
            self._set_in_link(key, value)
            pressed = time.perf_counter()
            await self.rerun()
            first = first if first is not None else pressed
        return first if first is not None else time.perf_counter()

    async def rerun(self) -> None:
        """Ask for a run with the link and every widget value this student set."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        for widget_id, value in self.values.items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            widget.double_array_value.data.append(value)
        if self._socket is None:
            raise ConnectionError("not connected")
        self._last_request = time.perf_counter()
        await self._socket.send(message.SerializeToString())

    async def answer(self, total: int, since: float, timeout: float = 120.0) -> Outcome:
        """Wait for a run started after ``since`` (perf_counter) to show "Total params"
        ``total`` and then a "Test accuracy". No answer: when the last request's run
        (``_last_requests_run``) finished without one (an error box, the busy message), or
        after ``timeout`` seconds, or when the socket died for good."""
        deadline = since + timeout

        def outcome() -> Outcome | None:
            runs = [run for run in self.runs if run.started >= since]
            self._note_runs_read_late(total)
            for run in runs:
                if (at := run.answered(total)) is not None:
                    return Outcome(at - since, waited=at - since)
            last = runs[-1] if runs else None
            told = [error for run in runs for error in run.errors]
            if last and last.status == "finished" and self._last_requests_run(last, total):
                refused = any(BUSY in error for error in told)
                shown = last.metrics.get("Total params", "none")
                note = [] if told else [f'finished without an answer ("Total params" {shown})']
                errors = [e for e in told if BUSY not in e] + note
                return Outcome(None, refused, errors, last.finished - since)
            if self._socket is None and self._reader is None:
                return Outcome(None, False, [*told, "the connection was lost"])
            if time.perf_counter() > deadline:
                return Outcome(None, False, [*told, f"no answer in {timeout:g} s"])
            return None

        return await self._until(outcome, deadline)

    def _note_runs_read_late(self, total: int) -> None:
        """Count each finished run read after the last request went out that is not that
        request's: whether or not the answer was read in the same breath."""
        for i, run in enumerate(self.runs):
            late = run.status == "finished" and run.started >= self._last_request
            if late and not self._last_requests_run(run, total):
                self.read_late.add(i)

    def _last_requests_run(self, run: Run, total: int) -> bool:
        """Whether ``run`` is the last request's: it shows ``total`` (a run shows its total
        before it trains), or shows none and started after the request went out. A loaded
        client can read an earlier request's run, finished on the server before the last
        request arrived, only after sending that request: its start then looks newer than
        the request, but its total is another, and the last request's own run follows."""
        shown = run.metrics.get("Total params")
        return shown == str(total) if shown is not None else run.started >= self._last_request

    async def settled(self, timeout: float = 60.0) -> bool:
        """Until no run is going (the last one finished); False after ``timeout`` s."""
        deadline = time.perf_counter() + timeout

        def done() -> bool | None:
            if self.runs and self.runs[-1].finished is not None:
                return True
            return False if time.perf_counter() > deadline else None

        return await self._until(done, deadline)

    async def drop(self) -> None:
        """Cut the connection as a network fault would (no closing handshake): the student
        then reconnects as after any dead socket."""
        if self._socket is not None:
            self._socket.transport.abort()

    async def close(self) -> None:
        self._closing = True
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    # --- the wire ----------------------------------------------------------------------

    async def _connect(self) -> None:
        await asyncio.to_thread(self._health)
        # The subprotocol list carries [protocol, XSRF token, session to resume]; the
        # frontend sends this placeholder when it has no token.
        protocols = ["streamlit", "PLACEHOLDER_AUTH_TOKEN", self.session_id]
        self._socket = await connect(
            self.stream_url,
            subprotocols=protocols if self.session_id else protocols[:1],  # type: ignore[arg-type]
            additional_headers=self._cookie_header() if self.cookies else None,
            proxy=None,
            max_size=None,  # a chart's message can be large
            open_timeout=30,
        )
        self._keep_cookies(self._socket.response.headers.get_all("Set-Cookie"))
        self._reader = asyncio.create_task(self._read(self._socket))

    def _cookie_header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def _keep_cookies(self, set_cookies: Sequence[str]) -> None:
        for value in set_cookies:
            jar = SimpleCookie()
            jar.load(value)
            self.cookies.update({name: morsel.value for name, morsel in jar.items()})

    def _health(self) -> None:
        """The frontend's ping before it connects; raises OSError when the server is down."""
        url = self.stream_url.replace("ws", "http", 1).removesuffix("stream") + "health"
        request = urllib.request.Request(url, headers=self._cookie_header())
        with urllib.request.urlopen(request, timeout=30) as response:
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])

    async def _read(self, socket: ClientConnection) -> None:
        try:
            async for raw in socket:
                message = ForwardMsg()
                message.ParseFromString(raw)
                self.messages += 1
                self._take(message, time.perf_counter())
                async with self._changed:
                    self._changed.notify_all()
        except ConnectionClosed:
            pass
        try:
            self._socket = None
            if not self._closing:
                self.disconnects.append(time.perf_counter())
                await self._reconnect()
        finally:
            if self._socket is None:
                self._reader = None  # for good: answer() stops waiting
            async with self._changed:
                self._changed.notify_all()

    async def _reconnect(self) -> None:
        """As the frontend does: retry with backoff, then rerun with the link and values."""
        deadline = time.perf_counter() + self.reconnect_for_s
        for attempt in range(10**6):
            delay = RECONNECT_DELAYS_S[min(attempt, len(RECONNECT_DELAYS_S) - 1)]
            if time.perf_counter() + delay > deadline or self._closing:
                return
            await asyncio.sleep(delay)
            try:
                await self._connect()
                await self.rerun()
            except (OSError, InvalidHandshake, ConnectionClosed, TimeoutError):
                self._socket = None
                continue
            self.reconnects.append(time.perf_counter())
            return

    def _take(self, message: ForwardMsg, now: float) -> None:
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.runs.append(Run(now))
            self.page_script_hash = message.new_session.page_script_hash
            if message.new_session.HasField("initialize"):
                self.session_id = message.new_session.initialize.session_id or self.session_id
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "script_finished" and self.runs:
            run = self.runs[-1]
            run.finished, run.status = now, FINISHED.get(message.script_finished, "?")
        elif kind == "delta" and self.runs:
            self.runs[-1].deltas += 1
            change = message.delta.WhichOneof("type")
            self.runs[-1].transients += change == "new_transient"
            if change == "new_element":
                self._element(message.delta.new_element, now)

    def _element(self, element, now: float) -> None:
        kind = element.WhichOneof("type")
        run = self.runs[-1] if self.runs else Run(now)
        if kind == "metric":
            run.shown.append((now, element.metric.label, element.metric.body))
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            run.errors.append(element.alert.body)
        elif kind == "exception":
            run.errors.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "progress" and element.progress.text:
            run.progress.append(element.progress.text)
        elif kind == "slider" and element.slider.query_param_key:
            key = element.slider.query_param_key
            self.widget_ids[key] = element.slider.id
            self.defaults[key] = element.slider.default[0] if element.slider.default else None

    def _set_in_link(self, key: str, value: float) -> None:
        """The address bar after a bound slider moved: its key set, or gone at the default
        (the frontend keeps defaults out of the link)."""
        pairs = parse_qsl(self.query_string, keep_blank_values=True)
        text = str(int(value)) if float(value).is_integer() else str(value)
        kept = [(k, v) for k, v in pairs if k != key]
        if value != self.defaults.get(key):
            at = next((i for i, (k, _) in enumerate(pairs) if k == key), len(kept))
            kept.insert(min(at, len(kept)), (key, text))
        self.query_string = urlencode(kept)

    async def _until(self, check: Callable[[], object], deadline: float):
        """Re-check ``check()`` on every message (and at least every 0.5 s) until it is not
        None."""
        while (result := check()) is None:
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    wait = max(0.01, min(0.5, deadline - time.perf_counter()))
                    await asyncio.wait_for(self._changed.wait(), wait)
        return result
