"""Long text stays linear: overlong sentences are cut before parsing, and the extractor finds a
token's sentence from an index built once per Doc instead of walking the Doc per candidate.

The timing itself is a benchmark (benchmarks/long_text.py); these tests check the mechanisms.
"""

from __future__ import annotations

import datetime

from conftest import dyads

from eventcoder import Article, Coder, CoderOptions

RUN_ON = ("Poland accused Russia of meddling in the vote, Germany pledged aid to Ukraine, "
          "France condemned the strikes on Odesa, ")  # no full stop anywhere: one "sentence"


def _parse(coder: Coder, text: str, until: str = "eventcoder_actors"):
    """The Doc after every component before `until`."""
    doc = coder.nlp.make_doc(text)
    doc._.article_date = datetime.date(2025, 6, 1)
    for name, proc in coder.nlp.pipeline:
        if name == until:
            break
        doc = proc(doc)
    return doc


def test_a_text_without_full_stops_is_cut_into_sentences_no_longer_than_the_cap(coder):
    cap = coder.options.max_sentence_tokens
    doc = _parse(coder, RUN_ON * 60)  # about 1,300 tokens
    lengths = [len(s) for s in doc.sents]
    assert len(doc) > 5 * cap
    assert max(lengths) <= cap
    # cut at a comma, not mid-clause: every sentence after the first follows a ","
    assert all(doc[s.start - 1].text == "," for s in list(doc.sents)[1:])


def test_an_overlong_paragraph_is_cut_at_its_last_full_stop():
    coder = Coder(CoderOptions(max_sentence_tokens=40))
    text = " ".join(["Poland accused Russia of meddling in the vote on Monday, officials said."]
                    * 12)
    doc = _parse(coder, text)
    assert max(len(s) for s in doc.sents) <= 40
    assert all(doc[s.start - 1].text == "." for s in list(doc.sents)[1:])


def test_the_cap_can_be_turned_off():
    coder = Coder(CoderOptions(max_sentence_tokens=0))
    doc = _parse(coder, RUN_ON * 20)
    assert max(len(s) for s in doc.sents) > 200


def test_cut_text_gives_the_events_of_its_clauses(coder):
    day = datetime.date(2025, 6, 1)
    once = coder.code(Article(text=RUN_ON, date=day)).events
    cut = coder.code(Article(text=RUN_ON * 30, date=day)).events
    assert dyads(cut) == dyads(once) and ("ACCUSE", "POL", "RUS") in dyads(cut)


class _CountingSentences:
    """spaCy's user hooks for doc.sents / token.sent / span.sent, counting every call."""

    def __init__(self, doc) -> None:
        self.calls = 0
        self.starts = [t.i for t in doc if t.is_sent_start] + [len(doc)]
        doc.user_hooks["sents"] = self.sents
        doc.user_token_hooks["sent"] = self.sent
        doc.user_span_hooks["sent"] = lambda span: self.sent(span[0])

    def sents(self, doc):
        self.calls += 1
        return iter([doc[a:b] for a, b in zip(self.starts, self.starts[1:], strict=False)])

    def sent(self, tok):
        self.calls += 1
        end = next(b for b in self.starts if b > tok.i)
        start = max(a for a in self.starts if a <= tok.i)
        return tok.doc[start:end]


def test_coding_walks_the_sentences_once_per_doc_not_once_per_candidate(coder):
    text = "\n".join(["Turkey offered to mediate and said it would host the talks.",
                      "Poland accused Russia of meddling, and Germany condemned the move.",
                      "Those actions were denounced by France, according to officials."] * 20)
    doc = _parse(coder, text)
    counter = _CountingSentences(doc)
    for name, proc in coder.nlp.pipeline:
        if name.startswith("eventcoder_") and name != "eventcoder_layout":
            doc = proc(doc)
    assert len(doc._.events) >= 40
    assert counter.calls == 1  # the index, built once by eventcoder_actors


