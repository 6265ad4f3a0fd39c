"""A proxy cuts the connection at random while events flow: every subscriber ends with every
event once, in order, the same as the server's history (/events), and no gap; the local book
passes every check and equals REST at the same seq."""

from __future__ import annotations

import asyncio
import dataclasses
import random
from typing import Any

import tickwire
from tickwire import (AccountSnapshot, BookSnapshot, Client, CommandStatus, LocalBook, OrderRef, PlaceOrder,
                      RestClient, Side, Topic, decode_event, session)
from support import Node, Proxy, run, until
from test_live import funded_user


async def history(rest: RestClient, topic: str, after: int, upto: int) -> list[Any]:
    """The server's events of ``topic`` with seq in (after, upto], decoded, from /events."""
    out: list[Any] = []
    since = after
    while since < upto:
        page = await rest.get("/events/" + topic, since=since, limit=500)
        events = [e for e in page["events"] if e["payload"]["type"] != "gap"]
        assert events, f"/events/{topic} has nothing after {since} (head {page['head_seq']})"
        for e in events:
            if e["cursor"] <= upto:
                out.append(decode_event(e["payload"]))
        since = events[-1]["cursor"]
    return out


def same(a: Any, b: Any) -> bool:
    return bool(dataclasses.replace(a, received_ns=0) == dataclasses.replace(b, received_ns=0))


def test_every_event_once_in_order_across_random_cuts(demo: Node) -> None:
    async def body() -> None:
        token = await funded_user(demo)
        rest = RestClient(demo.rest, token)
        proxy = await Proxy(demo.port).start()
        stop = asyncio.Event()
        got: dict[str, list[Any]] = {}

        async def collect(sub: tickwire.Subscription[Any]) -> None:
            events = got.setdefault(sub.topic.name, [])
            async for event in sub:
                events.append(event)

        async def load(client: Client, seed: int) -> int:
            """Order flow of the same user on a direct connection: account events."""
            rng = random.Random(seed)
            placed = 0
            while not stop.is_set():
                price = f"{rng.randint(1000, 2000)}.00"
                h = await client.place_order(PlaceOrder.limit_order("BTC-USDT", Side.BUY, price, "0.001000"))
                outcome = await h.resolved()
                if outcome.status is CommandStatus.ACCEPTED and rng.random() < 0.7:
                    assert outcome.receipt is not None and outcome.receipt.order_id is not None
                    await client.cancel(OrderRef.by_id(outcome.receipt.order_id))
                placed += 1
            return placed

        try:
            async with Client(proxy.url, token=token, rest_url=demo.rest,
                              reconnect=tickwire.Backoff(0.02, 0.3)) as client, \
                    Client(demo.url, token=token) as direct:
                events = client.session_events()
                subs = [client.subscribe(Topic.trades("BTC-USDT")), client.subscribe(Topic.trades("ETH-USDT")),
                        client.subscribe(Topic.book("BTC-USDT")), client.subscribe(Topic.account())]
                for sub in subs:
                    await asyncio.wait_for(sub.ready(), 10)
                collectors = [asyncio.create_task(collect(sub)) for sub in subs]
                loaders = [asyncio.create_task(load(direct, seed)) for seed in range(4)]
                cuts = await proxy.chaos(16.0, 0.15, 0.9)
                stop.set()
                placed = sum(await asyncio.gather(*loaders))
                assert cuts >= 15 and placed > 50, (cuts, placed)

                # Caught up with the server's head of each stream, as of now.
                heads = {}
                for sub in subs:
                    page = await rest.get("/events/" + sub.topic.name, since=0, limit=1)
                    heads[sub.topic.name] = page["head_seq"]
                for name, head in heads.items():
                    await until(lambda: got[name] and got[name][-1].seq >= head, 30, f"{name} to reach {head}")

                for name, head in heads.items():
                    mine = [e for e in got[name] if e.seq <= head]
                    first = mine[0]
                    snapshot = isinstance(first, (BookSnapshot, AccountSnapshot))
                    stream = mine[1:] if snapshot else mine
                    seqs = [e.seq for e in stream]
                    assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), f"{name}: not once and in order"
                    if snapshot:
                        assert seqs[0] == first.seq + 1
                        assert not any(isinstance(e, (BookSnapshot, AccountSnapshot)) for e in stream), name
                    server = await history(rest, name, seqs[0] - 1, head)
                    assert len(server) == len(stream), name
                    assert all(same(a, b) for a, b in zip(stream, server)), f"{name}: content differs"
                    print(f"{name}: {len(stream)} events once and in order ({seqs[0]}..{seqs[-1]})")
                print(f"{cuts} cuts, {placed} orders placed, {client.duplicates_dropped} duplicates dropped")

                # The local book: every delta checked, and equal to REST at the same seq.
                book_sub = subs[2]
                assert isinstance(book_sub, tickwire.BookSubscription)
                assert book_sub.book.checks_failed == 0
                replay = LocalBook("BTC-USDT")
                states = {}
                for e in got["book.BTC-USDT"]:
                    assert replay.apply(e) is None
                    states[e.seq] = replay.view(1000)
                for _ in range(50):
                    snap = await rest.book("BTC-USDT", depth=1000)
                    await until(lambda: got["book.BTC-USDT"][-1].seq >= snap.seq, 10, "the book to reach REST")
                    for e in got["book.BTC-USDT"][len(states):]:
                        assert replay.apply(e) is None
                        states[e.seq] = replay.view(1000)
                    if snap.seq in states:
                        assert (states[snap.seq].bids, states[snap.seq].asks) == (snap.bids, snap.asks)
                        break
                else:
                    raise AssertionError("no REST book at a seq the stream had")

                seen = []
                while True:
                    try:
                        seen.append(events._queue.popleft())
                    except IndexError:
                        break
                assert not [e for e in seen if isinstance(e, session.Gap)], "a gap was reported"
                assert len([e for e in seen if isinstance(e, session.Reconnected)]) >= 10
                assert client.state.reconnects >= 10
                for c in collectors:
                    c.cancel()
        finally:
            await proxy.close()
    run(body(), timeout=150)
