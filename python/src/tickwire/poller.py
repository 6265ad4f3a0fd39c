"""A cursor poller for ``GET /events/{topic}``: the way to consume a capture relay over HTTP."""

from __future__ import annotations

import asyncio
import random as _random
from typing import Any, Union

from .backoff import Backoff
from .errors import RestError
from .events import StreamEvent, decode_event
from .rest import RestClient
from .session import Gap
from .topics import Topic
from .values import Cursor

__all__ = ["EventPoller", "PollItem"]

PollItem = Union[StreamEvent, Gap]


class EventPoller:
    """Polls ``GET /events/{topic}?since=S&epoch=E`` and yields each event once, in order, as
    its typed dataclass, and a :class:`~tickwire.session.Gap` in line where the node says
    events are gone (``retention``) or the history started afresh (``epoch_changed``).

    It keeps the cursor and epoch of the last entry (:attr:`cursor`), so it crosses epochs: on
    a capture relay it goes on from an older epoch into the next ones, each from its
    ``feed.gap``. On 429 and 503 it waits the answer's ``Retry-After`` (or ``retry_after_ms``,
    whichever is longer); on a network error it backs off with full jitter. When it has caught
    up it waits ``interval`` seconds between polls. It never ends by itself: break out of the
    loop, or call :meth:`close`.
    """

    def __init__(self, url: str, topic: Topic[Any] | str, *, since: Cursor | None = None, token: str | None = None,
                 limit: int = 500, interval: float = 1.0, backoff: Backoff = Backoff(0.25, 10.0),
                 timeout: float = 10.0, random: _random.Random | None = None) -> None:
        if not 1 <= limit <= 1000:
            raise ValueError("limit must be 1 to 1000")
        self.topic = topic.name if isinstance(topic, Topic) else topic
        self._rest = RestClient(url, token, timeout)
        self._cursor = since  # the last entry yielded
        self._fetched = since  # the last entry fetched: where the next poll goes on
        self.limit = limit
        self.interval = interval
        self.backoff = backoff
        self._rng = random or _random.Random()
        self._page: list[tuple[PollItem, Cursor]] = []
        self._closed = False
        self.throttled = 0
        """Answers 429 or 503 waited out."""
        self.duplicates = 0
        """Entries dropped because they were at or before the cursor."""

    @property
    def cursor(self) -> Cursor | None:
        """``(epoch, seq)`` of the last entry yielded: start a new poller from it to go on."""
        return self._cursor

    def close(self) -> None:
        self._closed = True

    def __aiter__(self) -> EventPoller:
        return self

    async def __anext__(self) -> PollItem:
        failures = 0
        while not self._page:
            if self._closed:
                raise StopAsyncIteration
            try:
                full = await self._poll()
                failures = 0
            except RestError as e:
                if e.status in (429, 503):
                    self.throttled += 1
                    await asyncio.sleep(max(e.retry_after or 1.0, 0.05))
                    continue
                raise
            except (OSError, asyncio.TimeoutError, ValueError):
                await asyncio.sleep(self.backoff.delay(failures, self._rng))
                failures += 1
                continue
            if not self._page and not full:
                await asyncio.sleep(self.interval)
        item, self._cursor = self._page.pop(0)
        return item

    async def _poll(self) -> bool:
        """One page; True when it was full (more may be waiting)."""
        params: dict[str, Any] = {"limit": self.limit}
        cursor = self._fetched
        params["since"] = cursor.seq if cursor else 0
        if cursor is not None:
            params["epoch"] = cursor.epoch
        page = await self._rest.call("GET", "/events/" + self.topic, params)
        entries = page.get("events") or []
        items: list[tuple[PollItem, Cursor]] = []
        for entry in entries:
            payload = entry.get("payload") or {}
            epoch = entry.get("reset_epoch") or payload.get("epoch") or page.get("epoch", "")
            position = int(entry.get("cursor", 0))
            here = Cursor(epoch, position)
            if payload.get("type") == "gap":
                items.append((Gap(self.topic, payload.get("epoch", epoch), payload.get("from_seq"),
                                  payload.get("to_seq"), str(payload.get("reason"))), here))
            else:
                if cursor is not None and cursor.epoch == epoch and position <= cursor.seq:
                    self.duplicates += 1
                    continue
                items.append((decode_event(payload), here))
            cursor = here
        self._page.extend(items)
        self._fetched = cursor
        real = sum(1 for e in entries if (e.get("payload") or {}).get("type") != "gap")
        return real >= self.limit
