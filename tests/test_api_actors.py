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
