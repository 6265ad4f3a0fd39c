"""The node's REST API, as far as a client of the stream needs it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable
from urllib.parse import quote, urlencode

from . import _http
from .errors import RestError
from .events import Balance, Level, Order, decode_order

__all__ = ["Market", "RestBook", "RestClient"]


@dataclass(frozen=True, slots=True)
class Market:
    market: str
    base: str
    quote: str
    price_scale: int
    qty_scale: int
    min_qty: Decimal | None


@dataclass(frozen=True, slots=True)
class RestBook:
    """``GET /api/v1/book/{market}``: a book with its cursor; ``bids``/``asks`` best first."""

    market: str
    epoch: str
    seq: int
    bids: tuple[Level, ...]
    asks: tuple[Level, ...]
    checksum: int


class RestClient:
    """Calls a node's REST API (``http(s)://host:port``) with the client's current token.

    Every call raises :class:`~tickwire.RestError` for an error status (with the server's
    ``code``, ``field`` and, on 429 and 503, ``retry_after`` seconds), ``OSError`` or
    ``TimeoutError`` when the node cannot be reached.
    """

    def __init__(self, base_url: str, token: str | Callable[[], str | None] | None = None,
                 timeout: float = 10.0) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"a REST root is http:// or https://, not {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.timeout = timeout

    def _bearer(self) -> str | None:
        t = self._token
        return t() if callable(t) else t

    async def call(self, method: str, path: str, params: dict[str, Any] | None = None,
                   body: Any = None) -> Any:
        """One call; the JSON body of a 2xx answer (None when empty)."""
        url = self.base_url + path
        if params:
            url += "?" + urlencode({k: v for k, v in params.items() if v is not None})
        headers: dict[str, str] = {}
        token = self._bearer()
        if token:
            headers["Authorization"] = "Bearer " + token
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        response = await _http.request(method, url, headers=headers, body=data, timeout=self.timeout)
        parsed: Any = None
        if response.body:
            try:
                parsed = json.loads(response.body)
            except ValueError:
                parsed = None
        if 200 <= response.status < 300:
            return parsed
        raise _error(response.status, response.headers, parsed, response.body)

    async def get(self, path: str, **params: Any) -> Any:
        return await self.call("GET", path, params)

    async def markets(self) -> tuple[Market, ...]:
        rows = await self.get("/api/v1/markets")
        return tuple(Market(r["market"], r["base"], r["quote"], r["price_scale"], r["qty_scale"],
                            Decimal(r["min_qty"]) if r.get("min_qty") is not None else None) for r in rows)

    async def book(self, market: str, depth: int = 1000) -> RestBook:
        r = await self.get("/api/v1/book/" + quote(market), depth=depth)
        return RestBook(r["market"], r["epoch"], r["seq"],
                        tuple(Level(Decimal(p), Decimal(q)) for p, q in r["bids"]),
                        tuple(Level(Decimal(p), Decimal(q)) for p, q in r["asks"]), r["checksum"])

    async def balances(self) -> tuple[Balance, ...]:
        rows = await self.get("/api/v1/balances")
        return tuple(Balance(r["asset"], Decimal(r["avail"]), Decimal(r["frozen"])) for r in rows)

    async def open_orders(self) -> tuple[Order, ...]:
        rows = await self.get("/api/v1/orders", status="open")
        return tuple(decode_order(r) for r in rows)

    async def order(self, order_id: int) -> Order | None:
        """The order, or None when the server has none by that id (404)."""
        try:
            return decode_order(await self.get(f"/api/v1/orders/{int(order_id)}"))
        except RestError as e:
            if e.status == 404:
                return None
            raise

    async def order_by_client_id(self, client_order_id: str) -> Order | None:
        """The order with this ``client_order_id``, or None."""
        rows = await self.get("/api/v1/orders", client_order_id=client_order_id)
        return decode_order(rows[0]) if rows else None


def _error(status: int, headers: dict[str, str], parsed: Any, raw: bytes) -> RestError:
    retry_after: float | None = None
    header = headers.get("retry-after")
    if header is not None:
        try:
            retry_after = float(header)
        except ValueError:
            retry_after = None
    code = message = field = None
    if isinstance(parsed, dict):
        code = parsed.get("code")
        message = parsed.get("message")
        field = parsed.get("field")
        ms = parsed.get("retry_after_ms")
        if isinstance(ms, int):
            retry_after = max(retry_after or 0.0, ms / 1000)
    return RestError(status, code, message or raw[:200].decode("utf-8", "replace"), field, retry_after)
