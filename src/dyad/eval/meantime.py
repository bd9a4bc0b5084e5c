"""Score the temporal tagger on MEANTIME (NewsReader CAT XML).

A CAT file lists ``<token t_id sentence>`` elements, then ``<Markables>`` where each
``<TIMEX3 type value functionInDocument>`` points at its tokens with ``<token_anchor t_id>``.
The document creation time is the timex with ``functionInDocument="CREATION_TIME"`` (the date
line under the headline; the first full date when no timex carries the mark). Timexes without token anchors (empty, implicit ones) are not scored.

Only the first sentences of each article are annotated (headline, date line and four or five
sentences), so the text is cut after the last sentence holding any markable: the tagger is not
charged for expressions in the unannotated rest. The text is rebuilt from the tokens (one line per sentence, spaces between tokens except before
closing punctuation), so offsets are ours; extents are compared on those offsets. Scores are
computed with the TimeML scorer (:func:`dyad.eval.timeml.score`); ``details["without_dct"]``
repeats them without the creation-time date line, which is easy to find.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from dyad.errors import DyadError, E
from dyad.eval.report import EvalReport
from dyad.eval.timeml import GoldDoc, GoldTimex, parse_dct, score

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "’s", "n't", "'", "''", "'re",
                    "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#"}


def read_cat(path: Path) -> GoldDoc:
    """One MEANTIME CAT document as text, creation date and anchored timexes."""
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    sentence_of = {t.get("t_id"): int(t.get("sentence") or 0) for t in root.iter("token")}
    markables = root.find("Markables")
    anchored = [sentence_of.get(a.get("t_id"), 0) for a in (markables.iter("token_anchor") if markables is not None else ())]
    last_sentence = max(anchored, default=max(sentence_of.values(), default=0))
    pieces: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    pos = 0
    prev_sentence: str | None = None
    prev_token = ""
    for tok in root.iter("token"):
        word = tok.text or ""
        sentence = tok.get("sentence")
        if int(sentence or 0) > last_sentence:
            break
        if prev_sentence is not None:
            if sentence != prev_sentence:
                sep = "\n"
            elif word in _NO_SPACE_BEFORE or prev_token in _NO_SPACE_AFTER:
                sep = ""
            else:
                sep = " "
            pieces.append(sep)
            pos += len(sep)
        offsets[tok.get("t_id", "")] = (pos, pos + len(word))
        pieces.append(word)
        pos += len(word)
        prev_sentence, prev_token = sentence, word
    text = "".join(pieces)
    timexes: list[GoldTimex] = []
    dct_value = None
    for tx in root.iter("TIMEX3"):
        is_dct = tx.get("functionInDocument") == "CREATION_TIME"
        anchors = [offsets[a.get("t_id")] for a in tx.findall("token_anchor") if a.get("t_id") in offsets]
        start, end = (min(a[0] for a in anchors), max(a[1] for a in anchors)) if anchors else (0, 0)
        if is_dct:
            dct_value = tx.get("value") or ""
            if not re.match(r"\d{4}", dct_value) and anchors:
                dct_value = text[start:end]  # "03-02-2009" is ambiguous; the date line says "February 03, 2009"
        if not anchors:
            continue
        timexes.append(GoldTimex(start, end, tx.get("type", ""), tx.get("value", ""), text[start:end],
                                 creation_time=is_dct))
    timexes.sort(key=lambda t: t.start)
    if dct_value is None:  # a few files lack the mark: the first full date (the date line) stands in
        dct_value = next((t.value for t in timexes if t.type == "DATE" and len(t.value) == 10), None)
    if dct_value is None:
        raise ValueError(f"{path}: no CREATION_TIME timex")
    return GoldDoc(doc_id=root.get("doc_name") or path.stem, text=text, dct=parse_dct(dct_value),
                   timexes=tuple(timexes))


def evaluate(path: Path, *, limit: int | None = None, backend: str | None = None, **kw: Any) -> EvalReport:
    """Score the tagger on a MEANTIME folder (``intra-doc_annotation`` is used when present)."""
    path = Path(path)
    if not path.exists():
        raise DyadError(E.DATASET_MISSING, path=path,
                        hint="point to MEANTIME English (the folder with intra-doc_annotation/)")
    root = path / "intra-doc_annotation" if (path / "intra-doc_annotation").is_dir() else path
    files = sorted(root.rglob("*.xml")) if root.is_dir() else [root]
    if limit is not None:
        files = files[:limit]
    docs = [read_cat(f) for f in files]
    report = score(docs, dataset="meantime", path=path, backend=backend)
    without = score(docs, dataset="meantime", path=path, backend=backend, skip_creation_time=True)
    report.details["without_dct"] = without.metrics
    return report
