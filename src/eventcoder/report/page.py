"""The report document: header, sections and footer around the parts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..records import CodedArticle
from .geo import article_map
from .graph import actor_graph
from .labels import esc
from .marks import marked_text
from .sections import blocking, commitments, event_table, flagged_lists
from .style import CSS, JS


def title_of(result: CodedArticle) -> str:
    if result.article.title:
        return result.article.title
    words = (result.article.text or "").split()
    if not words:
        return "(empty article)"
    head = " ".join(words[:12])
    return head + ("…" if len(words) > 12 else "")


def _labels(labels: list[str]) -> str:
    """An outlet's ownership and labels (outlets.yaml), after its name."""
    if not labels:
        return ""
    return f' <span class="outlet-labels">({esc(", ".join(labels))})</span>'


def settings_text(settings: Any) -> str:
    if settings is None:
        return "not recorded"
    if isinstance(settings, dict):
        items = settings.items()
    else:
        items = vars(settings).items()
    return ", ".join(f"{k}={v}" for k, v in items if v is not None)


def build_report(result: CodedArticle, knowledge=None, *, settings: Any = None,
                 generated: datetime | None = None, outlets: Any = None) -> str:
    """One self-contained HTML page for one coded article.

    knowledge: the KnowledgeBase for names and alliance memberships (default: the bundled one).
    settings: the CoderOptions (or a dict) the article was coded with, shown in the footer.
    generated: when the page was made (default: now).
    outlets: the OutletRegistry labelling the outlet and a mirror's origin (default: the
    configured one).
    """
    if knowledge is None:
        from ..knowledge import default_knowledge

        knowledge = default_knowledge()
    from .. import __version__

    art = result.article
    generated = generated or datetime.now().replace(microsecond=0)
    title = title_of(result)
    origin = result.provenance.get("origin") if result.provenance else None
    if outlets is None:
        from ..knowledge.outlets import default_registry

        outlets = default_registry()
    tags = outlets.tags(art.source, art.url, origin)
    meta = [f"<span>date: <b>{esc(art.date.isoformat() if art.date else 'not given')}</b></span>",
            f"<span>outlet: <b>{esc(art.source or 'not given')}</b>"
            f"{_labels(tags.outlet_labels)}</span>"]
    if tags.origin_outlet:
        meta.append(f'<span class="provenance">mirrored from <b>{esc(tags.origin_outlet)}</b>'
                    f'{_labels(tags.origin_labels)}</span>')
    if art.author:
        meta.append(f"<span>by {esc(art.author)}</span>")
    if art.url:
        meta.append(f'<span class="muted">url: {esc(art.url)}</span>')
    if art.origin:
        meta.append(f'<span class="muted">read from {esc(art.origin)}</span>')
    warnings = "".join(f'<p class="warn">⚠ {esc(w)}</p>' for w in result.warnings)
    n_fact, n_flag = len(result.events), len(result.flagged)
    key = ('<div class="key"><span class="mk trigger fact">trigger</span>'
           '<span class="mk actor fact">actor</span>'
           '<span class="mk recipient fact">recipient</span>'
           '<span class="mk trigger denied">denied</span>'
           '<span class="mk trigger hypothetical">hypothetical</span>'
           '<span class="mk trigger reported fact">reported (speaker in the tooltip)</span>'
           '<span class="muted">Hover a mark for TYPE mode actor → recipient.</span></div>')
    body = f"""<main>
<header>
<h1>{esc(title)}</h1>
<p class="meta">{"".join(meta)}</p>
<p class="muted">{n_fact} event(s) asserted as fact, {n_flag} denied, hypothetical or otherwise
flagged statement(s); article id {esc(art.id)}.</p>
{warnings}
</header>
<section id="text"><h2>The article, marked</h2>{key}
<div class="article">{marked_text(result)}</div></section>
<section id="events"><h2>Events</h2>{event_table(result)}</section>
<section id="graph"><h2>Actors and what they did to each other</h2>
{actor_graph(result, knowledge)}</section>
<section id="map"><h2>Where it happened</h2>{article_map(result)}</section>
<section id="blocking"><h2>Who blocked or rejected whom</h2>{blocking(result)}</section>
<section id="commitments"><h2>Commitments and amounts</h2>{commitments(result)}</section>
<section id="flagged"><h2>Denied and hypothetical statements</h2>
<p class="muted">Kept out of the facts above: what the text says did not happen, or might.</p>
{flagged_lists(result)}</section>
<footer>Made by eventcoder {esc(__version__)} on {esc(generated.isoformat(sep=" "))}.
Coder settings: {esc(settings_text(settings))}. Event types: PLOVER.</footer>
</main>"""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)} – eventcoder report</title>\n<style>{CSS}</style>\n</head>\n"
            f"<body>\n{body}\n<script>{JS}</script>\n</body>\n</html>\n")