def test_the_sentence_index_answers_as_spacy_does(coder):
    from eventcoder.sentences import entity_of, sentence_index

    doc = coder.nlp("Finland condemned Russia.\nThe United Nations urged calm in Kyiv today. "
                    "Officials in New Delhi said nothing")
    index = sentence_index(doc)
    assert [s.start for s in index.spans()] == [s.start for s in doc.sents]
    for tok in doc:
        assert (index.sentence_of(tok).start, index.sentence_of(tok).end) == (
            tok.sent.start, tok.sent.end)
        ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        found = entity_of(tok)
        got = (found.start, found.end) if found is not None else None
        assert got == ((ent.start, ent.end) if ent is not None else None)
    assert index.starts_up_to(len(doc) - 1, 2) == [s.start for s in doc.sents][-2:]


def _watch_parses(coder: Coder, monkeypatch) -> list[int]:
    """Characters of text handed to each nlp.pipe call of `coder` (recorded as they go)."""
    calls: list[int] = []
    pipe = coder.nlp.pipe

    def watched(items, *args, **kwargs):
        items = list(items)
        if items and isinstance(items[0], tuple):  # (doc, context): spaCy calls pipe again
            return pipe(items, *args, **kwargs)    # with the bare docs, which are recorded
        calls.append(sum(len(doc.text) for doc in items))
        return pipe(items, *args, **kwargs)

    monkeypatch.setattr(coder.nlp, "pipe", watched)
    return calls


def _stories(n: int) -> list[Article]:
    return [Article(text=f"Story {i}. " + "Poland accused Russia of meddling in the vote. " * 40,
                    date=datetime.date(2025, 6, 1)) for i in range(n)]


def test_text_is_parsed_in_chunks_of_at_most_batch_chars(monkeypatch):
    coder = Coder(CoderOptions(batch_chars=5_000, max_chars=3_000))
    calls = _watch_parses(coder, monkeypatch)
    results = list(coder.code_many(_stories(8)))  # 8 articles of ~1,900 characters
    assert len(results) == 8 and all(r.events for r in results)
    assert len(calls) >= 4 and max(calls) <= 5_000
    # a text longer than the budget is parsed alone, never dropped
    calls.clear()
    tight = Coder(CoderOptions(batch_chars=500, max_chars=3_000))  # the same pipeline
    assert all(r.events for r in tight.code_many(_stories(3)))
    assert len(calls) == 3


def test_results_stream_out_while_articles_are_still_being_read():
    coder = Coder(CoderOptions(batch_chars=5_000))
    pulled = 0

    def stream():
        nonlocal pulled
        for art in _stories(40):
            pulled += 1
            yield art

    results = coder.code_many(stream())
    first = next(results)
    assert first.events and pulled <= 4  # not the whole batch of 32 articles first
    assert len(list(results)) == 39


def test_chunking_changes_no_result(coder):
    arts = _stories(6)
    small = Coder(CoderOptions(batch_chars=3_000, max_chars=1_000))
    one_by_one = [coder.code(a) for a in arts]
    chunked = list(small.code_many(arts))
    assert [dyads(r.events) for r in chunked] == [dyads(r.events) for r in one_by_one]
    assert [len(r.mentions) for r in chunked] == [len(r.mentions) for r in one_by_one]


def test_ingest_batches_are_bounded_by_characters_too(tmp_path):
    import json

    from eventcoder.ingest import IngestOptions, ingest

    feed = tmp_path / "feed.jsonl"
    with feed.open("w") as fh:
        for art in _stories(6):  # ~1,900 characters each
            fh.write(json.dumps({"text": art.text, "date": "2025-06-01"}) + "\n")
    batches: list[int] = []

    def each_batch(summary, consumed):
        batches.append(summary.added)

    opts = IngestOptions(batch_size=128, batch_chars=4_000)
    summary = ingest([feed], tmp_path / "s.duckdb", opts, progress=each_batch)
    assert summary.added == 6 and summary.failures == 0
    assert batches == [3, 6]  # 4,000 characters reached with the 3rd article, then the rest
