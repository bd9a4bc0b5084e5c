"""Derive dyad's CAMEO verb table from the PETRARCH2 CAMEO verb dictionary.

    python scripts/build_lexicon.py [--source ../shared/data/petrarch2/CAMEO.2.0.txt]

Writes ``src/dyad/data/lexicon/cameo_verbs.tsv``: for each verb (and phrasal verb) its default
CAMEO code, and verb + single-word object patterns with their codes ("ADD * SANCTIONS" -> 163).
Only codes with a PLOVER reading are kept (CAMEO 01x statements have none). Longer PETRARCH
patterns are left to the CAMEO path (a user can load a whole dictionary with
``Lexicon.with_verb_dictionary``). A test re-runs this script and checks the committed file.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from dyad.extract.events.crosswalk import cameo_to_plover
from dyad.extract.events.petrarch_dict import load_verb_dictionary

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "petrarch2" / "CAMEO.2.0.txt"
OUTPUT = ROOT / "src" / "dyad" / "data" / "lexicon" / "cameo_verbs.tsv"


def derive(source: Path) -> list[dict[str, str | None]]:
    verbs = load_verb_dictionary(source)
    votes: dict[tuple[str, str | None, str | None], Counter[str]] = defaultdict(Counter)
    for entry in verbs.verbs.values():
        if entry.code and cameo_to_plover(entry.code):
            votes[(entry.lemma, entry.particle, None)][entry.code] += 1
        for pattern in entry.patterns:
            if pattern.before or len(pattern.after) != 1 or not pattern.code or not cameo_to_plover(pattern.code):
                continue
            if len(pattern.after[0]) != 1:
                continue  # synonym-set slots stay with the full CAMEO path
            (alternative,) = pattern.after[0]
            if len(alternative) == 1 and alternative[0].isalpha():
                votes[(entry.lemma, entry.particle, alternative[0])][pattern.code] += 1
    rows = []
    for (lemma, particle, obj), counter in sorted(votes.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2] or "")):
        code = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        rows.append({"lemma": lemma, "particle": particle, "object": obj, "cameo": code})
    return rows


def build(source: Path) -> str:
    lines = ["# verb, particle, single-word object -> CAMEO code; derived from PETRARCH2 CAMEO.2.0.txt",
             "# (openeventdata/petrarch2, MIT) by scripts/build_lexicon.py; '-' = none",
             "lemma\tparticle\tobject\tcameo"]
    for row in derive(source):
        lines.append("\t".join(str(row[k] or "-") for k in ("lemma", "particle", "object", "cameo")))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    args.output.write_text(build(args.source), encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
