"""Fixtures: a demo server shared by most tests (started once), temporary directories."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterator

import pytest

try:
    import tickwire  # the installed package (./run-tests installs it into a fresh venv)
except ImportError:  # a checkout without an install: the sources
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import tickwire

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import Node, demo_server  # noqa: E402


def pytest_report_header(config: pytest.Config) -> str:
    import websockets
    return f"tickwire {tickwire.__version__} from {Path(tickwire.__file__).parent}; websockets {websockets.__version__}"


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    """``tickwire serve --demo`` on a free port with fresh data (users 1001 and 1002 funded)."""
    node = demo_server(tmp_path_factory.mktemp("demo"))
    try:
        yield node
    finally:
        node.stop()
        if os.environ.get("TICKWIRE_KEEP_LOGS"):
            print(node.log.read_text()[-5000:])
