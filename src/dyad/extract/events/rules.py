"""The rules event coder (registered as ``rules``): lexicon triggers over the dependency parse.

For each sentence: find triggers (:mod:`.triggers`), fill actor and recipient
(:mod:`.arguments`), apply PLOVER's coding conventions (future meetings and invitations are
AGREE, announced retreats are CONCEDE, symmetric meetings list all participants as actors),
link events to each other ("which Kim accepted" -> the invitation's author is the recipient;
"thanked Kim for releasing ..." -> Kim released), and emit one :class:`Event` per trigger.
Negated and hypothetical triggers are kept: the ``status`` stage marks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dyad.config import PipelineConfig
from dyad.errors import DyadError, E
from dyad.extract.events.arguments import Arguments, entities_for, noun_arguments, verb_arguments
from dyad.extract.events.discourse import with_counterparts, without_mobilization_in_assault
from dyad.extract.events.lexicon import Lexicon, default_lexicon
from dyad.extract.events.setting import Setting, drop_dateline, local_authority, localize, protest_target
from dyad.extract.events.syntax import (
    MODALS_FUTURE,
    Token,
    clause_verb,
    has_modal,
    is_past_clause,
    is_to_infinitive,
    is_verb,
    lemma,
    prep_objects,
    subject_of,
    word_lists,
)
from dyad.extract.events.triggers import Trigger, find_triggers
from dyad.model import Document, Entity, Event, Mention, Provenance, TextSpan
from dyad.registry import coders

CODER_VERSION = "0.3.0"
MEETING_TYPES = frozenset({"CONSULT"})
ADJ_PREPS = frozenset({"about", "over", "with", "by", "at", "to", "toward", "towards"})
FUTURE_SENSITIVE = frozenset({"SUPPORT", "COOPERATE", "AID", "SANCTION", "COERCE", "ASSAULT"})
THREAT_MODES = {"SANCTION": "relations", "COERCE": "restrict", "ASSAULT": "violence"}
MODE_FROM_GOVERNED = {"CONSULT": "meet", "AGREE": "meet", "RETREAT": "yield", "CONCEDE": "yield",
                      "AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist"}


@dataclass
class Coded:
    """A trigger with its arguments and final type, before it becomes an Event."""

    trig: Trigger
    args: Arguments
    event_type: str
    mode: str | None
    cameo: str | None
    future: bool = False


class RulesCoder:
    """Dictionary-and-syntax event coder; see the module docstring."""

    name = "rules"
    version = CODER_VERSION

    def __init__(self, *, lexicon: Lexicon | None = None, keep_actorless: bool = False,
                 weak_needs_actors: bool = True) -> None:
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        self.keep_actorless = keep_actorless
        self.weak_needs_actors = weak_needs_actors

    def code(self, doc: Document) -> list[Event]:
        if doc.parse is None:
            raise DyadError(E.EVENTS_NEED_PARSE, stage="events")
        events: list[Event] = []
        history: list[Coded] = []
        setting = Setting.of(doc)
        for sent in doc.parse.sents:
            events.extend(self.code_sentence(doc, sent, history=history, setting=setting))
        return with_counterparts(without_mobilization_in_assault(events))

    def code_sentence(self, doc: Document, sent: object, *, history: list[Coded] | None = None,
                      setting: Setting | None = None) -> list[Event]:
        """Events of one sentence; ``history`` holds earlier coded mentions of the document
        (for "the first meeting" -> the first meeting named earlier) and is extended."""
        history = [] if history is None else history
        setting = Setting.of(doc) if setting is None else setting
        triggers = find_triggers(sent, self.lexicon)
        verbs = frozenset(t.token.i for t in triggers if t.entry.pos == "verb" and t.consumed_by is None)
        coded = {t.token.i: self._code_trigger(doc, t, trigger_verbs=verbs) for t in triggers}
        _absorb_elaborations(coded)
        anaphors = set()
        for item in coded.values():
            if _resolve_definite(item, history):
                anaphors.add(item.trig.token.i)
            if any(e.code for e in item.args.actors):
                history.append(item)
        for item in coded.values():
            _actors_from_setting(item, coded)
        for item in coded.values():
            self._absorb_governed(item, coded)
        for item in coded.values():
            _link_event_object(item, coded, triggers)
            _link_reason(item, coded)
            _target_from_object_event(item, coded)
        sentence = TextSpan(sent.text, sent.start_char, sent.end_char)  # type: ignore[attr-defined]
        for item in coded.values():
            _place_arguments(doc, item, sentence, setting)
        # "Putin regarded the strike as a violation", "talks planned before the strike": a definite
        # re-mention of an event told earlier that only serves as what another event is about, or
        # to place it in time, is no new report of it
        about = {o.i for item in coded.values() for o in item.args.object_tokens}
        out = []
        for item in coded.values():
            if item.trig.consumed_by is not None or not self._keep(item):
                continue
            if item.trig.token.i in anaphors and (item.trig.token.i in about or _time_reference(item.trig.token)):
                continue
            out.append(self._event(doc, item, sentence))
        return out

    # -- one trigger ------------------------------------------------------------------------
    def _code_trigger(self, doc: Document, trig: Trigger, *, trigger_verbs: frozenset[int] = frozenset()) -> Coded:
        entry = trig.entry
        if entry.pos == "verb":
            args = verb_arguments(doc, trig, trig.token)
        elif entry.pos == "adj":
            args = verb_arguments(doc, trig, trig.anchor if trig.anchor is not None else trig.token)
            args.add_recipients(entities_for(doc, [o for _, o in prep_objects(trig.token, ADJ_PREPS)], lenient=False))
        else:
            args = noun_arguments(doc, trig, trigger_verbs=trigger_verbs)
        if entry.has("predicative") and not args.recipients:
            for clause in trig.token.children:
                if clause.dep_ == "ccomp":
                    args.add_recipients(entities_for(doc, subject_of(clause)[0], lenient=False))
        if entry.event_type == "MOBILIZE" and not args.actors and entry.pos == "verb":
            # "2,000 officers had been deployed": the forces moved stand for their side
            subjects, passive = subject_of(trig.token)
            if passive:
                args.add_actors(entities_for(doc, subjects, lenient=False))
        event_type, mode, cameo = entry.event_type, entry.mode, entry.cameo
        future = False
        if (entry.has("meeting") or entry.has("future_concede") or entry.has("future_only")
                or event_type in FUTURE_SENSITIVE):
            future = is_future(trig)
        if future and entry.has("meeting"):
            event_type, mode, cameo = "AGREE", None, "036"
        elif future and entry.has("future_concede") and event_type == "RETREAT":
            event_type, mode = "CONCEDE", None
        elif future and event_type in ("SUPPORT", "COOPERATE", "AID") and (entry.pos == "verb" or trig.anchor is not None):
            # PLOVER: cooperative actions reported in the future tense are intentions (AGREE)
            event_type, mode = "AGREE", None
        elif (future and event_type in ("SANCTION", "COERCE", "ASSAULT") and (entry.pos == "verb" or trig.anchor is not None)
              and _hedged(trig.anchor if trig.anchor is not None else trig.token)):
            # announced coercion ("will tighten the blockade", "plans to impose restrictions")
            # is a threat until it happens (CAMEO 13x)
            event_type, mode = "THREATEN", THREAT_MODES.get(event_type)
        if entry.has("host") and args.recipients:
            # PLOVER CONSULT: the visitor is the actor, the host the recipient
            args.actors, args.recipients = list(args.recipients), list(args.actors)
        if event_type == "MOBILIZE" and args.recipients:
            # troops sent *to* a place are not mobilized against it
            spans = [(o.left_edge.idx, o.right_edge.idx + len(o.right_edge.text))
                     for t in (trig.token, trig.anchor) if t is not None
                     for _, o in prep_objects(t, frozenset({"to", "into"}))]
            args.recipients[:] = [e for e in args.recipients if not any(lo <= e.start and e.end <= hi for lo, hi in spans)]
        if event_type == "MOBILIZE" and _peacekeeping(trig.token):
            # PLOVER AID: "military and police assistance including ... personnel"
            event_type, mode, cameo = "AID", None, "074"
        if (entry.has("symmetric") or (entry.has("meeting") and event_type in ("CONSULT", "AGREE")
                                       and mode not in ("visit",))) and not _directed_meeting(trig, args):
            _make_symmetric(args)
        return Coded(trig, args, event_type, mode, cameo, future)

    def _absorb_governed(self, item: Coded, coded: dict[int, Coded]) -> None:
        """A frame trigger takes mode, CAMEO detail and missing recipients from what it governs."""
        for sub in item.trig.governs:
            inner = coded[sub.token.i]
            if not item.args.recipients:
                # "warned that Russia would respond": the speaker's own side is not the recipient
                own = {e.code for e in item.args.actors if e.code}
                others = inner.args.recipients or [e for e in inner.args.actors if e not in item.args.actors
                                                   and not (e.code and e.code in own)]
                item.args.add_recipients([e for e in others if e not in item.args.actors])
            if item.event_type in ("REQUEST", "REJECT") and item.mode is None:
                item.mode = MODE_FROM_GOVERNED.get(inner.event_type)
            if item.event_type == "AGREE" and inner.event_type in ("CONSULT", "AGREE"):
                item.cameo = "036"
                if inner.trig.entry.has("symmetric"):
                    _make_symmetric(item.args)
            if item.trig.entry.lemma in ("order", "agree", "decide") and inner.event_type in ("COERCE", "ASSAULT", "SANCTION"):
                # an authority ordering an arrest, a ban or a strike performs it
                item.event_type, item.mode, item.cameo = inner.event_type, inner.mode, inner.cameo
            if (item.event_type == "REQUEST" and inner.event_type == "PROTEST"
                    and (inner.trig.token.dep_ in ("dobj", "obj") or inner.trig.token.head.lower_ == "for")):
                # PLOVER MOBILIZE/PROTEST: mobilizing supporters to demonstrate is the protest
                item.event_type, item.mode, item.cameo = inner.event_type, inner.mode, inner.cameo
            if item.event_type == "THREATEN" and item.mode is None:
                if inner.event_type == "ASSAULT":
                    item.mode, item.cameo = "violence", "138"
                elif inner.event_type == "SANCTION":
                    item.mode, item.cameo = "restrict", "1312"

    def _keep(self, item: Coded) -> bool:
        if not item.args.actors and not self.keep_actorless:
            return False
        entry = item.trig.entry
        if entry.has("future_only") and not item.future:
            return False
        if entry.has("meeting") and entry.pos == "verb" and _passive(item.trig.token):
            return False  # "would be met with all-out war": a response, not a meeting
        if item.event_type in CONTEST_TYPES and sports_context(item.trig.token):
            return False
        if item.trig.entry.has("weak") and self.weak_needs_actors:
            coded_actor = any(e.code for e in item.args.actors)
            # another coded party: a recipient, or several coded actors (parties of one country
            # count: "the Social Democrats, Greens and Free Democrats presented a coalition agreement")
            coded_other = any(e.code for e in item.args.recipients) or (
                len({e.name or e.text for e in item.args.actors if e.code}) > 1)
            return coded_actor and coded_other
        return True

    def _event(self, doc: Document, item: Coded, sentence: TextSpan) -> Event:
        trig = item.trig
        trigger = TextSpan(doc.text[trig.start:trig.end], trig.start, trig.end)
        return Event(
            id=Event.make_id(doc.article.id, item.event_type, trig.start, trig.end),
            article_id=doc.article.id,
            event_type=item.event_type,
            mentions=(Mention(sentence=sentence, trigger=trigger, article_id=doc.article.id),),
            coder=Provenance(self.name, self.version),
            actor=tuple(item.args.actors),
            recipient=tuple(item.args.recipients),
            mode=item.mode,
            cameo=item.cameo,
            contexts=trig.entry.contexts,
            confidence=confidence(item),
        )


def _place_arguments(doc: Document, item: Coded, sentence: TextSpan, setting: Setting) -> None:
    """Drop dateline words from the arguments; code generic actors with the place's country; a
    domestic protest with no named target is against that country's government."""
    span = (sentence.start, sentence.end)
    args = item.args
    args.actors[:] = localize(doc, drop_dateline(args.actors, setting.dateline), sentence=span, setting=setting)
    args.recipients[:] = localize(doc, drop_dateline(args.recipients, setting.dateline), sentence=span,
                                  setting=setting)
    if item.event_type == "PROTEST" and not any(e.code for e in args.recipients):
        args.add_recipients(protest_target(doc, args.actors, sentence=span, setting=setting))
    if (item.event_type == "COERCE" and item.mode in ARREST_MODES and not args.actors
            and item.trig.entry.pos == "verb" and _passive(item.trig.token) and args.recipients):
        # "several people were arrested", "she was detained at a Moscow airport": with no agent
        # named, the authorities of the place where it happened made the arrest
        args.add_actors(local_authority(doc, item.trig.token, setting=setting))
    _prune_recipients(args)


