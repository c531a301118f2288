"""A visitor that speaks Streamlit's websocket protocol the way the browser's app does, without
drawing anything: for benchmarks with more visitors than browser tabs fit on the machine.

    visitor = Visitor("ws://127.0.0.1:8501/_stcore/stream", page="hello", query="hello_seed=3")
    await visitor.open(timeout=60)               # first run of the page, to its script_finished
    button = visitor.button_ending("_train")     # a widget id, found in the deltas
    t0 = await visitor.click(button)             # a rerun whose widget states trigger it
    t1 = await visitor.wait_label(button, "Train again", since=t0, timeout=120)
    await visitor.close()

What it does like the browser (read from streamlit's runtime and its frontend bundle):
- the websocket asks for the "streamlit" subprotocol, with the page's own Origin;
- the first BackMsg is a rerun_script naming the page by its URL path (page_name) with the
  query string; later ones name it by the page_script_hash the server's navigation message
  gave (with st.navigation; else new_session's), and
  carry the query string the server last published (page_info_changed), as the address bar
  would;
- auto_rerun messages (a fragment's run_every) start a timer per fragment that sends a
  fragment rerun (fragment_id, is_auto_rerun) every `interval` seconds, at a fixed rate like
  setInterval; a timer with the same interval is kept, stop_auto_rerun ends timers, and a
  new_session of a full run (no fragment ids) ends them all, as the frontend does;
- it lists no cached message hashes, so the server sends every message in full (never a
  ref_hash), and it sends no pings (a browser answers the server's pings, as this does).

What it does not do: keep widget values (a click sends only the button's trigger; the server
keeps the other widgets' values from the previous run, which is what the browser's unchanged
values amount to), load the page's HTML and scripts, or render.
"""

from __future__ import annotations

import asyncio
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

_FINISHED = ForwardMsg.ScriptFinishedStatus
ERROR_ALERT = 1  # Alert.Format.ERROR


class ProtocolError(RuntimeError):
    pass


