"""The ``actors`` stage: every actor mention of an article as an :class:`Entity` with codes.

Pipeline per article: find pieces (KB names, spaCy names, role nouns, short names) -> group them
into maximal noun phrases -> resolve each against the KB at the article date, its titles and its
modifiers -> link later mentions to earlier ones (profiles, "the minister", "the two leaders",
pronouns) -> entities in text order. Everything heavy (KB, role lexicon) is loaded once.

Options (``stage_options["actors"]``): ``extra`` (list of CSV/YAML/PETRARCH files added to the
KB), ``pronouns`` (bool, default True), ``context`` (bool, default True: the dateline is no actor
and mentions without a country take the article's, see ``context``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from dyad.config import PipelineConfig
from dyad.errors import DyadError, E
from dyad.extract.actors.context import ArticleContext, Dateline, find_dateline_country
from dyad.extract.actors.coref import Linker, group_pronoun_mentions, pronoun_mentions
from dyad.extract.actors.lexicon import RoleLexicon, default_roles
from dyad.extract.actors.mentions import (
    Mention,
    build_mentions,
    link_appositions,
    nationality_from_appositions,
    resolve,
    share_coordinated_heads,
)
from dyad.extract.actors.pieces import Tok, find_pieces, tokens_of
from dyad.model import Document, Entity
from dyad.registry import stages
from dyad.resolve.actor_kb import ActorKB, default_kb

OPTIONS = ("extra", "pronouns", "context")


class ActorExtractor:
    """Finds and resolves actor mentions in parsed text. Reusable across articles."""

    def __init__(self, *, kb: ActorKB | None = None, roles: RoleLexicon | None = None,
                 pronouns: bool = True, keep_demonyms: bool = True, context: bool = True) -> None:
        self.kb = kb or default_kb()
        self.roles = roles or default_roles()
        self.pronouns = pronouns
        self.context = context
        self.keep_demonyms = keep_demonyms

    def mentions(self, parse: Any, *, on: dt.date | None) -> tuple[list[Tok], list[Mention]]:
        toks = tokens_of(parse)
        pieces = find_pieces(toks, parse, self.kb, self.roles)
        mentions = build_mentions(toks, pieces, keep_demonyms=self.keep_demonyms)
        for m in mentions:
            resolve(m, toks, self.kb, on=on)
        share_coordinated_heads(toks, mentions)
        link_appositions(toks, mentions)
        nationality_from_appositions(toks, mentions, pieces, self.kb, on=on)
        dateline = find_dateline_country(parse.text, self.kb) if self.context else Dateline(0, None)
        context = ArticleContext(toks, mentions, self.kb, dateline)
        mentions = [m for m in mentions if not context.in_dateline(m)]
        if self.context:
            context.fill_people(mentions)
        Linker(toks, self.kb).link(mentions)
        if self.context:
            context.fill_generic(mentions)
            # "Jimmy Sham, the front's convener": the apposition may have got its country only now
            link_appositions(toks, mentions)
            context.propagate(mentions)
        if self.pronouns:
            taken = [False] * len(toks)
            for m in mentions:
                for k in range(m.start, m.end):
                    taken[k] = True
            found = pronoun_mentions(toks, mentions, taken) + group_pronoun_mentions(toks, mentions, taken)
            mentions = sorted(mentions + found, key=lambda m: m.start)
        return toks, mentions

    def entities(self, text: str, parse: Any, *, on: dt.date | None) -> list[Entity]:
        toks, mentions = self.mentions(parse, on=on)
        out: list[Entity] = []
        for m in mentions:
            start, end = toks[m.start].idx, toks[m.end - 1].end
            for referent in [m, *m.extra]:
                out.append(Entity(text=text[start:end], start=start, end=end, code=referent.code,
                                  sector=referent.sector, name=referent.name, role=referent.role,
                                  kb_id=referent.kb_id, kind=referent.kind or "unknown",
                                  antecedent=referent.antecedent))
        return out


class ActorStage:
    """Adds ``Document.actors``. Needs the parse stage before it."""

    name = "actors"

    def __init__(self, config: PipelineConfig) -> None:
        options = dict(config.stage_options.get("actors", {}))
        unknown = sorted(set(options) - set(OPTIONS))
        if unknown:
            raise DyadError(E.ACTOR_STAGE_OPTION, detail=", ".join(unknown), known=", ".join(OPTIONS))
        extra = [Path(p) for p in options.get("extra", ())]
        kb = ActorKB.load(extra) if extra else None
        self.extractor = ActorExtractor(kb=kb, pronouns=bool(options.get("pronouns", True)),
                                        context=bool(options.get("context", True)))

    def __call__(self, doc: Document) -> Document:
        if doc.parse is None:
            raise DyadError(E.STAGE_FAILED, stage=self.name, article_id=doc.article.id,
                            detail="no parse; put 'parse' before 'actors' in the stages")
        doc.actors.extend(self.extractor.entities(doc.text, doc.parse, on=doc.article.published))
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)


@stages.register("actors")
def make_actor_stage(config: PipelineConfig) -> ActorStage:
    return ActorStage(config)


def resolve_actor(text: str, *, on: dt.date | None = None, kb: ActorKB | None = None,
                  nlp: Any = None) -> Entity | None:
    """Resolve one phrase ("a U.S. official", "Pompeo", "North Korean Foreign Minister Ri Yong
    Ho") to an :class:`Entity` with offsets into ``text``; ``None`` when it names no actor.

    The phrase is parsed with ``nlp`` (default: dyad's spaCy model, loaded once) so that titles,
    compounds and prepositional phrases group as in running text. Of several mentions, the one
    holding the phrase's syntactic root wins ("Yemeni army soldiers, supported by fighters from
    X" -> the soldiers), else the last one before the root ("45 Boko Haram members"), else the
    first.
    """
    if not text.strip():
        return None
    if nlp is None:
        from dyad.parse.spacy_parser import load_nlp

        nlp = load_nlp(PipelineConfig().spacy_model, PipelineConfig().spacy_fallback)
    extractor = (ActorExtractor(kb=kb, pronouns=False, keep_demonyms=True, context=False) if kb
                 else _default_extractor())
    parse = nlp(text)
    entities = extractor.entities(text, parse, on=on)
    if not entities:
        return None
    root = next((t.idx for t in parse if t.head.i == t.i), 0)
    heading = [e for e in entities if e.start <= root < e.end]
    before = [e for e in entities if e.end <= root]
    return (heading or before[-1:] or entities)[0]


@lru_cache(maxsize=1)
def _default_extractor() -> ActorExtractor:
    return ActorExtractor(pronouns=False, keep_demonyms=True, context=False)
