"""Find reported speech and claims in a parsed article: source, cue and content spans.

Patterns, all read off the dependency parse (``Document.parse``):

* a reporting verb with a clausal complement: "X said (that) ...", "X told Y ...",
  "A new report revealed that ...", "Recent reports have shown ...", "..., saying: “...”";
  stance verbs also take a plain object ("X denied the report");
* the inverted order "“...,” Pompeo said" / "..., CNN reported": the content is everything
  before the source in the sentence, so an inner claim nests inside it;
* "according to X ...";
* a quote block followed by a byline line ("— Donald J. Trump (@realDonaldTrump) August 2, 2018").

Nesting (``Attribution.parent``) is the smallest other content span that holds a claim's cue
and source ("An official ... said ..., CNN reported": the official's parent is CNN). A definite
source that repeats an earlier one ("the official said") continues that source's chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dyad.extract.attribution.lexicon import cue_lexicon
from dyad.extract.attribution.sources import resolve_source, source_tokens
from dyad.model import Attribution, Document, Entity

QUOTE_OPEN = "“\"‘'«"
QUOTE_CLOSE = "”\"’'»"
QUOTE_CHARS = set(QUOTE_OPEN + QUOTE_CLOSE + "`")
EXPLETIVES = frozenset({"it", "there"})
BYLINE = re.compile(
    r"^[ \t]*[—–-]{1,2}[ \t]*(?P<name>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,4})"
    r"[ \t]*(?:\((?P<handle>@\w+)\))?[ \t]*(?P<date>[A-Z][a-z]+\.? \d{1,2}, \d{4})?[ \t]*$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Found:
    """An attribution before resolution: character spans plus the source head token."""

    source: tuple[int, int]
    cue: tuple[int, int]
    content: tuple[int, int] | None
    kind: str
    stance: str
    source_head: Any = None


def extract_attributions(doc: Document) -> list[Attribution]:
    """All attributions in a parsed Document, in text order of their cues, with parents set."""
    if doc.parse is None:
        return []
    found: list[Found] = []
    seen_cues: set[tuple[int, int]] = set()
    for item in [*_verb_cues(doc), *_according_to(doc), *_bylines(doc)]:
        if item.cue in seen_cues:
            continue
        seen_cues.add(item.cue)
        found.append(item)
    found.sort(key=lambda f: (f.cue[0], f.source[0]))
    found = _untangle(doc, found)
    entities = [_entity(doc, f) for f in found]
    records = [
        Attribution(source=ent, cue=doc.text_span(*f.cue),
                    content=doc.text_span(*f.content) if f.content else None, kind=f.kind)
        for f, ent in zip(found, entities, strict=True)
    ]
    parents = _parents(found)
    parents = _continue_chains(doc, found, records, parents)
    return [
        Attribution(source=r.source, cue=r.cue, content=r.content, kind=r.kind, parent=p)
        for r, p in zip(records, parents, strict=True)
    ]


# -- patterns -------------------------------------------------------------------------------


def _verb_cues(doc: Document) -> list[Found]:
    lex = cue_lexicon()
    out: list[Found] = []
    for verb in doc.parse:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        lemma = verb.lemma_.lower()
        stance = lex.verbs.get(lemma)
        if stance is None:
            continue
        source = _source_of(verb)
        if source is None or source.lower_ in EXPLETIVES:
            continue
        complements = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
        complements = [c for c in complements if _same_paragraph(doc, c.i, verb.i)] or complements[:0]
        content: tuple[int, int] | None
        if complements:
            content = _content_span(doc, verb, complements, source)
        elif _trailing_cue(doc, verb, source):
            # "..., Yonhap reported on Friday." parsed without a complement: the clause before it
            sent_start = max(verb.sent.start, _paragraph_start_token(doc, verb.i))
            content = _trimmed(doc, sent_start, min(source.left_edge.i, verb.i) - 1)
        elif lemma not in lex.clausal_only:
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            if not objects:
                continue
            content = _trimmed(doc, objects[0].left_edge.i, objects[0].right_edge.i)
        else:
            continue
        if content is None:
            continue
        src = source_tokens(source)
        kind = "quote" if _quoted(doc.text, content) else "reported"
        out.append(Found(source=(src[0].idx, _end(src[-1])), cue=(verb.idx, _end(verb)),
                         content=content, kind=kind, stance=stance, source_head=source))
    return out


def _trailing_cue(doc: Document, verb: Any, source: Any) -> bool:
    """A cue that closes its sentence after a comma: "..., CNN reported (Monday)."."""
    first = min(source.left_edge.i, verb.i)
    if first < 2 or not any(doc.parse[first - k].text in (",", "”", "\"", "''") for k in (1, 2)):
        return False
    later = [t for t in verb.children if t.i > verb.i and not t.is_punct and not t.is_space]
    return all(t.dep_ in ("prep", "npadvmod", "advmod") for t in later) and first > verb.sent.start + 1


def _source_of(verb: Any) -> Any | None:
    """The speaker: the verb's subject, the passive agent, or the subject of the clause that a
    participle or coordinated verb hangs from ("Pompeo responded ..., saying: ...")."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    if _is_passive(verb):
        return None
    if verb.dep_ == "conj" or (verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG"):
        head = verb.head
        if head.i != verb.i:
            return next((c for c in head.children if c.dep_ == "nsubj"), None)
    return None


def _content_span(doc: Document, verb: Any, complements: list[Any], source: Any) -> tuple[int, int] | None:
    """The reported clause. Inverted order ("..., CNN reported") takes the whole sentence before
    the source, so that the claims it reports nest inside it."""
    first = min(c.left_edge.i for c in complements)
    last = max(c.right_edge.i for c in complements)
    if last < verb.i and last < source.left_edge.i:
        sent = verb.sent
        left = max(sent.start, _paragraph_start_token(doc, verb.i))
        right = min(source_tokens(source)[0].i, verb.i) - 1
        return _trimmed(doc, left, right)
    span = _trimmed(doc, first, last, drop_mark=True)
    if span is None:
        return None
    start, end = span
    par_start, par_end = _paragraph_bounds(doc.text, verb.idx)
    start, end = max(start, par_start), min(end, par_end)
    closing = _closing_quote(doc.text, start, end)
    if closing is not None:
        end = closing
    return _strip_chars(doc.text, start, end)


def _according_to(doc: Document) -> list[Found]:
    lex = cue_lexicon()
    out: list[Found] = []
    for tok in doc.parse:
        if tok.lower_ not in lex.prepositional:
            continue
        needed = lex.prepositional[tok.lower_]
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == needed), None) if needed else tok
        if prep is None:
            continue
        source = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if source is None:
            continue
        src = source_tokens(source)
        phrase = (tok.i, source.right_edge.i)
        clause = tok.head if tok.head.i != tok.i else None
        content = None
        if clause is not None:
            left, right = clause.left_edge.i, clause.right_edge.i
            if phrase[0] <= left + 1:
                left = phrase[1] + 1
            elif phrase[1] >= right - 1:
                right = phrase[0] - 1
            content = _trimmed(doc, left, right)
        cue_end = _end(prep) if needed else _end(tok)
        out.append(Found(source=(src[0].idx, _end(src[-1])), cue=(tok.idx, cue_end), content=content,
                         kind="according_to", stance="assert", source_head=source))
    return out


