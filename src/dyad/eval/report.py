"""The result of one evaluation run: headline metrics, details, and the worst cases."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class EvalReport:
    """What ``dyad eval`` prints and the accuracy gate compares against its floors.

    ``metrics`` holds the headline numbers (floats, higher is better unless the name ends in
    ``_mae`` or ``_error_km``); ``details`` holds tables such as per-type scores or a confusion
    matrix; ``errors`` the worst cases, each a dict with at least ``text``, ``expected``, ``got``.
    """

    dataset: str
    path: str
    n: int
    metrics: dict[str, float]
    details: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    data_hash: str | None = None
    backend: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def hash_paths(*paths: Path) -> str:
    """A content hash of files or folders (sorted walk), so a floor is tied to its data."""
    digest = hashlib.sha256()
    for root in paths:
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for f in files:
            digest.update(str(f.relative_to(root.parent)).encode())
            digest.update(f.read_bytes())
    return digest.hexdigest()[:16]
