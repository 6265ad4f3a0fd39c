"""The account mirror: balances and open orders from the ``account`` stream."""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from .events import AccountEvent, AccountSnapshot, Balance, BalanceUpdate, Order, OrderUpdate

__all__ = ["AccountMirror"]


class AccountMirror:
    """Balances and open orders, loaded from ``account.snapshot`` and kept by the
    ``order.update`` and ``balance.update`` events after it. Empty (``loaded`` false) until a
    snapshot arrives; a hole in ``seq`` makes it stale (``loaded`` false) until it is filled or
    a new snapshot arrives. Read it on the event loop: every read sees one consistent state.
    """

    __slots__ = ("_balances", "_open", "_epoch", "_seq", "_loaded")

    def __init__(self) -> None:
        self._balances: dict[str, Balance] = {}
        self._open: dict[int, Order] = {}
        self._epoch: str | None = None
        self._seq: int | None = None
        self._loaded = False

    @property
    def loaded(self) -> bool:
        return self._loaded

    @property
    def epoch(self) -> str | None:
        return self._epoch

    @property
    def seq(self) -> int | None:
        return self._seq

    def balance(self, asset: str) -> Balance | None:
        return self._balances.get(asset)

    @property
    def balances(self) -> Mapping[str, Balance]:
        """Every asset's balance (a read-only view)."""
        return MappingProxyType(dict(self._balances))

    @property
    def open_orders(self) -> tuple[Order, ...]:
        """The open orders, by ``order_id``."""
        return tuple(self._open[k] for k in sorted(self._open))

    def open_order(self, order_id: int) -> Order | None:
        return self._open.get(order_id)

    def apply(self, event: AccountEvent) -> bool:
        """Applies one event of the ``account`` stream; false when it does not follow (a hole)."""
        if isinstance(event, AccountSnapshot):
            self._balances = {b.asset: b for b in event.balances}
            self._open = {o.order_id: o for o in event.open_orders}
            self._epoch, self._seq, self._loaded = event.epoch, event.seq, True
            return True
        if not self._loaded:
            return True
        if event.epoch == self._epoch and self._seq is not None and event.seq <= self._seq:
            return True  # already applied (a replay after a resume)
        if event.epoch != self._epoch or event.seq != (self._seq or 0) + 1:
            self._loaded = False
            return False
        self._seq = event.seq
        if isinstance(event, OrderUpdate):
            order = event.order
            if order.status.is_open:
                self._open[order.order_id] = order
            else:
                self._open.pop(order.order_id, None)
        elif isinstance(event, BalanceUpdate):
            self._balances[event.balance.asset] = event.balance
        return True

    def __repr__(self) -> str:
        return (f"AccountMirror(loaded={self._loaded}, seq={self._seq}, balances={len(self._balances)}, "
                f"open_orders={len(self._open)})")
