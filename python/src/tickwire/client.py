"""The client: one WebSocket connection kept open, every subscription resumed losslessly."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import inspect
import json
import logging
import random as _random
import time
from collections import deque
from decimal import Decimal
from functools import partial
from operator import itemgetter
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Awaitable, Callable, Generic, Sequence, TypeVar, Union, overload
from urllib.parse import urlsplit, urlunsplit

import websockets
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from . import session as s
from .account import AccountMirror
from .backoff import Backoff
from .book import LocalBook
from .errors import (AuthenticationError, ClientClosedError, CommandRefusedError, ErrorReply, NotConnectedError,
                     RestError, SubscriptionRefusedError)
from .events import _SIDE, AccountEvent, AccountSnapshot, BookChange, BookDelta, BookEvent, StreamEvent, decode_event
from .orders import (Ack, AmendOrder, CommandStatus, OrderHandle, OrderRef, PlaceOrder, Receipt, RecoveryCompleted,
                     RecoveryScheduled, new_client_order_id)
from .rest import RestClient
from .topics import AccountTopic, BookTopic, Topic
from .values import Cursor

__all__ = ["AccountSubscription", "BookSubscription", "Client", "ClientOptions", "SessionEvents", "Subscription",
           "TokenProvider"]

log = logging.getLogger("tickwire")

E = TypeVar("E")
TokenProvider = Callable[[], Union[str, Awaitable[str]]]
"""Returns a token for the same user, at once or as an awaitable."""

_CONTROL = frozenset({"subscribed", "unsubscribed", "gap", "error", "ack", "receipt", "auth.ok", "pong", "notice",
                      "cancel_all_after", "session.cancel_on_disconnect"})
_SNAPSHOTS = frozenset({"book.snapshot", "account.snapshot", "book.invalidated"})
_MONO_NS = time.monotonic_ns
# websockets' asyncio client (the legacy one in 10.x-13.x, the new one from 14 on: the keyword
# arguments used here are common to both).
_connect: Callable[..., Any] = getattr(websockets, "connect")
_loads = json.loads
_change: Callable[[tuple[Any, Decimal, Decimal]], BookChange] = partial(tuple.__new__, BookChange)  # type: ignore[assignment]
topic_of = itemgetter("topic")


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """A client's settings (immutable; :meth:`Client.with_options` makes a client with others)."""

    url: str
    token: str | None = None
    token_provider: TokenProvider | None = None
    rest_url: str | None = None
    reconnect: Backoff = Backoff()
    cancel_on_disconnect: bool = False
    command_timeout: float = 10.0
    reconcile_after: float = 1.0
    ping_interval: float = 5.0
    read_timeout: float = 15.0
    connect_timeout: float = 10.0
    queue_capacity: int = 10_000
    compression: bool = True
    refresh_before: float | None = None
    random: _random.Random | None = None


class Subscription(Generic[E]):
    """One topic's events, each once and in ``seq`` order across reconnects: an async iterator
    (and an async context manager that unsubscribes). Gaps and epoch changes are session
    events (:meth:`Client.session_events`), not items of this iterator."""

    def __init__(self, client: Client, topic: Topic[E], since: Cursor | None) -> None:
        self.topic: Topic[E] = topic
        self._client = client
        self._queue: deque[Any] = deque()
        self._waiter: asyncio.Future[None] | None = None
        self._capacity = client.options.queue_capacity
        self._ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._ready.add_done_callback(_consume)
        self._closed = False
        self._refusal: ErrorReply | None = None
        self._since = since
        self._last: Any = None  # the last event handed to the reader (its cursor, made when asked)
        # The wire side, kept by the client: the last event accepted from the server.
        self._epoch: str | None = since.epoch if since else None
        self._seq: int | None = since.seq if since else None
        self._fresh = False
        self._state = "idle"  # idle | pending | live | resyncing
        self._resync_since: Cursor | None = None
        self._queued_epoch: str | None = self._epoch
        self._queued_seq: int | None = self._seq
        self._lagging = False
        self._dropped = 0
        self._drop_first = 0
        self._drop_last = 0
        self.duplicates = 0
        """Events dropped as duplicates of ones already received (a resume's replay)."""
        self._with_raw = False  # the command line's tail: queue (event, message) pairs
        self._resync_fresh = False

    @property
    def name(self) -> str:
        return self.topic.name

    @property
    def cursor(self) -> Cursor | None:
        """``(epoch, seq)`` of the last event this iterator gave you: resume from it later."""
        last = self._last
        return self._since if last is None else Cursor(last.epoch, last.seq)

    @property
    def refusal(self) -> ErrorReply | None:
        """Why the server refused the subscription, if it did."""
        return self._refusal

    async def ready(self) -> None:
        """Waits until the server confirmed the subscription and, for a book or the account, the
        first snapshot is in. Raises :class:`SubscriptionRefusedError` when refused."""
        await asyncio.shield(self._ready)

    def __aiter__(self) -> Subscription[E]:
        return self

    async def __anext__(self) -> E:
        queue = self._queue
        if queue and not self._with_raw:
            event = self._last = queue.popleft()
            if self._lagging and len(queue) <= self._capacity // 2:
                self._client._recover_lag(self)
            return event  # type: ignore[no-any-return]
        item = await self._take()
        return item[0] if self._with_raw else item  # type: ignore[no-any-return]

    async def _take(self) -> Any:
        queue = self._queue
        while not queue:
            if self._closed:
                if self._refusal is not None:
                    raise SubscriptionRefusedError(self.topic.name, self._refusal)
                raise StopAsyncIteration
            waiter = self._waiter = asyncio.get_running_loop().create_future()
            try:
                await waiter
            finally:
                self._waiter = None
        item = queue.popleft()
        self._last = item[0] if self._with_raw else item
        if self._lagging and len(queue) <= self._capacity // 2:
            self._client._recover_lag(self)
        return item

    async def close(self) -> None:
        """Unsubscribes; the iterator ends after the events already queued."""
        await self._client._unsubscribe(self)

    async def __aenter__(self) -> Subscription[E]:
        return self

    async def __aexit__(self, et: type[BaseException] | None, e: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.topic.name!r}, cursor={self.cursor})"

    # -- driven by the client -------------------------------------------------------------

    def _push(self, item: Any) -> None:
        queue = self._queue
        if self._lagging:
            self._dropped += 1
            self._drop_last = self._seq or 0
            return
        if len(queue) >= self._capacity:
            self._lagging = True
            self._dropped = 1
            self._drop_first = self._drop_last = self._seq or 0
            return
        queue.append(item)
        self._queued_epoch, self._queued_seq = self._epoch, self._seq
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _finish(self, refusal: ErrorReply | None = None) -> None:
        self._closed = True
        if refusal is not None:
            self._refusal = refusal
            if not self._ready.done():
                self._ready.set_exception(SubscriptionRefusedError(self.topic.name, refusal))
        elif not self._ready.done():
            self._ready.set_exception(ClientClosedError(f"{self.topic.name}: closed"))
        self._wake()


