"""Exponential backoff with full jitter."""

from __future__ import annotations

import random as _random
from dataclasses import dataclass

__all__ = ["Backoff"]


@dataclass(frozen=True, slots=True)
class Backoff:
    """Waits between attempts: attempt ``n`` (from 0) waits a time uniform in
    ``[0, min(maximum, initial * multiplier**n)]`` seconds (full jitter; the cap never overflows)."""

    initial: float = 0.5
    maximum: float = 30.0
    multiplier: float = 2.0

    def __post_init__(self) -> None:
        if not (self.initial > 0 and self.maximum >= self.initial and self.multiplier >= 1):
            raise ValueError("Backoff needs 0 < initial <= maximum and multiplier >= 1")

    def cap(self, attempt: int) -> float:
        """The upper bound of attempt ``attempt``'s wait."""
        value = self.initial
        for _ in range(max(0, attempt)):
            value *= self.multiplier
            if value >= self.maximum:
                return self.maximum
        return min(value, self.maximum)

    def delay(self, attempt: int, rng: _random.Random | None = None) -> float:
        """A wait for attempt ``attempt``, uniform in ``[0, cap(attempt)]``."""
        return (rng or _random).uniform(0.0, self.cap(attempt))
