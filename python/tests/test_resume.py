"""What the client does with what a connection delivers wrong: a hole in seq resubscribes from
the cursor, a duplicate is dropped and counted, a book whose checksum fails is rebuilt from a
snapshot, a cursor the server cannot serve is a gap and an epoch change (session events), and
reconnects back off with full jitter, the attempt counter reset only after a frame."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import tickwire
from tickwire import BookDelta, BookSnapshot, ChecksumMismatch, Client, Cursor, Topic, session
from support import Node, Proxy, run, until


def _once(kind: str, action: str) -> Any:
    """A rewrite that acts on the third message of ``kind`` only."""
    seen = [0]

    def rewrite(m: dict[str, Any]) -> list[dict[str, Any]] | None:
        if m.get("type") != kind:
            return None
        seen[0] += 1
        if seen[0] != 3:
            return None
        if action == "drop":
            return []
        if action == "duplicate":
            return [m, m]
        corrupt = dict(m, data=dict(m["data"], checksum=(m["data"]["checksum"] + 1) % 2 ** 32))
        return [corrupt]
    return rewrite


async def _deltas(sub: Any, n: int) -> list[Any]:
    out: list[Any] = []
    while len([e for e in out if isinstance(e, BookDelta)]) < n:
        out.append(await asyncio.wait_for(sub.__anext__(), 20))
    return out


def test_a_hole_resubscribes_and_a_duplicate_is_dropped(demo: Node) -> None:
    async def body() -> None:
        proxy = await Proxy(demo.port).start()
        try:
            for action in ("drop", "duplicate"):
                proxy.rewrite_down = _once("book.delta", action)
                async with Client(proxy.url) as client:
                    events = client.session_events()
                    book = client.subscribe(Topic.book("BTC-USDT"))
                    got = await _deltas(book, 6)
                    assert isinstance(got[0], BookSnapshot)
                    seqs = [e.seq for e in got[1:]]
                    assert seqs == list(range(got[0].seq + 1, got[0].seq + 1 + len(seqs))), (action, seqs)
                    assert book.book.checks_failed == 0 and book.book.valid
                    news = list(events._queue)
                    if action == "drop":
                        assert [e for e in news if isinstance(e, session.Resync)], news
                        assert client.state.reconnects == 0
                    else:
                        assert book.duplicates == 1 and client.duplicates_dropped == 1
                        assert not [e for e in news if isinstance(e, session.Resync)]
        finally:
            await proxy.close()
    run(body(), timeout=90)


def test_a_book_that_fails_its_checksum_is_rebuilt_from_a_snapshot(demo: Node) -> None:
    async def body() -> None:
        proxy = await Proxy(demo.port).start()
        proxy.rewrite_down = _once("book.delta", "corrupt")
        try:
            async with Client(proxy.url) as client:
                events = client.session_events()
                book = client.subscribe(Topic.book("BTC-USDT"))
                got = await _deltas(book, 5)
                snapshots = [e for e in got if isinstance(e, BookSnapshot)]
                assert len(snapshots) == 2, "a fresh snapshot after the mismatch"
                invalid = [e for e in events._queue if isinstance(e, session.BookInvalidated)]
                assert len(invalid) == 1 and isinstance(invalid[0].problem, ChecksumMismatch)
                assert book.book.valid and book.book.checks_failed == 1
                # The corrupted delta was not passed on; everything after the new snapshot follows it.
                after = got[got.index(snapshots[1]) + 1:]
                assert [e.seq for e in after] == list(range(snapshots[1].seq + 1, snapshots[1].seq + 1 + len(after)))
        finally:
            await proxy.close()
    run(body(), timeout=60)


def test_a_cursor_the_server_cannot_serve_is_a_gap_and_an_epoch_change(demo: Node) -> None:
    async def body() -> None:
        async with Client(demo.url) as client:
            events = client.session_events()
            book = client.subscribe(Topic.book("BTC-USDT"))
            await book.ready()
            epoch = book.book.epoch
            trades = client.subscribe(Topic.trades("BTC-USDT"), since=Cursor("0badc0ffee", 3))
            await trades.ready()
            news: list[Any] = []
            while not any(isinstance(e, session.Gap) for e in news):
                news.append(await asyncio.wait_for(events.__anext__(), 10))
            gap = next(e for e in news if isinstance(e, session.Gap))
            assert gap.topic == "trades.BTC-USDT" and gap.reason == "epoch_changed" and gap.epoch == epoch
            changed = [e for e in news if isinstance(e, session.EpochChanged)]
            assert changed and changed[0].previous == "0badc0ffee" and changed[0].current == epoch
            trade = await asyncio.wait_for(trades.__anext__(), 30)  # data events: no gap among them
            assert isinstance(trade, tickwire.MarketTrade) and trade.epoch == epoch
    run(body(), timeout=60)


def test_reconnects_back_off_with_full_jitter_and_start_over_after_a_frame(demo: Node) -> None:
    async def body() -> None:
        proxy = await Proxy(demo.port).start()
        backoff = tickwire.Backoff(0.02, 0.5)
        expected = random.Random(42)
        try:
            async with Client(proxy.url, reconnect=backoff, random=random.Random(42)) as client:
                events = client.session_events()
                client.subscribe(Topic.trades("BTC-USDT"))
                await until(lambda: client.state.status.value == "connected", 10, "connected")
                proxy.refuse = True  # accept and drop at once: no frame ever arrives
                proxy.cut()
                waits: list[float] = []
                while len(waits) < 7:
                    e = await asyncio.wait_for(events.__anext__(), 10)
                    if isinstance(e, session.Disconnected):
                        waits.append(e.retry_in)
                # The first loss followed frames: attempt 0; then no frame: 1, 2, 3, ...
                assert waits == [backoff.delay(n, expected) for n in range(7)]
                assert all(w <= backoff.cap(n) for n, w in enumerate(waits))
                proxy.refuse = False
                await until(lambda: client.state.status.value == "connected", 10, "connected again")
                proxy.cut()
                while True:
                    e = await asyncio.wait_for(events.__anext__(), 10)
                    if isinstance(e, session.Disconnected):
                        break
                # Frames arrived on the new connection: the counter started over.
                assert e.retry_in == backoff.delay(0, expected)
        finally:
            await proxy.close()
    run(body(), timeout=60)
