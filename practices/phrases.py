"""The most common words and word pairs in reviewers' remarks, across agencies. Pure: no ORM.

Remarks are cut into sentences (line breaks, spaces between Thai sentences, full stops), each sentence into words
with search/segment.py (PyThaiNLP newmm, the project's one segmenter). A word counts when it is not a Thai or
English stopword, has more than one character and holds a letter; a pair is two such words next to each other.
Each phrase is counted once per agency (how many agencies say it), and keeps the first sentence it was found in
as an example.
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from search.segment import tokens

# Thai separates sentences with a space; bullets and numbering start new ones too.
_SENTENCE = re.compile(r"(?:\r?\n)+|(?<=[.!?])\s+|\s{2,}|(?<=[\u0e00-\u0e7f])\s+(?=[\u0e00-\u0e7f])")
_LETTER = re.compile(r"[^\W\d_]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
ENGLISH_STOPWORDS = frozenset("a an and are as at be by for from in is it of on or that the to with".split())


@dataclass(frozen=True)
class Phrase:
    text: str  # the words as a person reads them (Thai joined without a space)
    agencies: int  # how many agencies' remarks hold it
    example: str  # a sentence that holds it


@cache
def _stopwords() -> frozenset:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords()) | ENGLISH_STOPWORDS


def sentences(text: str) -> list[str]:
    return [s.strip(" -•*\t") for s in _SENTENCE.split(text or "") if s and s.strip(" -•*\t")]


def meaningful(word: str) -> bool:
    return len(word) > 1 and bool(_LETTER.search(word)) and not word.isdigit() and word not in _stopwords()


def _join(words) -> str:
    return "".join(words) if all(_THAI.search(w) for w in words) else " ".join(words)


def phrases_of(sentence: str) -> list[str]:
    """The meaningful words of a sentence and the pairs of meaningful words next to each other."""
    words = tokens(sentence)
    found = [w for w in words if meaningful(w)]
    found += [_join(pair) for pair in zip(words, words[1:], strict=False) if all(meaningful(w) for w in pair)]
    return found


def common(remarks: Iterable[tuple[object, str]], *, limit: int = 10, at_least: int = 1) -> list[Phrase]:
    """The `limit` phrases said by the most agencies, from (agency key, remark) pairs. Ties: how often the
    phrase appears, then the longer first (a pair says more than its words), then alphabetically. Phrases said by
    fewer than `at_least` agencies are left out."""
    agencies: dict[str, set] = {}
    counts: Counter = Counter()
    examples: dict[str, str] = {}
    for agency, remark in remarks:
        for sentence in sentences(remark):
            for phrase in phrases_of(sentence):
                agencies.setdefault(phrase, set()).add(agency)
                counts[phrase] += 1
                examples.setdefault(phrase, sentence)
    ranked = sorted(agencies, key=lambda p: (-len(agencies[p]), -counts[p], -len(p), p))
    return [Phrase(p, len(agencies[p]), examples[p]) for p in ranked if len(agencies[p]) >= at_least][:limit]
