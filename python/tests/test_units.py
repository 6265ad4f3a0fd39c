"""The SDK's pieces on their own: checksums against protocol.md, the local book, decoding,
backoff, values. No server."""

from __future__ import annotations

import json
import random
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import tickwire
from tickwire import (Backoff, BookDelta, BookSnapshot, ChecksumMismatch, Cursor, LocalBook, MarketTrade, OrderRef,
                      PlaceOrder, SequenceGap, Side, Topic, UnknownEvent, checksum, decode_event)
from tickwire.values import wire_decimal

PROTOCOL = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"


def protocol_json_blocks() -> list[dict[str, object]]:
    text = PROTOCOL.read_text()
    return [json.loads(b) for b in re.findall(r"```json\n(.*?)\n```", text, re.S)]


def test_checksums_of_the_worked_examples() -> None:
    snap = ["85000.00:1.000", "85000.50:0.750", "85001.00:2.500"]
    assert checksum([tuple(x.split(":")) for x in snap], [("84999.50", "0.250"), ("84999.00", "1.200"),  # type: ignore[misc]
                                                       ("84998.00", "3.000")]) == 2195952344
    assert checksum([], []) == 0
    assert checksum([], [("84999.00", "1.200"), ("84998.00", "3.000")]) == 1391687225
    assert checksum([("3120.50", "4.2000"), ("3121.00", "0.8000")], []) == 4020202218
    asks = [("85000.00", "0.500"), ("85000.50", "1.250"), ("85001.00", "0.100"), ("85001.50", "2.000"),
            ("85002.00", "0.750"), ("85002.50", "3.000"), ("85003.00", "0.010"), ("85003.50", "1.000"),
            ("85004.00", "0.400"), ("85004.50", "5.000"), ("85005.00", "0.900"), ("85005.50", "2.200")]
    assert checksum(asks, [("84999.50", "0.250"), ("84999.00", "1.200"), ("84998.50", "3.000")]) == 1994570960


def test_every_stream_example_of_protocol_md_decodes_to_its_type() -> None:
    seen = set()
    for m in protocol_json_blocks():
        if "seq" in m and "data" in m and "topic" in m:
            event = decode_event(m)
            assert not isinstance(event, UnknownEvent), m
            assert type(event).TYPE == m["type"]  # type: ignore[union-attr]
            assert event.cursor == Cursor(str(m["epoch"]), int(m["seq"]))  # type: ignore[call-overload]
            seen.add(m["type"])
    assert {"book.snapshot", "book.delta", "book.invalidated", "market.trade", "ticker", "candle",
            "account.snapshot", "order.update", "trade", "balance.update", "feed.message", "feed.gap",
            "feed.rejected"} <= seen


def test_the_local_book_follows_the_worked_example_and_catches_what_is_wrong() -> None:
    blocks = [m for m in protocol_json_blocks() if m.get("topic") == "book.BTC-USDT"]
    snapshot = next(decode_event(m) for m in blocks if m["type"] == "book.snapshot")
    delta = next(decode_event(m) for m in blocks if m["type"] == "book.delta")
    assert isinstance(snapshot, BookSnapshot) and isinstance(delta, BookDelta)
    book = LocalBook("BTC-USDT")
    assert book.apply(snapshot) is None and book.valid
    assert book.apply(delta) is None
    view = book.view(10)
    assert view.valid and view.seq == 41871
    assert [(str(p), str(q)) for p, q in view.asks] == [("85000.00", "1.000"), ("85000.50", "0.750"),
                                                       ("85001.00", "1.200")]
    assert view.best_bid == tickwire.Level(Decimal("84999.00"), Decimal("1.200"))
    # The same delta again does not follow.
    assert book.apply(delta) == SequenceGap(41872, 41871)
    assert not book.valid and book.view().bids == () and book.best_bid is None
    # A wrong checksum.
    book.apply(snapshot)
    wrong = BookDelta(delta.topic, delta.epoch, delta.seq, delta.ts, 0, delta.market, delta.changes, 1)
    problem = book.apply(wrong)
    assert isinstance(problem, ChecksumMismatch) and problem.computed == 1583357340 and not book.valid