ARREST_MODES = frozenset({"arrest", "deport"})


def _prune_recipients(args: Arguments) -> None:
    """No one is their own recipient: drop recipients that are an actor mention (or a pronoun
    back to one), and recipients
    of the actor's own country when another country is named ("the first direct American
    military action" beside "at a Syrian air base")."""
    spans = {(a.start, a.end) for a in args.actors} | {a.antecedent for a in args.actors if a.antecedent}
    names = {a.name for a in args.actors if a.name}
    # "North Korea disassembling its facilities": a pronoun back to the actor is the actor
    args.recipients[:] = [r for r in args.recipients if (r.start, r.end) not in spans
                          and not (r.antecedent and (r.antecedent in spans or (r.name and r.name in names)))]
    own = {a.code for a in args.actors if a.code}
    if any(r.code and r.code not in own for r in args.recipients):
        args.recipients[:] = [r for r in args.recipients if not (r.code and r.code in own)]


def confidence(item: Coded) -> float:
    """A probability-like score: lexicon strength, then how well the arguments resolved."""
    entry = item.trig.entry
    score = 0.7 if entry.source == "dyad" else 0.45
    if entry.has("weak"):
        score -= 0.15
    if entry.specificity:
        score += 0.05
    if any(e.code for e in item.args.actors):
        score += 0.12
    else:
        score -= 0.2
    if any(e.code for e in item.args.recipients):
        score += 0.06
    if item.trig.consumed_by is None and item.trig.governs:
        score += 0.03
    return round(min(0.97, max(0.05, score)), 3)


