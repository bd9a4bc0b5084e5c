"""Cross-document coreference of event MENTIONS (the ECB+ task), for ``dyad eval ecb``.

Mentions arrive with their sentence, head lemma, topic and document. Within a topic, documents
are first grouped by what they report (``dyad.resolve.doc_groups``: ECB+ topics pair two
different events of one kind, e.g. two earthquakes). Within a document group, mentions are
clustered average-link on a pair score of their trigger lemmas (identity, MiniLM or stem
similarity, WordNet links; a verb particle is part of the lemma), a bonus for a shared argument
and, with MiniLM, the cosine of the triggers' contextual vectors, with two mentions of one
sentence kept apart (see ``_mention_score``); a second pass then clusters those clusters on the
same score of their main lemmas, pooled arguments and mean vectors (``_merge_clusters``), and
the group's main events (the clusters spanning the most documents) take in the clusters that
come close to them (``_join_main_events``).
Everything is sorted first, so the labels do not depend on the order of the input.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from dyad.errors import DyadError, E
from dyad.resolve.agglomerative import average_link
from dyad.resolve.doc_groups import doc_groups
from dyad.resolve.merge_text import (
    cosine,
    dense_cosine,
    embed,
    embed_spans,
    lexical_vector,
    normalised,
    resolve_backend,
)
from dyad.resolve.wordnet import CAUSE, DERIVATION, HYPERNYM, SYNONYM, load_wordnet

_REQUIRED = ("id", "topic", "doc", "sentence", "lemma")

# Verb particles that make another verb of the lemma ("checked OUT of rehab" is not "checked into
# rehab"; "gave UP" is not "gave"): a mention whose span ends in one is keyed "check out".
_PARTICLES = frozenset({"out", "in", "up", "down", "off", "on", "away", "back", "over"})

# Reporting verbs and light nouns head many mentions of different events.
_WEAK_LEMMAS = frozenset({"say", "tell", "report", "be", "have", "do", "make", "take", "get", "go",
                          "come", "give", "it", "that", "this", "happen", "occur", "event", "incident"})

# Mentions: the same lemma merges (score >= 1); different lemmas need a trigger similarity of
# 0.7 ("kill"/"die" is 0.74 with MiniLM), or 0.5 with a shared argument.
MENTION_THRESHOLD = 0.7
ARGUMENT_BONUS = 0.2
# With MiniLM, each mention also has a contextual vector of its trigger in its sentence
# (``merge_text.embed_spans``): the pair score moves by ``CONTEXT_WEIGHT`` times the vectors'
# cosine minus ``CONTEXT_CENTRE``, so two mentions of one lemma in different settings ("fired" a
# gun / "fired" a coach) can part, and two lemmas used alike ("checked into" / "entered" rehab)
# can join. On the ECB+ training topics this raised own-mention CoNLL 0.6635 -> 0.6726 (dev
# topics 0.6644 -> 0.6714); weights 1-4 and centres 0.4-0.6 were tried, and the mean of the
# middle layers instead of the last one (no better), and a linear map of the vectors learnt on
# the training topics (worse on dev). After the mentions, the clusters of a document group are
# clustered once more on the same score of their main lemmas, their pooled arguments and the
# centroids of their vectors (``_cluster_score``): one mention pair is noisy, twenty are not.
# Tuning MiniLM's top two layers on the training topics' mentions (supervised contrastive loss,
# gold events as positives) did not generalise: own-mention CoNLL on the 8 dev topics rose 0.6975
# -> 0.7054, but on three other held-out folds of 7-10 topics it fell by 0.006-0.013, and a 50/50
# blend of tuned and packaged cosines cross-fitted over all four folds to 0.6953; the packaged
# model is used as it is. Tuned instead on MEANTIME's event coreference (out of domain, so all 35
# ECB+ topics stay unseen: 2,699 mentions, 35 cross-document events), it gave 0.6960 and 0.6967
# (4 and 2 epochs). Per fold of topics (2,5,12,...; 1,3,4,6-10; 11-22; 24-33) the settings here
# measure 0.6975, 0.6883, 0.7663, 0.6724; moving any one of MENTION_THRESHOLD (0.65, 0.75),
# ARGUMENT_BONUS (0.1, 0.3), CONTEXT_CENTRE (0.45, 0.55), CONTEXT_WEIGHT (1.5, 2.5) or
# MAIN_EVENT_THRESHOLD (0.4, 0.6) gives 0.6937-0.6973 over all topics, but for CONTEXT_WEIGHT 1.5:
# 0.6976, with the fold 24-33 down to 0.6712.
CONTEXT_WEIGHT = 2.0
CONTEXT_CENTRE = 0.5
# second pass: weight of the cosine of two clusters' argument counts (0.2, 0.4, 0.6 tried: all
# 0.6920, 0.6955, 0.6948; any shared argument at 0.2, as for mentions: 0.6938)
CLUSTER_ARGUMENT_WEIGHT = 0.4
# Last, the group's main events: the cluster spanning the most documents of a group (at least
# ``MAIN_EVENT_MIN_DOCS``), then the next one, is the event the articles were written about, and
# its centroid rests on many reports; a smaller cluster whose ``_cluster_score`` with it reaches
# ``MAIN_EVENT_THRESHOLD`` joins it ("succumbed" joins "died", "severed" cables "damaged" ones).
# On the ECB+ topics it moves 45 mentions (23 into the cluster of their gold event, 15 into
# another, 7 spurious): own-mention CoNLL 0.6955 -> 0.6975 (train 0.6953 -> 0.6975, dev 0.6958 ->
# 0.6975). One main event at 0.4-0.6 gave 0.6964-0.6971, three at 0.4 0.6954, any cluster of 3+
# documents as a main event 0.6928-0.6965, and the mean mention score instead of the centroids'
# score 0.6947.
MAIN_EVENTS = 2
MAIN_EVENT_MIN_DOCS = 3
MAIN_EVENT_THRESHOLD = 0.5
# A WordNet link between two different lemmas (dyad.resolve.wordnet) counts like a weaker match
# of the same lemma: a synonym or a derivationally related form ("die"/"death") is 0.8 (merges on
# its own), a direct hypernym ("murder" -> "kill") 0.5 (merges only with a shared argument), a
# verb's cause or entailment ("kill" -> "die") 0.7; only
# the first sense of each word is looked at, as the rarer senses link nearly everything
# ("fire"/"sack"). Tuned on the ECB+ training topics (0.7 for hypernyms, or 2-3 senses, did worse).
WORDNET_WEIGHTS = {SYNONYM: 0.8, DERIVATION: 0.8, HYPERNYM: 0.5, CAUSE: 0.7}
WORDNET_SENSES = 1


def _check(mentions: Sequence[dict[str, Any]]) -> None:
    for i, m in enumerate(mentions):
        missing = [k for k in _REQUIRED if k not in m]
        if missing:
            raise DyadError(E.MERGE_BAD_MENTION, index=i, fields=", ".join(missing))


def _trigger_similarity(lemmas: list[str], similarity: str, *, wordnet: bool = True) -> Callable[[str, str], float]:
    """Similarity of two different trigger lemmas: MiniLM cosine of the words ("kill"/"murder",
    "quake"/"earthquake"), or, lexically, the cosine of their stems (1 for "shoot"/"shooting",
    halved when only one has a particle or the particles differ: "check out"/"check");
    raised to ``WORDNET_WEIGHTS`` of the link when WordNet links the two (when it is installed)."""
    base: Callable[[str, str], float]
    if resolve_backend(similarity) == "minilm":
        vectors = dict(zip(lemmas, embed(lemmas, batch_size=256), strict=True))
        base = lambda a, b: dense_cosine(vectors[a], vectors[b])  # noqa: E731
    else:
        stems = {lemma: lexical_vector(lemma) for lemma in lemmas}

        def base(a: str, b: str) -> float:
            # stems drop particles as stop words: "check out" and "check" share the verb, not its sense
            same_particle = a.partition(" ")[2] == b.partition(" ")[2]
            return cosine(stems[a], stems[b]) * (1.0 if same_particle else 0.5)
    wn = load_wordnet() if wordnet else None
    if wn is None:
        return base

    def score(a: str, b: str) -> float:
        kind = wn.link(a, b, senses=WORDNET_SENSES)
        return max(base(a, b), WORDNET_WEIGHTS.get(kind, 0.0) if kind else 0.0)

    return score


def _mention_score(a: dict[str, Any], b: dict[str, Any], trigger: Callable[[str, str], float],
                   context: dict[str, tuple[float, ...]] | None = None) -> float:
    """Pair score of two mentions of one document group (merged when the average reaches
    ``MENTION_THRESHOLD``).

    - Two mentions of one sentence are two events ("the quake killed 5 and injured 20"): 0.
    - Reporting verbs and light lemmas ("say", "make") head mentions of many different events:
      only the same lemma with a shared argument ("Reid's publicist said" twice) counts.
    - Otherwise the trigger similarity (1 for the same lemma), plus ``ARGUMENT_BONUS`` when the
      two share an argument (a subject, object or oblique head: "killed the designer" /
      "the murder of the designer").
    - With ``context`` (mention id -> contextual trigger vector), plus ``CONTEXT_WEIGHT`` times
      (their cosine - ``CONTEXT_CENTRE``).
    """
    if a["doc"] == b["doc"] and a.get("sentence_index", a["sentence"]) == b.get("sentence_index", b["sentence"]):
        return 0.0
    la, lb = str(a["lemma"]), str(b["lemma"])
    shared = bool(set(a.get("arguments") or ()) & set(b.get("arguments") or ()))
    if la in _WEAK_LEMMAS or lb in _WEAK_LEMMAS:
        return 1.0 if la == lb and shared else 0.0
    score = (1.0 if la == lb else trigger(la, lb)) + ARGUMENT_BONUS * shared
    if context is not None:
        score += CONTEXT_WEIGHT * (dense_cosine(context[str(a["id"])], context[str(b["id"])]) - CONTEXT_CENTRE)
    return score


def trigger_key(mention: dict[str, Any]) -> str:
    """The mention's lemma, with the verb particle its span ends in ("check out")."""
    words = str(mention.get("text") or "").lower().split()
    lemma = str(mention["lemma"])
    return f"{lemma} {words[-1]}" if len(words) > 1 and words[-1] in _PARTICLES else lemma