class BookSubscription(Subscription[BookEvent]):
    """A ``book.<MARKET>`` subscription; :attr:`book` is its checked local book."""

    def __init__(self, client: Client, topic: BookTopic) -> None:
        super().__init__(client, topic, None)
        self.book = LocalBook(topic.market)
        """Kept by the client on every event, before this iterator sees it, whether or not you iterate."""


class AccountSubscription(Subscription[AccountEvent]):
    """The ``account`` subscription; :attr:`account` is the account mirror."""

    def __init__(self, client: Client, topic: AccountTopic, since: Cursor | None) -> None:
        super().__init__(client, topic, since)
        self.account = AccountMirror()
        """Kept by the client on every event; empty until an ``account.snapshot`` arrives."""


class SessionEvents:
    """An async iterator of the session events from the moment it was made; it ends when the
    client closes (after the :class:`~tickwire.session.Closed` event)."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self._queue: deque[s.SessionEvent] = deque(maxlen=10_000)
        self._waiter: asyncio.Future[None] | None = None
        self._closed = False

    def __aiter__(self) -> SessionEvents:
        return self

    async def __anext__(self) -> s.SessionEvent:
        while not self._queue:
            if self._closed:
                raise StopAsyncIteration
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        return self._queue.popleft()

    def close(self) -> None:
        """Stops receiving; the iterator ends after the events already queued."""
        self._closed = True
        self._client._session_listeners.discard(self)
        self._wake()

    def _push(self, event: s.SessionEvent) -> None:
        self._queue.append(event)
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)


class _Connection:
    """One WebSocket connection and what is pending on it."""

    def __init__(self, ws: Any, opened: float) -> None:
        self.ws = ws
        self.opened = opened
        self.got_frame = False
        self.authenticated = False
        self.takes_orders = False
        self.user_id: str | None = None
        self.expires_at: int | None = None
        self.requests: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.sub_requests: dict[int, Subscription[Any]] = {}
        self.unanswered: set[Subscription[Any]] = set()
        self.notice_delay: float | None = None
        self.close_code: int | None = None
        self.close_reason = ""
        self.refused: ErrorReply | None = None
        self.replace_reason: str | None = None
        self.dead = False


class _Command:
    __slots__ = ("handle", "payload", "conn", "sent_mono", "lookups", "task")

    def __init__(self, handle: OrderHandle, payload: dict[str, Any], conn: _Connection) -> None:
        self.handle = handle
        self.payload = payload
        self.conn = conn
        self.sent_mono = time.monotonic()
        self.lookups = 0
        self.task: asyncio.Task[None] | None = None


class Client:
    """A Tickwire client: ``async with Client(url, token=...) as client:``.

    Making one does no I/O; :meth:`connect` (or entering the context) starts it and returns once
    the first connection is open and, with a token, authenticated. It reconnects by itself with
    full-jitter backoff and resumes every subscription from its cursor.
    """

    def __init__(self, url: str, *, token: str | None = None, token_provider: TokenProvider | None = None,
                 rest_url: str | None = None, reconnect: Backoff = Backoff(), cancel_on_disconnect: bool = False,
                 command_timeout: float = 10.0, reconcile_after: float = 1.0, ping_interval: float = 5.0,
                 read_timeout: float = 15.0, connect_timeout: float = 10.0, queue_capacity: int = 10_000,
                 compression: bool = True, refresh_before: float | None = None,
                 random: _random.Random | None = None) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("ws", "wss") or not parts.hostname:
            raise ValueError(f"url must be ws:// or wss://, not {url!r}")
        if token is not None and token_provider is not None:
            raise ValueError("give token or token_provider, not both")
        if queue_capacity < 2:
            raise ValueError("queue_capacity must be at least 2")
        if not (0 < ping_interval < read_timeout):
            raise ValueError("ping_interval must be positive and shorter than read_timeout")
        if rest_url is None:
            rest_url = urlunsplit(("https" if parts.scheme == "wss" else "http", parts.netloc, "", "", ""))
        self.options = ClientOptions(url, token, token_provider, rest_url, reconnect, cancel_on_disconnect,
                                     command_timeout, reconcile_after, ping_interval, read_timeout, connect_timeout,
                                     queue_capacity, compression, refresh_before, random)
        self._rng = random or _random.Random()
        self._token = token
        self.rest = RestClient(rest_url, lambda: self._token)
        """The node's REST API with this client's current token."""
        self._subs: dict[str, Subscription[Any]] = {}
        self._session_listeners: set[SessionEvents] = set()
        self._conn: _Connection | None = None
        self._status = s.ConnectionStatus.CONNECTING
        self._last_frame_ns: int | None = None
        self._reconnects = 0
        self._duplicates = 0
        self._next_id = 1
        self._commands: dict[int, _Command] = {}
        self._in_doubt: set[_Command] = set()
        self._supervisor: asyncio.Task[None] | None = None
        self._first: asyncio.Future[None] | None = None
        self._closed = False
        self._dms_ms: int | None = None
        self._dms_task: asyncio.Task[None] | None = None
        self._connected_event: asyncio.Event | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closing: asyncio.Task[None] | None = None
        self._refusals = 0

    def with_options(self, **changes: Any) -> Client:
        """A new (inert) client with this one's settings, some changed: ``with_options(token=other)``."""
        settings = {f.name: getattr(self.options, f.name) for f in dataclasses.fields(ClientOptions)}
        settings.update(changes)
        url = settings.pop("url")
        return Client(url, **settings)

    # -- lifecycle --------------------------------------------------------------------------

    async def connect(self) -> None:
        """Starts the client and waits for its first connection (authenticated, with a token).

        Raises :class:`AuthenticationError` when the token is refused (the client is then
        closed). While the node cannot be reached it keeps trying: bound the wait with
        ``asyncio.timeout``."""
        if self._closed:
            raise ClientClosedError("the client is closed")
        if self._supervisor is None:
            loop = asyncio.get_running_loop()
            self._first = loop.create_future()
            self._first.add_done_callback(_consume)
            self._connected_event = asyncio.Event()
            self._supervisor = loop.create_task(self._supervise(), name="tickwire-supervisor")
        assert self._first is not None
        await asyncio.shield(self._first)

    async def __aenter__(self) -> Client:
        try:
            await self.connect()
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(self, et: type[BaseException] | None, e: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.close()

    async def close(self) -> None:
        """Closes for good: a close frame, every iterator ended, commands in doubt resolved as
        ``unknown_execution``. Returns within about two seconds; idempotent."""
        await self._close("closed by the application")

    async def _close(self, reason: str) -> None:
        if self._closed:
            return
        self._closed = True
        self._set_status(s.ConnectionStatus.CLOSED)
        for t in list(self._tasks):
            t.cancel()
        if self._dms_task is not None:
            self._dms_task.cancel()
        conn = self._conn
        if self._supervisor is not None:
            self._supervisor.cancel()
        if conn is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.ws.close(), 1.5)
            with contextlib.suppress(Exception):
                conn.ws.transport.abort()
        if self._supervisor is not None:
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(self._supervisor, 1.0)
        for cmd in list(self._commands.values()) + list(self._in_doubt):
            cmd.handle._on_unknown("the client was closed")
            cmd.handle._resolve(CommandStatus.UNKNOWN_EXECUTION, "the client was closed before the outcome was known")
        self._commands.clear()
        self._in_doubt.clear()
        for sub in list(self._subs.values()):
            sub._finish()
        self._subs.clear()
        if self._first is not None and not self._first.done():
            self._first.set_exception(ClientClosedError("the client was closed before it connected"))
        self._emit(s.Closed(reason))
        for listener in list(self._session_listeners):
            listener.close()

    # -- reading state ----------------------------------------------------------------------

    @property
    def state(self) -> s.ConnectionState:
        """The connection's status, the time and age of the last frame, and the reconnects."""
        age = None if self._last_frame_ns is None else (_MONO_NS() - self._last_frame_ns) / 1e9
        at = None if age is None else time.time() - age
        return s.ConnectionState(self._status, at, age, self._reconnects)

    @property
    def user_id(self) -> str | None:
        """The authenticated user, once the server said so."""
        return self._conn.user_id if self._conn else None

    @property
    def duplicates_dropped(self) -> int:
        """Events dropped as duplicates over every subscription (a resume's replay)."""
        return self._duplicates

    def session_events(self) -> SessionEvents:
        """A new iterator of session events, from now on."""
        listener = SessionEvents(self)
        if self._closed:
            listener.close()
        else:
            self._session_listeners.add(listener)
        return listener

    # -- subscriptions ----------------------------------------------------------------------

    @overload
    def subscribe(self, topic: BookTopic) -> BookSubscription: ...

    @overload
    def subscribe(self, topic: AccountTopic, since: Cursor | None = None) -> AccountSubscription: ...

    @overload
    def subscribe(self, topic: Topic[E], since: Cursor | None = None) -> Subscription[E]: ...

    def subscribe(self, topic: Topic[Any], since: Cursor | None = None) -> Subscription[Any]:
        """Subscribes to a topic (sent now when connected, else on connecting), resuming after
        ``since`` when given. One subscription per topic: close the first before subscribing again.

        A book always starts from a snapshot (its local book needs one). An ``account``
        resumed from a cursor gets every event after it, but its mirror stays empty until an
        ``account.snapshot`` arrives."""
        if self._closed:
            raise ClientClosedError("the client is closed")
        if not isinstance(topic, Topic):
            raise TypeError("subscribe takes a Topic: Topic.book('BTC-USDT'), Topic.parse(name), ...")
        if topic.name in self._subs:
            raise ValueError(f"already subscribed to {topic.name}: close that subscription first")
        sub: Subscription[Any]
        if isinstance(topic, BookTopic) or topic.kind == "book":
            if since is not None:
                raise ValueError("a book starts from a snapshot: subscribe to it without since")
            sub = BookSubscription(self, topic if isinstance(topic, BookTopic) else BookTopic(topic.name[5:]))
        elif topic.kind == "account":
            sub = AccountSubscription(self, AccountTopic(), since)
        else:
            sub = Subscription(self, topic, since)
        self._subs[topic.name] = sub
        conn = self._conn
        if conn is not None and conn.authenticated and not conn.dead:
            self._send_subscribe(conn, sub)
        return sub

    async def _unsubscribe(self, sub: Subscription[Any]) -> None:
        if self._subs.get(sub.topic.name) is not sub:
            sub._finish()
            return
        del self._subs[sub.topic.name]
        sub._finish()
        conn = self._conn
        if conn is not None and conn.authenticated and not conn.dead:
            conn.unanswered.discard(sub)
            with contextlib.suppress(ConnectionClosed):
                await conn.ws.send(json.dumps({"type": "unsubscribe", "id": self._new_id(), "topic": sub.topic.name}))
            self._check_answered(conn)

    def _send_subscribe(self, conn: _Connection, sub: Subscription[Any], since: Cursor | None = None,
                        fresh: bool = False) -> None:
        rid = self._new_id()
        message: dict[str, Any] = {"type": "subscribe", "id": rid, "topic": sub.topic.name}
        if since is None and not fresh:
            if isinstance(sub, BookSubscription):
                # A valid book resumes from its cursor (the missed deltas are replayed); an
                # invalid one starts over from a snapshot.
                if sub.book.valid and sub._epoch is not None and sub._seq is not None:
                    since = Cursor(sub._epoch, sub._seq)
            elif sub._epoch is not None and sub._seq is not None:
                since = Cursor(sub._epoch, sub._seq)
        if since is not None:
            message["since"] = {"epoch": since.epoch, "seq": since.seq}
        sub._state = "pending"
        conn.sub_requests[rid] = sub
        conn.unanswered.add(sub)
        self._send_soon(conn, message)

    def _send_soon(self, conn: _Connection, message: dict[str, Any]) -> None:
        async def send() -> None:
            with contextlib.suppress(ConnectionClosed):
                await conn.ws.send(json.dumps(message))
        self._spawn(send())

    # -- orders -----------------------------------------------------------------------------

    async def place_order(self, order: PlaceOrder) -> OrderHandle:
        """Places an order (a ``client_order_id`` is made when it has none)."""
        if order.client_order_id is None:
            order = dataclasses.replace(order, client_order_id=new_client_order_id())
        assert order.client_order_id is not None
        payload = {"type": "order.place", **order.to_wire()}
        return await self._command(OrderHandle("place", (order.client_order_id,)), payload)

    async def cancel(self, ref: OrderRef) -> OrderHandle:
        """Cancels an open order, by ``order_id`` or ``client_order_id``."""
        ids = (ref.client_order_id,) if ref.client_order_id else ()
        return await self._command(OrderHandle("cancel", ids, ref.order_id), {"type": "order.cancel", **ref.to_wire()})

    async def amend(self, amend: AmendOrder) -> OrderHandle:
        """Amends an open order's price and/or total quantity."""
        ref = amend.ref
        ids = (ref.client_order_id,) if ref.client_order_id else ()
        return await self._command(OrderHandle("amend", ids, ref.order_id), {"type": "order.amend", **amend.to_wire()})

    async def place_batch(self, orders: Sequence[PlaceOrder]) -> OrderHandle:
        """Places 1 to 20 orders sequenced one after another (each gets a ``client_order_id``)."""
        if not 1 <= len(orders) <= 20:
            raise ValueError("a batch has 1 to 20 orders")
        named = [o if o.client_order_id else dataclasses.replace(o, client_order_id=new_client_order_id())
                 for o in orders]
        ids = tuple(o.client_order_id for o in named if o.client_order_id)
        payload = {"type": "order.batch", "orders": [o.to_wire() for o in named]}
        return await self._command(OrderHandle("batch", ids), payload)

    async def cancel_all(self, market: str | None = None) -> OrderHandle:
        """Cancels every open order of the user (in ``market``); the receipt's ``canceled`` counts them."""
        payload: dict[str, Any] = {"type": "order.cancel_all"}
        if market is not None:
            payload["market"] = market
        return await self._command(OrderHandle("cancel_all"), payload)

    async def cancel_all_after(self, timeout: float, *, auto_refresh: bool = True) -> int | None:
        """Arms the user's dead man's switch: every open order is canceled unless it is re-armed
        within ``timeout`` seconds (1 to 600; 0 disarms). With ``auto_refresh`` the client
        re-arms it every third of the timeout while connected and at once after each reconnect.
        Returns when it fires (ms since the epoch, by the sequencer's clock), None when disarmed."""
        ms = int(round(timeout * 1000))
        if ms != 0 and not 1000 <= ms <= 600_000:
            raise ValueError("timeout: 0 (disarm) or 1 to 600 seconds")
        reply = await self._request({"type": "order.cancel_all_after", "timeout_ms": ms})
        if self._dms_task is not None:
            self._dms_task.cancel()
            self._dms_task = None
        self._dms_ms = ms if (auto_refresh and ms) else None
        if self._dms_ms is not None:
            self._dms_task = asyncio.get_running_loop().create_task(self._refresh_dms(self._dms_ms))
        trigger = reply.get("trigger_at")
        return trigger if isinstance(trigger, int) else None

    async def _refresh_dms(self, ms: int) -> None:
        while self._dms_ms == ms and not self._closed:
            await asyncio.sleep(ms / 3000)
            conn = self._conn
            if conn is not None and conn.takes_orders and not conn.dead:
                try:
                    await self._request({"type": "order.cancel_all_after", "timeout_ms": ms})
                except (NotConnectedError, CommandRefusedError, asyncio.TimeoutError) as e:
                    log.debug("dead man's switch re-arm failed: %s", e)

    async def _command(self, handle: OrderHandle, payload: dict[str, Any]) -> OrderHandle:
        conn = self._conn
        if self._closed or conn is None or not conn.takes_orders or conn.dead:
            handle._resolve(CommandStatus.NOT_EXECUTED, "not connected")
            return handle
        rid = self._new_id()
        payload["id"] = rid
        cmd = _Command(handle, payload, conn)
        handle.sent_at = time.time()
        self._commands[rid] = cmd
        try:
            await conn.ws.send(json.dumps(payload))
        except ConnectionClosed:
            # The connection is closing; whether the frame left is not known: reconcile.
            pass
        if conn.dead and rid in self._commands:
            self._command_lost(rid, cmd, "the connection dropped while the command was sent")
        return handle

    async def _request(self, message: dict[str, Any]) -> dict[str, Any]:
        """A request answered by one message echoing its id (not a tracked command)."""
        conn = self._conn
        if self._closed or conn is None or not conn.takes_orders or conn.dead:
            raise NotConnectedError("not connected")
        rid = self._new_id()
        message["id"] = rid
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        conn.requests[rid] = fut
        try:
            await conn.ws.send(json.dumps(message))
            reply = await asyncio.wait_for(asyncio.shield(fut), self.options.command_timeout)
        except ConnectionClosed:
            raise NotConnectedError("the connection dropped") from None
        finally:
            conn.requests.pop(rid, None)
        if reply.get("type") == "error":
            raise CommandRefusedError(_error_reply(reply))
        return reply

    def _command_lost(self, rid: int, cmd: _Command, reason: str) -> None:
        self._commands.pop(rid, None)
        handle = cmd.handle
        if handle.done:
            return
        handle._on_unknown(reason)
        if handle.kind == "cancel_all":
            handle._resolve(CommandStatus.UNKNOWN_EXECUTION,
                            reason + "; a cancel-all cannot be looked up: sending it again is safe")
            return
        if handle.kind in ("cancel", "amend") and handle.order_id is None and handle.client_order_id is None:
            handle._resolve(CommandStatus.UNKNOWN_EXECUTION, reason)
            return
        self._in_doubt.add(cmd)
        cmd.task = self._spawn(self._reconcile(cmd))

    async def _reconcile(self, cmd: _Command) -> None:
        """Looks the command's order(s) up over REST once connected again (at least
        ``reconcile_after`` after it was sent), until the answer settles it."""
        handle = cmd.handle
        backoff = Backoff(0.25, 10.0)
        attempt = 0
        absent = 0
        try:
            while not self._closed and not handle.done:
                await self._wait_connected()
                wait = cmd.sent_mono + self.options.reconcile_after - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                attempt += 1
                try:
                    found = await self._look_up(handle)
                except RestError as e:
                    if e.status in (400, 401, 403):
                        handle._event(RecoveryCompleted(CommandStatus.UNKNOWN_EXECUTION, (), attempt))
                        handle._resolve(CommandStatus.UNKNOWN_EXECUTION, f"the lookup was refused: {e}")
                        return
                    delay = max(backoff.delay(attempt - 1, self._rng), e.retry_after or 0.0)
                    handle._event(RecoveryScheduled(str(e), attempt, delay))
                    await asyncio.sleep(delay)
                    continue
                except (OSError, asyncio.TimeoutError, ValueError) as e:
                    delay = backoff.delay(attempt - 1, self._rng)
                    handle._event(RecoveryScheduled(f"lookup failed: {e!r}", attempt, delay))
                    await asyncio.sleep(delay)
                    continue
                status, order, orders, message = self._judge(handle, found)
                if status is CommandStatus.NOT_EXECUTED and absent < 4:
                    # The REST view is built from the durable log and may trail it by a moment:
                    # "not executed" must hold for five lookups (about 4 s) first.
                    absent += 1
                    handle._event(RecoveryScheduled("not found yet; looking again", attempt, 1.0))
                    await asyncio.sleep(1.0)
                    continue
                handle._event(RecoveryCompleted(status, found, attempt))
                handle._resolve(status, message, order=order, orders=orders, reconciled=True)
                return
        finally:
            self._in_doubt.discard(cmd)

    async def _look_up(self, handle: OrderHandle) -> tuple[Any, ...]:
        if handle.kind in ("place", "batch"):
            return tuple([await self.rest.order_by_client_id(c) for c in handle.client_order_ids])
        if handle.order_id is not None:
            return (await self.rest.order(handle.order_id),)
        assert handle.client_order_id is not None
        return (await self.rest.order_by_client_id(handle.client_order_id),)

    @staticmethod
    def _judge(handle: OrderHandle, found: tuple[Any, ...]) -> tuple[CommandStatus, Any, tuple[Any, ...], str]:
        if handle.kind == "batch":
            if any(o is not None for o in found):
                return CommandStatus.SYNCHRONIZED, None, found, "reconciled: the server has the batch's orders"
            return CommandStatus.NOT_EXECUTED, None, found, "reconciled: none of the batch's orders is known"
        order = found[0]
        if order is None:
            return CommandStatus.NOT_EXECUTED, None, found, "reconciled: the server has no such order"
        if handle.kind == "cancel":
            if order.is_open:
                return CommandStatus.NOT_EXECUTED, order, found, "reconciled: the order is still open"
            return CommandStatus.SYNCHRONIZED, order, found, f"reconciled: the order is {order.status.value}"
        return CommandStatus.SYNCHRONIZED, order, found, f"reconciled: the order is {order.status.value}"

    async def _wait_connected(self) -> None:
        while True:
            if self._closed:
                raise ClientClosedError("closed")
            conn = self._conn
            if conn is not None and conn.takes_orders and not conn.dead:
                return
            assert self._connected_event is not None
            self._connected_event.clear()
            await self._connected_event.wait()

    # -- the connection ---------------------------------------------------------------------

    async def _supervise(self) -> None:
        attempt = 0
        lost_at: float | None = None
        attempts_since_loss = 0
        notice_delay: float | None = None
        try:
            while not self._closed:
                conn = None
                code: int | None = None
                reason = ""
                try:
                    token = await self._fetch_token()
                    ws = await _connect(
                        self.options.url, open_timeout=self.options.connect_timeout, ping_interval=None,
                        close_timeout=1.0, max_size=2 ** 24, max_queue=1024,
                        compression="deflate" if self.options.compression else None,
                        user_agent_header="tickwire-python")
                    conn = _Connection(ws, time.monotonic())
                    self._conn = conn
                    attempts_since_loss += 1
                    await self._run(conn, token, lost_at, attempts_since_loss)
                    code, reason = conn.close_code, conn.close_reason
                    if conn.refused is not None:
                        if not await self._after_refusal(conn):
                            return
                except InvalidHandshake as e:
                    status = _http_status(e)
                    code, reason = None, f"the upgrade was refused: {e}"
                    if status == 401:
                        if not await self._after_refusal(None, reason):
                            return
                except (OSError, asyncio.TimeoutError, ConnectionClosed) as e:
                    code, reason = None, f"{type(e).__name__}: {e}"
                    attempts_since_loss += 1 if conn is None else 0
                except Exception as e:  # a bug: say so, and keep the client alive
                    log.exception("tickwire connection failed unexpectedly")
                    code, reason = None, f"unexpected: {e!r}"
                    self._emit(s.ErrorEvent(f"the connection failed unexpectedly: {e!r}"))
                finally:
                    if conn is not None:
                        self._connection_ended(conn)
                if self._closed:
                    return
                if conn is not None and conn.got_frame:
                    attempt = 0
                if conn is not None and conn.notice_delay is not None:
                    notice_delay = conn.notice_delay
                if self._status is s.ConnectionStatus.CONNECTED or (conn is not None and conn.takes_orders):
                    lost_at = time.monotonic()
                    attempts_since_loss = 0
                    self._set_status(s.ConnectionStatus.DEGRADED)
                elif self._status is s.ConnectionStatus.DEGRADED and lost_at is None:
                    lost_at = time.monotonic()
                delay = self.options.reconnect.delay(attempt, self._rng) + (notice_delay or 0.0)
                notice_delay = None
                attempt += 1
                self._emit(s.Disconnected(code, reason, delay))
                await asyncio.sleep(delay)
        except asyncio.CancelledError:
            pass
        except Exception as e:  # pragma: no cover - a bug: say so rather than hang
            log.exception("tickwire client loop failed")
            self._emit(s.ErrorEvent(f"client loop failed: {e!r}"))
            if self._first is not None and not self._first.done():
                self._first.set_exception(e)

    async def _fetch_token(self) -> str | None:
        provider = self.options.token_provider
        if provider is None:
            return self._token
        value = provider()
        token: str = await value if inspect.isawaitable(value) else value
        self._token = token
        return token

    async def _after_refusal(self, conn: _Connection | None, reason: str | None = None) -> bool:
        """A refused token. A token that expired or was revoked on a connection that was fine is
        replaced from the provider; a token refused at once is asked for again once; otherwise
        the client closes: retrying cannot fix it. True: go on."""
        why = reason or (f"{conn.refused.code}: {conn.refused.message}" if conn and conn.refused else "token refused")
        self._emit(s.ErrorEvent(f"the token was refused ({why})", "unauthorized"))
        if self.options.token_provider is not None:
            if conn is not None and conn.authenticated:
                self._refusals = 0
                return True
            self._refusals += 1
            if self._refusals < 2:
                return True
        self._emit(s.ErrorEvent(f"the token was refused ({why}); the client is closed", "unauthorized"))
        if self._first is not None and not self._first.done():
            self._first.set_exception(AuthenticationError(why))
        self._closing = asyncio.get_running_loop().create_task(self._close(f"the token was refused ({why})"))
        return False

    async def _run(self, conn: _Connection, token: str | None, lost_at: float | None, attempts: int) -> None:
        loop = asyncio.get_running_loop()
        reader = loop.create_task(self._read(conn))
        ticker = loop.create_task(self._tick(conn))
        setup = loop.create_task(self._setup(conn, token, lost_at, attempts))
        try:
            await reader
        finally:
            conn.dead = True
            ticker.cancel()
            setup.cancel()
            for t in (ticker, setup):
                with contextlib.suppress(BaseException):
                    await t

    async def _setup(self, conn: _Connection, token: str | None, lost_at: float | None, attempts: int) -> None:
        try:
            if token is not None:
                reply = await self._conn_request(conn, {"type": "auth", "token": token})
                if reply.get("type") == "error":
                    conn.refused = _error_reply(reply)
                    await self._abort(conn)
                    return
                conn.user_id = reply.get("user_id")
                conn.expires_at = reply.get("expires_at")
                self._refusals = 0
            conn.authenticated = True
            if self.options.cancel_on_disconnect and token is not None:
                reply = await self._conn_request(conn, {"type": "session.cancel_on_disconnect", "enabled": True})
                if reply.get("type") == "error":
                    self._emit(s.ErrorEvent(f"cancel on disconnect refused: {reply.get('message')}", reply.get("code")))
            conn.takes_orders = token is not None
            for sub in list(self._subs.values()):
                self._send_subscribe(conn, sub)
            self._check_answered(conn)
            if self._first is not None and not self._first.done():
                self._first.set_result(None)
                self._emit(s.Connected(conn.user_id))
            else:
                self._reconnects += 1
                gap = 0.0 if lost_at is None else time.monotonic() - lost_at
                self._emit(s.Reconnected(gap, attempts))
            if self._connected_event is not None:
                self._connected_event.set()
            if self._dms_ms is not None:
                with contextlib.suppress(NotConnectedError, CommandRefusedError, asyncio.TimeoutError):
                    await self._request({"type": "order.cancel_all_after", "timeout_ms": self._dms_ms})
            if self.options.token_provider is not None:
                await self._renew_tokens(conn)
        except (ConnectionClosed, asyncio.TimeoutError, NotConnectedError) as e:
            if not conn.dead:
                conn.replace_reason = f"setup failed: {e!r}"
                await self._abort(conn)

    async def _renew_tokens(self, conn: _Connection) -> None:
        """Sends a fresh token as ``auth`` on the live connection before the current one expires."""
        while not conn.dead and conn.expires_at is not None:
            lifetime = conn.expires_at / 1000 - time.time()
            ahead = self.options.refresh_before
            if ahead is None:
                ahead = min(60.0, max(0.5, lifetime / 10))
            await asyncio.sleep(max(0.0, lifetime - ahead))
            try:
                token = await self._fetch_token()
            except Exception as e:  # the provider failed: say so, try again a little later
                self._emit(s.ErrorEvent(f"the token provider failed: {e!r}"))
                await asyncio.sleep(min(5.0, max(0.5, lifetime / 4)))
                continue
            if token is None:
                return
            reply = await self._conn_request(conn, {"type": "auth", "token": token})
            if reply.get("type") == "error":
                self._emit(s.ErrorEvent(f"the fresh token was refused: {reply.get('message')}", reply.get("code")))
                await asyncio.sleep(min(5.0, max(0.5, lifetime / 4)))
                continue
            conn.expires_at = reply.get("expires_at")
            self._emit(s.TokenRenewed(int(conn.expires_at or 0)))

    async def _conn_request(self, conn: _Connection, message: dict[str, Any]) -> dict[str, Any]:
        rid = self._new_id()
        message["id"] = rid
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        conn.requests[rid] = fut
        try:
            await conn.ws.send(json.dumps(message))
            return await asyncio.wait_for(fut, self.options.connect_timeout)
        finally:
            conn.requests.pop(rid, None)

    async def _abort(self, conn: _Connection) -> None:
        conn.dead = True
        with contextlib.suppress(Exception):
            conn.ws.transport.abort()

    async def _tick(self, conn: _Connection) -> None:
        """Pings, and gives up a silent connection or one that owes a receipt too long."""
        opts = self.options
        next_ping = time.monotonic() + opts.ping_interval
        last_seen = time.monotonic()
        while not conn.dead:
            await asyncio.sleep(min(0.25, opts.ping_interval))
            now = time.monotonic()
            if conn.got_frame and self._last_frame_ns is not None:
                last_seen = max(last_seen, self._last_frame_ns / 1e9)
            if now - last_seen > opts.read_timeout:
                conn.replace_reason = f"no frame for {opts.read_timeout:g} s"
                conn.close_reason = conn.replace_reason
                await self._abort(conn)
                return
            if now >= next_ping and conn.authenticated:
                next_ping = now + opts.ping_interval
                with contextlib.suppress(ConnectionClosed):
                    await conn.ws.send('{"type":"ping"}')
            for rid, cmd in list(self._commands.items()):
                if cmd.conn is conn and now - cmd.sent_mono > opts.command_timeout and not cmd.handle.done:
                    # A connection that owes a receipt this long is sick; replace it, so that no
                    # late receipt can contradict what reconciliation concludes.
                    conn.replace_reason = f"no receipt within {opts.command_timeout:g} s"
                    conn.close_reason = conn.replace_reason
                    await self._abort(conn)
                    return

    def _connection_ended(self, conn: _Connection) -> None:
        conn.dead = True
        if self._conn is conn:
            self._conn = None
        for fut in conn.requests.values():
            if not fut.done():
                fut.set_exception(NotConnectedError("the connection dropped"))
        for rid, cmd in list(self._commands.items()):
            if cmd.conn is conn:
                self._command_lost(rid, cmd, conn.replace_reason or "the connection dropped before the receipt")
        for sub in self._subs.values():
            if sub._state != "idle":
                sub._state = "idle"

    async def _read(self, conn: _Connection) -> None:
        ws = conn.ws
        recv = ws.recv
        dispatch = self._dispatch
        try:
            while True:
                text = await recv()
                now = _MONO_NS()
                self._last_frame_ns = now
                conn.got_frame = True
                try:
                    message = _loads(text)
                    dispatch(conn, message, now)
                except Exception as e:  # a malformed frame must not end the reader
                    log.debug("frame not handled", exc_info=True)
                    self._emit(s.ErrorEvent(f"malformed frame ({e!r}): {str(text)[:200]}"))
        except ConnectionClosed as e:
            conn.close_code = e.rcvd.code if e.rcvd is not None else None
            conn.close_reason = conn.replace_reason or (e.rcvd.reason if e.rcvd is not None else "connection lost")
        finally:
            if conn.close_code == 4001 and conn.refused is None:
                conn.refused = ErrorReply("unauthorized", conn.close_reason or "close 4001")

    def _dispatch(self, conn: _Connection, m: dict[str, Any], now: int) -> None:
        kind = m["type"]
        if kind not in _CONTROL:
            topic = m.get("topic")
            if topic is not None and "seq" in m:
                sub = self._subs.get(topic)
                if sub is not None and sub._state == "live":
                    self._on_event(sub, m, kind, now)
                return
            log.debug("ignoring a message of unknown type %s", kind)
            return
        if kind == "receipt":
            cmd = self._commands.pop(m.get("id", -1), None)
            if cmd is not None:
                cmd.handle._on_receipt(Receipt.from_wire(m))
        elif kind == "ack":
            cmd = self._commands.get(m.get("id", -1))
            if cmd is not None:
                cmd.handle._on_ack(Ack(m.get("request_id", ""), m.get("ts", 0)))
        elif kind == "subscribed":
            self._on_subscribed(conn, m)
        elif kind == "gap":
            self._on_gap(m)
        elif kind == "error":
            self._on_error(conn, m)
        elif kind == "unsubscribed":
            self._on_unsubscribed(conn, m)
        elif kind == "notice":
            ms = m.get("reconnect_after_ms")
            delay = None if not isinstance(ms, int) else min(60.0, ms / 1000)
            if m.get("code") == "shutdown":
                conn.notice_delay = delay or 0.0
            self._emit(s.Notice(str(m.get("code")), str(m.get("message", "")), delay))
        elif kind == "pong":
            pass
        else:  # auth.ok, cancel_all_after, session.cancel_on_disconnect
            fut = conn.requests.get(m.get("id", -1))
            if fut is not None and not fut.done():
                fut.set_result(m)

    def _on_event(self, sub: Subscription[Any], m: dict[str, Any], kind: str, now: int) -> None:
        epoch = m["epoch"]
        seq = m["seq"]
        ce = sub._epoch
        cs = sub._seq
        if kind in _SNAPSHOTS:
            pass
        elif epoch == ce:
            if cs is not None:
                if seq <= cs:
                    if not (sub._fresh and seq == cs):
                        sub.duplicates += 1
                        self._duplicates += 1
                        return
                elif seq != cs + 1:
                    self._resync(sub, None, f"expected seq {cs + 1}, received {seq}")
                    return
        elif ce is not None and not (seq == 1 and kind == "feed.gap"):
            # Another epoch without a gap or a snapshot saying so: resume from the cursor and
            # let the server say what happened.
            self._resync(sub, None, f"an event of epoch {epoch} after epoch {ce} without a gap")
            return
        sub._fresh = False
        if ce is not None and epoch != ce:
            self._emit(s.EpochChanged(sub.topic.name, ce, epoch))
        sub._epoch = epoch
        sub._seq = seq
        if isinstance(sub, BookSubscription):
            if kind == "book.delta":
                data = m["data"]
                book = sub.book
                changes = data["changes"]
                if book._valid:
                    problem = book.apply_delta(epoch, seq, changes, data["checksum"])
                    if problem is not None:
                        self._book_failed(sub, problem)
                        return
                try:
                    event: Any = BookDelta(topic_of(m), epoch, seq, m["ts"], now, data["market"],
                                           tuple([_change((_SIDE[c[0]], Decimal(c[1]), Decimal(c[2])))
                                                  for c in changes]), data["checksum"])
                except (KeyError, TypeError, ValueError, ArithmeticError, IndexError):
                    event = decode_event(m, now)
            elif not self._on_book(sub, m, kind, epoch, seq):
                return
            else:
                event = decode_event(m, now)
        else:
            event = decode_event(m, now)
            if isinstance(sub, AccountSubscription):
                sub.account.apply(event)
                if isinstance(event, AccountSnapshot) and not sub._ready.done():
                    sub._ready.set_result(None)
        if sub._with_raw:
            sub._push((event, m))
        else:
            sub._push(event)

    def _on_book(self, sub: BookSubscription, m: dict[str, Any], kind: str, epoch: str, seq: int) -> bool:
        """Applies a book event to the local book; false when it must not be passed on."""
        book = sub.book
        data = m["data"]
        if kind == "book.delta":
            if not book.valid:
                return True
            problem = book.apply_delta(epoch, seq, data["changes"], data["checksum"])
        elif kind == "book.snapshot":
            problem = book.load_snapshot(epoch, seq, data["bids"], data["asks"], data["checksum"])
            if problem is None and not sub._ready.done():
                sub._ready.set_result(None)
        elif kind == "book.invalidated":
            book.invalidate()
            self._emit(s.BookInvalidated(book.market, _invalidated(data.get("reason", ""))))
            return True
        else:
            return True
        if problem is not None:
            self._book_failed(sub, problem)
            return False
        return True

    def _book_failed(self, sub: BookSubscription, problem: Any) -> None:
        self._emit(s.BookInvalidated(sub.book.market, problem))
        self._resync(sub, None, f"book check failed: {problem}", fresh=True)

    def _resync(self, sub: Subscription[Any], since: Cursor | None, reason: str, fresh: bool = False) -> None:
        """Resubscribes a topic (unsubscribe, then subscribe from ``since`` or its cursor)."""
        conn = self._conn
        self._emit(s.Resync(sub.topic.name, reason))
        if isinstance(sub, BookSubscription) and fresh:
            sub.book.invalidate()
        if conn is None or conn.dead or sub._state != "live":
            return
        sub._state = "resyncing"
        sub._resync_since = since
        sub._resync_fresh = fresh
        rid = self._new_id()
        conn.sub_requests[rid] = sub
        self._send_soon(conn, {"type": "unsubscribe", "id": rid, "topic": sub.topic.name})

    def _recover_lag(self, sub: Subscription[Any]) -> None:
        dropped, first, last = sub._dropped, sub._drop_first, sub._drop_last
        sub._lagging = False
        sub._dropped = 0
        self._emit(s.Lagged(sub.topic.name, dropped, first, last))
        if isinstance(sub, BookSubscription):
            snapshot = sub.book.snapshot_event(sub.topic.name, 0, _MONO_NS())
            if snapshot is not None:
                sub._queue.append((snapshot, {}) if sub._with_raw else snapshot)
                sub._queued_epoch, sub._queued_seq = snapshot.epoch, snapshot.seq
            return
        # Resume from the last event queued for the reader: the server replays the rest.
        if sub._queued_epoch is not None and sub._queued_seq is not None:
            since = Cursor(sub._queued_epoch, sub._queued_seq)
            sub._epoch, sub._seq = since.epoch, since.seq
            if sub._state == "live":
                self._resync(sub, since, "the reader lagged")

    def _on_subscribed(self, conn: _Connection, m: dict[str, Any]) -> None:
        sub = conn.sub_requests.pop(m.get("id", -1), None) or self._subs.get(m["topic"])
        if sub is None or self._subs.get(sub.topic.name) is not sub:
            return
        sub._state = "live"
        if not m.get("recovered"):
            previous = sub._epoch
            sub._epoch, sub._seq, sub._fresh = m["epoch"], m["seq"], True
            if previous is not None and previous != m["epoch"]:
                self._emit(s.EpochChanged(sub.topic.name, previous, m["epoch"]))
        if not sub._ready.done() and (not isinstance(sub, (BookSubscription, AccountSubscription))
                                      or (isinstance(sub, AccountSubscription) and m.get("recovered"))):
            sub._ready.set_result(None)
        conn.unanswered.discard(sub)
        self._check_answered(conn)

    def _on_unsubscribed(self, conn: _Connection, m: dict[str, Any]) -> None:
        sub = conn.sub_requests.pop(m.get("id", -1), None)
        if sub is None or sub._state != "resyncing" or self._subs.get(sub.topic.name) is not sub:
            return
        self._send_subscribe(conn, sub, sub._resync_since, fresh=sub._resync_fresh)

    def _on_gap(self, m: dict[str, Any]) -> None:
        topic = m["topic"]
        gap = s.Gap(topic, m["epoch"], m.get("from_seq"), m.get("to_seq"), str(m.get("reason")))
        sub = self._subs.get(topic)
        if sub is not None:
            if gap.epoch != sub._epoch:
                if sub._epoch is not None:
                    self._emit(s.EpochChanged(topic, sub._epoch, gap.epoch))
                sub._epoch, sub._seq, sub._fresh = gap.epoch, None, True
            elif gap.to_seq is not None and (sub._seq is None or gap.to_seq > sub._seq):
                sub._seq = gap.to_seq
            if isinstance(sub, AccountSubscription):
                pass  # the snapshot that follows reloads the mirror
        self._emit(gap)

    def _on_error(self, conn: _Connection, m: dict[str, Any]) -> None:
        rid = m.get("id")
        error = _error_reply(m)
        if rid is not None:
            cmd = self._commands.pop(rid, None)
            if cmd is not None:
                cmd.handle._on_refused(error)
                return
            fut = conn.requests.get(rid)
            if fut is not None and not fut.done():
                fut.set_result(m)
                return
            sub = conn.sub_requests.pop(rid, None)
            if sub is not None:
                conn.unanswered.discard(sub)
                if error.code == "rate_limited":
                    delay = (error.retry_after_ms or 1000) / 1000
                    self._spawn(self._subscribe_later(conn, sub, delay))
                else:
                    self._subs.pop(sub.topic.name, None)
                    sub._finish(error)
                    self._emit(s.ErrorEvent(f"{sub.topic.name} refused: {error.code}: {error.message}", error.code))
                self._check_answered(conn)
                return
        self._emit(s.ErrorEvent(error.message, error.code))

    async def _subscribe_later(self, conn: _Connection, sub: Subscription[Any], delay: float) -> None:
        await asyncio.sleep(delay)
        if not conn.dead and self._subs.get(sub.topic.name) is sub:
            self._send_subscribe(conn, sub)

    def _check_answered(self, conn: _Connection) -> None:
        if conn.authenticated and not conn.unanswered and not conn.dead and not self._closed:
            self._set_status(s.ConnectionStatus.CONNECTED)

    # -- helpers ----------------------------------------------------------------------------

    def _set_status(self, status: s.ConnectionStatus) -> None:
        if self._status is not s.ConnectionStatus.CLOSED:
            self._status = status

    def _emit(self, event: s.SessionEvent) -> None:
        for listener in list(self._session_listeners):
            listener._push(event)

    def _new_id(self) -> int:
        rid = self._next_id
        self._next_id += 1
        return rid

    def _spawn(self, coro: Awaitable[Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            if not isinstance(exc, (ClientClosedError, ConnectionClosed)):
                log.error("tickwire task failed", exc_info=exc)


def _invalidated(reason: str) -> Any:
    from .book import Invalidated
    return Invalidated(reason)


def _http_status(e: Exception) -> int | None:
    code = getattr(e, "status_code", None)
    if code is None:
        code = getattr(getattr(e, "response", None), "status_code", None)
    return code if isinstance(code, int) else None


def _error_reply(m: dict[str, Any]) -> ErrorReply:
    ms = m.get("retry_after_ms")
    return ErrorReply(str(m.get("code", "")), str(m.get("message", "")), m.get("field"),
                      ms if isinstance(ms, int) else None)


def _consume(f: asyncio.Future[Any]) -> None:
    if not f.cancelled():
        f.exception()