PEACEKEEPING = frozenset({"peacekeeping", "peacekeeper", "peace-keeping", "peacekeepers", "observer",
                          "monitor", "humanitarian"})


def _peacekeeping(tok: Token) -> bool:
    """Is this deployment a peacekeeping or observer mission (words in its clause)?"""
    head = tok if tok.pos_ in ("VERB", "AUX") else (tok.head if tok.head.pos_ in ("VERB", "AUX") else tok)
    # "peacekeepers began arriving": the subject may hang on a governing verb
    words = [*head.subtree, *(t for s in subject_of(head)[0] for t in s.subtree)]
    return any(lemma(t) in PEACEKEEPING or t.lower_ in PEACEKEEPING for t in words)


def _directed_meeting(trig: Trigger, args: Arguments) -> bool:
    """"Kim met Lee", "Feltman had met Burhan and Hamdok": a meeting verb with a subject and an
    object (or "with"/"to" party) of other countries keeps who sought whom; the scorer's and
    merge's symmetric reading (all participants) still holds. Coordinated subjects ("Trump and Kim
    met") and "between" nouns stay symmetric."""
    if trig.entry.pos != "verb" or not trig.entry.has("meeting"):
        return False
    actor_codes = {e.code for e in args.actors if e.code}
    recipient_codes = {e.code for e in args.recipients if e.code}
    return len(actor_codes) == 1 and bool(recipient_codes) and not recipient_codes & actor_codes


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


