"""The ``seed`` scorer: gold events in the ``gold-events/1`` JSON schema (``../shared/seed/gold.json``).

It implements the file's ``scoring`` section:

- **match**: a system event matches a gold event when its type is the gold type or one of
  ``alt_types``; its actor and recipient country codes equal the gold ones (or, where the gold event
  is ``symmetric``, the union of its actor and recipient codes equals the gold union, so all
  participants in ``actor`` with no recipient is right); and one of its mention sentences contains
  one of the gold ``evidence`` strings, after whitespace is normalised and curly quotes and dashes
  are folded to straight ones.
- **merge**: several system events matching one gold event count once for recall; the extras are
  false positives. Pairs are chosen by maximum bipartite matching, so a system event that matches
  two gold events is never credited twice.
- **optional**: a system event left unpaired by the matching that matches an optional event on type
  and evidence (actors not checked) is neither a true nor a false positive, even when it also
  resembles an already-paired gold event (the optional rule is unconditional; a mention of the
  optional event is not an unmerged duplicate).
- **attributes** of matched pairs: status accuracy (``status`` or ``status_alt``); date accuracy
  where the gold date has a ``text`` (the system's [earliest, latest] inside the gold range, a null
  gold bound being open, a null system bound being unbounded); attribution recall (each gold source
  string found, case-insensitively, inside a source text of the system event's attribution).

System events are dicts in the Event JSON shape (``Event.to_dict()``), so the scorer is testable on
hand-built events. :func:`evaluate` codes the article(s) with ``dyad.process``. The multi-document
form (``gold-events-multi/1``) lists documents by ``slug`` whose text lives in a JSONL corpus.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyad.errors import DyadError, E
from dyad.eval.classification import prf
from dyad.eval.report import EvalReport, hash_paths
from dyad.resolve.actor_codes import plover_code

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ",
})
_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Whitespace collapsed, curly quotes and dashes folded to straight ones (the gold convention)."""
    return _SPACE.sub(" ", text.translate(_FOLD)).strip()


# -- reading the system side ------------------------------------------------------------------

def _codes(parties: Iterable[Mapping[str, Any]] | None) -> frozenset[str]:
    """The parties' codes as PLOVER's country field has them (the gold files use PLOVER codes:
    dyad's ``G7`` or ``NATO`` is PLOVER's ``IGO``; countries, ``UNO`` and ``EUR`` are unchanged)."""
    return frozenset(plover_code(p["code"]) or p["code"] for p in parties or () if p.get("code"))


def _mention_sentences(event: Mapping[str, Any], article_text: str | None) -> list[str]:
    out = []
    for mention in event.get("mentions") or ():
        sentence = mention.get("sentence") or {}
        text = sentence.get("text")
        if text is None and article_text is not None and sentence.get("span"):
            start, end = sentence["span"]
            text = article_text[start:end]
        if text:
            out.append(normalize_text(text))
    return out


# -- matching ---------------------------------------------------------------------------------

def _types(gold: Mapping[str, Any]) -> set[str]:
    return {gold["type"], *gold.get("alt_types", ())}


def _evidence_found(gold: Mapping[str, Any], sentences: Sequence[str]) -> bool:
    evidence = [normalize_text(e) for e in gold.get("evidence", ())]
    return any(e and e in s for e in evidence for s in sentences)


def _parties_match(gold: Mapping[str, Any], system: Mapping[str, Any]) -> bool:
    g_actor, g_recipient = _codes(gold.get("actor")), _codes(gold.get("recipient"))
    s_actor, s_recipient = _codes(system.get("actor")), _codes(system.get("recipient"))
    if gold.get("symmetric"):
        return g_actor | g_recipient == s_actor | s_recipient
    return g_actor == s_actor and g_recipient == s_recipient


def matches(gold: Mapping[str, Any], system: Mapping[str, Any], sentences: Sequence[str], *,
            check_parties: bool = True) -> bool:
    """Whether one system event matches one gold event under the ``match`` rule.

    ``check_parties=False`` gives the relaxed diagnostic (type and evidence only), which is not
    part of the gold file's rules but shows event detection apart from actor coding.
    """
    return (system.get("event_type") in _types(gold) and (not check_parties or _parties_match(gold, system))
            and _evidence_found(gold, sentences))


