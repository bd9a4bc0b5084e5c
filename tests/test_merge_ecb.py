"""ECB+ mention clustering: document grouping (within-topic tf-idf over whole documents) and the mention pair rules."""

from __future__ import annotations

import pytest

from dyad.errors import DyadError
from dyad.eval.ecb import mention_arguments
from dyad.resolve.doc_groups import doc_groups, topic_tfidf
from dyad.resolve.merge_ecb import cluster_mentions
from dyad.resolve.merge_text import cosine, minilm_available


def test_topic_tfidf_ignores_words_every_text_shares() -> None:
    texts = ["earthquake hits Chile near Arica", "earthquake Chile Arica damage", "earthquake hits Indonesia Aceh"]
    vectors = topic_tfidf(texts)
    assert all(v["earthquake"] < min(v.values()) * 1.01 for v in vectors)  # in every text: least weight
    assert sum(w * w for w in vectors[0].values()) == pytest.approx(1.0)
    assert cosine(vectors[0], vectors[1]) > cosine(vectors[1], vectors[2])
    assert topic_tfidf(list(reversed(texts)))[0] == vectors[2]  # order does not matter


def test_doc_groups_split_two_events_of_one_kind() -> None:
    texts = {
        "a1": "A strong earthquake struck northern Chile near Arica on Tuesday , killing five in Arica",
        "a2": "Five people died when the Arica earthquake shook northern Chile on Tuesday",
        "b1": "An earthquake struck Aceh in Indonesia , killing dozens in Banda Aceh",
        "b2": "Dozens died in Banda Aceh as the Indonesia earthquake destroyed homes",
    }
    groups = doc_groups(sorted(texts), texts)
    assert groups["a1"] == groups["a2"] and groups["b1"] == groups["b2"] and groups["a1"] != groups["b1"]


def test_document_text_decides_grouping() -> None:
    # the mention sentences alone are alike; the whole documents tell the two events apart
    def m(i: int, doc: str, document: str) -> dict[str, object]:
        return {"id": f"{doc}#{i}", "topic": 1, "doc": doc, "sentence": "The earthquake killed people",
                "sentence_index": 0, "span": [15, 21], "text": "killed", "lemma": "kill", "document": document}

    chile = "The earthquake killed people . Arica Chile Tuesday magnitude 6.1 Bachelet"
    aceh = "The earthquake killed people . Aceh Indonesia Sumatra magnitude 7.2 Yudhoyono"
    labels = cluster_mentions([m(1, "d1", chile), m(2, "d2", chile + " rescue"), m(3, "d3", aceh),
                               m(4, "d4", aceh + " aid")])
    assert labels[0] == labels[1] and labels[2] == labels[3] and labels[0] != labels[2]


def _m(i: int, doc: str, sentence_index: int, lemma: str, arguments: tuple[str, ...] = (),
       sentence: str | None = None) -> dict[str, object]:
    # the trigger in a sentence of its own ("Reports of the quake came in ."), as contextual
    # vectors (MiniLM) read it there
    text = sentence or f"Reports of the {lemma} came in ."
    start = text.find(lemma) if lemma in text else 0
    # one shared document text: every document reports the same event (grouping is tested apart)
    return {"id": f"{doc}#{i}", "topic": 1, "doc": doc, "sentence": text, "sentence_index": sentence_index,
            "span": [start, start + len(lemma)], "text": lemma, "lemma": lemma, "arguments": list(arguments),
            "document": "A strong earthquake hit northern Chile on Tuesday ."}


def test_two_mentions_of_one_sentence_stay_apart() -> None:
    # "the quake killed five and the quake destroyed ..." : one sentence, two events
    labels = cluster_mentions([_m(1, "d1", 0, "shoot"), _m(2, "d1", 0, "shooting")], similarity="lexical")
    assert labels[0] != labels[1]
    labels = cluster_mentions([_m(1, "d1", 0, "shoot"), _m(2, "d1", 1, "shooting")], similarity="lexical")
    assert labels[0] == labels[1]  # same stem, two sentences


def test_reporting_verbs_merge_only_with_a_shared_argument() -> None:
    labels = cluster_mentions([_m(1, "d1", 0, "say", ("publicist",)), _m(2, "d2", 0, "say", ("publicist",)),
                               _m(3, "d3", 0, "say", ("police",))], similarity="lexical")
    assert labels[0] == labels[1] != labels[2]


def test_lexical_similarity_needs_a_shared_stem() -> None:
    labels = cluster_mentions([_m(1, "d1", 0, "kill"), _m(2, "d2", 0, "murder"), _m(3, "d3", 0, "killing")],
                              similarity="lexical")
    assert labels[0] == labels[2] != labels[1]


