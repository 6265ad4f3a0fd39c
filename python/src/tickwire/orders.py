"""Order commands, their handles and outcomes: tracked like the Java SDK's."""

from __future__ import annotations

import asyncio
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Union

from .errors import CommandRefusedError, ErrorReply, UnknownExecutionError
from .events import Order
from .values import OrderType, Side, TimeInForce, wire_decimal

__all__ = [
    "Ack",
    "AckReceived",
    "AmendOrder",
    "CommandEvent",
    "CommandStatus",
    "ExecutionUnknown",
    "OrderHandle",
    "OrderOutcome",
    "OrderRef",
    "OrderResult",
    "PlaceOrder",
    "Receipt",
    "ReceiptReceived",
    "RecoveryCompleted",
    "RecoveryScheduled",
    "Refused",
    "new_client_order_id",
]

_CLIENT_ORDER_ID = re.compile(r"[A-Za-z0-9._:-]{1,36}")


def new_client_order_id() -> str:
    """A fresh ``client_order_id`` (``py-`` and 20 random hex digits)."""
    return "py-" + secrets.token_hex(10)


def _check_client_order_id(value: str | None) -> None:
    if value is not None and not _CLIENT_ORDER_ID.fullmatch(value):
        raise ValueError(f"client_order_id: 1 to 36 of A-Z a-z 0-9 . _ : -, not {value!r}")


def _deadline_ms(deadline: datetime | None) -> int | None:
    if deadline is None:
        return None
    if deadline.tzinfo is None:
        raise ValueError("deadline: use an aware datetime (datetime.now(timezone.utc) + ...)")
    return int(deadline.timestamp() * 1000)


class CommandStatus(str, Enum):
    """Where an order command stands (the Java SDK's words). ``accepted``, ``rejected``,
    ``synchronized`` and ``not_executed`` are final; ``resolved()`` completes with one of them,
    or with ``unknown_execution`` when the client is closed (or the command is a batch or
    cancel-all that cannot be looked up) before the outcome is known."""

    SENT = "sent"
    """Written to the connection; nothing heard yet."""
    ACKED = "acked"
    """The server queued it for the sequencer (``ack``); not durable yet."""
    UNKNOWN_EXECUTION = "unknown_execution"
    """Cut off (or timed out) between sending and the receipt: it may or may not have executed;
    the client reconciles over REST."""
    ACCEPTED = "accepted"
    """Final: the receipt said accepted."""
    REJECTED = "rejected"
    """Final: the receipt said rejected, or the server refused the request with an error."""
    SYNCHRONIZED = "synchronized"
    """Final: reconciliation found the order; the outcome carries its real state."""
    NOT_EXECUTED = "not_executed"
    """Final: the command did not execute (found so by reconciliation, dropped at the rate limit,
    or made while not connected). Sending it again with the same ``client_order_id`` is safe."""

    @property
    def final(self) -> bool:
        return self in _FINAL

    def __str__(self) -> str:
        return str(self.value)


_FINAL = frozenset({CommandStatus.ACCEPTED, CommandStatus.REJECTED, CommandStatus.SYNCHRONIZED,
                    CommandStatus.NOT_EXECUTED})