def matches_optional(optional: Mapping[str, Any], system: Mapping[str, Any], sentences: Sequence[str]) -> bool:
    """The ``optional`` rule: type and evidence only."""
    return system.get("event_type") in _types(optional) and _evidence_found(optional, sentences)


def _max_matching(edges: list[list[int]], n_gold: int) -> dict[int, int]:
    """Maximum bipartite matching (augmenting paths): system index -> gold index."""
    gold_owner: dict[int, int] = {}

    def augment(s: int, seen: set[int]) -> bool:
        for g in edges[s]:
            if g in seen:
                continue
            seen.add(g)
            if g not in gold_owner or augment(gold_owner[g], seen):
                gold_owner[g] = s
                return True
        return False

    for s in range(len(edges)):
        augment(s, set())
    return {s: g for g, s in gold_owner.items()}


# -- attributes -------------------------------------------------------------------------------

def status_ok(gold: Mapping[str, Any], system: Mapping[str, Any]) -> bool:
    return system.get("status") in {gold.get("status"), *gold.get("status_alt", ())}


def date_ok(gold_date: Mapping[str, Any], system_date: Mapping[str, Any] | None) -> bool:
    """System [earliest, latest] inside the gold range; a null gold bound is open."""
    if not system_date:
        return False
    g_lo, g_hi = gold_date.get("earliest"), gold_date.get("latest")
    s_lo, s_hi = system_date.get("earliest"), system_date.get("latest")
    if g_lo is not None and (s_lo is None or str(s_lo) < g_lo):
        return False
    return not (g_hi is not None and (s_hi is None or str(s_hi) > g_hi))


def attribution_hits(gold: Mapping[str, Any], system: Mapping[str, Any]) -> tuple[int, int]:
    """(gold sources found in the system's attribution, gold sources)."""
    wanted = [normalize_text(s).casefold() for s in gold.get("attribution", ())]
    have = [normalize_text((a.get("source") or {}).get("text") or "").casefold()
            for a in system.get("attribution") or ()]
    return sum(any(w in h for h in have) for w in wanted), len(wanted)


# -- scoring one document ---------------------------------------------------------------------

@dataclass
class SeedScore:
    """Counts over one or more documents; :meth:`metrics` turns them into the headline figures."""

    n_gold: int = 0
    n_system: int = 0
    tp: int = 0
    fp: int = 0
    neutral: int = 0
    duplicates: int = 0
    status_right: int = 0
    status_total: int = 0
    date_right: int = 0
    date_total: int = 0
    sources_found: int = 0
    sources_total: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    pairs: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: SeedScore) -> None:
        for name in ("n_gold", "n_system", "tp", "fp", "neutral", "duplicates", "status_right",
                     "status_total", "date_right", "date_total", "sources_found", "sources_total"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)
        self.pairs.extend(other.pairs)

    def metrics(self) -> dict[str, float]:
        precision, recall, f1 = prf(self.tp, self.fp, self.n_gold - self.tp)

        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        return {
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "status_accuracy": ratio(self.status_right, self.status_total),
            "date_accuracy": ratio(self.date_right, self.date_total),
            "attribution_recall": ratio(self.sources_found, self.sources_total),
            "tp": self.tp, "fp": self.fp, "fn": self.n_gold - self.tp,
        }


def _describe(event: Mapping[str, Any]) -> str:
    actor = "+".join(sorted(_codes(event.get("actor")))) or "?"
    recipient = "+".join(sorted(_codes(event.get("recipient")))) or "-"
    return f"{event.get('event_type') or event.get('type')} {actor}->{recipient}"


