"""Near-duplicate articles (mirrors, syndication, light edits): MinHash signatures and LSH bands.

Signatures come from datasketch's MinHash over word 3-gram shingles of the normalised text.
The LSH index itself lives in the store (a table of band keys), not in memory, so memory stays
flat however many articles have been ingested; `MirrorIndex` is the small interface the store
implements.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

NUM_PERM = 128
BANDS = 32  # 32 bands x 4 rows: pairs above ~0.4 estimated Jaccard become candidates
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.5  # estimated Jaccard of word 3-grams above which two articles are one story
# Articles indexed under one band key. A key shared by more is boilerplate, not a story: a true
# mirror shares many other bands with its original. The cap keeps each lookup, and the index's
# growth per key, bounded however large the corpus.
BAND_LIMIT = 8
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def shingles(text: str, n: int = 3) -> set[bytes]:
    """Lower-cased word n-grams; punctuation, case and spacing edits do not change them."""
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + n]).encode() for i in range(len(words) - n + 1)}


def signature(text: str) -> np.ndarray:
    """MinHash signature (NUM_PERM uint32 values) of an article's text."""
    from datasketch import MinHash  # imported here: only ingestion needs it

    m = MinHash(num_perm=NUM_PERM, seed=1)
    sh = shingles(text)
    if sh:
        m.update_batch(list(sh))
    return np.asarray(m.hashvalues, dtype=np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One 63-bit key per band: articles sharing any band key are candidate mirrors."""
    keys = []
    for b in range(BANDS):
        chunk = sig[b * ROWS : (b + 1) * ROWS].tobytes()
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big") >> 1)
    return keys


def similarity(others: np.ndarray, sig: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of each signature in `others` (one per row) to `sig`."""
    return np.count_nonzero(others == sig, axis=-1) / sig.shape[-1]


class MirrorIndex(Protocol):
    """Where band keys and signatures are kept (the store implements it)."""

    def candidates(self, keys: list[int]) -> Iterable[tuple[int, str, str, bytes]]:
        """(band key, article_id, cluster_id, signature bytes) for every stored article
        with one of `keys` among its band keys."""


@dataclass
class ClusterAssigner:
    """Assign each new article to the cluster of its closest earlier near-duplicate."""

    index: MirrorIndex
    threshold: float = THRESHOLD
    limit: int = BAND_LIMIT
    # articles of the batch being written, not yet in the index
    _pending: dict[int, list[tuple[str, str, np.ndarray]]] = field(default_factory=dict)
    # stored candidates for the whole batch, fetched in one query
    _stored: dict[int, list[tuple[str, str, np.ndarray]]] = field(default_factory=dict)
    # articles of the batch already given a place under a key
    _taken: dict[int, int] = field(default_factory=dict)

    def prefetch(self, keys: Iterable[int]) -> None:
        """Look up every band key of a batch at once (one scan instead of one per article)."""
        for key, other, cluster, raw in self.index.candidates(sorted(set(keys))):
            self._stored.setdefault(key, []).append(
                (other, cluster, np.frombuffer(raw, dtype=np.uint32)))

    def assign(self, article_id: str, sig: np.ndarray, keys: list[int]) -> tuple[str, float]:
        """(cluster_id, similarity to the matched article; 1.0 for a new cluster)."""
        best: tuple[float, str] | None = None
        seen: set[str] = {article_id}
        found = [entry for key in keys for entry in self._stored.get(key, ())]
        found += [entry for key in keys for entry in self._pending.get(key, ())]
        unique = []
        for entry in found:
            if entry[0] not in seen:
                seen.add(entry[0])
                unique.append(entry)
        if unique:
            # all candidates at once: this runs in the single writer process, once per article
            sims = similarity(np.stack([e[2] for e in unique]), sig)
            i = int(np.argmax(sims))  # the first of equals, as a loop in order would pick
            if sims[i] >= self.threshold:
                best = (float(sims[i]), unique[i][1])
        cluster = best[1] if best else article_id
        for key in keys:
            self._pending.setdefault(key, []).append((article_id, cluster, sig))
        return cluster, (best[0] if best else 1.0)

    def indexable(self, keys: list[int]) -> list[int]:
        """The keys to index an article under: those that hold fewer than `limit` articles,
        counting the stored ones and this batch's. Call once per article, in batch order."""
        out = []
        for key in keys:
            held = len(self._stored.get(key, ())) + self._taken.get(key, 0)
            if held < self.limit:
                out.append(key)
                self._taken[key] = self._taken.get(key, 0) + 1
        return out

    def flush(self) -> None:
        """Forget the batch once it is written (the index now has it)."""
        self._pending.clear()
        self._stored.clear()
        self._taken.clear()
