"""Real servers for the tests (the jar, nats-server), tokens, a proxy that cuts connections,
and waiting with bounds."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, TypeVar

REPO = Path(__file__).resolve().parents[2]
JAR = REPO / "cli" / "target" / "tickwire.jar"

T = TypeVar("T")


def java_home() -> str:
    """A JDK 21+, as scripts/find-jdk.sh finds it (JAVA_HOME when new enough)."""
    found = subprocess.run(["bash", "-c", f". '{REPO}/scripts/find-jdk.sh' >/dev/null && echo \"$JAVA_HOME\""],
                           capture_output=True, text=True, check=False)
    home = found.stdout.strip()
    if found.returncode != 0 or not home:
        raise RuntimeError("no JDK 21+ found (scripts/find-jdk.sh): " + found.stderr.strip())
    return home


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Node:
    """A Tickwire node (serve, gateway or relay) started from the jar."""

    def __init__(self, args: list[str], data: Path, log: Path) -> None:
        self.args = args
        self.data = data
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.port = 0
        self.tokens: dict[str, str] = {}

    def start(self, timeout: float = 90.0) -> Node:
        if not JAR.exists():
            raise RuntimeError(f"{JAR} is missing: build it first (./mvnw -B -q -o package -DskipTests, or ./run-tests)")
        java = os.path.join(java_home(), "bin", "java")
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = open(self.log, "ab")
        self.proc = subprocess.Popen([java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", str(JAR),
                                      *self.args], stdout=out, stderr=subprocess.STDOUT, cwd=REPO,
                                     start_new_session=True)
        out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log.read_text(errors="replace")
            m = re.search(r"listening on (ws://[^ ]+/ws)", text.split("\n--- restart ---\n")[-1])
            serve = "serve" in self.args
            if m and (not serve or "--demo" not in self.args or re.search(r"^console \(user 1001\)", text, re.M)):
                self.url = m.group(1)
                self.port = int(self.url.rsplit(":", 1)[1].split("/")[0])
                for user, token in re.findall(r"^user (\d+) token \([^)]*\): (\S+)", text, re.M):
                    self.tokens[user] = token
                admin = re.findall(r"^admin token \([^)]*\): (\S+)", text, re.M)
                if admin:
                    self.tokens["admin"] = admin[-1]
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.args[0]} exited ({self.proc.returncode}):\n{text[-3000:]}")
            time.sleep(0.1)
        raise RuntimeError(f"{self.args[0]} did not start in {timeout} s:\n{self.log.read_text()[-3000:]}")

    @property
    def rest(self) -> str:
        return self.url.replace("ws://", "http://", 1).rsplit("/ws", 1)[0]

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (a clean shutdown: notice, close 1001), then SIGKILL after ``timeout``."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def restart(self) -> Node:
        """Stops cleanly and starts again with the same arguments (same data, same port)."""
        self.stop()
        with open(self.log, "a") as f:
            f.write("\n--- restart ---\n")
        if "--port" in self.args:
            self.args[self.args.index("--port") + 1] = str(self.port)
        return self.start()


def demo_server(tmp: Path, port: int = 0, extra: list[str] | None = None) -> Node:
    data = tmp / "data"
    return Node(["serve", "--demo", "--port", str(port), "--data", str(data), *(extra or [])], data,
                tmp / "serve.log").start()


class NatsServer:
    def __init__(self, tmp: Path) -> None:
        exe = shutil.which("nats-server")
        if exe is None:
            raise RuntimeError("nats-server is not on the PATH (scripts/require-nats-server installs it)")
        self.port = free_port()
        self.url = f"nats://127.0.0.1:{self.port}"
        self.log = tmp / "nats.log"
        self.proc = subprocess.Popen([exe, "-js", "-sd", str(tmp / "nats-store"), "-a", "127.0.0.1", "-p",
                                      str(self.port)], stdout=open(self.log, "wb"), stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nats-server did not start: " + self.log.read_text())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def mint_token(data_dir: Path, user: str, scope: str = "read trade", ttl: float = 3600.0) -> str:
    """An HS256 token signed with the node's secret (the hex in DATA/jwt.secret), as
    ``tickwire token`` issues them, without starting a JVM."""
    secret = bytes.fromhex((data_dir / "jwt.secret").read_text().strip())
    now = int(time.time())
    exp = int(time.time() + ttl)
    claims = {"sub": user, "exp": exp, "iat": now, "jti": f"{exp}.{secrets.token_hex(16)}", "scope": scope}

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    head = b64(json.dumps({"alg": "HS256"}).encode()) + "." + b64(json.dumps(claims).encode())
    return head + "." + b64(hmac.new(secret, head.encode(), hashlib.sha256).digest())


async def until(check: Callable[[], T | Awaitable[T]], timeout: float = 20.0, what: str = "condition",
                interval: float = 0.02) -> T:
    """Waits until ``check()`` is truthy (polling, bounded); returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if asyncio.iscoroutine(value) or isinstance(value, asyncio.Future):
            value = await value
        if value:
            return value  # type: ignore[return-value]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(interval)


def run(coro: Awaitable[T], timeout: float = 120.0) -> T:
    """Runs an async test body with a bound."""
    async def bounded() -> T:
        return await asyncio.wait_for(coro, timeout)
    return asyncio.run(bounded())