def score_document(
    gold_events: Sequence[Mapping[str, Any]],
    optional_events: Sequence[Mapping[str, Any]],
    system_events: Sequence[Mapping[str, Any]],
    *,
    article_text: str | None = None,
    doc_id: str | None = None,
    check_parties: bool = True,
) -> SeedScore:
    """Score the system events of one document against its gold and optional events."""
    score = SeedScore(n_gold=len(gold_events), n_system=len(system_events))
    sentences = [_mention_sentences(s, article_text) for s in system_events]
    edges = [[g for g, gold in enumerate(gold_events) if matches(gold, s, sentences[i], check_parties=check_parties)]
             for i, s in enumerate(system_events)]
    pairing = _max_matching(edges, len(gold_events))
    score.tp = len(pairing)
    for i, system in enumerate(system_events):
        if i in pairing:
            continue
        if any(matches_optional(o, system, sentences[i]) for o in optional_events):
            score.neutral += 1  # the optional rule holds for any event it describes
            continue
        if edges[i]:
            score.fp += 1
            score.duplicates += 1
            reason = f"duplicate of gold {gold_events[edges[i][0]].get('id')} (not merged)"
        else:
            score.fp += 1
            reason = "false positive"
        score.errors.append({"kind": reason, "doc": doc_id, "text": sentences[i][0] if sentences[i] else "",
                             "expected": None, "got": _describe(system)})
    matched = {g: i for i, g in pairing.items()}
    for g, gold in enumerate(gold_events):
        if g not in matched:
            score.errors.append({"kind": "missed", "doc": doc_id, "gold": gold.get("id"),
                                 "text": (gold.get("evidence") or [""])[0],
                                 "expected": _describe(gold), "got": None})
            continue
        system = system_events[matched[g]]
        pair: dict[str, Any] = {"doc": doc_id, "gold": gold.get("id"), "system": system.get("id")}
        if gold.get("status"):
            ok = status_ok(gold, system)
            score.status_total += 1
            score.status_right += ok
            pair["status_ok"] = ok
            if not ok:
                score.errors.append({"kind": "wrong status", "doc": doc_id, "gold": gold.get("id"),
                                     "text": sentences[matched[g]][0], "expected": gold.get("status"),
                                     "got": system.get("status")})
        gold_date = gold.get("date") or {}
        if gold_date.get("text"):
            ok = date_ok(gold_date, system.get("date"))
            score.date_total += 1
            score.date_right += ok
            pair["date_ok"] = ok
            if not ok:
                got = system.get("date") or {}
                score.errors.append({"kind": "wrong date", "doc": doc_id, "gold": gold.get("id"),
                                     "text": sentences[matched[g]][0],
                                     "expected": f"{gold_date.get('earliest')}..{gold_date.get('latest')}",
                                     "got": f"{got.get('earliest')}..{got.get('latest')}" if got else None})
        found, total = attribution_hits(gold, system)
        score.sources_found += found
        score.sources_total += total
        if total:
            pair["sources_found"] = f"{found}/{total}"
        score.pairs.append(pair)
    return score


# -- reading gold files and running dyad -------------------------------------------------------

@dataclass(frozen=True)
class GoldDocument:
    """One article with its gold and optional events."""

    doc_id: str
    text: str
    published: str | None
    events: list[dict[str, Any]]
    optional_events: list[dict[str, Any]]
    paths: tuple[Path, ...]


def _load_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DyadError(E.BAD_GOLD, path=path, kind="gold-events", detail=str(exc)) from exc
    if not isinstance(data, dict):
        raise DyadError(E.BAD_GOLD, path=path, kind="gold-events", detail="the top level is not an object")
    return data


def _corpus_path(gold_path: Path, data: Mapping[str, Any]) -> Path:
    named = data.get("corpus")
    if named:
        for base in (gold_path.parent, *gold_path.parents):
            if (base / named).exists():
                return base / named
    from importlib.resources import files

    return Path(str(files("dyad.data").joinpath("sample_corpus.jsonl")))