CONTEST_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN"})
_SCORE = re.compile(r"\b\d{1,2}\s*[-\u2013\u2014]\s*\d{1,2}\b")


def sports_context(tok: Token) -> bool:
    """"beating France 4-2 in a penalty shootout": sport is not political violence (a score, or
    two sports words in the sentence)."""
    sent = tok.sent
    if _SCORE.search(sent.text) and not any(t.ent_type_ in ("DATE", "TIME") for t in sent if "-" in t.text):
        return True
    words = word_lists().sports_words
    return len({lemma(t) for t in sent if lemma(t) in words}) >= 2


def _make_symmetric(args: Arguments) -> None:
    """PLOVER codes meetings with no host/visitor distinction with all participants as actors."""
    args.add_actors(list(args.recipients))
    args.recipients.clear()


def is_future(trig: Trigger) -> bool:
    """Is this mention about something still to come (a planned, proposed or possible event)?"""
    words = word_lists()
    tok = trig.token
    if trig.entry.pos == "noun" and not trig.entry.has("meeting"):
        # other event nouns: only the verb that carries them can put them in the future
        return trig.anchor is not None and _verb_future(trig.anchor)
    if trig.entry.pos == "noun":
        mods = {lemma(c) for c in tok.children if c.dep_ in ("amod", "compound", "nummod", "advmod")}
        if tok.dep_ == "attr" and lemma(tok.head) == "be" and has_modal(tok.head, MODALS_FUTURE):
            return True  # "It will be the first meeting between ...": the copula's tense decides
        if mods & words.past_modifiers or any(c.ent_type_ == "DATE" and c.dep_ == "compound" for c in tok.children):
            return False
        if mods & words.future_modifiers and not _governed_by_past(tok):
            return True
        if any(c.dep_ == "relcl" and (has_modal(c, MODALS_FUTURE) or is_to_infinitive(c)) for c in tok.children):
            return True
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ == "of" and lemma(head.head) in words.future_governors:
            return True
        verb = trig.anchor if trig.anchor is not None else clause_verb(tok)
        if verb is None:
            return False
        return _verb_future(verb)
    return _verb_future(tok)


