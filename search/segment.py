"""Thai word segmentation for search: the one place text becomes the tokens the index and the queries share.

Thai is written without spaces between words, so neither PostgreSQL's parser nor a LIKE on the raw text finds a
word reliably. PyThaiNLP's newmm engine (maximal matching over its bundled dictionary: no download, no network)
cuts the text into words; the index stores them joined by single spaces, and a query is cut the same way.
"""

import re
import unicodedata

# Invisible characters Word and PDFs carry (zero-width space and joiners, soft hyphen, BOM).
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
# A token worth indexing holds a letter or a digit (of any script, Thai included); punctuation is dropped.
_WORDY = re.compile(r"[^\W_]", re.UNICODE)
# NIKHAHIT + SARA AA, as some PDFs and NFKC write SARA AM (ำ); the index always holds ำ.
_SARA_AM_SPLIT = "\u0e4d\u0e32"
MAX_TOKEN = 60  # longer "words" are base64, URLs glued together, tables of digits: not searched for


def clean(text: str) -> str:
    """The text as the index keeps it to show: NFC, ำ whole, invisible characters removed."""
    text = unicodedata.normalize("NFC", text or "")
    return _INVISIBLE.sub("", text.replace(_SARA_AM_SPLIT, "\u0e33")).strip()


def normalise(text: str) -> str:
    """The text as the index compares it: clean, and in lower case."""
    return clean(text).lower()


def tokens(text: str) -> list[str]:
    """The words of `text`, in order, normalised; punctuation and spaces dropped."""
    from pythainlp.tokenize import word_tokenize  # its dictionary loads on first use, not when Django starts

    words = word_tokenize(normalise(text), engine="newmm", keep_whitespace=False)
    return [w for w in (word.strip() for word in words) if w and len(w) <= MAX_TOKEN and _WORDY.search(w)]


def token_string(text: str) -> str:
    """What the index stores: the words joined by single spaces."""
    return " ".join(tokens(text))
