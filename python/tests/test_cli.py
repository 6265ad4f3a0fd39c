"""``python -m tickwire tail``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support import Node
from test_docs import python_env


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
    first = tail("trades.BTC-USDT", "--url", demo.url, "--json", "--count", "1", timeout=90)
    assert first.returncode == 0, first.stderr
    trade = json.loads(first.stdout)
    since = f"{trade['epoch']}:{trade['seq'] - 3}"
    resumed = tail("trades.BTC-USDT", "--url", demo.url, "--json", "--count", "3", "--since", since)
    assert [json.loads(line)["seq"] for line in resumed.stdout.splitlines()] == [trade["seq"] - 2, trade["seq"] - 1,
                                                                                trade["seq"]]
    refused = tail("book.DOGE-USDT", "--url", demo.url)
    assert refused.returncode == 1
    assert "book.DOGE-USDT was refused: unknown_topic" in refused.stderr
    assert "every topic asked for was refused" in refused.stderr
