"""Typed stream events: frozen dataclasses, one union per stream kind.

Every event carries the envelope (``topic``, ``epoch``, ``seq``, ``ts``) and ``received_ns``
(``time.monotonic_ns()`` when its frame was read, before decoding). An event type this SDK does
not know, or a known one whose payload it cannot read (a newer server's new enum value, say),
arrives as :class:`UnknownEvent` with its JSON ``data``: it is passed through, never dropped,
and it advances the topic's cursor.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, NamedTuple, Union

from .values import Cursor, OrderStatus, OrderType, Role, Side, TimeInForce

__all__ = [
    "AccountEvent",
    "AccountSnapshot",
    "Balance",
    "BalanceUpdate",
    "BookChange",
    "BookDelta",
    "BookEvent",
    "BookInvalidated",
    "BookSnapshot",
    "Candle",
    "CandleEvent",
    "FeedEvent",
    "FeedGap",
    "FeedMessage",
    "FeedRejected",
    "Level",
    "MarketTrade",
    "Order",
    "OrderUpdate",
    "StreamEvent",
    "Ticker",
    "TickerEvent",
    "Trade",
    "TradesEvent",
    "UnknownEvent",
    "decode_event",
    "decode_order",
]


class Level(NamedTuple):
    """One level of a book: a price and the quantity resting at it."""

    price: Decimal
    qty: Decimal


class BookChange(NamedTuple):
    """One changed level of a ``book.delta``: ``qty`` is the level's new absolute quantity (0 removes it)."""

    side: Side
    price: Decimal
    qty: Decimal


@dataclass(frozen=True, slots=True)
class Balance:
    asset: str
    avail: Decimal
    frozen: Decimal


@dataclass(frozen=True, slots=True)
class Order:
    """An order's whole state, as ``order.update`` and REST carry it."""

    order_id: int
    client_order_id: str | None
    symbol: str
    side: Side
    order_type: OrderType
    tif: TimeInForce
    price: Decimal | None
    qty: Decimal
    status: OrderStatus
    filled_qty: Decimal
    avg_price: Decimal | None
    updated_at: int
    cancel_reason: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status.is_open


@dataclass(frozen=True, slots=True)
class _Envelope:
    topic: str
    epoch: str
    seq: int
    ts: int
    received_ns: int

    @property
    def cursor(self) -> Cursor:
        """``(epoch, seq)``: resume after this event with it."""
        return Cursor(self.epoch, self.seq)


@dataclass(frozen=True, slots=True)
class BookSnapshot(_Envelope):
    """The whole book; not an event of the stream: ``seq`` is the last event it reflects."""

    market: str
    bids: tuple[Level, ...]
    asks: tuple[Level, ...]
    checksum: int
    TYPE = "book.snapshot"


@dataclass(frozen=True, slots=True)
class BookDelta(_Envelope):
    market: str
    changes: tuple[BookChange, ...]
    checksum: int
    TYPE = "book.delta"


@dataclass(frozen=True, slots=True)
class BookInvalidated(_Envelope):
    """The server invalidated the book (``lag``, ``sequence_gap``, ``reset``); a snapshot follows."""

    market: str
    reason: str
    TYPE = "book.invalidated"


@dataclass(frozen=True, slots=True)
class MarketTrade(_Envelope):
    trade_id: int
    market: str
    price: Decimal
    qty: Decimal
    taker_side: Side
    TYPE = "market.trade"


@dataclass(frozen=True, slots=True)
class Ticker(_Envelope):
    market: str
    last: Decimal | None
    best_bid: Level | None
    best_ask: Level | None
    open_24h: Decimal | None
    high_24h: Decimal | None
    low_24h: Decimal | None
    volume_24h: Decimal
    quote_volume_24h: Decimal
    trades_24h: int
    TYPE = "ticker"


@dataclass(frozen=True, slots=True)
class Candle(_Envelope):
    market: str
    interval: str
    open_time: int
    close_time: int
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: Decimal
    quote_volume: Decimal
    trades: int
    closed: bool
    TYPE = "candle"


