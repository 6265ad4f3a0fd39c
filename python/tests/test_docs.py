"""Every ``python`` block of docs/python.md runs, as a program of its own, against a demo server."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import tickwire
from support import REPO, Node, run
from test_live import funded_user

DOC = REPO / "docs" / "python.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)


def python_env(**extra: str) -> dict[str, str]:
    """The environment for a child Python: the same tickwire this test imports."""
    env = dict(os.environ, **extra)
    src = Path(tickwire.__file__).resolve().parents[1]
    if (src / "tickwire" / "__init__.py").exists() and src.name == "src":
        env["PYTHONPATH"] = str(src) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_the_page_has_snippets() -> None:
    assert len(BLOCKS) >= 6


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_snippet_runs(demo: Node, tmp_path: Path, index: int) -> None:
    token = run(funded_user(demo))
    code = BLOCKS[index]
    script = tmp_path / f"snippet{index}.py"
    script.write_text(code)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=90, cwd=tmp_path,
                          env=python_env(TICKWIRE_URL=demo.url, TICKWIRE_TOKEN=token))
    assert done.returncode == 0, f"snippet {index} failed:\n{code}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