def test_cluster_mentions_order_independent_with_arguments() -> None:
    items = [_m(1, "d1", 0, "arrest", ("man", "police")), _m(2, "d2", 0, "arrest", ("suspect",)),
             _m(3, "d2", 1, "capture", ("man",)), _m(4, "d3", 0, "say", ("police",)), _m(5, "d1", 1, "say", ("police",))]
    labels = cluster_mentions(items, similarity="lexical")
    order = [4, 2, 0, 3, 1]
    shuffled = cluster_mentions([items[i] for i in order], similarity="lexical")
    same = {(i, j) for i in range(5) for j in range(5) if labels[i] == labels[j]}
    assert {(order[i], order[j]) for i in range(5) for j in range(5) if shuffled[i] == shuffled[j]} == same


def test_unknown_similarity_is_an_error() -> None:
    with pytest.raises(DyadError, match="E801"):
        cluster_mentions([_m(1, "d1", 0, "kill")], similarity="bert")


def test_mention_arguments(nlp) -> None:
    doc = nlp("Police arrested a man in Boston after he fled and was caught by guards .")
    arrested = next(t.i for t in doc if t.text == "arrested")
    assert {"police", "man"} <= set(mention_arguments(doc, arrested))
    caught = next(t.i for t in doc if t.text == "caught")
    assert "guard" in mention_arguments(doc, caught)
    assert list(mention_arguments(doc, arrested)) == sorted(mention_arguments(doc, arrested))


@pytest.mark.skipif(not minilm_available(), reason="needs the [ml] extra (MiniLM)")
def test_minilm_links_synonymous_triggers_in_any_order() -> None:
    items = [_m(1, "d1", 0, "kill"), _m(2, "d2", 0, "murder"), _m(3, "d3", 0, "earthquake"),
             _m(4, "d4", 0, "quake"), _m(5, "d5", 0, "sing")]
    labels = cluster_mentions(items, similarity="minilm")
    assert labels[2] == labels[3] and labels[4] not in (labels[0], labels[2]) and labels[0] != labels[2]
    order = [3, 1, 4, 0, 2]
    shuffled = cluster_mentions([items[i] for i in order], similarity="auto")
    same = {(i, j) for i in range(5) for j in range(5) if labels[i] == labels[j]}
    assert {(order[i], order[j]) for i in range(5) for j in range(5) if shuffled[i] == shuffled[j]} == same


@pytest.mark.skipif(not minilm_available(), reason="needs the [ml] extra (torch + MiniLM) for contextual vectors")
def test_embed_spans_reads_the_trigger_in_its_sentence() -> None:
    from dyad.resolve.merge_text import dense_cosine, embed_spans

    texts = [("The company fired its chief executive on Monday .", "fired"),
             ("The gunman fired twice into the crowd .", "fired"),
             ("Lindsay Lohan checked into rehab on Tuesday .", "checked into"),
             ("Lohan entered a rehab facility in Malibu .", "entered")]
    items = [(t, (t.index(w), t.index(w) + len(w))) for t, w in texts]
    vectors = embed_spans(items)
    assert all(sum(x * x for x in v) == pytest.approx(1.0, abs=1e-4) for v in vectors)
    assert dense_cosine(vectors[0], vectors[1]) < 0.9  # one word, two settings: two vectors
    assert dense_cosine(vectors[2], vectors[3]) > dense_cosine(vectors[2], vectors[0])
    assert embed_spans(list(reversed(items))) == list(reversed(vectors))  # order does not matter
    # the span picks the words: the sentence's subject is not its verb
    assert embed_spans([(texts[2][0], (0, 13))])[0] != vectors[2]


@pytest.mark.skipif(not minilm_available(), reason="needs the [ml] extra (torch + MiniLM) for contextual vectors")
def test_context_moves_the_mention_score() -> None:
    from dyad.resolve import merge_ecb

    a = {"id": "a", "doc": "d1", "sentence": "x", "sentence_index": 0, "lemma": "fire", "arguments": []}
    b = {"id": "b", "doc": "d2", "sentence": "y", "sentence_index": 0, "lemma": "fire", "arguments": []}
    alike = {"a": (1.0, 0.0), "b": (1.0, 0.0)}
    apart = {"a": (1.0, 0.0), "b": (0.0, 1.0)}
    trigger = lambda x, y: 0.0  # noqa: E731
    assert merge_ecb._mention_score(a, b, trigger) == 1.0
    assert merge_ecb._mention_score(a, b, trigger, alike) == pytest.approx(1.0 + merge_ecb.CONTEXT_WEIGHT * 0.5)
    assert merge_ecb._mention_score(a, b, trigger, apart) < merge_ecb.MENTION_THRESHOLD  # same lemma, other use
    vectors = merge_ecb.context_vectors([{**a, "sentence": "The gunman fired twice .", "span": [11, 16]},
                                         {**b, "sentence": "The gunman fired twice .", "text": "fired"}])
    assert vectors["a"] == vectors["b"]  # a span, or the mention's text found in the sentence