HEDGE_GOVERNORS = frozenset({"prepared", "prepare", "ready", "plan", "consider", "threaten", "weigh", "mull"})


def _hedged(verb: Token) -> bool:
    """A possible rather than announced action: "may halt", "is prepared to impose", "plans to",
    "if ... will strike" (announced measures keep their own type; the status stage marks them)."""
    if has_modal(verb, frozenset({"may", "might", "could"})):
        return True
    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
           for c in verb.children):
        return True
    cur = verb
    for _ in range(3):
        if cur.dep_ in ("xcomp", "ccomp") and lemma(cur.head) in HEDGE_GOVERNORS:
            return True
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return False


def _governed_by_past(tok: Token) -> bool:
    verb = clause_verb(tok)
    return bool(verb is not None and is_past_clause(verb) and lemma(verb) not in word_lists().reporting_verbs)


# nouns whose infinitival complement names an intended action ("the intention to halt")
INTENTION_NOUNS = frozenset({"intention", "intent", "pledge", "promise", "commitment", "readiness",
                             "willingness", "decision", "vow", "resolve", "determination"})


def _verb_future(verb: Token) -> bool:
    words = word_lists()
    if has_modal(verb, MODALS_FUTURE) and not any(c.dep_ == "aux" and lemma(c) == "have" for c in verb.children):
        return True
    if has_modal(verb, frozenset({"may", "might", "could"})) and not is_past_clause(verb) and not any(
            c.dep_ == "aux" and lemma(c) == "have" for c in verb.children):
        return True
    if (verb.dep_ == "acl" and is_to_infinitive(verb)
            and lemma(verb.head) in INTENTION_NOUNS | words.future_governors):
        return True  # "his intention to halt", "a pledge to withdraw": still to come
    cur = verb
    for _ in range(3):
        if cur.dep_ in ("xcomp", "pcomp", "ccomp") and lemma(cur.head) in words.future_verbs:
            return True
        if cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and is_verb(cur.head.head) and lemma(
                cur.head.head) in words.future_verbs:
            return True
        if cur.head.i == cur.i:
            break
        cur = cur.head if cur.dep_ in ("xcomp", "pcomp", "prep") else cur
        if cur.i == verb.i:
            break
    return any(c.dep_ == "aux" and c.lower_ == "going" for c in verb.children)


