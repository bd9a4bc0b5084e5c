"""Derive dyad's CAMEO -> PLOVER table from the PLOVER project's conversion file.

    python scripts/build_crosswalk.py [--source ../shared/data/plover/CAMEO2PLOVER-2021.txt]

Writes ``src/dyad/data/plover/cameo2plover.json``: for each CAMEO code the PLOVER event type,
mode and contexts. A test re-runs this script and checks that the committed file is current.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "plover" / "CAMEO2PLOVER-2021.txt"
OUTPUT = ROOT / "src" / "dyad" / "data" / "plover" / "cameo2plover.json"

LINE = re.compile(r"^(?P<code>\d{2,4})\s*:\s*(?P<body>[^#]*)(?:#\s*(?P<label>.*))?$")
# The conversion file still carries a few labels the manual has since renamed or dropped.
OBSOLETE_MODES = {"ease", "political", "ban", "pro_autocracy", "massacre", "cleansing"}
MODE_RENAMES = {"assassinate": "targeted"}
CONTEXT_RENAMES = {"democracy": "pro-democracy", "pro_autocracy": "pro-autocracy",
                   "human_rights": "human-rights", "human_security": "human-security",
                   "rights_freedoms": "rights-freedoms", "religion_ethnicity": "religion-ethnicity",
                   "political_institutions": "political-institutions"}


def parse_crosswalk(text: str) -> dict[str, dict[str, Any]]:
    """CAMEO code -> {type, mode, contexts, label}; the first entry for a duplicated code wins."""
    table: dict[str, dict[str, Any]] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("~"):
            continue
        match = LINE.match(line)
        if not match:
            continue
        parts = [p.strip() for p in match["body"].split(",")]
        event_type = parts[0].upper()
        mode = (parts[1] if len(parts) > 1 else "").strip().lower() or None
        if mode in OBSOLETE_MODES:
            mode = None
        mode = MODE_RENAMES.get(mode, mode) if mode else None
        contexts: list[str] = []
        if len(parts) > 2:
            for ctx in re.split(r"[;,]", ",".join(parts[2:])):
                ctx = ctx.strip().lower()
                if ctx:
                    contexts.append(CONTEXT_RENAMES.get(ctx, ctx))
        code = match["code"]
        if code in table:
            continue
        table[code] = {"type": event_type, "mode": mode, "contexts": contexts,
                       "label": (match["label"] or "").strip() or None}
    return table


def build(source: Path) -> str:
    table = parse_crosswalk(source.read_text(encoding="utf-8"))
    payload = {"source": "PLOVER CAMEO2PLOVER-2021.txt (openeventdata/PLOVER)",
               "note": "CAMEO 01 (statements) and 02 (appeals) have no PLOVER equivalent",
               "codes": dict(sorted(table.items()))}
    return json.dumps(payload, indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    args.output.write_text(build(args.source), encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
