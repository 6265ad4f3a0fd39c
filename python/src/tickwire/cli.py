"""``python -m tickwire tail TOPIC...``: the SDK on the command line, like ``tickwire tail``."""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from datetime import datetime, timezone
from typing import Any, Sequence, TextIO

from . import session as s
from .client import Client, Subscription
from .errors import AuthenticationError, SubscriptionRefusedError
from .topics import Topic
from .values import Cursor

__all__ = ["main"]


def _describe(event: s.SessionEvent) -> str:
    if isinstance(event, s.Connected):
        return "connected" + (f" as user {event.user_id}" if event.user_id else "")
    if isinstance(event, s.Disconnected):
        code = f"{event.code} " if event.code is not None else ""
        return f"disconnected ({code}{event.reason}); retrying in {event.retry_in * 1000:.0f} ms"
    if isinstance(event, s.Reconnected):
        return f"reconnected after {event.gap * 1000:.0f} ms; resuming"
    if isinstance(event, s.Lagged):
        return f"lagged on {event.topic}: {event.dropped} events ({event.first_seq}..{event.last_seq}) dropped, resyncing"
    if isinstance(event, s.BookInvalidated):
        return f"book {event.market} invalid ({event.problem}), resyncing"
    if isinstance(event, s.Gap):
        return f"gap on {event.topic}: {event.from_seq}..{event.to_seq} ({event.reason})"
    if isinstance(event, s.EpochChanged):
        return f"epoch of {event.topic} changed: {event.previous} -> {event.current}"
    if isinstance(event, s.Resync):
        return f"resyncing {event.topic}: {event.reason}"
    if isinstance(event, s.Notice):
        return f"notice {event.code}: {event.message}"
    if isinstance(event, s.TokenRenewed):
        return "token renewed"
    if isinstance(event, s.ErrorEvent):
        return f"error: {event.message}"
    return f"closed: {event.reason}"


async def tail(url: str, topics: Sequence[str], token: str | None, since: Cursor | None, count: int | None,
               as_json: bool, out: TextIO, err: TextIO) -> int:
    try:
        parsed = [Topic.parse(t) for t in topics]
    except ValueError as e:
        print(f"tickwire: {e}", file=err)
        return 2
    client = Client(url, token=token)
    events = client.session_events()
    queue: asyncio.Queue[tuple[Any, dict[str, Any]] | None] = asyncio.Queue(maxsize=10_000)
    refused: list[str] = []
    session_out = err if as_json else out

    async def pump(sub: Subscription[Any]) -> None:
        sub._with_raw = True
        try:
            while True:
                await queue.put(await sub._take())
        except StopAsyncIteration:
            pass
        except SubscriptionRefusedError as e:
            refused.append(f"tickwire: {sub.topic.name} was refused: {e.error.code}: {e.error.message}")
        await queue.put(None)

    async def news() -> None:
        async for event in events:
            if isinstance(event, s.Gap):
                if as_json:
                    print(json.dumps({"type": "gap", "topic": event.topic, "epoch": event.epoch,
                                      "from_seq": event.from_seq, "to_seq": event.to_seq, "reason": event.reason},
                                     separators=(",", ":")), file=out, flush=True)
                else:
                    print(f"gap  {event.topic}  events {event.from_seq}..{event.to_seq} of epoch {event.epoch} "
                          f"are gone ({event.reason})", file=out, flush=True)
            else:
                print("# " + _describe(event), file=session_out, flush=True)

    news_task = asyncio.create_task(news())
    try:
        await client.connect()
    except AuthenticationError as e:
        print(f"tickwire: the token was refused: {e}", file=err)
        await client.close()
        return 1
    subs = [client.subscribe(t) if t.kind == "book" or i > 0 else client.subscribe(t, since)
            for i, t in enumerate(parsed)]
    pumps = [asyncio.create_task(pump(sub)) for sub in subs]
    printed = 0
    open_subs = len(subs)
    try:
        while open_subs:
            item = await queue.get()
            if item is None:
                open_subs -= 1
                continue
            event, message = item
            if as_json:
                text = json.dumps(message, separators=(",", ":")) if message else json.dumps(
                    {"type": "book.snapshot", "topic": event.topic, "epoch": event.epoch, "seq": event.seq})
                print(text, file=out, flush=True)
            else:
                ts = datetime.fromtimestamp(message.get("ts", 0) / 1000, timezone.utc).isoformat(
                    timespec="milliseconds").replace("+00:00", "Z") if message else "-"
                data = json.dumps(message.get("data"), separators=(",", ":")) if message else "(from the local book)"
                kind = message.get("type") if message else "book.snapshot"
                print(f"{kind}  {event.topic}  {event.epoch}:{event.seq}  {ts}  {data}", file=out, flush=True)
            printed += 1
            if count is not None and printed >= count:
                return 0
        for line in refused:
            print(line, file=err)
        if refused and len(refused) == len(subs):
            print("tickwire: every topic asked for was refused; nothing to tail", file=err)
            return 1
        return 0
    finally:
        for task in pumps:
            task.cancel()
        await client.close()
        news_task.cancel()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tickwire", description="Tickwire's Python SDK on the command line.")
    commands = parser.add_subparsers(dest="command", required=True)
    t = commands.add_parser("tail", help="print a topic's events as they arrive",
                            description="Prints the events of one or more topics, resumed losslessly across "
                                        "reconnects; session events as '# ...' lines.")
    t.add_argument("topics", nargs="+", metavar="TOPIC", help="book.BTC-USDT, trades.BTC-USDT, account, ...")
    t.add_argument("--url", default="ws://localhost:8080/ws", help="the node's WebSocket URL (default: %(default)s)")
    t.add_argument("--token-file", help="a file holding a token (for account): never a token on the command line")
    t.add_argument("--since", type=Cursor.parse, help="EPOCH:SEQ: resume the first topic after this cursor")
    t.add_argument("--count", type=int, help="exit after this many events")
    t.add_argument("--json", action="store_true", help="one protocol message per line (NDJSON); session news on stderr")
    args = parser.parse_args(argv)
    token = None
    if args.token_file:
        try:
            with open(args.token_file) as f:
                token = f.read().strip()
        except OSError as e:
            print(f"tickwire: cannot read the token file: {e}", file=sys.stderr)
            return 2
    loop = asyncio.new_event_loop()
    task = loop.create_task(tail(args.url, args.topics, token, args.since, args.count, args.json, sys.stdout,
                                 sys.stderr))
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, task.cancel)
        except (NotImplementedError, RuntimeError):  # pragma: no cover - not on this platform
            pass
    try:
        return loop.run_until_complete(task)
    except asyncio.CancelledError:
        return 0  # Ctrl-C: a clean exit
    finally:
        loop.close()