# -- a TCP proxy that cuts connections (and can drop WebSocket frames) --------------------------


def _frames(buf: bytearray) -> list[tuple[bytes, int, bytes]]:
    """Complete WebSocket frames at the start of ``buf`` (removed from it): (raw, opcode, payload)."""
    out = []
    while len(buf) >= 2:
        b1 = buf[1]
        masked = b1 & 0x80
        n = b1 & 0x7F
        pos = 2
        if n == 126:
            if len(buf) < 4:
                break
            n = int.from_bytes(buf[2:4], "big")
            pos = 4
        elif n == 127:
            if len(buf) < 10:
                break
            n = int.from_bytes(buf[2:10], "big")
            pos = 10
        mask = b""
        if masked:
            if len(buf) < pos + 4:
                break
            mask = bytes(buf[pos:pos + 4])
            pos += 4
        if len(buf) < pos + n:
            break
        payload = bytes(buf[pos:pos + n])
        if masked:
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        raw = bytes(buf[:pos + n])
        del buf[:pos + n]
        out.append((raw, raw[0] & 0x0F, payload))
    return out


def _text_frame(payload: bytes) -> bytes:
    n = len(payload)
    if n < 126:
        return bytes((0x81, n)) + payload
    if n < 65536:
        return bytes((0x81, 126)) + n.to_bytes(2, "big") + payload
    return bytes((0x81, 127)) + n.to_bytes(8, "big") + payload


class Proxy:
    """A TCP proxy on 127.0.0.1 in front of ``port``. ``cut()`` aborts every connection through
    it; ``chaos()`` cuts at random; ``drop_down``/``drop_up`` drop WebSocket text frames
    (server->client / client->server) that match, then cut the connection."""

    def __init__(self, port: int) -> None:
        self.target = port
        self.port = 0
        self.cuts = 0
        self.connections = 0
        self._pairs: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()
        self._server: asyncio.AbstractServer | None = None
        self.drop_down: Callable[[dict[str, Any]], bool] | None = None
        self.drop_up: Callable[[dict[str, Any]], bool] | None = None
        self.dropped: list[dict[str, Any]] = []
        self.refuse = False
        # Rewrites server->client text messages without cutting: returns the messages to send
        # instead (none: drop it; two: a duplicate; another: a corruption), or None to pass it.
        self.rewrite_down: Callable[[dict[str, Any]], list[dict[str, Any]] | None] | None = None

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    async def start(self) -> Proxy:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.refuse:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            writer.transport.abort()
            return
        self.connections += 1
        pair = (writer, up_writer)
        self._pairs.add(pair)
        await asyncio.gather(self._pipe(reader, up_writer, pair, up=True),
                             self._pipe(up_reader, writer, pair, up=False), return_exceptions=True)
        self._pairs.discard(pair)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    pair: tuple[asyncio.StreamWriter, asyncio.StreamWriter], up: bool) -> None:
        buf = bytearray()
        upgraded = False
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                buf += data
                if not upgraded:
                    end = buf.find(b"\r\n\r\n")
                    if end < 0:
                        continue
                    writer.write(bytes(buf[:end + 4]))
                    del buf[:end + 4]
                    upgraded = True
                # Forward whole frames only, so that a rule set at any moment sees frame boundaries.
                for raw, opcode, payload in _frames(buf):
                    rule = self.drop_up if up else self.drop_down
                    if rule is not None and opcode == 1 and self._matches(rule, payload):
                        self._cut(pair)
                        return
                    rewrite = None if up else self.rewrite_down
                    if rewrite is not None and opcode == 1 and raw[0] & 0x80:
                        try:
                            message = json.loads(payload)
                        except ValueError:
                            message = None
                        out = rewrite(message) if isinstance(message, dict) else None
                        if out is not None:
                            for m in out:
                                writer.write(_text_frame(json.dumps(m, separators=(",", ":")).encode()))
                            continue
                    writer.write(raw)
        except (ConnectionError, OSError):
            pass
        finally:
            self._cut(pair)

    def _matches(self, rule: Callable[[dict[str, Any]], bool], payload: bytes) -> bool:
        try:
            message = json.loads(payload)
        except ValueError:
            return False
        if isinstance(message, dict) and rule(message):
            self.dropped.append(message)
            return True
        return False

    def _cut(self, pair: tuple[asyncio.StreamWriter, asyncio.StreamWriter]) -> None:
        if pair in self._pairs:
            self._pairs.discard(pair)
            self.cuts += 1
        for w in pair:
            w.transport.abort()

    def cut(self) -> int:
        """Aborts every connection through the proxy now; returns how many."""
        pairs = list(self._pairs)
        for pair in pairs:
            self._cut(pair)
        return len(pairs)

    async def chaos(self, seconds: float, low: float = 0.2, high: float = 1.2, seed: int = 29) -> int:
        """Cuts at random intervals (uniform in [low, high] s) for ``seconds``; returns the cuts."""
        rng = random.Random(seed)
        end = time.monotonic() + seconds
        cuts = 0
        while time.monotonic() < end:
            await asyncio.sleep(rng.uniform(low, high))
            cuts += self.cut()
        return cuts

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