@dataclass(frozen=True, slots=True)
class AccountSnapshot(_Envelope):
    """Balances and open orders; not an event of the stream: ``seq`` is the last event it reflects."""

    balances: tuple[Balance, ...]
    open_orders: tuple[Order, ...]
    TYPE = "account.snapshot"


@dataclass(frozen=True, slots=True)
class OrderUpdate(_Envelope):
    order: Order
    TYPE = "order.update"


@dataclass(frozen=True, slots=True)
class Trade(_Envelope):
    """A fill of one of the user's orders (wire type ``trade``); ``fee`` < 0 is a maker rebate."""

    trade_id: int
    order_id: int
    symbol: str
    side: Side
    role: Role
    price: Decimal
    qty: Decimal
    fee: Decimal
    fee_asset: str
    traded_at: int
    TYPE = "trade"


@dataclass(frozen=True, slots=True)
class BalanceUpdate(_Envelope):
    balance: Balance
    TYPE = "balance.update"


@dataclass(frozen=True, slots=True)
class FeedMessage(_Envelope):
    """One frame of a relay's captured feed; ``data`` is its JSON value as the upstream sent it."""

    data: Any
    TYPE = "feed.message"


@dataclass(frozen=True, slots=True)
class FeedGap(_Envelope):
    """The first event of a captured topic in a new epoch: what the upstream sent meanwhile is gone."""

    reason: str
    last_message_at: str | None
    TYPE = "feed.gap"


@dataclass(frozen=True, slots=True)
class FeedRejected(_Envelope):
    reason: str
    size: int
    sample: str
    TYPE = "feed.rejected"


@dataclass(frozen=True, slots=True)
class UnknownEvent(_Envelope):
    """An event this SDK cannot read as a known type; ``data`` is its JSON payload."""

    type: str
    data: Any


BookEvent = Union[BookSnapshot, BookDelta, BookInvalidated, UnknownEvent]
TradesEvent = Union[MarketTrade, UnknownEvent]
TickerEvent = Union[Ticker, UnknownEvent]
CandleEvent = Union[Candle, UnknownEvent]
AccountEvent = Union[AccountSnapshot, OrderUpdate, Trade, BalanceUpdate, UnknownEvent]
FeedEvent = Union[FeedMessage, FeedGap, FeedRejected, UnknownEvent]
StreamEvent = Union[
    BookSnapshot, BookDelta, BookInvalidated, MarketTrade, Ticker, Candle, AccountSnapshot,
    OrderUpdate, Trade, BalanceUpdate, FeedMessage, FeedGap, FeedRejected, UnknownEvent,
]

# Wire spellings differ in case between messages; the server writes them exactly as the
# protocol shows, so a dictionary of both cases is the fast path.
_SIDE = {"buy": Side.BUY, "sell": Side.SELL, "BUY": Side.BUY, "SELL": Side.SELL}
_ROLE = {"TAKER": Role.TAKER, "MAKER": Role.MAKER, "taker": Role.TAKER, "maker": Role.MAKER}


