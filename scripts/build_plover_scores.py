"""Derive dyad's PLOVER cooperation/conflict scores from the PLOVER manual's score table.

    python scripts/build_plover_scores.py [--manual PATH] [--out PATH] [--check]

Reads the ``tab:ploverscores`` table of ``PLOVER_MANUAL.tex`` (type and type:mode scores on a
-10..+10 scale) and writes ``src/dyad/data/scores/plover_scores.json``. One correction: the
table gives ACCUSE +3, which contradicts all its ACCUSE modes (-2 to -3.5) and the manual's
earlier per-type table (-2.0); we use -2.0 for the ACCUSE type score.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MANUAL = ROOT.parent / "shared" / "data" / "plover" / "PLOVER_MANUAL.tex"
DEFAULT_OUT = ROOT / "src" / "dyad" / "data" / "scores" / "plover_scores.json"
CORRECTIONS = {"ACCUSE": -2.0}

CELL = re.compile(r"^([A-Z]+)(?::\s*([A-Za-z-]+))?$")


def parse_manual(text: str) -> dict[str, dict[str, float]]:
    start = text.index(r"\textbf{CATEGORY: Mode}")
    end = text.index(r"\label{tab:ploverscores}", start)
    scores: dict[str, dict[str, float]] = {}
    for line in text[start:end].splitlines()[1:]:
        cells = [re.sub(r"\\cellcolor\{[^}]*\}", "", c).strip() for c in line.replace(r"\\", "").split("&")]
        for name, value in zip(cells[0::2], cells[1::2], strict=False):
            match = CELL.match(name)
            if not match or not value:
                continue
            etype, mode = match.group(1), (match.group(2) or "").lower()
            scores.setdefault(etype, {})[mode] = float(value)
    for etype, value in CORRECTIONS.items():
        scores[etype][""] = value
    return scores


def build(manual: Path) -> str:
    scores = parse_manual(manual.read_text(encoding="utf-8"))
    payload = {"source": "PLOVER manual, table tab:ploverscores (type score under the empty mode)",
               "corrections": CORRECTIONS, "scores": dict(sorted(scores.items()))}
    return json.dumps(payload, indent=1, sort_keys=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manual", type=Path, default=DEFAULT_MANUAL)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file is stale")
    args = parser.parse_args()
    content = build(args.manual)
    if args.check:
        return 0 if args.out.read_text(encoding="utf-8") == content else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(content, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
