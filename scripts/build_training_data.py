"""Expand dyad's hand-written templates into labelled pairs for the learned classifier.

    python scripts/build_training_data.py            # rewrites src/dyad/data/training/template_pairs.jsonl
    python scripts/build_training_data.py --check    # exit 1 if the committed file is stale

Input: ``src/dyad/data/training/templates.json`` (patterns per PLOVER type, written for dyad, with
``{S}`` the source, ``{T}`` the target and other ``{slots}`` filled from its fillers). Each pattern
gives ``--per-pattern`` sentences with distinct source and target drawn by a seeded RNG, so the
output is identical on every run. PLV and the PLOVER gold records are not copied here: ``dyad
train`` reads them from their own files at training time.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "src" / "dyad" / "data" / "training"
SLOT = re.compile(r"\{(\w+)\}")
SEED = 20240611


def fill(pattern: str, source: str, target: str, fillers: dict[str, list[str]],
         rng: random.Random) -> dict[str, Any]:
    """One sentence from ``pattern`` with the character spans of source and target."""
    out: list[str] = []
    spans: dict[str, list[int]] = {}
    position = 0
    length = 0
    for match in SLOT.finditer(pattern):
        literal = pattern[position:match.start()]
        out.append(literal)
        length += len(literal)
        name = match.group(1)
        if name == "S":
            value = source
        elif name == "T":
            value = target
        else:
            value = rng.choice(fillers[name])
        if name in ("S", "T"):
            spans[name] = [length, length + len(value)]
        out.append(value)
        length += len(value)
        position = match.end()
    out.append(pattern[position:])
    sentence = "".join(out)
    if sentence[0].islower():  # "the government said ..." starts the sentence with a capital
        sentence = sentence[0].upper() + sentence[1:]
    return {"sentence": sentence, "source": spans["S"], "target": spans["T"]}


def build(templates: dict[str, Any], *, per_pattern: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    actors: list[str] = templates["actors"]
    fillers: dict[str, list[str]] = templates["fillers"]
    rows = []
    for label in sorted(templates["patterns"]):
        for pattern in templates["patterns"][label]:
            if "{S}" not in pattern or "{T}" not in pattern:
                raise ValueError(f"{label}: pattern without {{S}} and {{T}}: {pattern}")
            for _ in range(per_pattern):
                source, target = rng.sample(actors, 2)
                row = fill(pattern, source, target, fillers, rng)
                row["label"] = label
                rows.append(row)
    return rows


def render(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--templates", type=Path, default=TRAINING / "templates.json")
    parser.add_argument("--out", type=Path, default=TRAINING / "template_pairs.jsonl")
    parser.add_argument("--per-pattern", type=int, default=3)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--check", action="store_true", help="only check that --out is current")
    args = parser.parse_args(argv)
    rows = build(json.loads(args.templates.read_text(encoding="utf-8")), per_pattern=args.per_pattern,
                 seed=args.seed)
    text = render(rows)
    if args.check:
        current = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'current' if current else 'STALE, rerun scripts/build_training_data.py'}")
        return 0 if current else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(rows)} pairs to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