def _enum_map(enum: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for member in enum:
        out[member.value] = member
        out[member.value.upper()] = member
    return out


_ORDER_TYPE = _enum_map(OrderType)
_TIF = _enum_map(TimeInForce)
_STATUS = _enum_map(OrderStatus)


def _dec_or_none(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _level_or_none(value: list[str] | None) -> Level | None:
    return None if value is None else Level(Decimal(value[0]), Decimal(value[1]))


def _levels(raw: list[list[str]]) -> tuple[Level, ...]:
    return tuple([Level(Decimal(p), Decimal(q)) for p, q in raw])


def decode_order(d: dict[str, Any]) -> Order:
    """An order object of the wire (``order.update`` data, REST) as an :class:`Order`."""
    price = d["price"]
    avg = d["avg_price"]
    return Order(
        d["order_id"], d["client_order_id"], d["symbol"], _SIDE[d["side"]], _ORDER_TYPE[d["order_type"]],
        _TIF[d["tif"]], None if price is None else Decimal(price), Decimal(d["qty"]), _STATUS[d["status"]],
        Decimal(d["filled_qty"]), None if avg is None else Decimal(avg), d["updated_at"], d.get("cancel_reason"),
    )


def _balance(d: dict[str, Any]) -> Balance:
    return Balance(d["asset"], Decimal(d["avail"]), Decimal(d["frozen"]))


_Env = tuple[str, str, int, int, int]


def _book_delta(e: _Env, d: dict[str, Any]) -> BookDelta:
    side = _SIDE
    return BookDelta(*e, d["market"], tuple([BookChange(side[s], Decimal(p), Decimal(q)) for s, p, q in d["changes"]]),
                     d["checksum"])


def _book_snapshot(e: _Env, d: dict[str, Any]) -> BookSnapshot:
    return BookSnapshot(*e, d["market"], _levels(d["bids"]), _levels(d["asks"]), d["checksum"])


def _market_trade(e: _Env, d: dict[str, Any]) -> MarketTrade:
    return MarketTrade(*e, d["trade_id"], d["market"], Decimal(d["price"]), Decimal(d["qty"]), _SIDE[d["taker_side"]])


def _ticker(e: _Env, d: dict[str, Any]) -> Ticker:
    return Ticker(*e, d["market"], _dec_or_none(d["last"]), _level_or_none(d["best_bid"]),
                  _level_or_none(d["best_ask"]), _dec_or_none(d["open_24h"]), _dec_or_none(d["high_24h"]),
                  _dec_or_none(d["low_24h"]), Decimal(d["volume_24h"]), Decimal(d["quote_volume_24h"]),
                  d["trades_24h"])


def _candle(e: _Env, d: dict[str, Any]) -> Candle:
    return Candle(*e, d["market"], d["interval"], d["open_time"], d["close_time"], Decimal(d["open"]),
                  Decimal(d["high"]), Decimal(d["low"]), Decimal(d["close"]), Decimal(d["volume"]),
                  Decimal(d["quote_volume"]), d["trades"], bool(d["closed"]))


def _account_snapshot(e: _Env, d: dict[str, Any]) -> AccountSnapshot:
    return AccountSnapshot(*e, tuple([_balance(b) for b in d["balances"]]),
                           tuple([decode_order(o) for o in d["open_orders"]]))


def _trade(e: _Env, d: dict[str, Any]) -> Trade:
    return Trade(*e, d["trade_id"], d["order_id"], d["symbol"], _SIDE[d["side"]], _ROLE[d["role"]],
                 Decimal(d["price"]), Decimal(d["qty"]), Decimal(d["fee"]), d["fee_asset"], d["traded_at"])


_DECODERS: dict[str, Callable[[_Env, dict[str, Any]], StreamEvent]] = {
    "book.delta": _book_delta,
    "book.snapshot": _book_snapshot,
    "book.invalidated": lambda e, d: BookInvalidated(*e, d["market"], d["reason"]),
    "market.trade": _market_trade,
    "ticker": _ticker,
    "candle": _candle,
    "account.snapshot": _account_snapshot,
    "order.update": lambda e, d: OrderUpdate(*e, decode_order(d)),
    "trade": _trade,
    "balance.update": lambda e, d: BalanceUpdate(*e, _balance(d)),
    "feed.message": lambda e, d: FeedMessage(*e, d),
    "feed.gap": lambda e, d: FeedGap(*e, d["reason"], d.get("last_message_at")),
    "feed.rejected": lambda e, d: FeedRejected(*e, d["reason"], d["size"], d["sample"]),
}


def decode_event(message: dict[str, Any], received_ns: int = 0) -> StreamEvent:
    """A stream event (a parsed JSON object with the envelope) as its typed dataclass.

    Never raises for a payload it cannot read: that is an :class:`UnknownEvent`. The envelope
    itself (``type``, ``topic``, ``epoch``, ``seq``, ``ts``) must be there (``KeyError`` otherwise).
    """
    kind = message["type"]
    env: _Env = (message["topic"], message["epoch"], message["seq"], message.get("ts", 0), received_ns)
    data = message.get("data")
    decoder = _DECODERS.get(kind)
    if decoder is not None:
        try:
            return decoder(env, data)  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError, ArithmeticError, IndexError):
            pass
    return UnknownEvent(*env, kind, data)
