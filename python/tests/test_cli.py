"""``python -m tickwire tail``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typing import Any, Awaitable

from tickwire import RestClient
from support import Node, run, until
from test_docs import python_env


async def _at_least(page: Awaitable[dict[str, Any]], n: int) -> dict[str, Any] | None:
    got = await page
    return got if got["head_seq"] >= n else None


def tail(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tickwire", "tail", *args], capture_output=True, text=True,
                          timeout=timeout, env=python_env())


def test_tail_prints_events_and_exits_after_count(demo: Node, tmp_path: Path) -> None:
    done = tail("book.BTC-USDT", "--url", demo.url, "--count", "3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "# connected"
    assert lines[1].startswith("book.snapshot  book.BTC-USDT  ") and lines[2].startswith("book.delta  book.BTC-USDT")

    token = tmp_path / "token.jwt"
    token.write_text(demo.tokens["1002"] + "\n")
    done = tail("account", "--url", demo.url, "--token-file", str(token), "--json", "--count", "1")
    assert done.returncode == 0, done.stderr
    message = json.loads(done.stdout.splitlines()[0])
    assert message["type"] == "account.snapshot" and message["topic"] == "account"
    assert "# connected as user 1002" in done.stderr


def test_tail_resumes_from_a_cursor_and_says_when_everything_is_refused(demo: Node) -> None:
    async def head() -> dict[str, Any]:
        page: dict[str, Any] = await RestClient(demo.rest).get("/events/trades.BTC-USDT", since=0, limit=1)
        return page

    async def four_trades() -> dict[str, Any]:
        return await until(lambda: _at_least(head(), 4), 60, "four trades")

    page = run(four_trades())
    epoch, last = page["epoch"], page["head_seq"]
    resumed = tail("trades.BTC-USDT", "--url", demo.url, "--json", "--count", "3", "--since", f"{epoch}:{last - 3}")
    assert resumed.returncode == 0, resumed.stderr
    assert [json.loads(line)["seq"] for line in resumed.stdout.splitlines()] == [last - 2, last - 1, last]
    refused = tail("book.DOGE-USDT", "--url", demo.url)
    assert refused.returncode == 1
    assert "book.DOGE-USDT was refused: unknown_topic" in refused.stderr
    assert "every topic asked for was refused" in refused.stderr