@dataclass(frozen=True, slots=True)
class PlaceOrder:
    """An ``order.place``. Make one with :meth:`limit_order` or :meth:`market_order`; prices and
    quantities are :class:`Decimal` (or canonical decimal strings), never floats."""

    market: str
    side: Side
    order_type: OrderType
    tif: TimeInForce
    qty: Decimal
    price: Decimal | None = None
    client_order_id: str | None = None
    deadline: datetime | None = None

    def __post_init__(self) -> None:
        wire_decimal(self.qty, "qty")
        if self.order_type is OrderType.LIMIT and self.price is None:
            raise ValueError("price: a limit order needs one")
        if self.order_type is OrderType.MARKET and self.price is not None:
            raise ValueError("price: a market order must not have one")
        if self.price is not None:
            wire_decimal(self.price, "price")
        _check_client_order_id(self.client_order_id)
        _deadline_ms(self.deadline)

    @classmethod
    def limit_order(cls, market: str, side: Side, price: Decimal | str, qty: Decimal | str, *,
                    tif: TimeInForce = TimeInForce.GTC, client_order_id: str | None = None,
                    deadline: datetime | None = None) -> PlaceOrder:
        return cls(market, Side(side), OrderType.LIMIT, TimeInForce(tif), Decimal(wire_decimal(qty, "qty")),
                   Decimal(wire_decimal(price, "price")), client_order_id, deadline)

    @classmethod
    def market_order(cls, market: str, side: Side, qty: Decimal | str, *, tif: TimeInForce = TimeInForce.IOC,
                     client_order_id: str | None = None, deadline: datetime | None = None) -> PlaceOrder:
        return cls(market, Side(side), OrderType.MARKET, TimeInForce(tif), Decimal(wire_decimal(qty, "qty")),
                   None, client_order_id, deadline)

    def to_wire(self) -> dict[str, Any]:
        """The order's fields as ``order.place`` has them (without ``type`` and ``id``)."""
        out: dict[str, Any] = {"market": self.market, "side": self.side.value, "order_type": self.order_type.value,
                               "tif": self.tif.value, "qty": wire_decimal(self.qty, "qty")}
        if self.price is not None:
            out["price"] = wire_decimal(self.price, "price")
        if self.client_order_id is not None:
            out["client_order_id"] = self.client_order_id
        deadline = _deadline_ms(self.deadline)
        if deadline is not None:
            out["deadline"] = deadline
        return out


@dataclass(frozen=True, slots=True)
class OrderRef:
    """An order named by exactly one of ``order_id`` or ``client_order_id``."""

    order_id: int | None = None
    client_order_id: str | None = None

    def __post_init__(self) -> None:
        if (self.order_id is None) == (self.client_order_id is None):
            raise ValueError("name an order by exactly one of order_id or client_order_id")
        _check_client_order_id(self.client_order_id)

    @classmethod
    def by_id(cls, order_id: int) -> OrderRef:
        return cls(order_id=order_id)

    @classmethod
    def by_client_id(cls, client_order_id: str) -> OrderRef:
        return cls(client_order_id=client_order_id)

    def to_wire(self) -> dict[str, Any]:
        return {"order_id": self.order_id} if self.order_id is not None else {"client_order_id": self.client_order_id}


@dataclass(frozen=True, slots=True)
class AmendOrder:
    """An ``order.amend``: a new price and/or a new **total** quantity (the filled part included)."""

    ref: OrderRef
    price: Decimal | None = None
    qty: Decimal | None = None
    deadline: datetime | None = None

    def __post_init__(self) -> None:
        if self.price is None and self.qty is None:
            raise ValueError("an amend changes price, qty or both")
        if self.price is not None:
            wire_decimal(self.price, "price")
        if self.qty is not None:
            wire_decimal(self.qty, "qty")
        _deadline_ms(self.deadline)

    def to_wire(self) -> dict[str, Any]:
        out = self.ref.to_wire()
        if self.price is not None:
            out["price"] = wire_decimal(self.price, "price")
        if self.qty is not None:
            out["qty"] = wire_decimal(self.qty, "qty")
        deadline = _deadline_ms(self.deadline)
        if deadline is not None:
            out["deadline"] = deadline
        return out


@dataclass(frozen=True, slots=True)
class Ack:
    """The server's ``ack``: queued for the sequencer, not durable yet."""

    request_id: str
    ts: int


@dataclass(frozen=True, slots=True)
class OrderResult:
    """One order's outcome in a batch's receipt."""

    status: str
    order_id: int | None
    client_order_id: str | None
    code: str | None
    message: str | None

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"