@dataclass(frozen=True)
class _Cluster:
    """What the second pass compares of a cluster of mentions."""

    sentences: frozenset[tuple[str, Any]]
    lemma: str  # the most frequent (first in id order on a tie)
    arguments: tuple[tuple[str, float], ...]  # argument lemma -> count, L2-normalised, sorted
    centroid: tuple[float, ...]  # unit-length mean of the contextual vectors

    @classmethod
    def of(cls, mentions: list[dict[str, Any]], context: dict[str, tuple[float, ...]]) -> _Cluster:
        return cls(frozenset((str(m["doc"]), m.get("sentence_index", m["sentence"])) for m in mentions),
                   Counter(str(m["lemma"]) for m in mentions).most_common(1)[0][0],
                   tuple(sorted(normalised({k: float(v) for k, v in Counter(
                       str(x) for m in mentions for x in m.get("arguments") or ()).items()}).items())),
                   tuple(normalised_dense([context[str(m["id"])] for m in mentions])))


def _cluster_score(a: _Cluster, b: _Cluster, trigger: Callable[[str, str], float]) -> float:
    """Pair score of two clusters of mentions, as ``_mention_score`` scores two mentions: the
    trigger similarity of their most frequent lemmas, ``CLUSTER_ARGUMENT_WEIGHT`` times the cosine
    of their argument counts (pooled arguments: any one shared argument would join nearly every
    pair), and ``CONTEXT_WEIGHT`` times the cosine of their mean contextual vectors minus
    ``CONTEXT_CENTRE``; 0 when they share a sentence or one is headed by a weak lemma."""
    if a.sentences & b.sentences or a.lemma in _WEAK_LEMMAS or b.lemma in _WEAK_LEMMAS:
        return 0.0
    arguments = cosine(dict(a.arguments), dict(b.arguments))
    return ((1.0 if a.lemma == b.lemma else trigger(a.lemma, b.lemma)) + CLUSTER_ARGUMENT_WEIGHT * arguments
            + CONTEXT_WEIGHT * (dense_cosine(a.centroid, b.centroid) - CONTEXT_CENTRE))


