"""RSS and Atom feeds: one article per entry with its link, date and text; bad feeds and
empty entries are failures naming the file and the entry; nothing goes on the network."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from eventcoder.sources import ReaderOptions, read_inputs

OPTS = ReaderOptions(today=date(2025, 7, 1))

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Harbour Wire</title>
  <link>https://wire.example.org/</link>
  <item>
    <title>Russia strikes Odesa</title>
    <link>https://wire.example.org/odesa</link>
    <pubDate>Tue, 03 Jun 2025 10:00:00 GMT</pubDate>
    <description>&lt;p&gt;Russia struck the port of &lt;b&gt;Odesa&lt;/b&gt; on Monday.&lt;/p&gt;
    </description>
  </item>
  <item>
    <title>France condemns strikes</title>
    <link>https://wire.example.org/france</link>
    <pubDate>Wed, 04 Jun 2025 08:30:00 GMT</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>France condemned the Russian strikes on Odesa.</p>
      <p>Paris summoned the Russian ambassador on Wednesday.</p>]]></content:encoded>
  </item>
  <item>
    <title>Headline only</title>
    <link>https://wire.example.org/empty</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Coastline Courier</title>
  <id>urn:example:courier</id>
  <updated>2025-06-05T12:00:00Z</updated>
  <entry>
    <title>Talks resume</title>
    <id>urn:example:courier:1</id>
    <link href="https://courier.example.org/talks"/>
    <updated>2025-06-05T12:00:00Z</updated>
    <author><name>Mira Castell</name></author>
    <content type="html">&lt;p&gt;Germany and Poland resumed talks in Warsaw.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_rss_entries_become_articles_and_an_entry_without_text_is_a_failure(tmp_path: Path):
    feed = _write(tmp_path / "feed.xml", RSS)
    items = list(read_inputs([feed], OPTS))
    arts = [i.article for i in items if i.article]
    assert [(a.url, a.date, a.title, a.source) for a in arts] == [
        ("https://wire.example.org/odesa", date(2025, 6, 3), "Russia strikes Odesa",
         "Harbour Wire"),
        ("https://wire.example.org/france", date(2025, 6, 4), "France condemns strikes",
         "Harbour Wire")]
    assert arts[0].text == "Russia struck the port of Odesa on Monday."
    # the full content wins over the teaser in <description>
    assert "summoned the Russian ambassador" in arts[1].text and "teaser" not in arts[1].text
    assert [(i.origin, i.error) for i in items if i.error] == [
        (str(feed), "entry 3 (https://wire.example.org/empty): no text (neither content nor "
                    "a summary)")]


def test_atom_entries_are_read_with_link_author_and_updated_date(tmp_path: Path):
    items = list(read_inputs([_write(tmp_path / "courier.atom", ATOM)], OPTS))
    assert len(items) == 1 and items[0].error is None
    art = items[0].article
    assert (art.url, art.date, art.author, art.source) == (
        "https://courier.example.org/talks", date(2025, 6, 5), "Mira Castell",
        "Coastline Courier")
    assert art.text == "Germany and Poland resumed talks in Warsaw."


def test_an_html_page_given_as_a_feed_is_a_failure_naming_its_line(tmp_path: Path):
    page = _write(tmp_path / "feed.xml",
                  "<!DOCTYPE html>\n<html><head><title>News</title></head>\n"
                  "<body><p>Not a feed.</p></body></html>\n")
    items = list(read_inputs([page], OPTS))
    assert [(i.origin, i.error, i.article) for i in items] == [
        (str(page), "not an RSS or Atom feed: line 2: an HTML page", None)]


def test_a_malformed_feed_is_read_leniently_with_a_warning(tmp_path: Path):
    broken = RSS.replace("</channel>\n</rss>", "<item><title>cut")
    items = list(read_inputs([_write(tmp_path / "cut.rss", broken)], OPTS))
    arts = [i for i in items if i.article]
    assert [i.article.url for i in arts] == ["https://wire.example.org/odesa",
                                             "https://wire.example.org/france"]
    assert arts[0].warning.startswith("feed is not well-formed (line ")
    assert arts[1].warning is None


def test_a_feed_url_is_not_downloaded_without_fetch(monkeypatch: pytest.MonkeyPatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    items = list(read_inputs(["https://wire.example.org/feed.xml"], OPTS))
    assert [(i.origin, i.article) for i in items] == [("https://wire.example.org/feed.xml",
                                                       None)]
    assert items[0].error.startswith("is a URL: pass --fetch")


def test_a_fetched_feed_is_read_from_the_answer(monkeypatch: pytest.MonkeyPatch):
    """--fetch downloads through urllib; here urlopen is a stand-in, so no network is used."""
    import io
    import urllib.request

    asked = []

    def answer(request, timeout):
        asked.append((request.full_url, timeout))
        return io.BytesIO(ATOM.encode())

    monkeypatch.setattr(urllib.request, "urlopen", answer)
    opts = ReaderOptions(today=date(2025, 7, 1), fetch=True)
    items = list(read_inputs(["https://courier.example.org/atom"], opts))
    assert [i.article.url for i in items] == ["https://courier.example.org/talks"]
    assert asked == [("https://courier.example.org/atom", 30.0)]


def test_the_command_ingests_a_feed_and_exits_1_for_the_empty_entry(tmp_path: Path):
    from eventcoder.store import EventStore

    feed = _write(tmp_path / "feed.xml", RSS)
    db = tmp_path / "s.duckdb"
    proc = subprocess.run([sys.executable, "-m", "eventcoder", "ingest", str(feed), "--db",
                           str(db)], capture_output=True, timeout=600)
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "2 articles read, 2 added" in err and "1 failed" in err
    with EventStore(db, read_only=True) as store:
        urls = [r[0] for r in store.con.execute("SELECT url FROM articles ORDER BY url").fetchall()]
        reasons = [r[0] for r in store.con.execute("SELECT reason FROM failures").fetchall()]
    assert urls == ["https://wire.example.org/france", "https://wire.example.org/odesa"]
    assert reasons == ["entry 3 (https://wire.example.org/empty): no text (neither content "
                       "nor a summary)"]