@dataclass(frozen=True, slots=True)
class Receipt:
    """The durable outcome of a command: ``status`` ``accepted`` or ``rejected`` (with ``code``)."""

    request_id: str
    status: str
    order_id: int | None
    client_order_id: str | None
    code: str | None
    message: str | None
    canceled: int | None = None
    """On a cancel-all's receipt: how many orders it canceled."""
    results: tuple[OrderResult, ...] | None = None
    """On a batch's receipt: each order's outcome, in order."""

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"

    @staticmethod
    def from_wire(m: dict[str, Any]) -> Receipt:
        results = m.get("results")
        return Receipt(
            m.get("request_id", ""), m["status"], m.get("order_id"), m.get("client_order_id"), m.get("code"),
            m.get("message"), m.get("canceled"),
            None if results is None else tuple(
                OrderResult(r["status"], r.get("order_id"), r.get("client_order_id"), r.get("code"), r.get("message"))
                for r in results),
        )


@dataclass(frozen=True, slots=True)
class OrderOutcome:
    """The final word on a command."""

    status: CommandStatus
    message: str
    receipt: Receipt | None = None
    """The receipt, when one arrived."""
    order: Order | None = None
    """After reconciliation: the order as the server has it (None when absent)."""
    orders: tuple[Order | None, ...] = ()
    """After reconciling a batch: each order as the server has it, in the batch's order."""
    error: ErrorReply | None = None
    """The server's ``error``, when it refused the request."""
    reconciled: bool = False
    """True when the outcome was found over REST (by ``client_order_id`` or order id)."""


@dataclass(frozen=True, slots=True)
class AckReceived:
    ack: Ack


@dataclass(frozen=True, slots=True)
class ReceiptReceived:
    receipt: Receipt


@dataclass(frozen=True, slots=True)
class Refused:
    """The server answered the command with an ``error``: nothing was queued."""

    error: ErrorReply


@dataclass(frozen=True, slots=True)
class ExecutionUnknown:
    """Cut off (or timed out) before the receipt."""

    reason: str


@dataclass(frozen=True, slots=True)
class RecoveryScheduled:
    """A REST lookup is due in ``delay`` seconds (``attempt`` counts from 1)."""

    why: str
    attempt: int
    delay: float


@dataclass(frozen=True, slots=True)
class RecoveryCompleted:
    """Reconciliation settled: ``found`` holds each order looked up (None: absent)."""

    status: CommandStatus
    found: tuple[Order | None, ...]
    attempts: int


CommandEvent = Union[AckReceived, ReceiptReceived, Refused, ExecutionUnknown, RecoveryScheduled, RecoveryCompleted]