def normalised_dense(vectors: Sequence[Sequence[float]]) -> list[float]:
    """The unit-length mean of dense vectors."""
    mean = [sum(column) / len(vectors) for column in zip(*vectors, strict=True)]
    norm = math.sqrt(sum(x * x for x in mean)) or 1.0
    return [x / norm for x in mean]


def context_vectors(mentions: Sequence[dict[str, Any]]) -> dict[str, tuple[float, ...]]:
    """Mention id -> MiniLM vector of its trigger (``span``, else ``text`` found in the sentence,
    else the whole sentence) in its sentence."""
    items = []
    for m in mentions:
        sentence, text = str(m["sentence"]), str(m.get("text") or "")
        span = m.get("span")
        if span is None:
            start = sentence.find(text) if text else -1
            span = (start, start + len(text)) if start >= 0 else (0, len(sentence))
        items.append((sentence, (int(span[0]), int(span[1]))))
    return dict(zip((str(m["id"]) for m in mentions), embed_spans(items), strict=True))


def _members(labels: list[int]) -> dict[int, list[int]]:
    members: dict[int, list[int]] = defaultdict(list)
    for p, label in enumerate(labels):
        members[label].append(p)
    return members


def _merge_clusters(labels: list[int], items: list[dict[str, Any]], trigger: Callable[[str, str], float],
                    context: dict[str, tuple[float, ...]]) -> list[int]:
    """Average-link over the clusters ``labels`` makes of ``items``, on ``_cluster_score``."""
    members = _members(labels)
    keys = sorted(members)
    clusters = [_Cluster.of([items[p] for p in members[k]], context) for k in keys]
    merged = average_link(len(keys), lambda i, j: _cluster_score(clusters[i], clusters[j], trigger),
                          MENTION_THRESHOLD)
    out = [0] * len(labels)
    for i, k in enumerate(keys):
        for p in members[k]:
            out[p] = keys[merged[i]]
    return out


