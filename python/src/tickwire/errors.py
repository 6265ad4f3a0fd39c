"""Exceptions of the SDK."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AuthenticationError",
    "ClientClosedError",
    "CommandRefusedError",
    "ErrorReply",
    "NotConnectedError",
    "RestError",
    "SubscriptionRefusedError",
    "TickwireError",
    "UnknownExecutionError",
]


@dataclass(frozen=True, slots=True)
class ErrorReply:
    """The server's ``error`` message."""

    code: str
    message: str
    field: str | None = None
    retry_after_ms: int | None = None


class TickwireError(Exception):
    """Base class of the SDK's exceptions."""


class ClientClosedError(TickwireError):
    """The client was closed."""


class NotConnectedError(TickwireError):
    """The request needs a live, authenticated connection and there is none now."""


class AuthenticationError(TickwireError):
    """The server refused the token (HTTP 401 on the upgrade, ``unauthorized``, or close 4001)."""


class SubscriptionRefusedError(TickwireError):
    """The server refused a subscription (an unknown topic, no token that may read ``account``)."""

    def __init__(self, topic: str, error: ErrorReply) -> None:
        super().__init__(f"{topic}: {error.code}: {error.message}")
        self.topic = topic
        self.error = error


class CommandRefusedError(TickwireError):
    """The server answered a request with an ``error`` (nothing was queued)."""

    def __init__(self, error: ErrorReply) -> None:
        super().__init__(f"{error.code}: {error.message}")
        self.error = error


class UnknownExecutionError(TickwireError):
    """The connection dropped, or the command timed out, between sending and the receipt: the
    command may or may not have executed. The client reconciles it; await ``resolved()``."""


class RestError(TickwireError):
    """A REST call answered with an error status."""

    def __init__(self, status: int, code: str | None, message: str, field: str | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(f"HTTP {status} {code or ''}: {message}".replace("  ", " "))
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.retry_after = retry_after
