"""Pipeline: stages by name, config validation, and the per-stage error policy."""

from __future__ import annotations

import pytest

from dyad.config import PipelineConfig
from dyad.errors import DyadError
from dyad.model import Article, Document
from dyad.pipeline import Pipeline
from dyad.registry import stages


class ExplodeOnWord:
    """A test stage that fails on articles containing a given word."""

    name = "explode"

    def __init__(self, word: str) -> None:
        self.word = word

    def __call__(self, doc: Document) -> Document:
        if self.word in doc.text:
            raise ValueError(f"cannot handle {self.word!r}")
        return doc


@stages.register("explode")
def make_explode(config: PipelineConfig) -> ExplodeOnWord:
    return ExplodeOnWord(config.stage_options.get("explode", {}).get("word", "BOOM"))


def test_pipeline_process_raises_catalogued_error() -> None:
    nlp = Pipeline(stages=["parse", "explode"])
    with pytest.raises(DyadError) as info:
        nlp.process(Article.create("The BOOM article."))
    assert info.value.code == "E020" and "explode" in str(info.value)
    assert isinstance(info.value.__cause__, ValueError)


def test_pipeline_pipe_records_and_continues() -> None:
    nlp = Pipeline(stages=["parse", "explode"], batch_size=2)
    texts = ["First fine article.", "The BOOM article.", "Third fine article.", "Fourth one."]
    docs = list(nlp.pipe(Article.create(t) for t in texts))
    assert [d.text for d in docs] == texts  # order kept, nothing lost
    assert [bool(d.errors) for d in docs] == [False, True, False, False]
    err = docs[1].errors[0]
    assert err.stage == "explode" and err.code == "E020" and "BOOM" in err.message
    assert all(d.parse is not None for d in docs)


def test_pipeline_stage_options_reach_the_stage() -> None:
    nlp = Pipeline(stages=["parse", "explode"], stage_options={"explode": {"word": "fine"}})
    docs = list(nlp.pipe([Article.create("A fine day."), Article.create("The BOOM day.")]))
    assert [bool(d.errors) for d in docs] == [True, False]


@pytest.mark.parametrize("bad", [{"no_such_key": 1}, {"stages": ["explode", "parse"]},
                                 {"batch_size": 0}, {"stages": ["parse", "parse"]}])
def test_pipeline_config_rejects_bad_settings(bad: dict) -> None:
    with pytest.raises(DyadError) as info:
        Pipeline(bad)
    assert info.value.code == "E023"


def test_pipeline_unknown_stage_lists_available() -> None:
    with pytest.raises(DyadError) as info:
        Pipeline(stages=["parse", "no-such-stage"])
    assert info.value.code == "E021" and "parse" in str(info.value)


def test_pipeline_public_api_accepts_stage_options() -> None:
    import dyad

    doc = dyad.process("Fine words.", stages=["parse", "explode"], stage_options={"explode": {"word": "zzz"}})
    assert doc.errors == [] and doc.parse is not None
    assert dyad.get_pipeline(stages=("parse",)) is dyad.get_pipeline(stages=["parse"])