class OrderHandle:
    """One command's progress. ``await handle.resolved()`` always completes."""

    __slots__ = ("kind", "client_order_id", "client_order_ids", "order_id", "_status", "_history", "_ack", "_receipt",
                 "_resolved", "request_id", "sent_at", "_acked")

    def __init__(self, kind: str, client_order_ids: tuple[str, ...] = (), order_id: int | None = None) -> None:
        loop = asyncio.get_running_loop()
        self.kind = kind
        """``place``, ``cancel``, ``amend``, ``batch`` or ``cancel_all``."""
        self.client_order_ids = client_order_ids
        """Every ``client_order_id`` the command names (a batch: one per order)."""
        self.client_order_id: str | None = client_order_ids[0] if len(client_order_ids) == 1 else None
        self.order_id = order_id
        self.request_id: str | None = None
        """The server's ``request_id`` (from the ack or receipt)."""
        self.sent_at: float | None = None
        self._status = CommandStatus.SENT
        self._acked = False
        self._history: list[CommandEvent] = []
        self._ack: asyncio.Future[Ack] = loop.create_future()
        self._receipt: asyncio.Future[Receipt] = loop.create_future()
        self._resolved: asyncio.Future[OrderOutcome] = loop.create_future()
        for f in self._futures():
            f.add_done_callback(_consume)

    @property
    def status(self) -> CommandStatus:
        return self._status

    def _futures(self) -> tuple[asyncio.Future[Any], ...]:
        return (self._ack, self._receipt)

    @property
    def history(self) -> tuple[CommandEvent, ...]:
        """Everything that happened to the command, in order."""
        return tuple(self._history)

    @property
    def done(self) -> bool:
        return self._resolved.done()

    async def ack(self) -> Ack:
        """The ``ack``; raises :class:`UnknownExecutionError` or :class:`CommandRefusedError` instead."""
        return await asyncio.shield(self._ack)

    async def receipt(self) -> Receipt:
        """The receipt; raises :class:`UnknownExecutionError` or :class:`CommandRefusedError` instead."""
        return await asyncio.shield(self._receipt)

    async def resolved(self) -> OrderOutcome:
        """The final word; always completes, never raises (but for cancellation)."""
        return await asyncio.shield(self._resolved)

    def __repr__(self) -> str:
        return (f"OrderHandle({self.kind}, status={self._status.value}, client_order_ids={self.client_order_ids}, "
                f"request_id={self.request_id})")

    # -- driven by the client -------------------------------------------------------------

    def _event(self, event: CommandEvent) -> None:
        self._history.append(event)

    def _on_ack(self, ack: Ack) -> None:
        if self.done or self._acked:
            return
        self._acked = True
        self.request_id = ack.request_id
        self._event(AckReceived(ack))
        if self._status is CommandStatus.SENT:
            self._status = CommandStatus.ACKED
        if not self._ack.done():
            self._ack.set_result(ack)

    def _on_receipt(self, receipt: Receipt) -> None:
        if self.done:
            return
        self.request_id = receipt.request_id or self.request_id
        self._event(ReceiptReceived(receipt))
        if not self._ack.done():
            self._ack.set_result(Ack(receipt.request_id, 0))
        self._receipt.set_result(receipt)
        self._resolve(CommandStatus.ACCEPTED if receipt.accepted else CommandStatus.REJECTED,
                      receipt.message or receipt.status, receipt=receipt)

    def _on_refused(self, error: ErrorReply) -> None:
        if self.done:
            return
        self._event(Refused(error))
        exc = CommandRefusedError(error)
        for f in self._futures():
            if not f.done():
                f.set_exception(exc)
        if error.code == "rate_limited":
            # Dropped before the sequencer: certainly not executed.
            self._resolve(CommandStatus.NOT_EXECUTED, f"{error.code}: {error.message}", error=error)
        else:
            self._resolve(CommandStatus.REJECTED, f"{error.code}: {error.message}", error=error)

    def _on_unknown(self, reason: str) -> None:
        if self.done or self._status is CommandStatus.UNKNOWN_EXECUTION:
            return
        self._status = CommandStatus.UNKNOWN_EXECUTION
        self._event(ExecutionUnknown(reason))
        exc = UnknownExecutionError(reason)
        for f in self._futures():
            if not f.done():
                f.set_exception(exc)

    def _resolve(self, status: CommandStatus, message: str, *, receipt: Receipt | None = None,
                 order: Order | None = None, orders: tuple[Order | None, ...] = (),
                 error: ErrorReply | None = None, reconciled: bool = False) -> None:
        if self.done:
            return
        self._status = status
        if status is not CommandStatus.ACCEPTED and status is not CommandStatus.REJECTED:
            exc = UnknownExecutionError(message)
            for f in self._futures():
                if not f.done():
                    f.set_exception(exc)
        self._resolved.set_result(OrderOutcome(status, message, receipt, order, orders, error, reconciled))


def _consume(f: asyncio.Future[Any]) -> None:
    # Nobody has to await ack() or receipt(): keep asyncio from logging their exceptions.
    if not f.cancelled():
        f.exception()
