"""Train a model on a small sample, as `make train` would, for the reproducibility tests."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def sample_checksum(script: str, sample: int, out: Path) -> str:
    """sha256 of the weights file `training/<script> --sample N` writes (skips without scikit-learn)."""
    pytest.importorskip("sklearn", reason="training needs requirements-dev.txt (make dev)")
    subprocess.run(
        [sys.executable, f"training/{script}", "--sample", str(sample), "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return hashlib.sha256(out.read_bytes()).hexdigest()
