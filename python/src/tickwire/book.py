"""Local order books checked by ``seq`` and CRC32, and the protocol's checksum."""

from __future__ import annotations

import zlib
from bisect import bisect_left, insort
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Sequence, Union

from .events import BookDelta, BookInvalidated, BookSnapshot, Level, UnknownEvent

__all__ = [
    "BookProblem",
    "BookView",
    "ChecksumMismatch",
    "EpochChanged",
    "Invalidated",
    "LocalBook",
    "SequenceGap",
    "checksum",
]

CHECKSUM_DEPTH = 10
_crc32 = zlib.crc32


def checksum(asks: Sequence[tuple[str, str]], bids: Sequence[tuple[str, str]]) -> int:
    """The book checksum of protocol.md: CRC32 of the best 10 asks then the best 10 bids,
    each ``price:qty`` with the strings exactly as sent, joined with ``|`` (unsigned)."""
    parts = [p + ":" + q for p, q in list(asks[:CHECKSUM_DEPTH]) + list(bids[:CHECKSUM_DEPTH])]
    return zlib.crc32("|".join(parts).encode("utf-8"))


@dataclass(frozen=True, slots=True)
class SequenceGap:
    """A delta did not follow the last event the book had."""

    expected: int
    received: int


@dataclass(frozen=True, slots=True)
class ChecksumMismatch:
    """The book after a delta or snapshot differs from the server's."""

    seq: int
    expected: int
    computed: int


@dataclass(frozen=True, slots=True)
class Invalidated:
    """The server invalidated the stream (``lag``, ``sequence_gap``, ``reset``)."""

    reason: str


@dataclass(frozen=True, slots=True)
class EpochChanged:
    """The stream's history started afresh."""

    previous: str
    current: str


BookProblem = Union[SequenceGap, ChecksumMismatch, Invalidated, EpochChanged]


@dataclass(frozen=True, slots=True)
class BookView:
    """An immutable copy of the top of a book. When ``valid`` is false it has no levels."""

    market: str
    valid: bool
    epoch: str | None
    seq: int | None
    bids: tuple[Level, ...]
    asks: tuple[Level, ...]

    @property
    def best_bid(self) -> Level | None:
        return self.bids[0] if self.bids else None

    @property
    def best_ask(self) -> Level | None:
        return self.asks[0] if self.asks else None


class _Side:
    """One side: price (Decimal) -> "price:qty" as the wire sent them, prices kept sorted
    ascending; the checksum's part of this side is cached until a change reaches the top 10."""

    __slots__ = ("levels", "prices", "descending", "_top")

    def __init__(self, descending: bool) -> None:
        self.levels: dict[Decimal, str] = {}
        self.prices: list[Decimal] = []
        self.descending = descending
        self._top: bytes | None = None  # b"p:q|p:q..." of the best 10, None when stale

    def load(self, raw: Iterable[Sequence[str]]) -> None:
        levels: dict[Decimal, str] = {}
        for p, q in raw:
            if q.strip("0."):  # a canonical decimal is zero when it has only 0 and '.'
                levels[Decimal(p)] = p + ":" + q
        self.levels = levels
        self.prices = sorted(levels)
        self._top = None

    def set(self, p: str, q: str) -> None:
        key = Decimal(p)
        levels = self.levels
        prices = self.prices
        if q.strip("0."):
            if key not in levels:
                insort(prices, key)
            levels[key] = p + ":" + q
        elif key in levels:
            del levels[key]
            del prices[bisect_left(prices, key)]
        else:
            return
        if self._top is not None:
            # Stale when the change is within the best 10 (as the list is now: an insert or
            # update there, or a delete that moved the 11th up).
            n = len(prices)
            if n < CHECKSUM_DEPTH or (key >= prices[n - CHECKSUM_DEPTH] if self.descending
                                      else key <= prices[CHECKSUM_DEPTH - 1]):
                self._top = None

    def best(self, depth: int) -> list[Decimal]:
        if self.descending:
            return self.prices[: -depth - 1 : -1]
        return self.prices[:depth]

    def top(self) -> bytes:
        top = self._top
        if top is None:
            levels = self.levels
            top = self._top = "|".join(map(levels.__getitem__, self.best(CHECKSUM_DEPTH))).encode()
        return top

    def view(self, depth: int) -> tuple[Level, ...]:
        levels = self.levels
        return tuple([Level(k, Decimal(levels[k].partition(":")[2])) for k in self.best(depth)])

    def wire(self, depth: int) -> list[tuple[str, str]]:
        levels = self.levels
        out = []
        for k in self.best(depth):
            p, _, q = levels[k].partition(":")
            out.append((p, q))
        return out


