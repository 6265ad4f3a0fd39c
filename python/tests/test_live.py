"""The SDK against a real demo server: subscriptions, the local book against REST, the account
mirror, orders and their states, the dead man's switch, cancel on disconnect, refusals."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

import tickwire
from tickwire import (AmendOrder, BookDelta, BookSnapshot, Candle, Client, CommandStatus, ConnectionStatus,
                      LocalBook, MarketTrade, OrderRef, OrderStatus, OrderUpdate, PlaceOrder, RestClient, Side,
                      SubscriptionRefusedError, Ticker, TimeInForce, Topic, session)
from support import Node, Proxy, mint_token, run, until

_next_user = [3000]


async def fund(node: Node, usdt: str = "100000", btc: str = "10") -> str:
    """A fresh user with balances (each test trades as its own user); its id."""
    _next_user[0] += 1
    user = str(_next_user[0])
    admin = RestClient(node.rest, node.tokens["admin"])
    for asset, amount in (("USDT", usdt), ("BTC", btc)):
        await admin.call("POST", "/api/v1/admin/deposit", body={"user_id": user, "asset": asset, "amount": amount})
    return user


async def funded_user(node: Node) -> str:
    """A token of a fresh funded user."""
    return mint_token(node.data, await fund(node))


def test_public_topics_typed_and_the_local_book_equals_rest(demo: Node) -> None:
    async def body() -> None:
        async with Client(demo.url) as client:
            book_sub = client.subscribe(Topic.book("BTC-USDT"))
            trades = client.subscribe(Topic.trades("BTC-USDT"))
            ticker = client.subscribe(Topic.ticker("BTC-USDT"))
            candles = client.subscribe(Topic.candles("BTC-USDT", "1m"))
            for sub in (book_sub, trades, ticker, candles):
                await asyncio.wait_for(sub.ready(), 10)
            assert client.state.status is ConnectionStatus.CONNECTED
            assert book_sub.book.valid

            # Replay the iterated events into a book of our own and keep every state by seq:
            # the SDK's book and REST's at the same seq must agree.
            mine = LocalBook("BTC-USDT")
            history: dict[int, Any] = {}

            async def follow() -> None:
                async for event in book_sub:
                    assert isinstance(event, (BookSnapshot, BookDelta)), event
                    assert mine.apply(event) is None
                    history[event.seq] = mine.view(1000)

            follower = asyncio.create_task(follow())
            matched = 0
            seqs = set()
            for _ in range(100):
                rest = await client.rest.book("BTC-USDT", depth=1000)
                if book_sub.book.seq == rest.seq:  # no await since the REST answer: one state
                    view = book_sub.book.view(1000)
                    assert (view.bids, view.asks) == (rest.bids, rest.asks)
                    matched += 1
                await until(lambda: max(history, default=0) >= rest.seq, 10, "the iterator to reach REST's seq")
                if rest.seq in history:
                    assert (history[rest.seq].bids, history[rest.seq].asks) == (rest.bids, rest.asks)
                    matched += 1
                    seqs.add(rest.seq)
                if len(seqs) >= 4:
                    break
                await asyncio.sleep(0.2)
            follower.cancel()
            assert len(seqs) >= 4, seqs
            assert book_sub.book.checks_failed == 0 and book_sub.book.checks_ok >= 4

            trade = await asyncio.wait_for(trades.__anext__(), 20)
            assert isinstance(trade, MarketTrade) and isinstance(trade.price, Decimal)
            tick = await asyncio.wait_for(ticker.__anext__(), 10)
            assert isinstance(tick, Ticker) and tick.market == "BTC-USDT"
            candle = await asyncio.wait_for(candles.__anext__(), 10)
            assert isinstance(candle, Candle) and candle.interval == "1m"
            state = client.state
            assert state.last_frame_age is not None and state.last_frame_age < 5 and state.reconnects == 0
    run(body())


def test_refused_subscriptions_say_why(demo: Node) -> None:
    async def body() -> None:
        async with Client(demo.url) as client:
            events = client.session_events()
            account = client.subscribe(Topic.account())
            with pytest.raises(SubscriptionRefusedError) as refused:
                await asyncio.wait_for(account.ready(), 10)
            assert refused.value.error.code == "unauthorized"
            with pytest.raises(SubscriptionRefusedError):
                await account.__anext__()
            doge = client.subscribe(Topic.book("DOGE-USDT"))
            with pytest.raises(SubscriptionRefusedError) as unknown:
                await asyncio.wait_for(doge.ready(), 10)
            assert unknown.value.error.code == "unknown_topic"
            errors = []
            while len(errors) < 2:
                e = await asyncio.wait_for(events.__anext__(), 5)
                if isinstance(e, session.ErrorEvent):
                    errors.append(e)
            client.subscribe(Topic.trades("BTC-USDT"))
            with pytest.raises(ValueError):
                client.subscribe(Topic.trades("BTC-USDT"))
        with pytest.raises(tickwire.AuthenticationError):
            async with Client(demo.url, token="not.a.token"):
                pass
    run(body())


def test_orders_are_tracked_to_their_outcome_and_the_mirror_follows(demo: Node) -> None:
    async def body() -> None:
        token = await funded_user(demo)
        async with Client(demo.url, token=token) as client:
            account = client.subscribe(Topic.account())
            await asyncio.wait_for(account.ready(), 10)
            assert account.account.balance("USDT").avail == Decimal("100000")  # type: ignore[union-attr]

            order = await client.place_order(PlaceOrder.limit_order("BTC-USDT", Side.BUY, "1000.00", "0.010000",
                                                                    client_order_id="live-1"))
            assert order.status in (CommandStatus.SENT, CommandStatus.ACKED, CommandStatus.ACCEPTED)
            outcome = await asyncio.wait_for(order.resolved(), 10)
            assert outcome.status is CommandStatus.ACCEPTED and outcome.receipt is not None
            order_id = outcome.receipt.order_id
            assert order_id is not None and (await order.ack()).request_id == order.request_id
            assert [type(e).__name__ for e in order.history] == ["AckReceived", "ReceiptReceived"]
            await until(lambda: account.account.open_order(order_id) is not None, 10, "the open order in the mirror")
            usdt = account.account.balance("USDT")
            assert usdt is not None and usdt.frozen > 0

            amend = await client.amend(AmendOrder(OrderRef.by_id(order_id), price=Decimal("1001.00")))
            assert (await amend.resolved()).status is CommandStatus.ACCEPTED
            await until(lambda: (o := account.account.open_order(order_id)) is not None and o.price == Decimal("1001"),
                        10, "the amended price in the mirror")

            duplicate = await client.place_order(PlaceOrder.limit_order("BTC-USDT", Side.BUY, "1000.00", "0.010000",
                                                                        client_order_id="live-1"))
            d = await duplicate.resolved()
            assert d.status is CommandStatus.REJECTED and d.receipt is not None
            assert d.receipt.code == "duplicate_client_order_id" and d.receipt.order_id == order_id

            cancel = await client.cancel(OrderRef.by_client_id("live-1"))
            assert (await cancel.resolved()).status is CommandStatus.ACCEPTED
            await until(lambda: account.account.open_order(order_id) is None, 10, "the canceled order gone")

            broke = await client.place_order(PlaceOrder.limit_order("BTC-USDT", Side.BUY, "80000.00", "100.000000"))
            b = await broke.resolved()
            assert b.status is CommandStatus.REJECTED and b.receipt and b.receipt.code == "insufficient_balance"
            assert (await broke.receipt()).code == "insufficient_balance"

            late = await client.place_order(PlaceOrder.limit_order(
                "BTC-USDT", Side.BUY, "1000.00", "0.010000",
                deadline=datetime.now(timezone.utc) - timedelta(seconds=5)))
            lo = await late.resolved()
            assert lo.status is CommandStatus.REJECTED and lo.receipt and lo.receipt.code == "deadline_exceeded"

            batch = await client.place_batch([
                PlaceOrder.limit_order("BTC-USDT", Side.BUY, "1000.00", "0.010000"),
                PlaceOrder.limit_order("BTC-USDT", Side.BUY, "1001.00", "0.010000", tif=TimeInForce.POST_ONLY),
                PlaceOrder.limit_order("BTC-USDT", Side.BUY, "80000.00", "100.000000")])
            bo = await batch.resolved()
            assert bo.status is CommandStatus.ACCEPTED and bo.receipt and bo.receipt.results is not None
            assert [r.status for r in bo.receipt.results] == ["accepted", "accepted", "rejected"]
            assert [r.client_order_id for r in bo.receipt.results] == list(batch.client_order_ids)
            await until(lambda: len(account.account.open_orders) == 2, 10, "two open orders")

            cancel_all = await client.cancel_all("BTC-USDT")
            co = await cancel_all.resolved()
            assert co.status is CommandStatus.ACCEPTED and co.receipt and co.receipt.canceled == 2
            await until(lambda: not account.account.open_orders, 10, "no open orders")
            updates = []
            while True:
                event = await asyncio.wait_for(account.__anext__(), 5)
                if isinstance(event, OrderUpdate) and event.order.status is OrderStatus.CANCELED:
                    updates.append(event.order.cancel_reason)
                if len(updates) == 3:
                    break
            assert updates == ["user", "user", "user"]
            # REST agrees with the mirror.
            rest_usdt = {b.asset: b for b in await client.rest.balances()}["USDT"]
            assert account.account.balance("USDT") == rest_usdt and await client.rest.open_orders() == ()

        offline = Client(demo.url, token=token)
        handle = None
        try:
            # Not connected: not sent, and resolved at once.
            handle = await offline.place_order(PlaceOrder.market_order("BTC-USDT", Side.SELL, "0.001000"))
        finally:
            await offline.close()
        assert (await handle.resolved()).status is CommandStatus.NOT_EXECUTED
    run(body())


def test_the_dead_mans_switch_is_refreshed_while_connected_and_fires_when_not(demo: Node) -> None:
    async def body() -> None:
        token = await funded_user(demo)
        rest = RestClient(demo.rest, token)
        async with Client(demo.url, token=token) as client:
            for price in ("1000.00", "1001.00"):
                h = await client.place_order(PlaceOrder.limit_order("BTC-USDT", Side.BUY, price, "0.010000"))
                assert (await h.resolved()).status is CommandStatus.ACCEPTED
            trigger = await client.cancel_all_after(1.5, auto_refresh=True)
            assert trigger is not None
            await asyncio.sleep(4.0)  # more than twice the timeout: only the refresh keeps the orders
            assert len(await rest.open_orders()) == 2
        # The client is gone: nobody re-arms it.
        await until(lambda: _no_open(rest), 10, "the switch to fire")
        history = await rest.get("/api/v1/orders", status="closed")
        reasons = {o["cancel_reason"] for o in history["orders"]}
        assert reasons == {"dead_man_switch"}
    run(body())


async def _no_open(rest: RestClient) -> bool:
    return not await rest.open_orders()


def test_cancel_on_disconnect_on_every_connection(demo: Node) -> None:
    async def body() -> None:
        token = await funded_user(demo)
        rest = RestClient(demo.rest, token)
        proxy = await Proxy(demo.port).start()
        try:
            async with Client(proxy.url, token=token, cancel_on_disconnect=True, rest_url=demo.rest,
                              reconnect=tickwire.Backoff(0.05, 0.2)) as client:
                events = client.session_events()
                for round_ in range(2):
                    h = await client.place_order(PlaceOrder.limit_order("BTC-USDT", Side.BUY, "1000.00", "0.010000"))
                    o = await h.resolved()
                    assert o.status is CommandStatus.ACCEPTED and o.receipt and o.receipt.order_id
                    order_id = o.receipt.order_id
                    assert proxy.cut() == 1
                    async def canceled() -> bool:
                        order = await rest.order(order_id)
                        return order is not None and order.status is OrderStatus.CANCELED
                    await until(canceled, 10, "the order canceled on disconnect")
                    order = await rest.order(order_id)
                    assert order is not None and order.cancel_reason == "disconnect"
                    await until(lambda: client.state.status is ConnectionStatus.CONNECTED and client.state.reconnects
                                > round_, 10, "reconnected")
                seen = []
                while len([e for e in seen if isinstance(e, session.Reconnected)]) < 2:
                    seen.append(await asyncio.wait_for(events.__anext__(), 5))
                assert any(isinstance(e, session.Disconnected) for e in seen)
        finally:
            await proxy.close()
    run(body())


def test_the_state_is_degraded_while_away_and_connected_once_resumed(demo: Node) -> None:
    async def body() -> None:
        proxy = await Proxy(demo.port).start()
        try:
            async with Client(proxy.url, reconnect=tickwire.Backoff(0.05, 0.2)) as client:
                trades = client.subscribe(Topic.trades("BTC-USDT"))
                await trades.ready()
                assert client.state.status is ConnectionStatus.CONNECTED
                proxy.refuse = True
                proxy.cut()
                await until(lambda: client.state.status is ConnectionStatus.DEGRADED, 5, "degraded")
                await asyncio.sleep(0.5)
                assert client.state.status is ConnectionStatus.DEGRADED
                proxy.refuse = False
                await until(lambda: client.state.status is ConnectionStatus.CONNECTED, 10, "connected again")
                assert client.state.reconnects == 1
            assert client.state.status is ConnectionStatus.CLOSED
        finally:
            await proxy.close()
    run(body())


def test_a_slow_reader_lags_and_is_made_whole(demo: Node) -> None:
    async def body() -> None:
        token = await funded_user(demo)
        async with Client(demo.url, token=token, queue_capacity=8) as client, Client(demo.url, token=token) as other:
            events = client.session_events()
            account = client.subscribe(Topic.account())
            book = client.subscribe(Topic.book("BTC-USDT"))
            await asyncio.wait_for(account.ready(), 10)
            await asyncio.wait_for(book.ready(), 10)
            # 15 orders placed and canceled elsewhere: 60 account events, while nobody reads.
            for i in range(15):
                h = await other.place_order(PlaceOrder.limit_order("BTC-USDT", Side.BUY, f"{1000 + i}.00", "0.001000"))
                o = await h.resolved()
                assert o.receipt is not None and o.receipt.order_id is not None
                await (await other.cancel(OrderRef.by_id(o.receipt.order_id))).resolved()
            await until(lambda: book.book.seq is not None and book.book.seq > (book.cursor.seq if book.cursor else 0)
                        + 12, 30, "book deltas beyond the reader's queue")
            head = account.account.seq
            assert head is not None
            got = []
            while not got or got[-1].seq < head:
                got.append(await asyncio.wait_for(account.__anext__(), 10))
            seqs = [e.seq for e in got]
            assert isinstance(got[0], tickwire.AccountSnapshot)
            assert seqs[1:] == list(range(seqs[0] + 1, head + 1)), "every account event once, in order, after lagging"
            lagged = [e for e in events._queue if isinstance(e, session.Lagged)]
            assert any(e.topic == "account" for e in lagged)
            # The book reader is made whole with a snapshot of the local book.
            seen: list[Any] = []
            while not any(isinstance(e, session.Lagged) and e.topic == "book.BTC-USDT" for e in events._queue):
                seen.append(await asyncio.wait_for(book.__anext__(), 10))
            rebuilt = None
            while rebuilt is None:
                e = await asyncio.wait_for(book.__anext__(), 10)
                if isinstance(e, BookSnapshot) and e.seq > seen[0].seq:
                    rebuilt = e
            mine = LocalBook("BTC-USDT")
            assert mine.apply(rebuilt) is None  # its checksum is right
            nxt = await asyncio.wait_for(book.__anext__(), 20)
            assert isinstance(nxt, BookDelta) and nxt.seq == rebuilt.seq + 1 and mine.apply(nxt) is None
    run(body(), timeout=90)
