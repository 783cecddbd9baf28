"""Actor answers show what the articles said: the surface texts (Actor.text) with counts,
beside the knowledge base's names they were resolved to."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
import test_api  # noqa: E402

db, client = test_api.db, test_api.client  # the API over test_api's corpus, once per module


def _written(answer: dict) -> dict[str, int]:
    return {w["text"]: w["events"] for w in answer["written"]}


def test_the_actor_page_lists_the_words_the_articles_used(client):
    ukr = test_api.ok(client, "/api/actors/UKR")
    assert ukr["names"] == ["Ukraine"]  # the canonical name it was resolved to
    written = _written(ukr)
    # "Ukraine's president" was shut out of the talks (three members, summit and its mirror)
    assert written["Ukraine's president"] == 6 and written["Ukraine"] >= 1
    assert list(written.values()) == sorted(written.values(), reverse=True)
    # the NATO Secretary General's name is what the text said for NATO
    assert "Mark Rutte" in _written(test_api.ok(client, "/api/actors/NATO"))
    # a denied event is not a fact: Moscow's attack that did not happen gives no text
    assert "Moscow" not in _written(test_api.ok(client, "/api/actors/RUS"))
    assert _written(test_api.ok(client, "/api/actors/RUS"))["Russia"] >= 1


def test_the_actor_list_carries_the_texts_too(client):
    items = {a["code"]: a for a in test_api.ok(client, "/api/actors")["items"]}
    assert _written(items["UKR"])["Ukraine's president"] == 6
    assert _written(items["HUN"]) == {"Hungary": 3}  # its block (summit, mirror), criticised


def test_an_actor_without_mention_counts_still_shows_its_texts(tmp_path):
    """A store whose `actors` table lacks the actor (events written without mentions)."""
    import dataclasses

    import numpy as np
    from fastapi.testclient import TestClient
    from test_record_schema import full_event

    from eventcoder.api import create_app
    from eventcoder.records import Article, CodedArticle
    from eventcoder.store import EventStore, StoredArticle

    base = full_event(negated=False, hypothetical=False, source_code="DEU", target_code="POL")
    evs = [dataclasses.replace(base, id=f"e{n}", article_id="a",
                               source=dataclasses.replace(base.source, text=text))
           for n, text in enumerate(["Berlin", "Berlin", "the German government"])]
    db = tmp_path / "s.duckdb"
    with EventStore(db) as store:
        store.write_batch([StoredArticle(CodedArticle(Article(text="t", id="a"), events=evs),
                                         "a", 1.0, np.zeros(128, np.uint32).tobytes(), [])], [])
    with TestClient(create_app(db), base_url="http://localhost") as c:
        deu = c.get("/api/actors/DEU").json()
    assert deu["mentions"] == 0
    assert _written(deu) == {"Berlin": 2, "the German government": 1}
