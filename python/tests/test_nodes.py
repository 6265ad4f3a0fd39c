"""The same SDK against a gateway node (NATS JetStream) and a relay, across a core restart, and
the /events poller on a relay: epochs crossed, gaps surfaced, 429 waited out."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Iterator

import pytest

import tickwire
from tickwire import (BookDelta, BookSnapshot, Client, CommandStatus, Cursor, EventPoller, MarketTrade, OrderUpdate,
                      PlaceOrder, RestClient, Side, Topic, session)
from support import NatsServer, Node, demo_server, free_port, run, until
from test_chaos import history, same


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """nats-server, a core publishing to it, a gateway node following it, and a relay following
    the core (with a REST limit of 3 requests a second, to meet 429)."""
    tmp = tmp_path_factory.mktemp("cluster")
    nats = NatsServer(tmp)
    started: list[Node] = []
    try:
        core = demo_server(tmp / "core", extra=["--nats", nats.url])
        started.append(core)
        gateway = Node(["gateway", "--nats", nats.url, "--port", "0", "--data", str(tmp / "g1"),
                        "--secret-file", str(core.data / "jwt.secret")], tmp / "g1", tmp / "gateway.log").start()
        started.append(gateway)
        config = tmp / "relay.yaml"
        config.write_text("limits:\n  rest_requests_per_second: 3\n")
        relay = Node(["relay", "--upstream", core.url, "--port", "0", "--data", str(tmp / "relay"),
                      "--config", str(config)], tmp / "relay", tmp / "relay.log").start()
        started.append(relay)
        yield {"core": core, "gateway": gateway, "relay": relay}
    finally:
        for node in reversed(started):
            node.stop()
        nats.stop()


def test_a_gateway_node_serves_books_orders_and_the_cores_cursors(cluster: dict[str, Any]) -> None:
    core, gateway = cluster["core"], cluster["gateway"]

    async def body() -> None:
        token = core.tokens["1001"]
        async with Client(core.url) as on_core:
            trades = on_core.subscribe(Topic.trades("BTC-USDT"))
            first = await asyncio.wait_for(trades.__anext__(), 30)
            cursor = trades.cursor
            assert isinstance(first, MarketTrade) and cursor is not None
        async with Client(gateway.url, token=token) as client:
            events = client.session_events()
            book = client.subscribe(Topic.book("BTC-USDT"))
            account = client.subscribe(Topic.account())
            # Resume on the gateway with the core's cursor: the next event, no gap.
            resumed = client.subscribe(Topic.trades("BTC-USDT"), since=cursor)
            await asyncio.wait_for(book.ready(), 20)
            await asyncio.wait_for(account.ready(), 20)
            nxt = await asyncio.wait_for(resumed.__anext__(), 30)
            assert nxt.epoch == cursor.epoch and nxt.seq == cursor.seq + 1
            handle = await client.place_order(PlaceOrder.limit_order("BTC-USDT", Side.BUY, "1000.00", "0.001000"))
            outcome = await asyncio.wait_for(handle.resolved(), 20)
            assert outcome.status is CommandStatus.ACCEPTED and outcome.receipt and outcome.receipt.order_id
            while True:
                e = await asyncio.wait_for(account.__anext__(), 20)
                if isinstance(e, OrderUpdate) and e.order.order_id == outcome.receipt.order_id:
                    break
            order = await client.rest.order(outcome.receipt.order_id)  # the gateway's REST
            assert order is not None and order.status.is_open
            await until(lambda: book.book.checks_ok >= 3, 30, "book deltas checked on the gateway")
            assert book.book.checks_failed == 0
            assert not [e for e in events._queue if isinstance(e, session.Gap)]
    run(body(), timeout=120)


def test_a_relay_serves_the_same_streams_and_the_poller_reads_its_events(cluster: dict[str, Any]) -> None:
    core, relay = cluster["core"], cluster["relay"]

    async def body() -> None:
        async with Client(relay.url) as client:
            book = client.subscribe(Topic.book("BTC-USDT"))
            trades = client.subscribe(Topic.trades("BTC-USDT"))
            await asyncio.wait_for(book.ready(), 30)
            got = [await asyncio.wait_for(trades.__anext__(), 30) for _ in range(3)]
            await until(lambda: book.book.checks_ok >= 3, 30, "book deltas checked on the relay")
            assert book.book.checks_failed == 0
        core_rest = RestClient(core.rest)
        server = await history(core_rest, "trades.BTC-USDT", got[0].seq - 1, got[-1].seq)
        assert all(same(a, b) for a, b in zip(got, server)), "the relay's events are the core's"

        # The poller, from the start of the relay's history, through 429s (3 requests a second).
        poller = EventPoller(relay.rest, Topic.trades("BTC-USDT"), limit=1, interval=0.05)
        head = (await core_rest.get("/events/trades.BTC-USDT", since=0, limit=1))["head_seq"]
        polled: list[Any] = []
        gaps: list[session.Gap] = []

        async def drain() -> None:
            async for item in poller:
                if isinstance(item, session.Gap):
                    # The relay started after the core's first trades: what it never had is a gap.
                    assert not polled and item.reason == "retention" and item.from_seq == 1
                    gaps.append(item)
                    continue
                assert isinstance(item, MarketTrade), item
                polled.append(item)

        reader = asyncio.create_task(drain())
        # One page per request, and polls every 50 ms once caught up: past 3 a second.
        await until(lambda: reader.done() or (poller.throttled > 0 and polled and polled[-1].seq >= head), 30,
                    "the poller to reach the head through 429s")
        reader.cancel()
        if reader.done() and not reader.cancelled() and reader.exception():
            raise reader.exception()  # type: ignore[misc]
        seqs = [e.seq for e in polled]
        assert seqs[0] == (gaps[0].to_seq + 1 if gaps else 1)
        assert seqs == list(range(seqs[0], seqs[-1] + 1))
        server = await history(core_rest, "trades.BTC-USDT", seqs[0] - 1, seqs[-1])
        assert all(same(a, b) for a, b in zip(polled, server))
        assert poller.cursor == Cursor(polled[-1].epoch, polled[-1].seq)

        # A cursor of an epoch the relay does not hold: a gap (epoch_changed), then the
        # current epoch from its first event.
        crossing = EventPoller(relay.rest, "trades.BTC-USDT", since=Cursor("0badc0ffee", 2), limit=3, interval=0.05)
        items: list[Any] = []
        async for item in crossing:
            items.append(item)
            if sum(isinstance(i, MarketTrade) for i in items) == 2:
                break
        assert isinstance(items[0], session.Gap) and items[0].reason == "epoch_changed"
        first = items[1] if isinstance(items[1], MarketTrade) else items[2]
        if isinstance(items[1], session.Gap):  # the relay's history starts after seq 1
            assert items[1].reason == "retention" and first.seq == items[1].to_seq + 1
        else:
            assert first.seq == 1
        assert first.epoch == polled[0].epoch
    run(body(), timeout=120)


def test_across_a_core_restart_nothing_is_lost_or_repeated(tmp_path: Path) -> None:
    node = demo_server(tmp_path, port=free_port())

    async def body() -> None:
        token = node.tokens["1001"]
        async with Client(node.url, token=token, reconnect=tickwire.Backoff(0.1, 1.0)) as client:
            events = client.session_events()
            trades = client.subscribe(Topic.trades("BTC-USDT"))
            book = client.subscribe(Topic.book("BTC-USDT"))
            account = client.subscribe(Topic.account())
            for sub in (trades, book, account):
                await asyncio.wait_for(sub.ready(), 20)
            got: dict[str, list[Any]] = {"trades": [], "book": []}

            async def collect(name: str, sub: Any) -> None:
                async for e in sub:
                    got[name].append(e)

            tasks = [asyncio.create_task(collect("trades", trades)), asyncio.create_task(collect("book", book))]
            await until(lambda: len(got["trades"]) >= 3, 30, "trades before the restart")
            h = await client.place_order(PlaceOrder.limit_order("BTC-USDT", Side.BUY, "1000.00", "0.001000"))
            before = await h.resolved()
            assert before.status is CommandStatus.ACCEPTED and before.receipt and before.receipt.order_id

            await asyncio.get_running_loop().run_in_executor(None, node.restart)
            await until(lambda: client.state.reconnects >= 1 and client.state.status.value == "connected", 60,
                        "the client back on the restarted core")
            mark = got["trades"][-1].seq if got["trades"] else 0
            await until(lambda: got["trades"] and got["trades"][-1].seq >= mark + 3, 60, "trades after the restart")
            # The order placed before the restart is still in the mirror (resumed, not reloaded).
            assert account.account.open_order(before.receipt.order_id) is not None

            seen = list(events._queue)
            notices = [e for e in seen if isinstance(e, session.Notice)]
            assert notices and notices[0].code == "shutdown"
            gone = [e for e in seen if isinstance(e, session.Disconnected)]
            assert gone and gone[0].code == 1001
            assert gone[0].retry_in >= (notices[0].reconnect_after or 0)
            assert not [e for e in seen if isinstance(e, session.Gap)]

            rest = RestClient(node.rest)
            seqs = [e.seq for e in got["trades"]]
            assert seqs == list(range(seqs[0], seqs[-1] + 1)), "trades once and in order across the restart"
            server = await history(rest, "trades.BTC-USDT", seqs[0] - 1, seqs[-1])
            assert all(same(a, b) for a, b in zip(got["trades"], server))
            deltas = [e for e in got["book"] if isinstance(e, BookDelta)]
            assert isinstance(got["book"][0], BookSnapshot)
            dseqs = [e.seq for e in deltas]
            assert dseqs == list(range(dseqs[0], dseqs[-1] + 1))
            assert book.book.checks_failed == 0
            for t in tasks:
                t.cancel()
    try:
        run(body(), timeout=180)
    finally:
        node.stop()