ORDINALS = frozenset({"first", "second", "third", "fourth", "last", "next", "previous", "latest", "upcoming"})


TEMPORAL_PREPS = frozenset({"before", "after", "since", "until", "following", "ahead", "prior", "during"})


def _time_reference(tok: Token) -> bool:
    """"talks that were planned before the strike": an event named only to place another in time."""
    head = tok.head
    return tok.dep_ in ("pobj", "pcomp") and head.lower_ in TEMPORAL_PREPS


def _resolve_definite(item: Coded, history: list[Coded]) -> bool:
    """"the first meeting" with no participants of its own refers back to the latest earlier
    mention with the same head word (and no conflicting ordinal) that named them. True when it
    was resolved to a mention of an earlier sentence."""
    tok = item.trig.token
    if item.args.actors or not item.trig.is_noun:
        return False
    if not any((c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those"))
               or (c.dep_ == "poss" and c.ent_type_ in ("DATE", "TIME")) for c in tok.children):
        return False  # "the attacks", "Monday's strikes": a definite mention of an event told before
    meeting = item.trig.entry.has("meeting")
    ordinals = {lemma(c) for c in tok.children if c.dep_ in ("amod", "nummod")} & ORDINALS
    for same_word in (True, False):
        for earlier in reversed(history):
            other = earlier.trig.token
            if (not earlier.trig.is_noun if same_word else meeting) or (
                    lemma(other) != lemma(tok) if same_word else earlier.event_type != item.event_type):
                continue  # the same word, else (not for meetings) the latest event of the type
            theirs = {lemma(c) for c in other.children if c.dep_ in ("amod", "nummod")} & ORDINALS
            if ordinals and ordinals != theirs:
                continue
            item.args.add_actors(list(earlier.args.actors))
            if meeting:
                item.args.add_actors(list(earlier.args.recipients))
            elif not any(e.code for e in item.args.recipients):
                item.args.add_recipients([e for e in earlier.args.recipients if e.code])
            if same_word and earlier.trig.entry is not item.trig.entry and not item.trig.entry.specificity:
                # "the American missile strike ... the strike": the bare word means the event told
                # before, with its reading (not "strike" as a walkout)
                item.trig.entry = earlier.trig.entry
                item.event_type, item.mode, item.cameo = earlier.event_type, earlier.mode, earlier.cameo
            elif not same_word and earlier.cameo:
                # "the missile strike ... the attack on the airfield": the same event, with its details
                item.mode, item.cameo = earlier.mode, earlier.cameo
            return earlier.trig.token.sent.start != tok.sent.start
    return False


def _absorb_elaborations(coded: dict[int, Coded]) -> None:
    """One event told twice in a clause: "fired missiles at cities, striking central Kyiv" (a
    participle elaborating its head), "the attack ... had killed six people" (a verb whose subject
    is an event noun of the same type). The elaboration is consumed; its coded recipients fill in
    when the head has none."""
    for item in coded.values():
        tok = item.trig.token
        if item.trig.entry.pos != "verb" or item.trig.consumed_by is not None:
            continue
        head: Coded | None = None
        if tok.dep_ == "advcl" and tok.tag_ == "VBG" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            head = coded.get(tok.head.i)
        if head is None:
            head = next((coded[s.i] for s in tok.children if s.dep_ in ("nsubj", "nsubjpass") and s.i in coded
                         and coded[s.i].trig.is_noun), None)
        if head is None or head is item or head.event_type != item.event_type or head.trig.consumed_by is not None:
            continue
        item.trig.consumed_by = head.trig
        if not any(e.code for e in head.args.recipients):
            head.args.add_recipients([e for e in item.args.recipients if e.code])
        if not head.args.actors:
            head.args.add_actors([e for e in item.args.actors if e.code])


def _target_from_object_event(item: Coded, coded: dict[int, Coded]) -> None:
    """"Russia denounced the American missile strike": the one denounced (asked, rejected,
    supported) is whoever carried out the event named by the object."""
    if item.trig.entry.pos != "verb" or any(e.code for e in item.args.recipients):
        return
    for obj in item.args.object_tokens:
        target = coded.get(obj.i)
        if target is None or target is item or not target.trig.is_noun:
            continue
        item.args.add_recipients([e for e in target.args.actors if e.code and not _same_actor(e, item.args.actors)])
        return


def _actors_from_setting(item: Coded, coded: dict[int, Coded]) -> None:
    """"as agreed upon at the first meeting": with no subject, the participants of the
    meeting where it happened are the actors."""
    if item.args.actors or item.trig.entry.pos != "verb":
        return
    for child in item.trig.token.children:
        if child.dep_ == "prep" and child.lower_ in ("at", "during"):
            for obj in child.children:
                setting = coded.get(obj.i)
                if setting is not None and setting.trig.entry.has("meeting") and setting.args.actors:
                    item.args.add_actors(list(setting.args.actors))
                    return


def _link_event_object(item: Coded, coded: dict[int, Coded], triggers: list[Trigger]) -> None:
    """"accepted Kim's invitation", "an invitation ..., which Kim accepted": the recipient of the
    acceptance (or rejection) is whoever made the invitation."""
    if not item.trig.entry.has("event_object") or item.trig.entry.pos != "verb":
        return
    target: Coded | None = None
    for obj in item.args.object_tokens:
        target = coded.get(obj.i)
        if target is not None:
            break
    if target is None and any(c.dep_ in ("dobj", "obj") and c.lower_ in ("which", "that") for c in item.trig.token.children):
        earlier = [t for t in triggers if t.token.i < item.trig.token.i and t.is_noun]
        target = coded.get(earlier[-1].token.i) if earlier else None
    if target is None or target is item:
        return
    item.args.recipients.clear()
    item.args.add_recipients([e for e in target.args.actors if not _same_actor(e, item.args.actors)])
    if item.event_type == "AGREE" and target.trig.entry.cameo:
        item.cameo = target.trig.entry.cameo


def _same_actor(e: Entity, ents: list[Entity]) -> bool:
    return any((x.start, x.end) == (e.start, e.end) or (x.name and x.name == e.name) for x in ents)


def _link_reason(item: Coded, coded: dict[int, Coded]) -> None:
    """"thanked Kim for keeping his word", "a message of thanks to Kim for the return of the
    remains": the one thanked (or blamed) is the actor of the event named in the reason."""
    if item.args.actors:
        return
    cur = item.trig.token
    for _ in range(8):
        head = cur.head
        if head.i == cur.i:
            return
        if cur.dep_ == "prep" and cur.lower_ in ("for", "over", "of"):
            for other in coded.values():
                if other is item or not other.trig.entry.has("reason") or not other.args.recipients:
                    continue
                if other.trig.token.i == head.i or (other.trig.anchor is not None and other.trig.anchor.i == head.i) or _carried_by(other, head):
                    item.args.add_actors(list(other.args.recipients))
                    item.args.recipients[:] = [e for e in item.args.recipients if not _same_actor(e, item.args.actors)]
                    return
        if cur.dep_ not in ("pobj", "pcomp", "prep", "dobj", "conj", "xcomp", "acl", "advcl", "nsubj"):
            return
        cur = head


def _carried_by(other: Coded, verb: Token) -> bool:
    from dyad.extract.events.arguments import carrier_verb

    carrier = carrier_verb(other.trig.token) if other.trig.is_noun else None
    return carrier is not None and carrier.i == verb.i


@coders.register("rules")
def make_rules_coder(config: PipelineConfig | None = None, **options: object) -> RulesCoder:
    """Factory used by the ``events`` stage: ``coders.make("rules", config=config)``."""
    opts = dict((config.stage_options.get("events", {}) if config is not None else {}), **options)
    known = {"keep_actorless", "verb_dictionary"}
    unknown = set(opts) - known
    if unknown:
        raise DyadError(E.EVENT_STAGE_OPTION, stage="events", detail=", ".join(sorted(unknown)),
                        known=", ".join(sorted(known)))
    lexicon = default_lexicon()
    if opts.get("verb_dictionary"):
        lexicon = lexicon.with_verb_dictionary(str(opts["verb_dictionary"]))
    return RulesCoder(lexicon=lexicon, keep_actorless=bool(opts.get("keep_actorless", False)))