def test_a_random_book_checked_against_the_plain_rule() -> None:
    rng = random.Random(5)
    book = LocalBook("X-Y")
    bids: dict[Decimal, tuple[str, str]] = {}
    asks: dict[Decimal, tuple[str, str]] = {}
    book.load_snapshot("e", 0, [], [], 0)
    for seq in range(1, 3000):
        changes = []
        for _ in range(rng.randint(1, 4)):
            side = rng.choice(("buy", "sell"))
            price = f"{rng.randint(9900, 10100) / 100:.2f}" if side == "buy" else f"{rng.randint(10101, 10300) / 100:.2f}"
            qty = rng.choice(("0", "0.000", f"{rng.randint(1, 999) / 1000:.3f}"))
            target = bids if side == "buy" else asks
            if Decimal(qty) == 0:
                target.pop(Decimal(price), None)
            else:
                target[Decimal(price)] = (price, qty)
            changes.append((side, price, qty))
        expected = checksum([asks[k] for k in sorted(asks)], [bids[k] for k in sorted(bids, reverse=True)])
        assert book.apply_delta("e", seq, changes, expected) is None, seq
    assert [str(p) for p, _ in book.bids(1000)] == [str(k) for k in sorted(bids, reverse=True)]
    assert [str(p) for p, _ in book.asks(1000)] == [str(k) for k in sorted(asks)]


def test_unknown_types_and_unreadable_payloads_pass_through() -> None:
    text = ('{"type":"account.notice","topic":"account","epoch":"7f3a9c","seq":1239,"ts":1734533794000,'
            '"data":{"text":"maintenance at 02:00 UTC"}}')
    event = decode_event(json.loads(text))
    assert isinstance(event, UnknownEvent) and event.type == "account.notice" and event.seq == 1239
    assert event.data == {"text": "maintenance at 02:00 UTC"}
    # A known type with a value this SDK cannot read (a newer side) is not dropped either.
    odd = {"type": "market.trade", "topic": "trades.BTC-USDT", "epoch": "e", "seq": 3, "ts": 1,
           "data": {"trade_id": 1, "market": "BTC-USDT", "price": "1.00", "qty": "1", "taker_side": "auction"}}
    assert isinstance(decode_event(odd), UnknownEvent)
    good = dict(odd, data=dict(odd["data"], taker_side="sell"))  # type: ignore[arg-type]
    trade = decode_event(good)
    assert isinstance(trade, MarketTrade) and trade.price == Decimal("1.00") and trade.taker_side is Side.SELL


def test_backoff_has_full_jitter_under_a_cap_that_never_overflows() -> None:
    backoff = Backoff(0.5, 30.0)
    rng = random.Random(1)
    assert [backoff.cap(n) for n in range(8)] == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert backoff.cap(10_000) == 30.0
    samples = [backoff.delay(3, rng) for _ in range(2000)]
    assert 0 <= min(samples) < 0.2 and 3.8 < max(samples) <= 4.0
    with pytest.raises(ValueError):
        Backoff(0, 1)


def test_money_is_decimal_and_canonical_on_the_wire() -> None:
    assert wire_decimal(Decimal("85000.00")) == "85000.00"
    assert wire_decimal(Decimal("1E-8")) == "0.00000001"
    assert wire_decimal("0.5") == "0.5"
    for bad in ("05", ".5", "5.", "+5", "5e0", "-1"):
        with pytest.raises(ValueError):
            wire_decimal(bad)
    with pytest.raises(ValueError):
        wire_decimal(0.1)  # type: ignore[arg-type]
    order = PlaceOrder.limit_order("BTC-USDT", Side.BUY, "85000.00", Decimal("0.001"), client_order_id="a-1")
    assert order.to_wire() == {"market": "BTC-USDT", "side": "buy", "order_type": "limit", "tif": "gtc",
                               "qty": "0.001", "price": "85000.00", "client_order_id": "a-1"}
    assert isinstance(order.price, Decimal)
    with pytest.raises(ValueError):
        PlaceOrder.limit_order("BTC-USDT", Side.BUY, "85000.00", "0.001", client_order_id="no spaces")
    with pytest.raises(ValueError):
        OrderRef()


