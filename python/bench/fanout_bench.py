"""Messages per second the SDK consumes from a book fan-out, beside a bare websockets loop.

One consumer process (pinned to one core where the machine has two or more) reads the same
stream twice per round: once with a bare ``websockets`` loop (``await ws.recv()`` and count:
the ceiling) and once through ``tickwire.Client`` with a checked local book (every frame
decoded into a typed event, every delta applied and its CRC32 checked, every event handed to
an ``async for``). The fan-out is a separate process (on the other core) that writes a
pre-encoded Tickwire book stream (``subscribed``, a ``book.snapshot``, then N ``book.delta``
frames with correct checksums) to each connection as fast as the socket takes it, so the
consumer, not the source, is what is measured.

    /usr/bin/python3 python/bench/fanout_bench.py [--deltas 200000] [--rounds 3]

Run from a checkout (it puts python/src on the path) or with the package installed.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import os
import random
import socket
import statistics
import struct
import sys
import threading
import time
import zlib
from decimal import Decimal
from typing import Any

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

import websockets  # noqa: E402

import tickwire  # noqa: E402

TOPIC = "book.BTC-USDT"
EPOCH = "b7c1e0a19f3d2c55"


def _checksum(asks: dict[Decimal, tuple[str, str]], bids: dict[Decimal, tuple[str, str]]) -> int:
    """The protocol's rule, written plainly (independent of the SDK's incremental one)."""
    a = [asks[k] for k in sorted(asks)[:10]]
    b = [bids[k] for k in sorted(bids, reverse=True)[:10]]
    return zlib.crc32("|".join(p + ":" + q for p, q in a + b).encode())


def make_stream(deltas: int, seed: int = 7) -> list[bytes]:
    """``subscribed``, a snapshot and ``deltas`` deltas of a random walk, as JSON texts."""
    rng = random.Random(seed)
    bids: dict[Decimal, tuple[str, str]] = {}
    asks: dict[Decimal, tuple[str, str]] = {}
    for i in range(25):
        for side, sign in ((bids, -1), (asks, 1)):
            price = Decimal("85000.00") + sign * (Decimal(i) / 4 + Decimal("0.25"))
            side[price] = (f"{price:.2f}", f"{rng.randint(1, 50000) / 1e6:.6f}")
    seq = 1000
    ts = 1_734_533_790_000
    out = [json.dumps({"type": "subscribed", "id": 1, "topic": TOPIC, "epoch": EPOCH, "seq": seq,
                       "recovered": False}, separators=(",", ":")).encode()]
    snapshot = {"type": "book.snapshot", "topic": TOPIC, "epoch": EPOCH, "seq": seq, "ts": ts,
                "data": {"market": "BTC-USDT", "bids": [list(bids[k]) for k in sorted(bids, reverse=True)],
                         "asks": [list(asks[k]) for k in sorted(asks)], "checksum": _checksum(asks, bids)}}
    out.append(json.dumps(snapshot, separators=(",", ":")).encode())
    for _ in range(deltas):
        seq += 1
        ts += rng.randint(0, 2)
        changes = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            is_bid = rng.random() < 0.5
            side = bids if is_bid else asks
            keys = sorted(side, reverse=is_bid)
            r = rng.random()
            if r < 0.7 or len(keys) < 12:
                price = keys[min(int(rng.expovariate(0.3)), len(keys) - 1)]
                qty = f"{rng.randint(1, 50000) / 1e6:.6f}"
            elif r < 0.85:
                price = keys[rng.randrange(len(keys))]
                qty = "0.000000"
            else:
                best = keys[0]
                price = best - Decimal("0.01") * rng.randint(1, 40) if is_bid else best + Decimal("0.01") * rng.randint(1, 40)
                qty = f"{rng.randint(1, 50000) / 1e6:.6f}"
            text = f"{price:.2f}"
            if Decimal(qty) == 0:
                side.pop(price, None)
            else:
                side[price] = (text, qty)
            changes.append(["buy" if is_bid else "sell", text, qty])
        delta = {"type": "book.delta", "topic": TOPIC, "epoch": EPOCH, "seq": seq, "ts": ts,
                 "data": {"market": "BTC-USDT", "changes": changes, "checksum": _checksum(asks, bids)}}
        out.append(json.dumps(delta, separators=(",", ":")).encode())
    return out


def frame(payload: bytes) -> bytes:
    n = len(payload)
    if n < 126:
        return bytes((0x81, n)) + payload
    if n < 65536:
        return bytes((0x81, 126)) + struct.pack("!H", n) + payload
    return bytes((0x81, 127)) + struct.pack("!Q", n) + payload


def serve(frames: bytes, port_pipe: int) -> None:
    """The fan-out: a minimal WebSocket server (declines every extension) writing ``frames``
    to each connection after its first message (the subscribe), with blocking ``sendall``
    from the kernel's side of a memoryview: it is never what limits the consumer."""
    listener = socket.create_server(("127.0.0.1", 0))
    os.write(port_pipe, str(listener.getsockname()[1]).encode() + b"\n")
    view = memoryview(frames)

    def handle(conn: socket.socket) -> None:
        with conn:
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            key = b""
            for line in request.split(b"\r\n"):
                if line.lower().startswith(b"sec-websocket-key:"):
                    key = line.split(b":", 1)[1].strip()
            accept = base64.b64encode(hashlib.sha1(key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
            conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
            conn.recv(2)  # the first client frame has begun: the subscribe
            try:
                conn.sendall(view)
                while conn.recv(65536):  # pings, the close frame
                    pass
            except OSError:
                pass

    while True:
        conn, _ = listener.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


CONNECT = dict(ping_interval=None, max_queue=1024, max_size=2 ** 24, compression="deflate")


async def bare(url: str, total: int) -> tuple[float, float]:
    """The ceiling: receive ``total`` messages and nothing else. (wall msg/s, CPU msg/s)"""
    connect: Any = getattr(websockets, "connect")
    async with connect(url, **CONNECT) as ws:
        start, cpu = time.perf_counter(), time.process_time()
        await ws.send(json.dumps({"type": "subscribe", "id": 1, "topic": TOPIC}))
        n = 0
        while n < total:
            await ws.recv()
            n += 1
        return total / (time.perf_counter() - start), total / (time.process_time() - cpu)


async def sdk(url: str, total: int, last_seq: int) -> tuple[float, float, int]:
    """The SDK: a book subscription, its local book checked on every delta, every event
    iterated. (wall msg/s, CPU msg/s, checksums verified)"""
    async with tickwire.Client(url, read_timeout=60.0, ping_interval=30.0) as client:
        start, cpu = time.perf_counter(), time.process_time()
        sub = client.subscribe(tickwire.Topic.book("BTC-USDT"))
        n = 1  # the subscribed reply is a message too
        async for event in sub:
            n += 1
            if event.seq >= last_seq:
                break
        elapsed, cpu_used = time.perf_counter() - start, time.process_time() - cpu
        book = sub.book
        if n != total or not book.valid or book.checks_failed or book.seq != last_seq:
            raise SystemExit(f"the SDK's run is wrong: {n} of {total} messages, {book!r}, "
                             f"{book.checks_failed} checks failed")
        return total / elapsed, total / cpu_used, book.checks_ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--deltas", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    t0 = time.perf_counter()
    texts = make_stream(args.deltas)
    frames = b"".join(frame(t) for t in texts)
    total = len(texts)
    last_seq = 1000 + args.deltas
    sizes = sorted(len(t) for t in texts[2:])
    print(f"stream: {total} messages ({args.deltas} deltas, median {sizes[len(sizes) // 2]} bytes), "
          f"made in {time.perf_counter() - t0:.1f} s", flush=True)

    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        if len(cores) >= 2:
            os.sched_setaffinity(0, {cores[1]})
        serve(frames, w)
        os._exit(0)
    os.close(w)
    port = int(os.read(r, 16).decode().strip())
    if len(cores) >= 2:
        os.sched_setaffinity(0, {cores[0]})
    url = f"ws://127.0.0.1:{port}/ws"
    pinned = f"consumer on core {cores[0]}, fan-out on core {cores[1]}" if len(cores) >= 2 else "not pinned"
    print(f"python {sys.version.split()[0]}, websockets {websockets.__version__}, {pinned}", flush=True)
    try:
        rows: list[tuple[float, float, float, float]] = []
        for i in range(args.rounds):
            b_wall, b_cpu = asyncio.run(bare(url, total))
            s_wall, s_cpu, checks = asyncio.run(sdk(url, total, last_seq))
            rows.append((b_wall, s_wall, b_cpu, s_cpu))
            print(f"round {i + 1}: bare websockets {b_wall:,.0f} msg/s ({b_cpu:,.0f} per CPU s), "
                  f"SDK with checked book {s_wall:,.0f} msg/s ({s_cpu:,.0f} per CPU s): "
                  f"{s_wall / b_wall:.2f} wall, {s_cpu / b_cpu:.2f} CPU; {checks} checksums verified", flush=True)
        med = [statistics.median(col) for col in zip(*rows)]
        wall_ratio = statistics.median(r[1] / r[0] for r in rows)
        cpu_ratio = statistics.median(r[3] / r[2] for r in rows)
        print(f"median: bare {med[0]:,.0f} msg/s ({med[2]:,.0f} per CPU s), SDK {med[1]:,.0f} msg/s "
              f"({med[3]:,.0f} per CPU s); SDK/bare {wall_ratio:.2f} wall, {cpu_ratio:.2f} CPU (goal >= 0.5)")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
