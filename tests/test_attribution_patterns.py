"""Attribution extraction on constructed sentences, one per pattern (issue 7).

Each case names the claim it must find: source phrase, cue word, the reported content and,
for nested claims, the source of the outer claim (``parent``).
"""

from __future__ import annotations

import pytest

from dyad.extract.attribution.extract import extract_attributions
from dyad.model import Attribution

# (text, source, cue, content, kind, parent source)
CASES: list[tuple[str, str, str, str, str, str | None]] = [
    # X said (that) ...
    ("The minister said that the talks had collapsed.", "The minister", "said", "the talks had collapsed", "reported", None),
    ("The minister said the talks had collapsed.", "The minister", "said", "the talks had collapsed", "reported", None),
    ("Putin said on Tuesday that Russia would not withdraw its troops.", "Putin", "said", "Russia would not withdraw its troops", "reported", None),
    ("A senior diplomat in Seoul said the delegation would arrive next week.", "A senior diplomat in Seoul", "said", "the delegation would arrive next week", "reported", None),
    ("Israeli Prime Minister Benjamin Netanyahu says Israel will respond to any attack.", "Israeli Prime Minister Benjamin Netanyahu", "says", "Israel will respond to any attack", "reported", None),
    ("The two leaders said they had agreed to meet again.", "The two leaders", "said", "they had agreed to meet again", "reported", None),
    ("Trump and Moon said the sanctions would stay in place.", "Trump and Moon", "said", "the sanctions would stay in place", "reported", None),
    ("Officials said dozens of protesters had been detained.", "Officials", "said", "dozens of protesters had been detained", "reported", None),
    ("Some said the vote had been rigged.", "Some", "said", "the vote had been rigged", "reported", None),
    ("Witnesses said soldiers fired on the crowd.", "Witnesses", "said", "soldiers fired on the crowd", "reported", None),
    ("Analysts said the sanctions were unlikely to work.", "Analysts", "said", "the sanctions were unlikely to work", "reported", None),
    # X reported / X told Y / X stated / X announced
    ("Reuters reported that the army had shelled the town.", "Reuters", "reported", "the army had shelled the town", "reported", None),
    ("The Associated Press reported that two journalists were arrested.", "The Associated Press", "reported", "two journalists were arrested", "reported", None),
    ("The foreign minister told reporters that the embassy would reopen.", "The foreign minister", "told", "the embassy would reopen", "reported", None),
    ("Kim told Moon that he wanted peace.", "Kim", "told", "he wanted peace", "reported", None),
    ("The ministry stated that the border was closed.", "The ministry", "stated", "the border was closed", "reported", None),
    ("The government announced that elections would be held in May.", "The government", "announced", "elections would be held in May", "reported", None),
    ("The general warned that his forces would retaliate.", "The general", "warned", "his forces would retaliate", "reported", None),
    ("The spokesman added that no date had been set.", "The spokesman", "added", "no date had been set", "reported", None),
    ("The president tweeted that the deal was dead.", "The president", "tweeted", "the deal was dead", "reported", None),
    # stance verbs: deny, confirm, claim, assure, admit, allege
    ("The Kremlin denied that its agents had poisoned the defector.", "The Kremlin", "denied", "its agents had poisoned the defector", "reported", None),
    ("Tehran denied the report.", "Tehran", "denied", "the report", "reported", None),
    ("The Pentagon confirmed that an airstrike had hit the convoy.", "The Pentagon", "confirmed", "an airstrike had hit the convoy", "reported", None),
    ("The ministry confirmed the arrests.", "The ministry", "confirmed", "the arrests", "reported", None),
    ("The rebels claimed that they had captured the airport.", "The rebels", "claimed", "they had captured the airport", "reported", None),
    ("Pompeo has assured that the two nations are making progress toward denuclearization.", "Pompeo", "assured", "the two nations are making progress toward denuclearization", "reported", None),
    ("The opposition alleged that the police had beaten detainees.", "The opposition", "alleged", "the police had beaten detainees", "reported", None),
    ("The company admitted that it had paid the officials.", "The company", "admitted", "it had paid the officials", "reported", None),
    ("The police acknowledged that mistakes were made.", "The police", "acknowledged", "mistakes were made", "reported", None),
    ("Beijing insisted that the islands were Chinese territory.", "Beijing", "insisted", "the islands were Chinese territory", "reported", None),
    # reports and documents as sources
    ("A new report revealed that there may be a second meeting.", "A new report", "revealed", "there may be a second meeting", "reported", None),
    ("A report from July said that a meeting could take place this fall.", "A report from July", "said", "a meeting could take place this fall", "reported", None),
    ("Recent reports have shown North Korea disassembling its nuclear facilities.", "Recent reports", "shown", "North Korea disassembling its nuclear facilities", "reported", None),
    ("Other reports have said the program continues.", "Other reports", "said", "the program continues", "reported", None),
    ("A United Nations study found that the camps were overcrowded.", "A United Nations study", "found", "the camps were overcrowded", "reported", None),
    ("The leaked memo suggests that the attack was planned for weeks.", "The leaked memo", "suggests", "the attack was planned for weeks", "reported", None),
    # anonymous and vague sources
    ("A source familiar with the talks said the negotiators were close to a deal.", "A source familiar with the talks", "said", "the negotiators were close to a deal", "reported", None),
    ("An official with knowledge of the plans said the summit would go ahead.", "An official with knowledge of the plans", "said", "the summit would go ahead", "reported", None),
    ("Two people briefed on the matter said the envoy had resigned.", "Two people briefed on the matter", "said", "the envoy had resigned", "reported", None),
    ("Western diplomats said the ceasefire was holding.", "Western diplomats", "said", "the ceasefire was holding", "reported", None),
    # according to X
    ("According to the ministry, the troops crossed the border at dawn.", "the ministry", "According to", "the troops crossed the border at dawn", "according_to", None),
    ("The troops crossed the border at dawn, according to the ministry.", "the ministry", "according to", "The troops crossed the border at dawn", "according_to", None),
    ("According to state media, the leader met the delegation.", "state media", "According to", "the leader met the delegation", "according_to", None),
    ("According to Reuters, the talks broke down on Friday.", "Reuters", "According to", "the talks broke down on Friday", "according_to", None),
    # quotes with their speaker
    ("“We will not back down,” the president said.", "the president", "said", "We will not back down", "quote", None),
    ("“The talks were productive,” Pompeo said.", "Pompeo", "said", "The talks were productive", "quote", None),
    ("“The talks were productive,” said Pompeo.", "Pompeo", "said", "The talks were productive", "quote", None),
    ("The minister said: “We are ready to talk.”", "The minister", "said", "We are ready to talk.", "quote", None),
    ("Pompeo responded on Sunday, saying: “The minister made his commitment very clear.”", "Pompeo", "saying", "The minister made his commitment very clear.", "quote", None),
    ("“There will be no deal,” the spokesman told reporters.", "the spokesman", "told", "There will be no deal", "quote", None),
    # inverted order and nested chains
    ("The army has withdrawn from the city, CNN reported.", "CNN", "reported", "The army has withdrawn from the city", "reported", None),
    ("The army has withdrawn from the city, CNN reported Monday.", "CNN", "reported", "The army has withdrawn from the city", "reported", None),
    ("An official said the army has withdrawn from the city, CNN reported.", "An official", "said", "the army has withdrawn from the city", "reported", "CNN"),
    ("An official said the army has withdrawn from the city, CNN reported.", "CNN", "reported", "An official said the army has withdrawn from the city", "reported", None),
    ("A senior official said there is a strong possibility of a summit, the Washington Post reported.", "A senior official", "said", "there is a strong possibility of a summit", "reported", "the Washington Post"),
    ("Diplomats said the talks were stalled, Yonhap reported on Friday.", "Diplomats", "said", "the talks were stalled", "reported", "Yonhap"),
    ("The minister told parliament that the troops would stay, the BBC reported.", "The minister", "told", "the troops would stay", "reported", "the BBC"),
    ("Pompeo said on Sunday: “The minister made his commitment clear,” CNBC reported.", "Pompeo", "said", "The minister made his commitment clear", "quote", "CNBC"),
    # coordinated and participial cues
    ("Trump extended an invitation to Kim and said he would invite him to the White House.", "Trump", "said", "he would invite him to the White House", "reported", None),
    ("The rebels attacked the base and claimed that they had killed ten soldiers.", "The rebels", "claimed", "they had killed ten soldiers", "reported", None),
    ("The ministry issued a statement, saying the border would reopen.", "The ministry", "saying", "the border would reopen", "reported", None),
    # passive with an agent
    ("It was reported by Al Jazeera that the hostages had been freed.", "Al Jazeera", "reported", "the hostages had been freed", "reported", None),
    # pronoun sources
    ("Netanyahu spoke in Jerusalem. He said Israel would defend itself.", "He", "said", "Israel would defend itself", "reported", None),
]


def _find(attributions: list[Attribution], source: str, cue: str) -> Attribution:
    for a in attributions:
        if a.source.text == source and a.cue is not None and a.cue.text == cue:
            return a
    found = [(a.source.text, a.cue.text if a.cue else None) for a in attributions]
    raise AssertionError(f"no attribution ({source!r}, {cue!r}); found {found}")


def test_attribution_patterns_are_many() -> None:
    assert len({c[0] for c in CASES}) >= 60


@pytest.mark.parametrize(("text", "source", "cue", "content", "kind", "parent"), CASES,
                         ids=[f"{i:02d}-{c[2]}" for i, c in enumerate(CASES)])
def test_attribution_pattern(make_doc, text: str, source: str, cue: str, content: str, kind: str,
                             parent: str | None) -> None:
    doc = make_doc(text)
    attributions = extract_attributions(doc)
    found = _find(attributions, source, cue)
    assert found.content is not None
    assert found.content.text == content
    assert found.kind == kind
    if parent is None:
        assert found.parent is None
    else:
        assert found.parent is not None
        assert attributions[found.parent].source.text == parent
    for a in attributions:  # every span is a real slice of the text
        for span in (a.source, a.cue, a.content):
            if span is not None:
                assert text[span.start:span.end] == span.text
