"""Who did it and to whom: actor and recipient token choices for a trigger, mapped to the
resolved actor records of the ``actors`` stage (``Document.actors_in``).

Verbs: subject (or ``by`` agent of a passive), object, dative and ``to/with/against/on`` PPs.
Nouns: possessor ("Kim's invitation"), actor modifiers ("U.S. sanctions"), ``by``, ``between``
(all participants), ``of`` (theme or, for intransitive nouns, agent), ``from`` (source of a
return), ``to/with/against/on`` PPs, and the subject of a light or carrier verb.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dyad.extract.events.demonyms import demonym_entities
from dyad.extract.events.syntax import (
    PRONOUNS_WITHOUT_ACTOR,
    Token,
    agent_of,
    children,
    conjuncts,
    is_noun,
    is_verb,
    lemma,
    object_keys,
    objects_of,
    phrase_bounds,
    prep_objects,
    relative_antecedent,
    subject_of,
    word_lists,
)
from dyad.extract.events.triggers import Trigger
from dyad.model import Document, Entity

RECIPIENT_PREPS = frozenset({"to", "with", "against", "on", "toward", "towards", "upon", "into"})
NOUN_RECIPIENT_PREPS = frozenset({"to", "with", "against", "on", "toward", "towards", "upon", "into"})
DESTINATION_PREPS = frozenset({"to", "into", "at"})
FROM_PARTY = frozenset({"from"})  # "ban imports from Russia", "cut aid from ..." (sanctions only)
OBJECT_PARTY_PREPS = frozenset({"with", "from", "to", "against", "toward", "towards"})
SYMMETRIC_PREPS = frozenset({"between", "among", "amongst"})
MAX_SUBTREE_TOKENS = 14
# places of confinement whose owner is the one who releases ("freed from Russian custody")
CUSTODY_NOUNS = frozenset({"custody", "captivity", "prison", "jail", "detention", "camp", "colony", "hands"})
# modifiers of an event noun that name the state's forces as its actor ("the military takeover")
FORCE_MODIFIERS = frozenset({"military", "army", "police"})
FORCE_TYPES = frozenset({"COERCE", "ASSAULT"})
# verbs of crossing into a place: "aid entered Gaza from Egypt" (source -> destination)
ENTRY_VERBS = frozenset({"enter", "cross", "arrive", "reach", "pass", "flow", "roll", "move", "head", "go"})


@dataclass
class Arguments:
    """Actor and recipient entities of one trigger, plus the tokens they came from."""

    actors: list[Entity] = field(default_factory=list)
    recipients: list[Entity] = field(default_factory=list)
    object_tokens: list[Token] = field(default_factory=list)

    def add_actors(self, ents: list[Entity]) -> None:
        _extend(self.actors, ents)

    def add_recipients(self, ents: list[Entity]) -> None:
        _extend(self.recipients, [e for e in ents if not _contains(self.actors, e)])


def _key(e: Entity) -> tuple[int, int, str | None, str | None]:
    return (e.start, e.end, e.code, e.name)


def _contains(ents: list[Entity], e: Entity) -> bool:
    return any(_key(x) == _key(e) for x in ents)


def _extend(target: list[Entity], ents: list[Entity]) -> None:
    for e in ents:
        if not _contains(target, e):
            target.append(e)


def entities_for(doc: Document, tokens: list[Token], *, lenient: bool, demonyms: bool = False) -> list[Entity]:
    """Actor records for argument head tokens (and their conjuncts). ``lenient``: subjects may
    become uncoded actors even when they are not typical actor nouns; ``demonyms``: a country
    adjective on a head with no actor stands for its country ("a strike on a Syrian air base")."""
    out: list[Entity] = []
    for head in tokens:
        ante = relative_antecedent(head)
        for tok in conjuncts(ante if ante is not None else head):
            _extend(out, _entities_for_token(doc, tok, lenient=lenient, demonyms=demonyms))
    return out


def _entities_for_token(doc: Document, tok: Token, *, lenient: bool, demonyms: bool = False) -> list[Entity]:
    start, end = phrase_bounds(tok)
    found = doc.actors_in(start, end)
    if found:
        return _outermost(found)
    for child in tok.children:  # possessors and actor modifiers of a non-actor head
        if child.dep_ in ("poss", "compound", "nmod", "amod") and child.i < tok.i:
            found = doc.actors_in(*phrase_bounds(child))
            if found:
                return _outermost(found)
    found = demonym_entities(doc, tok) if demonyms else []  # "a Syrian air base", "Ukrainian cities"
    if found:
        return found[:1]
    sub = list(tok.subtree)
    if len(sub) <= MAX_SUBTREE_TOKENS:
        found = doc.actors_in(sub[0].idx, sub[-1].idx + len(sub[-1].text))
        if found:
            first = found[0]
            return [e for e in found if e.start == first.start and e.end == first.end]
    words = word_lists()
    if tok.lower_ in PRONOUNS_WITHOUT_ACTOR or tok.like_num or tok.ent_type_ in ("DATE", "TIME", "CARDINAL"):
        return []
    actor_like = (tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "NORP", "ORG", "GPE")
                  or lemma(tok) in words.actor_nouns or tok.lower_ in words.actor_nouns)
    if actor_like or (lenient and (is_noun(tok) or tok.pos_ == "PRON" or tok.dep_ == "nsubj")):
        return [Entity(doc.text[start:end], start, end)]
    return []


def _outermost(found: list[Entity]) -> list[Entity]:
    """Drop entities nested inside a longer one ("U.S." inside "U.S. Secretary of State ...")."""
    return [e for e in found if not any(o is not e and o.start <= e.start and e.end <= o.end
                                        and (o.end - o.start) > (e.end - e.start) for o in found)]


def verb_arguments(doc: Document, trig: Trigger, verb: Token) -> Arguments:
    args = Arguments()
    subjects, passive = subject_of(verb)
    if passive:
        args.add_actors(entities_for(doc, agent_of(verb), lenient=True))
        args.add_recipients(entities_for(doc, subjects, lenient=False))
        if not args.actors and trig.entry.mode == "release":
            # "she was freed from Russian custody": whoever held the prisoner released them
            args.add_actors(entities_for(doc, [o for _, o in prep_objects(verb, {"from"})
                                               if lemma(o) in CUSTODY_NOUNS], lenient=False, demonyms=True))
    else:
        args.add_actors(entities_for(doc, subjects, lenient=True))
    objects = objects_of(verb)
    if verb.dep_ == "relcl" and not objects and not subjects:
        objects = [verb.head]
    args.object_tokens = objects
    if trig.entry.pos == "verb":
        args.add_recipients(entities_for(doc, [o for o in objects if not _is_event_noun(o, trig)], lenient=False))
    own = set(trig.entry.particle.split()) if trig.entry.particle else set()
    preps = RECIPIENT_PREPS | own | (FROM_PARTY if trig.entry.event_type == "SANCTION" else set())
    if any(e.code for e in args.recipients):
        # "invited Kim to the White House": a venue, not a recipient ("fired at" keeps its target)
        preps = preps - (DESTINATION_PREPS - own)
    args.add_recipients(entities_for(doc, [o for _, o in prep_objects(verb, preps)], lenient=False))
    if not any(e.code for e in args.recipients):
        # "suspend all contacts with Moscow", "ban imports from Russia": the party is in the object
        hosts = objects + [o for obj in objects for _, o in prep_objects(obj, {"of"})]  # "imports of oil from X"
        args.add_recipients([e for e in entities_for(doc, [o for h in hosts for _, o in prep_objects(h, OBJECT_PARTY_PREPS)],
                                                     lenient=False) if e.code])
    return args


def _is_event_noun(tok: Token, trig: Trigger) -> bool:
    """The object the entry names ("lift sanctions"), unless it names a party ("dissolve the
    government", "expel journalists": the party acted on is the recipient)."""
    return bool(trig.entry.obj and trig.entry.obj in object_keys(tok) and lemma(tok) not in word_lists().actor_nouns)


def noun_arguments(doc: Document, trig: Trigger, *, trigger_verbs: frozenset[int] = frozenset()) -> Arguments:
    """Arguments of an event noun. ``trigger_verbs``: token indices of verbs that name events of
    their own ("Russia denounced the strike"): their subject is not the noun's actor."""
    tok, entry = trig.token, trig.entry
    args = Arguments()
    args.add_actors(entities_for(doc, children(tok, {"poss"}), lenient=True))
    for child in tok.children:  # "U.S. sanctions", "Russian airstrikes"
        if child.dep_ in ("compound", "amod", "nmod") and child.i < tok.i:
            args.add_actors(doc.actors_in(*phrase_bounds(child)))
    if not args.actors:  # "the American missile strike": a country adjective the actors stage leaves out
        args.add_actors(demonym_entities(doc, tok)[:1])
    if not args.actors and entry.event_type in FORCE_TYPES:
        # "the military takeover", "a police raid": the (local) forces act; in "joint military
        # exercises" or "military aid" the word only says what kind of event it is
        args.add_actors([Entity(c.text, c.idx, c.idx + len(c.text)) for c in tok.children
                         if c.dep_ in ("amod", "compound") and c.i < tok.i and c.lower_ in FORCE_MODIFIERS][:1])
    args.add_actors(entities_for(doc, [o for _, o in prep_objects(tok, {"by"})], lenient=True))
    of_objects = [o for _, o in prep_objects(tok, {"of"})]
    if entry.has("of_agent"):
        args.add_actors(entities_for(doc, of_objects, lenient=False))
    if entry.has("from_actor"):
        args.add_actors(entities_for(doc, [o for _, o in prep_objects(tok, {"from"})], lenient=False))
    # "meeting between X and Y", "exchange of letters between the two leaders"
    for host in [tok, *of_objects]:
        args.add_actors(entities_for(doc, [o for _, o in prep_objects(host, SYMMETRIC_PREPS)], lenient=False))
    anchor = trig.anchor if trig.anchor is not None else carrier_verb(tok)
    if trig.anchor is None and anchor is not None and anchor.i in trigger_verbs:
        anchor = None
    if anchor is None:
        anchor = participation_verb(tok)  # "Aliyev, appearing in a video call with Putin"
    if entry.event_type == "AID" and not args.actors:
        _aid_movement(doc, tok, args)
    if not args.actors and anchor is not None:
        subjects, passive = subject_of(anchor)
        args.add_actors(entities_for(doc, agent_of(anchor) if passive else subjects, lenient=True))
    if not entry.has("of_agent"):
        args.add_recipients(entities_for(doc, of_objects, lenient=False, demonyms=True))
    args.add_recipients(entities_for(doc, [o for _, o in prep_objects(tok, NOUN_RECIPIENT_PREPS)], lenient=False,
                                     demonyms=True))
    for host in of_objects:
        args.add_recipients(entities_for(doc, [o for _, o in prep_objects(host, NOUN_RECIPIENT_PREPS)],
                                         lenient=False, demonyms=True))
    if anchor is not None and trig.anchor is not None:
        args.add_recipients(entities_for(doc, [o for _, o in prep_objects(anchor, RECIPIENT_PREPS)], lenient=False))
        args.add_recipients(entities_for(doc, children(anchor, {"dative", "iobj"}), lenient=False))
    return args


PARTICIPATION_VERBS = frozenset({"appear", "participate", "take", "join", "attend", "speak", "engage", "sit",
                                 "meet", "arrive"})


def participation_verb(tok: Token) -> Token | None:
    """The verb of "took part in talks", "appearing in a video call", "speaking at the summit":
    its subject is a participant of the event noun in its "in"/"at" phrase."""
    head = tok.head
    if tok.dep_ != "pobj" or head.dep_ != "prep" or head.lower_ not in ("in", "at") or not is_verb(head.head):
        return None
    verb = head.head
    return verb if lemma(verb) in PARTICIPATION_VERBS else None


def carrier_verb(tok: Token) -> Token | None:
    """The verb whose object (directly or through "X of" nouns) is this event noun, when that
    verb only carries it ("tweeted a message of thanks", "announced sanctions"); None for
    reporting verbs ("CNN reported the attack") and for nouns in subject position."""
    words = word_lists()
    cur = tok
    for _ in range(4):
        if cur.dep_ in ("dobj", "obj") and is_verb(cur.head):
            verb = cur.head
            if lemma(verb) in words.reporting_verbs or lemma(verb) in words.describe_verbs:
                return None  # "called the expulsions a hostile action": the caller did not expel
            return verb
        if cur.dep_ == "pobj" and cur.head.lower_ == "of" and is_noun(cur.head.head):
            cur = cur.head.head
            continue
        return None
    return None


def _aid_movement(doc: Document, tok: Token, args: Arguments) -> None:
    """"The first convoy of humanitarian aid entered the Gaza Strip from Egypt": aid that is the
    subject of a verb of crossing comes from the ``from`` party (the giver) and goes to the
    place entered or reached (the recipient)."""
    verb = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass") or not is_verb(verb) or lemma(verb) not in ENTRY_VERBS | {"allow", "let"}:
        return
    args.add_actors([e for e in entities_for(doc, [o for _, o in prep_objects(verb, {"from"})], lenient=False)
                     if e.code])
    places = [o for o in objects_of(verb) if lemma(verb) in ENTRY_VERBS]
    places += [o for _, o in prep_objects(verb, {"into", "to", "in"})]
    args.add_recipients([e for e in entities_for(doc, places, lenient=False) if e.code])