def test_trigger_key_keeps_the_verb_particle() -> None:
    from dyad.resolve.merge_ecb import trigger_key

    assert trigger_key({"lemma": "check", "text": "checked out"}) == "check out"
    assert trigger_key({"lemma": "check", "text": "checked into"}) == "check"  # a preposition, not a particle
    assert trigger_key({"lemma": "check", "text": "checked"}) == "check"
    labels = cluster_mentions([_m(1, "d1", 0, "check", sentence="She checked out of rehab ."),
                               _m(2, "d2", 0, "check", sentence="She checked into rehab .")], similarity="lexical")
    assert labels[0] == labels[1]  # no span with a particle: one lemma
    out = _m(1, "d1", 0, "check", sentence="She checked out of rehab .")
    out.update(span=[4, 15], text="checked out")
    # (WordNet files "check out" as a synonym of "check": the stems alone show the particle rule)
    labels = cluster_mentions([out, _m(2, "d2", 0, "check", sentence="She checked into rehab .")],
                              similarity="lexical", wordnet=False)
    assert labels[0] != labels[1]


def test_second_pass_joins_clusters_whose_mentions_read_alike() -> None:
    from dyad.resolve import merge_ecb

    def m(i: int, doc: str, sentence: int, lemma: str) -> dict[str, object]:
        return {"id": f"m{i}", "doc": doc, "sentence": f"s{sentence}", "sentence_index": sentence, "lemma": lemma,
                "arguments": []}

    items = [m(1, "d1", 0, "enter"), m(2, "d2", 0, "enter"), m(3, "d3", 0, "check")]
    trigger = lambda a, b: 0.5  # noqa: E731
    alike = {"m1": (1.0, 0.0), "m2": (0.8, 0.6), "m3": (0.96, 0.28)}  # m3 points at the centroid of m1, m2
    apart = {"m1": (1.0, 0.0), "m2": (0.8, 0.6), "m3": (-0.6, 0.8)}
    assert merge_ecb._merge_clusters([0, 0, 2], items, trigger, alike) == [0, 0, 0]
    assert merge_ecb._merge_clusters([0, 0, 2], items, trigger, apart) == [0, 0, 2]
    one_sentence = [m(1, "d1", 0, "enter"), m(2, "d2", 0, "enter"), m(3, "d1", 0, "check")]
    assert merge_ecb._merge_clusters([0, 0, 2], one_sentence, trigger, alike) == [0, 0, 2]  # one sentence, two events


def test_main_event_takes_in_clusters_just_below_the_threshold() -> None:
    from dyad.resolve import merge_ecb

    def m(i: int, doc: str, lemma: str) -> dict[str, object]:
        return {"id": f"m{i}", "doc": doc, "sentence": "s", "sentence_index": 0, "lemma": lemma, "arguments": []}

    trigger = lambda a, b: 0.3  # noqa: E731
    # "check" is reported by three documents; "enter" (d4) reads like it, "sing" (d5) does not
    items = [m(1, "d1", "check"), m(2, "d2", "check"), m(3, "d3", "check"), m(4, "d4", "enter"), m(5, "d5", "sing")]
    vectors = {"m1": (1.0, 0.0), "m2": (1.0, 0.0), "m3": (1.0, 0.0), "m4": (0.65, 0.76), "m5": (0.4, 0.92)}
    main = merge_ecb._Cluster.of(items[:3], vectors)
    enter = merge_ecb._Cluster.of(items[3:4], vectors)
    # below the mention threshold, so only the main-event step can join them
    assert merge_ecb.MAIN_EVENT_THRESHOLD <= merge_ecb._cluster_score(main, enter, trigger) < merge_ecb.MENTION_THRESHOLD
    assert merge_ecb._join_main_events([0, 0, 0, 3, 4], items, trigger, vectors) == [0, 0, 0, 0, 4]
    # a cluster of two documents is no main event
    assert merge_ecb._join_main_events([0, 0, 2, 3, 4], items, trigger, vectors) == [0, 0, 2, 3, 4]
    # nor is a cluster of reporting verbs, however many documents it spans
    said = [{**x, "lemma": "say"} for x in items[:3]] + items[3:]
    assert merge_ecb._join_main_events([0, 0, 0, 3, 4], said, trigger, vectors) == [0, 0, 0, 3, 4]