def _read_corpus(path: Path) -> dict[str, dict[str, Any]]:
    by_key: dict[str, dict[str, Any]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            for key in ("slug", "id"):
                if item.get(key):
                    by_key[str(item[key])] = item
    return by_key


def read_gold(path: Path) -> list[GoldDocument]:
    """The documents of a ``gold-events/1`` file (one article) or ``gold-events-multi/1`` file."""
    data = _load_json(path)
    schema = str(data.get("schema", ""))
    if schema.startswith("gold-events/"):
        text_path = path.parent / data.get("file", "article.txt")
        if not text_path.exists():
            raise DyadError(E.DATASET_MISSING, path=text_path, hint="the article text named by 'file'")
        return [GoldDocument(str(data.get("doc_id", path.stem)), text_path.read_text(encoding="utf-8"),
                             data.get("published"), list(data.get("events", [])),
                             list(data.get("optional_events", [])), (path, text_path))]
    if schema.startswith("gold-events-multi/"):
        corpus_path = _corpus_path(path, data)
        corpus = _read_corpus(corpus_path) if corpus_path.exists() else {}
        out = []
        items = data.get("documents") or data.get("articles") or []
        if isinstance(items, dict):  # {slug: {...}} as well as [{"slug": ..., ...}]
            items = [{"slug": slug, **value} for slug, value in items.items()]
        for item in items:
            slug = str(item.get("slug") or item.get("doc_id") or item.get("id"))
            article = corpus.get(slug)
            text = item.get("text") or (article or {}).get("text")
            if text is None:
                raise DyadError(E.BAD_GOLD, path=path, kind="gold-events-multi",
                                detail=f"document '{slug}' is not in the corpus {corpus_path}")
            published = item.get("published") or (article or {}).get("published")
            out.append(GoldDocument(slug, text, published, list(item.get("events", [])),
                                    list(item.get("optional_events", [])), (path, corpus_path)))
        return out
    raise DyadError(E.BAD_GOLD, path=path, kind="gold-events",
                    detail=f"schema {schema!r}; expected gold-events/1 or gold-events-multi/1")


def system_events_for(doc: GoldDocument, *, backend: str | None = None) -> list[dict[str, Any]]:
    """Code the document with the full default pipeline and return its events as JSON dicts."""
    import dyad

    config: dict[str, Any] = {"coder": backend} if backend else {}
    coded = dyad.process(doc.text, published=doc.published, **config)
    return [e.to_dict() for e in coded.events]


def evaluate(path: Path, *, limit: int | None = None, backend: str | None = None, **kw: Any) -> EvalReport:
    """Score dyad on a gold-events file: P/R/F1, status, date and attribution on matched events."""
    path = Path(path)
    documents = read_gold(path)[:limit] if limit else read_gold(path)
    total = SeedScore()
    relaxed = SeedScore()
    per_doc = []
    for doc in documents:
        events = system_events_for(doc, backend=backend)
        score = score_document(doc.events, doc.optional_events, events, article_text=doc.text, doc_id=doc.doc_id)
        per_doc.append({"doc": doc.doc_id, **score.metrics(), "system": score.n_system, "neutral": score.neutral})
        total.add(score)
        relaxed.add(score_document(doc.events, doc.optional_events, events, article_text=doc.text,
                                   doc_id=doc.doc_id, check_parties=False))
    metrics = total.metrics()
    loose = relaxed.metrics()
    metrics.update({"relaxed_precision": loose["precision"], "relaxed_recall": loose["recall"],
                    "relaxed_f1": loose["f1"]})
    order = {"missed": 0, "false positive": 1, "wrong status": 3, "wrong date": 4}
    errors = sorted(total.errors, key=lambda e: order.get(e["kind"], 2))
    paths = sorted({p for d in documents for p in d.paths if p.exists()})
    return EvalReport(
        dataset="seed", path=str(path), n=total.n_gold,
        metrics=metrics,
        details={"documents": per_doc, "matched": total.pairs,
                 "counts": {"gold": total.n_gold, "system": total.n_system, "neutral": total.neutral,
                            "duplicates": total.duplicates}},
        errors=errors, data_hash=hash_paths(*paths) if paths else None, backend=backend or "rules",
    )