def _bylines(doc: Document) -> list[Found]:
    """A quote block followed by "— Name (@handle) Month D, YYYY": the block is the name's quote."""
    text = doc.text
    out: list[Found] = []
    for match in BYLINE.finditer(text):
        if not (match.group("handle") or match.group("date")):
            continue
        block = _previous_block(text, match.start())
        if block is None:
            continue
        dash = re.search(r"[—–-]", text[match.start():match.end()])
        cue_start = match.start() + (dash.start() if dash else 0)
        head = _token_at(doc, match.end("name") - 1)
        out.append(Found(source=(match.start("name"), match.end("name")), cue=(cue_start, cue_start + 1),
                         content=block, kind="quote", stance="assert", source_head=head))
    return out


def _untangle(doc: Document, found: list[Found]) -> list[Found]:
    """Where two claims hold each other's cue ("A said X, B reported" parsed with B inside A's
    clause), the inverted outer claim wins: the inner content stops before the outer source."""
    out = list(found)
    for i, inner in enumerate(out):
        for outer in out:
            if inner is outer or inner.content is None or outer.content is None:
                continue
            if _holds(outer.content, inner.cue) and _holds(inner.content, outer.cue):
                start, end = inner.content
                cut = min(outer.source[0], outer.cue[0])
                if start < cut < end:
                    span = _strip_chars(doc.text, start, cut)
                    if span is not None:
                        out[i] = inner = Found(inner.source, inner.cue, span, inner.kind, inner.stance,
                                               inner.source_head)
    return out


