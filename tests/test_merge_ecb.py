"""ECB+ mention clustering: document grouping by within-topic tf-idf over whole documents."""

from __future__ import annotations

import pytest

from dyad.resolve.merge_ecb import _doc_groups, cluster_mentions, topic_tfidf
from dyad.resolve.merge_text import cosine


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
    groups = _doc_groups(sorted(texts), texts)
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