def _join_main_events(labels: list[int], items: list[dict[str, Any]], trigger: Callable[[str, str], float],
                      context: dict[str, tuple[float, ...]]) -> list[int]:
    """Up to ``MAIN_EVENTS`` times: the cluster (not headed by a weak lemma) spanning the most
    documents, if at least ``MAIN_EVENT_MIN_DOCS``, takes in every other cluster whose
    ``_cluster_score`` with it reaches ``MAIN_EVENT_THRESHOLD``. Ties go to the smallest label.
    A main event and the clusters it took in are out of the later rounds, so the clusters left are
    those ``labels`` made and are summarised once."""
    members = _members(labels)
    clusters = {k: _Cluster.of([items[p] for p in members[k]], context) for k in sorted(members)}
    docs = {k: len({d for d, _ in c.sentences}) for k, c in clusters.items()}
    out = list(labels)
    taken: set[int] = set()  # main events and the clusters they took in
    for _ in range(MAIN_EVENTS):
        candidates = [k for k in clusters if k not in taken and clusters[k].lemma not in _WEAK_LEMMAS]
        if not candidates:
            break
        main = max(candidates, key=lambda k: docs[k])
        if docs[main] < MAIN_EVENT_MIN_DOCS:
            break
        taken.add(main)
        for k in clusters:
            if k not in taken and _cluster_score(clusters[main], clusters[k], trigger) >= MAIN_EVENT_THRESHOLD:
                taken.add(k)
                for p in members[k]:
                    out[p] = main
    return out


def cluster_mentions(mentions: Sequence[dict[str, Any]], *, similarity: str = "auto",
                     wordnet: bool = True) -> list[int]:
    """A cluster label for each event mention (coreferent mentions share a label).

    ``similarity`` compares different trigger lemmas: ``minilm`` (the ``[ml]`` extra),
    ``lexical`` (shared stems only) or ``auto`` (MiniLM when installed). An optional
    ``arguments`` list per mention (head lemmas of its subject, object and obliques) and an
    optional ``document`` (the whole text of its document, for grouping documents) sharpen the
    result. ``wordnet`` links different lemmas through WordNet when it is installed
    (``dyad.resolve.wordnet``); without it the clustering is that of MiniLM or stems alone.
    """
    _check(mentions)
    mentions = [{**m, "lemma": trigger_key(m)} for m in mentions]
    order = sorted(range(len(mentions)), key=lambda i: str(mentions[i]["id"]))
    trigger = _trigger_similarity(sorted({str(m["lemma"]) for m in mentions}), similarity, wordnet=wordnet)
    context = context_vectors(mentions) if resolve_backend(similarity) == "minilm" else None
    labels = [0] * len(mentions)
    by_topic: dict[Any, list[int]] = defaultdict(list)
    for i in order:
        by_topic[mentions[i]["topic"]].append(i)
    next_label = 0
    for topic in sorted(by_topic, key=str):
        members = by_topic[topic]
        doc_text: dict[str, list[str]] = defaultdict(list)
        seen_sentences: set[tuple[str, Any]] = set()
        for i in members:
            m = mentions[i]
            key = (str(m["doc"]), m.get("sentence_index", m["sentence"]))
            if key not in seen_sentences:
                seen_sentences.add(key)
                doc_text[str(m["doc"])].append(str(m["sentence"]))
        docs = sorted(doc_text)
        # the whole document when given (``document``), else the sentences of its mentions
        full = {str(mentions[i]["doc"]): str(mentions[i]["document"]) for i in members
                if mentions[i].get("document")}
        groups = doc_groups(docs, {d: full.get(d) or " ".join(t) for d, t in doc_text.items()})
        by_group: dict[int, list[int]] = defaultdict(list)
        for i in members:
            by_group[groups[str(mentions[i]["doc"])]].append(i)
        for group in sorted(by_group):
            items = by_group[group]
            local = average_link(
                len(items),
                lambda p, q, items=items: _mention_score(  # type: ignore[misc]
                    mentions[items[p]], mentions[items[q]], trigger, context),
                MENTION_THRESHOLD)
            if context is not None:
                group_items = [mentions[i] for i in items]
                local = _merge_clusters(local, group_items, trigger, context)
                local = _join_main_events(local, group_items, trigger, context)
            mapping: dict[int, int] = {}
            for p, lab in enumerate(local):
                if lab not in mapping:
                    mapping[lab] = next_label
                    next_label += 1
                labels[items[p]] = mapping[lab]
    return labels
