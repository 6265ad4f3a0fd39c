"""Topics, typed by the events their stream carries."""

from __future__ import annotations

import re
from typing import Any, Generic, TypeVar

from .events import AccountEvent, BookEvent, CandleEvent, FeedEvent, TickerEvent, TradesEvent

__all__ = ["AccountTopic", "BookTopic", "Topic"]

E = TypeVar("E", covariant=True)

_MARKET = re.compile(r"[A-Z0-9]{1,16}-[A-Z0-9]{1,16}")
_INTERVALS = ("1m", "5m", "15m", "1h", "4h", "1d")
_FEED = re.compile(r"[A-Za-z0-9_.\-@:!~+]{1,48}")
_OWN = re.compile(r"[a-z]+\.[A-Z0-9]{1,16}-[A-Z0-9]{1,16}(\..*)?")


def _market(market: str) -> str:
    if not _MARKET.fullmatch(market):
        raise ValueError(f"not a market (BASE-QUOTE, e.g. BTC-USDT): {market!r}")
    return market


class Topic(Generic[E]):
    """A topic name, typed by its events: ``Topic.trades("BTC-USDT")`` is a ``Topic[TradesEvent]``.

    Make one with the class methods; compare and hash by name.
    """

    __slots__ = ("name", "kind")

    def __init__(self, name: str, kind: str) -> None:
        self.name = name
        self.kind = kind
        """``book``, ``trades``, ``ticker``, ``candles``, ``account`` or ``feed``."""

    @staticmethod
    def book(market: str) -> BookTopic:
        return BookTopic(_market(market))

    @staticmethod
    def trades(market: str) -> Topic[TradesEvent]:
        return Topic("trades." + _market(market), "trades")

    @staticmethod
    def ticker(market: str) -> Topic[TickerEvent]:
        return Topic("ticker." + _market(market), "ticker")

    @staticmethod
    def candles(market: str, interval: str) -> Topic[CandleEvent]:
        if interval not in _INTERVALS:
            raise ValueError(f"interval must be one of {', '.join(_INTERVALS)}: {interval!r}")
        return Topic(f"candles.{_market(market)}.{interval}", "candles")

    @staticmethod
    def account() -> AccountTopic:
        return AccountTopic()

    @staticmethod
    def feed(name: str) -> Topic[FeedEvent]:
        """A topic of a relay's captured feed, e.g. ``btcusdt@trade`` (or ``_rejected``)."""
        if not _FEED.fullmatch(name) or name == "account" or name.startswith(("book.", "trades.")) \
                or _OWN.fullmatch(name):
            raise ValueError(f"not a feed topic: {name!r}")
        return Topic(name, "feed")

    @staticmethod
    def parse(name: str) -> Topic[Any]:
        """Any topic by its name (``book.BTC-USDT``, ``account``, ``btcusdt@trade``, ...)."""
        if name == "account":
            return Topic.account()
        kind, _, rest = name.partition(".")
        if kind == "book":
            return Topic.book(rest)
        if kind == "trades":
            return Topic.trades(rest)
        if kind == "ticker" and _MARKET.fullmatch(rest):
            return Topic.ticker(rest)
        if kind == "candles" and "." in rest:
            market, _, interval = rest.partition(".")
            return Topic.candles(market, interval)
        return Topic.feed(name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Topic) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"Topic({self.name!r})"

    def __str__(self) -> str:
        return self.name


class BookTopic(Topic[BookEvent]):
    """``book.<MARKET>``: its subscription keeps a checked :class:`~tickwire.LocalBook`."""

    __slots__ = ("market",)

    def __init__(self, market: str) -> None:
        super().__init__("book." + market, "book")
        self.market = market


class AccountTopic(Topic[AccountEvent]):
    """``account``: its subscription keeps an :class:`~tickwire.AccountMirror`."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("account", "account")