def test_topics_are_typed_and_checked() -> None:
    assert Topic.book("BTC-USDT").name == "book.BTC-USDT"
    assert Topic.parse("candles.ETH-USDT.1h").kind == "candles"
    assert Topic.parse("btcusdt@trade").kind == "feed"
    assert Topic.parse("account") == Topic.account()
    for bad in ("book.btc-usdt", "ticker.BTC-USDT.x"):
        with pytest.raises(ValueError):
            Topic.parse(bad)
    assert Cursor.parse("7f3a9c:1234") == Cursor("7f3a9c", 1234)


def test_the_account_mirror_reports_a_hole() -> None:
    blocks = [decode_event(m) for m in protocol_json_blocks()
              if m.get("topic") == "account" and m["type"] in ("account.snapshot", "balance.update")]
    mirror = tickwire.AccountMirror()
    snapshot = next(e for e in blocks if isinstance(e, tickwire.AccountSnapshot) and e.seq == 1238)
    mirror.apply(snapshot)
    assert mirror.loaded and mirror.balance("USDT") is not None and len(mirror.open_orders) == 1
    update = next(e for e in blocks if isinstance(e, tickwire.BalanceUpdate))
    assert mirror.apply(update)  # seq 1237 is before the snapshot's 1238: already reflected
    later = tickwire.BalanceUpdate("account", snapshot.epoch, snapshot.seq + 2, 0, 0, update.balance)
    assert not mirror.apply(later) and not mirror.loaded


def test_permessage_deflate_is_asked_for_and_used_when_offered() -> None:
    """A websockets server that offers permessage-deflate, speaking enough of the protocol for
    one book subscription: the client negotiates compression and reads the book through it."""
    import asyncio

    import websockets

    from support import run

    texts = [m for m in protocol_json_blocks() if m.get("topic") == "book.BTC-USDT"
             and m["type"] in ("book.snapshot", "book.delta")][:2]

    async def handler(ws: Any, *args: Any) -> None:
        async for raw in ws:
            message = json.loads(raw)
            if message.get("type") == "subscribe":
                snapshot = texts[0]
                await ws.send(json.dumps({"type": "subscribed", "id": message["id"], "topic": "book.BTC-USDT",
                                          "epoch": snapshot["epoch"], "seq": snapshot["seq"], "recovered": False}))
                for m in texts:
                    await ws.send(json.dumps(m))

    async def body() -> None:
        serve: Any = getattr(websockets, "serve")
        async with serve(handler, "127.0.0.1", 0, compression="deflate") as server:
            port = list(server.sockets)[0].getsockname()[1]
            async with tickwire.Client(f"ws://127.0.0.1:{port}/ws") as client:
                sub = client.subscribe(Topic.book("BTC-USDT"))
                await asyncio.wait_for(sub.ready(), 5)
                assert [type(e).__name__ for e in [await sub.__anext__(), await sub.__anext__()]] == \
                    ["BookSnapshot", "BookDelta"]
                assert sub.book.seq == 41871 and sub.book.checks_failed == 0
                assert client._conn is not None and client._conn.ws.extensions, "no extension negotiated"
            async with tickwire.Client(f"ws://127.0.0.1:{port}/ws").with_options(compression=False) as plain:
                assert plain._conn is not None and not plain._conn.ws.extensions
    run(body(), timeout=30)
