"""Normalise article text without moving a single character offset.

Evidence offsets must point into the text the user gave us, so every change here replaces a
character by exactly one character. Provenance trailers ("Mirrored - X", "Source: X") are
blanked out of the text to code and returned separately.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# one character in, one character out
_SAME_LENGTH = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "\u2028": "\n", "\u2029": "\n", "\t": " ", "\u2010": "-", "\u2011": "-",
    # lone surrogates (from "\udc80" escapes or surrogateescape decoding) break every encoder
    **{chr(cp): "\ufffd" for cp in range(0xD800, 0xE000)},
})
_TRAILER = re.compile(
    r"^\s*(?:mirrored\s*(?:from)?\s*[-–—:]\s*|source\s*:\s*|originally\s+published\s+"
    r"(?:by|in|at|on)\s+|republished\s+from\s+|this\s+article\s+first\s+appeared\s+(?:in|on|at)\s+"
    r"|via\s*[-–—:]?\s*)(?P<outlet>[^\n]{2,80}?)\s*\.?\s*$",
    re.I,
)


@dataclass(frozen=True)
class NormalisedText:
    text: str  # same length as the input
    origin: str | None  # the outlet a trailer names
    trailer: str | None


def normalise(text: str) -> NormalisedText:
    """Same-length cleanup plus provenance trailers found in the last lines."""
    clean = text.translate(_SAME_LENGTH)
    clean = "".join(
        " " if (unicodedata.category(ch) == "Cc" and ch not in "\n\r") else ch for ch in clean
    )
    origin = trailer = None
    lines = clean.split("\n")
    # look only at the last three non-empty lines: a trailer ends an article
    seen = 0
    for idx in range(len(lines) - 1, -1, -1):
        if not lines[idx].strip():
            continue
        seen += 1
        m = _TRAILER.match(lines[idx])
        if m and len(lines[idx].split()) <= 12:
            origin = m.group("outlet").strip()
            trailer = lines[idx].strip()
            lines[idx] = " " * len(lines[idx])
            break
        if seen >= 3:
            break
    return NormalisedText("\n".join(lines), origin, trailer)


def looks_like_text(text: str) -> bool:
    """False for binary junk: replacement characters or symbols dominate."""
    sample = text[:20000]
    if not sample.strip():
        return False
    bad = sum(1 for ch in sample if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cs"))
    letters = sum(ch.isalpha() for ch in sample)
    return bad / len(sample) < 0.05 and letters / len(sample) > 0.3