def _holds(span: tuple[int, int], inner: tuple[int, int]) -> bool:
    return span[0] <= inner[0] and inner[1] <= span[1]


# -- parents --------------------------------------------------------------------------------


def _parents(found: list[Found]) -> list[int | None]:
    parents: list[int | None] = []
    for i, inner in enumerate(found):
        best: int | None = None
        best_len = 1 << 60
        for j, outer in enumerate(found):
            if i == j or outer.content is None:
                continue
            s, e = outer.content
            if s <= inner.cue[0] and inner.cue[1] <= e and s <= inner.source[0] and inner.source[1] <= e:
                if e - s < best_len:
                    best, best_len = j, e - s
        parents.append(best)
    return parents


def _continue_chains(doc: Document, found: list[Found], records: list[Attribution],
                     parents: list[int | None]) -> list[int | None]:
    """"the official said" after "An official ... said ..., CNN reported": still CNN's report."""
    out = list(parents)
    for i, f in enumerate(found):
        if out[i] is not None or f.source_head is None:
            continue
        text = records[i].source.text.lower()
        if not text.startswith("the "):
            continue
        for j in range(i - 1, -1, -1):
            earlier = found[j].source_head
            if earlier is None or earlier.lemma_.lower() != f.source_head.lemma_.lower():
                continue
            if out[j] is not None and out[j] != i:
                out[i] = out[j]
            break
    return out


# -- helpers --------------------------------------------------------------------------------


def _entity(doc: Document, f: Found) -> Entity:
    return resolve_source(doc, f.source[0], f.source[1], head=f.source_head)


def _end(tok: Any) -> int:
    return int(tok.idx + len(tok.text))


def _is_passive(verb: Any) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)


def _trimmed(doc: Document, left: int, right: int, *, drop_mark: bool = False) -> tuple[int, int] | None:
    """Character span of tokens ``left..right`` without edge punctuation, spaces and "that"."""
    toks = doc.parse
    while left <= right and (toks[left].is_punct or toks[left].is_space
                             or (drop_mark and toks[left].dep_ == "mark" and toks[left].lower_ == "that")):
        left += 1
    while right >= left and (toks[right].is_punct or toks[right].is_space):
        right -= 1
    if left > right:
        return None
    return toks[left].idx, _end(toks[right])


def _strip_chars(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (text[start].isspace() or text[start] in QUOTE_CHARS or text[start] in ",:;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in QUOTE_CHARS or text[end - 1] in ",:;"):
        end -= 1
    return (start, end) if start < end else None


def _closing_quote(text: str, start: int, end: int) -> int | None:
    """If the content opens with a quote mark (just before or at ``start``), where it closes."""
    before = text[max(0, start - 2):start + 1]
    opener = next((ch for ch in reversed(before) if ch in "“\""), None)
    if opener is None:
        return None
    closer = "”" if opener == "“" else "\""
    pos = text.find(closer, start + 1, end + 2)
    return pos if pos != -1 else None


def _quoted(text: str, span: tuple[int, int]) -> bool:
    start, end = span
    before = text[max(0, start - 3):start]
    after = text[end:end + 3]
    return any(ch in "“\"" for ch in before) and any(ch in "”\"" for ch in after)


def _paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end == -1 else end


def _paragraph_start_token(doc: Document, i: int) -> int:
    start, _ = _paragraph_bounds(doc.text, doc.parse[i].idx)
    j = i
    while j > 0 and doc.parse[j - 1].idx >= start:
        j -= 1
    return j


def _same_paragraph(doc: Document, i: int, j: int) -> bool:
    return _paragraph_bounds(doc.text, doc.parse[i].idx) == _paragraph_bounds(doc.text, doc.parse[j].idx)


def _previous_block(text: str, line_start: int) -> tuple[int, int] | None:
    """The non-empty line (paragraph) just before ``line_start``."""
    end = line_start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0:
        return None
    start = text.rfind("\n", 0, end) + 1
    return _strip_chars(text, start, end)


def _token_at(doc: Document, char: int) -> Any | None:
    for tok in doc.parse:
        if tok.idx <= char < _end(tok):
            return tok
    return None
