"""Session events (the connection's news, apart from data events) and the connection state."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Union

from .book import BookProblem

__all__ = [
    "BookInvalidated",
    "Closed",
    "Connected",
    "ConnectionState",
    "ConnectionStatus",
    "Disconnected",
    "EpochChanged",
    "ErrorEvent",
    "Gap",
    "Lagged",
    "Notice",
    "Reconnected",
    "Resync",
    "SessionEvent",
    "TokenRenewed",
]


class ConnectionStatus(str, Enum):
    """Where the client's connection stands (the Java SDK's words)."""

    CONNECTING = "connecting"
    """Connecting for the first time; not connected yet."""
    CONNECTED = "connected"
    """Connected and authenticated, every subscription answered: frames flow, subscriptions are live."""
    DEGRADED = "degraded"
    """Was connected, lost the connection and is reconnecting or resuming its subscriptions:
    local books and the account mirror keep their last state but may be stale."""
    CLOSED = "closed"
    """Closed by ``close()``, or by a refusal that retrying cannot fix (a bad token)."""

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True, slots=True)
class ConnectionState:
    """A snapshot of the connection, taken when read."""

    status: ConnectionStatus
    last_frame_at: float | None
    """Wall-clock time (``time.time()``) of the last frame received, None before the first."""
    last_frame_age: float | None
    """Seconds since the last frame received, None before the first."""
    reconnects: int
    """Successful reconnections since the client was made."""


@dataclass(frozen=True, slots=True)
class Connected:
    """The first connection is up (and authenticated, with a token)."""

    user_id: str | None


@dataclass(frozen=True, slots=True)
class Disconnected:
    """The connection is gone; the next attempt is in ``retry_in`` seconds."""

    code: int | None
    reason: str
    retry_in: float


@dataclass(frozen=True, slots=True)
class Reconnected:
    """Back after ``gap`` seconds and ``attempts`` attempts; subscriptions are resuming."""

    gap: float
    attempts: int


@dataclass(frozen=True, slots=True)
class Gap:
    """The server could not deliver these events (``reason`` ``retention`` or ``epoch_changed``;
    ``from_seq``/``to_seq`` may be None for a changed epoch). Never hidden."""

    topic: str
    epoch: str
    from_seq: int | None
    to_seq: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class EpochChanged:
    """A topic's stream started afresh: state derived from ``previous`` no longer holds."""

    topic: str
    previous: str
    current: str


@dataclass(frozen=True, slots=True)
class BookInvalidated:
    """A local book stopped being trustworthy and is resyncing from a snapshot."""

    market: str
    problem: BookProblem


@dataclass(frozen=True, slots=True)
class Resync:
    """The client resubscribes ``topic`` from its cursor (a hole in ``seq``, a failed check, a lagging reader)."""

    topic: str
    reason: str


@dataclass(frozen=True, slots=True)
class Lagged:
    """A subscription's reader was too slow: ``dropped`` events (``first_seq``..``last_seq``)
    were not queued for it. It is made whole: a book with a snapshot of the local book, any
    other topic by resuming from the last event it was given."""

    topic: str
    dropped: int
    first_seq: int
    last_seq: int


@dataclass(frozen=True, slots=True)
class Notice:
    """The server's ``notice``; for ``shutdown`` the next reconnect waits ``reconnect_after``
    seconds (at most 60) plus the usual jittered backoff."""

    code: str
    message: str
    reconnect_after: float | None


@dataclass(frozen=True, slots=True)
class TokenRenewed:
    """The token provider's fresh token was accepted on the live connection (``expires_at`` in ms)."""

    expires_at: int


@dataclass(frozen=True, slots=True)
class ErrorEvent:
    """Something went wrong that nothing else was waiting for (an ``error`` reply, a refused
    token, a malformed frame). ``code`` is the server's when it sent one."""

    message: str
    code: str | None = None


@dataclass(frozen=True, slots=True)
class Closed:
    """The client is closed (by ``close()``, or a refusal retrying cannot fix)."""

    reason: str


SessionEvent = Union[
    Connected, Disconnected, Reconnected, Gap, EpochChanged, BookInvalidated, Resync, Lagged, Notice,
    TokenRenewed, ErrorEvent, Closed,
]