class LocalBook:
    """A copy of one market's book, kept by the client from its ``book.<MARKET>`` subscription
    (or by you: feed it events with :meth:`apply`).

    After every snapshot and delta it checks that ``seq`` follows and that the CRC32 of its top
    10 levels equals the server's ``checksum``. On a mismatch it becomes invalid until the next
    snapshot; while invalid it serves no levels: a book known to be wrong is never served.
    """

    __slots__ = ("market", "_bids", "_asks", "_epoch", "_seq", "_valid", "checks_ok", "checks_failed", "_keys")

    def __init__(self, market: str) -> None:
        self.market = market
        self._bids = _Side(descending=True)
        self._asks = _Side(descending=False)
        self._epoch: str | None = None
        self._seq: int | None = None
        self._valid = False
        self._keys: dict[str, Decimal] = {}
        self.checks_ok = 0
        """Snapshots and deltas whose checksum matched."""
        self.checks_failed = 0
        """Checksum mismatches and sequence gaps seen."""

    @property
    def valid(self) -> bool:
        return self._valid

    @property
    def epoch(self) -> str | None:
        return self._epoch

    @property
    def seq(self) -> int | None:
        """The ``seq`` of the last event the book reflects."""
        return self._seq

    def computed_checksum(self) -> int:
        """The checksum of the book as it is now (whatever its validity)."""
        a = self._asks.top()
        b = self._bids.top()
        if a and b:
            return _crc32(b, _crc32(b"|", _crc32(a)))
        return _crc32(a or b)

    def view(self, depth: int = 10) -> BookView:
        """The best ``depth`` levels of each side, best first (none when invalid)."""
        if not self._valid:
            return BookView(self.market, False, self._epoch, self._seq, (), ())
        return BookView(self.market, True, self._epoch, self._seq, self._bids.view(depth), self._asks.view(depth))

    def bids(self, depth: int = 10) -> tuple[Level, ...]:
        return self._bids.view(depth) if self._valid else ()

    def asks(self, depth: int = 10) -> tuple[Level, ...]:
        return self._asks.view(depth) if self._valid else ()

    @property
    def best_bid(self) -> Level | None:
        b = self.bids(1)
        return b[0] if b else None

    @property
    def best_ask(self) -> Level | None:
        a = self.asks(1)
        return a[0] if a else None

    def wire_levels(self, depth: int = 10) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """``(bids, asks)`` as the wire's ``[price, qty]`` strings, best first."""
        return self._bids.wire(depth), self._asks.wire(depth)

    def invalidate(self) -> None:
        self._valid = False

    def apply(self, event: BookSnapshot | BookDelta | BookInvalidated | UnknownEvent) -> BookProblem | None:
        """Applies one event of the book's stream; returns what went wrong, or None."""
        if isinstance(event, BookSnapshot):
            return self.load_snapshot(event.epoch, event.seq,
                                      [(_text(p), _text(q)) for p, q in event.bids],
                                      [(_text(p), _text(q)) for p, q in event.asks], event.checksum)
        if isinstance(event, BookDelta):
            return self.apply_delta(event.epoch, event.seq,
                                    [(c.side.value, _text(c.price), _text(c.qty)) for c in event.changes],
                                    event.checksum)
        if isinstance(event, BookInvalidated):
            self._valid = False
            self._epoch, self._seq = event.epoch, event.seq
            return Invalidated(event.reason)
        return None

    def load_snapshot(self, epoch: str, seq: int, bids: Iterable[Sequence[str]], asks: Iterable[Sequence[str]],
                      expected: int) -> BookProblem | None:
        """Replaces the book with a snapshot (levels as the wire's strings)."""
        self._bids.load(bids)
        self._asks.load(asks)
        self._epoch, self._seq = epoch, seq
        computed = self.computed_checksum()
        if computed != expected:
            self._valid = False
            self.checks_failed += 1
            return ChecksumMismatch(seq, expected, computed)
        self._valid = True
        self.checks_ok += 1
        return None

    def apply_delta(self, epoch: str, seq: int, changes: Iterable[Sequence[str]], expected: int) -> BookProblem | None:
        """Applies a delta (changes as the wire's ``[side, price, qty]`` strings)."""
        if not self._valid:
            return None  # waiting for a snapshot
        if epoch != self._epoch:
            self._valid = False
            self.checks_failed += 1
            return EpochChanged(self._epoch or "", epoch)
        if seq != (self._seq or 0) + 1:
            self._valid = False
            self.checks_failed += 1
            return SequenceGap((self._seq or 0) + 1, seq)
        bids, asks = self._bids, self._asks
        keys = self._keys
        for side, p, q in changes:
            # _Side.set, inlined: this is the SDK's hottest loop.
            book_side = bids if side == "buy" or side == "BUY" else asks
            key = keys.get(p)
            if key is None:  # prices repeat: parse each text once (the cache is bounded)
                if len(keys) >= 20_000:
                    keys.clear()
                key = keys[p] = Decimal(p)
            levels = book_side.levels
            prices = book_side.prices
            if q.strip("0."):  # a canonical decimal is zero when it has only 0 and '.'
                if key not in levels:
                    insort(prices, key)
                levels[key] = p + ":" + q
            elif key in levels:
                del levels[key]
                del prices[bisect_left(prices, key)]
            else:
                continue
            if book_side._top is not None:
                n = len(prices)
                if n < CHECKSUM_DEPTH or (key >= prices[n - CHECKSUM_DEPTH] if book_side.descending
                                          else key <= prices[CHECKSUM_DEPTH - 1]):
                    book_side._top = None
        self._seq = seq
        a = asks._top
        if a is None:
            a = asks.top()
        b = bids._top
        if b is None:
            b = bids.top()
        computed = _crc32(b, _crc32(b"|", _crc32(a))) if a and b else _crc32(a or b)
        if computed != expected:
            self._valid = False
            self.checks_failed += 1
            return ChecksumMismatch(seq, expected, computed)
        self.checks_ok += 1
        return None

    def snapshot_event(self, topic: str, ts: int, received_ns: int) -> BookSnapshot | None:
        """The book as a ``book.snapshot`` event (to make a lagging reader whole), or None when invalid."""
        if not self._valid or self._epoch is None or self._seq is None:
            return None
        depth = max(len(self._bids.prices), len(self._asks.prices))
        return BookSnapshot(topic, self._epoch, self._seq, ts, received_ns, self.market,
                            self._bids.view(depth), self._asks.view(depth), self.computed_checksum())

    def __repr__(self) -> str:
        return f"LocalBook({self.market!r}, valid={self._valid}, epoch={self._epoch!r}, seq={self._seq})"


def _text(d: Decimal) -> str:
    # Exact for the wire's canonical decimals (no exponent): format 'f' keeps every digit.
    return format(d, "f")
