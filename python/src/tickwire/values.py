"""Values of the wire: decimals, enumerations, cursors. Money is always :class:`~decimal.Decimal`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum

__all__ = [
    "Cursor",
    "OrderStatus",
    "OrderType",
    "Role",
    "Side",
    "TimeInForce",
    "parse_decimal",
    "wire_decimal",
]

_CANONICAL = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]+)?")


def parse_decimal(text: str) -> Decimal:
    """A decimal string of the wire as a :class:`Decimal` (signed, as a fee may be)."""
    return Decimal(text)


def wire_decimal(value: Decimal | str | int, field: str = "value") -> str:
    """``value`` in the wire's canonical form (no sign, no exponent, no leading zeros).

    Accepts a :class:`Decimal`, an ``int`` or a decimal string; never a ``float`` (binary
    floating point cannot hold prices). Raises :class:`ValueError` naming ``field`` otherwise.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError(f"{field}: use Decimal or a decimal string, not {type(value).__name__}")
    if isinstance(value, str):
        if not _CANONICAL.fullmatch(value):
            raise ValueError(f"{field}: not a canonical decimal: {value!r}")
        return value
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{field}: must not be negative: {value}")
        return str(value)
    if not isinstance(value, Decimal):
        raise ValueError(f"{field}: use Decimal or a decimal string, not {type(value).__name__}")
    try:
        if not value.is_finite() or value.is_signed():
            raise ValueError(f"{field}: must be a finite decimal >= 0: {value}")
    except InvalidOperation as e:  # pragma: no cover - is_finite never raises
        raise ValueError(f"{field}: {e}") from e
    text = format(value, "f")
    if text.startswith("-"):  # -0
        text = text[1:]
    if not _CANONICAL.fullmatch(text):  # pragma: no cover - 'f' of a finite non-negative decimal
        raise ValueError(f"{field}: not representable canonically: {value}")
    return text


class _WireEnum(str, Enum):
    """An enumeration whose values are the wire's, read case-insensitively."""

    @classmethod
    def parse(cls, text: str) -> "_WireEnum":
        try:
            return cls._value2member_map_[text.lower()]  # type: ignore[return-value]
        except KeyError:
            raise ValueError(f"unknown {cls.__name__}: {text!r}") from None

    def __str__(self) -> str:
        return str(self.value)


class Side(_WireEnum):
    """``buy`` (a bid) or ``sell`` (an ask)."""

    BUY = "buy"
    SELL = "sell"


class OrderType(_WireEnum):
    LIMIT = "limit"
    MARKET = "market"


class TimeInForce(_WireEnum):
    GTC = "gtc"
    IOC = "ioc"
    FOK = "fok"
    POST_ONLY = "post_only"


class OrderStatus(_WireEnum):
    """An order's state; ``NEW`` and ``PARTIALLY_FILLED`` are open, the others final."""

    NEW = "new"
    PARTIALLY_FILLED = "partially_filled"
    FILLED = "filled"
    CANCELED = "canceled"
    REJECTED = "rejected"

    @property
    def is_open(self) -> bool:
        return self is OrderStatus.NEW or self is OrderStatus.PARTIALLY_FILLED


class Role(_WireEnum):
    TAKER = "taker"
    MAKER = "maker"


@dataclass(frozen=True, slots=True)
class Cursor:
    """A position in a topic's stream: the ``(epoch, seq)`` of the last event processed."""

    epoch: str
    seq: int

    @classmethod
    def parse(cls, text: str) -> "Cursor":
        """``EPOCH:SEQ``, as ``tickwire tail --since`` takes it."""
        epoch, sep, seq = text.rpartition(":")
        if not sep or not epoch or not seq.isdigit():
            raise ValueError(f"a cursor is EPOCH:SEQ, not {text!r}")
        return cls(epoch, int(seq))

    def __str__(self) -> str:
        return f"{self.epoch}:{self.seq}"
