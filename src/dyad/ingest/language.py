"""Which language an article is in, so that non-English articles are skipped with a reason.

langdetect is randomised; a fixed seed makes the answer the same on every run. Very short
texts give unreliable guesses, so they are assumed to be English.
"""

from __future__ import annotations

import threading

SAMPLE_CHARS = 2000
MIN_CHARS = 80
ASSUMED = "en"

_lock = threading.Lock()


def detect_language(text: str, *, sample_chars: int = SAMPLE_CHARS, min_chars: int = MIN_CHARS) -> str:
    """ISO 639-1 code of the language of ``text`` (judged on its first ``sample_chars``).

    Texts shorter than ``min_chars`` (after trimming) and texts without any letters are
    assumed to be English: a guess on a headline-sized snippet is more often wrong than right.
    """
    sample = text.strip()[:sample_chars]
    if len(sample) < min_chars:
        return ASSUMED
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    with _lock:  # the seed is global state in langdetect
        DetectorFactory.seed = 0
        try:
            return str(detect(sample))
        except LangDetectException:
            return ASSUMED