class Visitor:
    def __init__(self, url: str, page: str = "", query: str = "", name: str = ""):
        self.url, self.page, self.name = url, page, name or page
        self.query_string = query
        self.page_script_hash = ""
        self.buttons: dict[str, str] = {}  # widget id -> latest label
        self.label_seen: dict[tuple[str, str], list[float]] = {}  # (id, label) -> times
        self.errors: list[str] = []
        self.full_runs = 0  # script_finished of whole-page runs
        self.fragment_runs = 0
        self.runs_started = 0  # new_session messages: every run, whole page or fragment
        self.messages = 0
        self.bytes = 0
        self.rerun_requests = 0
        self._timers: dict[str, tuple[float, asyncio.Task]] = {}
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._changed = asyncio.Condition()
        self._closing = False
        self._last_message = 0.0

    # ---- connection --------------------------------------------------------------------------

    async def open(self, timeout: float) -> float:
        """Connect and run the page once; returns the seconds until that run finished."""
        t0 = time.monotonic()
        origin = "http://" + self.url.split("://", 1)[1].split("/", 1)[0]
        self._ws = await asyncio.wait_for(connect(
            self.url, subprotocols=["streamlit"], origin=origin, max_size=None,
            ping_interval=None, proxy=None, open_timeout=timeout,
            user_agent_header="nnviz-bench"), timeout)
        self._reader = asyncio.create_task(self._read())
        await self.rerun()
        await self.wait_for(lambda: self.full_runs >= 1, timeout, "the page's first run")
        return time.monotonic() - t0

    async def close(self) -> None:
        self._closing = True
        self._stop_timers()
        if self._ws is not None:
            try:
                await asyncio.wait_for(self._ws.close(), 10)
            except Exception:  # noqa: BLE001 - a visitor leaving may find the server gone
                pass
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except BaseException:  # noqa: BLE001 - its cancellation or its failure
                pass

    # ---- what the visitor sends --------------------------------------------------------------

    async def rerun(self, triggers: tuple[str, ...] = (), fragment_id: str = "",
                    auto: bool = False) -> float:
        """Send a rerun_script BackMsg; returns the time it was sent (time.monotonic())."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        if not self.page_script_hash:
            state.page_name = self.page
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = auto
        for widget_id in triggers:
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            widget.trigger_value = True
        info = state.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.url = self.url.replace("ws", "http", 1).rsplit("/_stcore", 1)[0] + "/" + self.page
        info.is_embedded, info.color_scheme = False, "light"
        data = msg.SerializeToString()
        sent = time.monotonic()
        await self._ws.send(data)
        self.rerun_requests += 1
        return sent

    async def click(self, widget_id: str) -> float:
        return await self.rerun(triggers=(widget_id,))

    # ---- waiting -----------------------------------------------------------------------------

    async def wait_for(self, predicate, timeout: float, what: str) -> None:
        async def waiting():
            async with self._changed:
                while not predicate():
                    if self._reader is not None and self._reader.done():
                        raise ProtocolError(f"{self.name}: connection ended while waiting for "
                                            f"{what}: {self._reader_problem()}")
                    await self._changed.wait()
        try:
            await asyncio.wait_for(waiting(), timeout)
        except TimeoutError:
            raise TimeoutError(f"{self.name}: no {what} within {timeout:.0f} s "
                               f"({self.summary()})") from None

    def summary(self) -> str:
        """What this visitor saw, for a report of one that got stuck."""
        labels = {wid.rsplit("-", 1)[-1]: label for wid, label in self.buttons.items()}
        since = time.monotonic() - self._last_message if self._last_message else None
        return (f"{self.full_runs} full and {self.fragment_runs} fragment runs finished, "
                f"{self.runs_started} started, {self.rerun_requests} reruns asked, timers "
                f"{sorted(interval for interval, _ in self._timers.values())}, buttons {labels}, "
                f"last message {'never' if since is None else f'{since:.1f} s ago'}")

    def button_ending(self, suffix: str) -> str | None:
        found = [wid for wid in self.buttons if wid.endswith(suffix)]
        return found[0] if found else None

    def first_seen(self, widget_id: str, label: str, since: float) -> float | None:
        times = [t for t in self.label_seen.get((widget_id, label), []) if t >= since]
        return times[0] if times else None

    async def wait_label(self, widget_id: str, label: str, since: float, timeout: float) -> float:
        """When (time.monotonic(), at the message's arrival) the button first showed `label`
        after `since`."""
        await self.wait_for(lambda: self.first_seen(widget_id, label, since) is not None,
                            timeout, f"button {label!r}")
        return self.first_seen(widget_id, label, since)

    # ---- what the visitor receives -----------------------------------------------------------

    def _reader_problem(self) -> str:
        if self._reader is None or not self._reader.done() or self._reader.cancelled():
            return "closed"
        failure = self._reader.exception()
        return repr(failure) if failure else "closed by the server"

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                arrived = self._last_message = time.monotonic()
                self.messages += 1
                self.bytes += len(data)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg, arrived)
                async with self._changed:
                    self._changed.notify_all()
            if not self._closing:
                self.errors.append("the server closed the connection")
        except Exception as failure:
            if not self._closing:
                self.errors.append(f"connection failed: {failure!r}")
            raise
        finally:
            self._stop_timers()
            async with self._changed:
                self._changed.notify_all()

    def _handle(self, msg: ForwardMsg, arrived: float) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.runs_started += 1
            if not self.page_script_hash:
                self.page_script_hash = msg.new_session.page_script_hash
            if not msg.metadata.run.fragment_ids:
                self._stop_timers()  # a full run: the frontend drops every timer
        elif kind == "delta":
            delta = msg.delta
            if delta.WhichOneof("type") == "new_element":
                self._element(delta.new_element, arrived)
        elif kind == "navigation":
            # st.navigation: the page being shown (new_session names the entry script).
            if msg.navigation.page_script_hash:
                self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "script_finished":
            status = msg.script_finished
            if status == _FINISHED.FINISHED_SUCCESSFULLY:
                self.full_runs += 1
            elif status == _FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                self.fragment_runs += 1
            elif status == _FINISHED.FINISHED_WITH_COMPILE_ERROR:
                self.errors.append("the script did not compile")
        elif kind == "auto_rerun":
            self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                self._stop_timer(fragment_id)
        elif kind == "page_not_found":
            self.errors.append(f"page not found: {msg.page_not_found.page_name!r}")
        elif kind == "session_event":
            event = msg.session_event.WhichOneof("type")
            if event == "script_compilation_exception":
                self.errors.append("script compilation exception")
        elif kind == "ref_hash":
            self.errors.append("a ref_hash arrived though no message was listed as cached")

    def _element(self, element, arrived: float) -> None:
        kind = element.WhichOneof("type")
        if kind == "button":
            button = element.button
            self.buttons[button.id] = button.label
            self.label_seen.setdefault((button.id, button.label), []).append(arrived)
        elif kind == "exception":
            self.errors.append(f"exception shown: {element.exception.type}: "
                               f"{element.exception.message[:300]}")
        elif kind == "alert" and element.alert.format == ERROR_ALERT:
            self.errors.append(f"error shown: {element.alert.body[:300]}")

    # ---- fragment timers (run_every), as the browser's setInterval ---------------------------

    def _start_timer(self, fragment_id: str, interval: float) -> None:
        if not fragment_id or interval <= 0:
            return
        current = self._timers.get(fragment_id)
        if current is not None and current[0] == interval:
            return
        self._stop_timer(fragment_id)
        self._timers[fragment_id] = (interval, asyncio.create_task(
            self._tick(fragment_id, interval)))

    async def _tick(self, fragment_id: str, interval: float) -> None:
        due = time.monotonic()
        while True:
            due += interval
            await asyncio.sleep(max(due - time.monotonic(), 0))
            if time.monotonic() - due > interval:  # a late loop: do not send a burst
                due = time.monotonic()
            try:
                await self.rerun(fragment_id=fragment_id, auto=True)
            except Exception:  # noqa: BLE001 - the reader reports a lost connection
                return

    def _stop_timer(self, fragment_id: str) -> None:
        timer = self._timers.pop(fragment_id, None)
        if timer is not None:
            timer[1].cancel()

    def _stop_timers(self) -> None:
        for fragment_id in list(self._timers):
            self._stop_timer(fragment_id)
