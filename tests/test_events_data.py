"""Lexicon and crosswalk data files: well formed, and current with the scripts that derive them."""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path

import pytest

from dyad.errors import DyadError
from dyad.extract.events.crosswalk import cameo_to_plover
from dyad.extract.events.lexicon import cameo_lexicon, default_lexicon, lemmas_by_type, parse_trigger_lines
from dyad.extract.events.petrarch_dict import load_actor_dictionary, load_verb_dictionary
from dyad.model.records import EVENT_TYPES

from .conftest import shared_path

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lexicon_covers_all_sixteen_types():
    assert set(lemmas_by_type(default_lexicon())) == set(EVENT_TYPES)


def test_lexicon_rejects_bad_lines():
    with pytest.raises(DyadError) as info:
        list(parse_trigger_lines(["meet | verb | MEETUP | | 040 |"]))
    assert info.value.code == "E601"


def test_lexicon_trigger_syntax():
    (entry,) = parse_trigger_lines(["lift ~sanction | verb | RETREAT:ease | economic | 085 | weak"])
    assert (entry.lemma, entry.obj, entry.mode, entry.cameo, entry.has("weak")) == ("lift", "sanction", "ease", "085", True)


@pytest.mark.parametrize(("code", "expected"), [
    ("036", "AGREE"), ("0841", "RETREAT"), ("1123", "ACCUSE"), ("195", "ASSAULT"), ("0233", "REQUEST"),
])
def test_crosswalk_lookup(code, expected):
    found = cameo_to_plover(code)
    assert found is not None and found.event_type == expected


def test_crosswalk_statements_have_no_plover_type():
    assert cameo_to_plover("010") is None


def test_crosswalk_file_is_current():
    source = shared_path("data", "plover", "CAMEO2PLOVER-2021.txt")
    committed = resources.files("dyad.data").joinpath("plover/cameo2plover.json").read_text(encoding="utf-8")
    assert _script("build_crosswalk").build(source) == committed


def test_cameo_verb_table_is_current():
    source = shared_path("data", "petrarch2", "CAMEO.2.0.txt")
    committed = resources.files("dyad.data").joinpath("lexicon/cameo_verbs.tsv").read_text(encoding="utf-8")
    assert _script("build_lexicon").build(source) == committed
    assert len(cameo_lexicon()) > 1000


def test_petrarch_verb_dictionary_reader(tmp_path):
    path = tmp_path / "mini.verbs.txt"
    path.write_text("&FORCES\n+TROOPS\n+SOLDIERS\n\n--- WITHDRAW [084] ---\nWITHDRAW\n+PULL_OUT [0872]\n"
                    "- * &FORCES (FROM) [0872] # comment\n- NOT * [---]\n", encoding="utf-8")
    verbs = load_verb_dictionary(path)
    assert verbs.verbs["withdraw"].code == "084"
    assert verbs.verbs["pull out"].code == "0872"
    pattern, blocked = verbs.verbs["withdraw"].patterns
    assert pattern.code == "0872" and ("troops",) in pattern.after[0]
    assert blocked.code == "" and blocked.before == (frozenset({("not",)}),)
    lexicon = default_lexicon().with_verb_dictionary(path)
    assert any(e.source == "mini.verbs.txt" for e in lexicon.lookup("verb", "withdraw"))


def test_petrarch_actor_dictionary_reader(tmp_path):
    path = tmp_path / "mini.actors.txt"
    path.write_text("KIM_JONG_UN\n+KIM_JONG-UN\n[PRKGOV >20111219]\n[PRKMIL 20100101-20111218]\n"
                    "ARNOR [ARN]\n+ARNORIAN\n", encoding="utf-8")
    actors = load_actor_dictionary(path)
    import datetime as dt

    assert actors.code_for(("kim", "jong", "un"), dt.date(2018, 8, 6)) == "PRKGOV"
    assert actors.code_for(("kim", "jong", "un"), dt.date(2011, 1, 1)) == "PRKMIL"
    assert actors.code_for(("arnorian",)) == "ARN"


def test_petrarch_readers_parse_the_shared_dictionaries():
    verbs = load_verb_dictionary(shared_path("data", "petrarch2", "CAMEO.2.0.txt"))
    assert len(verbs.verbs) > 1000 and verbs.verbs["ask"].code == "020"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

DICT_LINE = st.one_of(
    st.text(alphabet="ABCDEFGHIJ_ &+-*[]{}()#0123456789:$%^<>!~", max_size=40),
    st.sampled_from(["--- VERB [010] ---", "- * OBJ [036]", "&SYN", "+MEMBER", "", "<!-- c -->", "- NOT * [---]"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(DICT_LINE, max_size=25))
def test_petrarch_readers_never_crash_on_odd_lines(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("dict") / "odd.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    verbs = load_verb_dictionary(path)
    for entry in verbs.verbs.values():
        assert entry.lemma and all(p.code is not None for p in entry.patterns)
    load_actor_dictionary(path, agents=path)
