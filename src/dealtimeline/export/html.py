"""The events as one standalone web page: a vertical timeline that needs no network.

Every store string is shown with `visible` and escaped with `html.escape(..., quote=True)`;
the style and script blocks are constants, and the script reads only data- attributes.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from importlib.metadata import version

from dealtimeline.core.model import Citation, Event, Store
from dealtimeline.core.palette import company_colours
from dealtimeline.core.query import Filters
from dealtimeline.core.sanitize import http_url, visible
from dealtimeline.export.common import HEADING, by_year, figures, paragraphs, subtitle
from dealtimeline.serialize.doubt import aspect_marks, dispute_line, role_line
from dealtimeline.serialize.voice import speaker_words

STYLE = """\
:root{--ink:#1d2433;--muted:#5b6475;--line:#d5dbe5;--paper:#fff;--bg:#f4f6f9;\
--reported:#8a5a00;--disputed:#b3261e;--link:#0b57d0}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
color:var(--ink);background:var(--bg)}
header,main{max-width:60rem;margin:0 auto;padding:1rem 1.25rem}
h1{font-size:1.75rem;margin:.5rem 0 .25rem}
.subtitle,.legend{color:var(--muted);margin:0 0 .5rem}
.filter{display:none;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.75rem 0 0}
.js .filter{display:flex}
select{font:inherit;padding:.3rem .5rem;max-width:100%}
.status{color:var(--muted);font-size:.9rem}
.year h2{position:sticky;top:0;z-index:1;margin:1.5rem 0 .75rem;padding:.25rem 0;\
font-size:1.4rem;background:var(--bg);border-bottom:2px solid var(--ink)}
ol.events{list-style:none;margin:0;padding:0 0 0 1.25rem;border-left:3px solid var(--line)}
li.event{position:relative;display:grid;grid-template-columns:8rem minmax(0,1fr);gap:.75rem;\
margin:0 0 1rem}
li.event::before{content:"";position:absolute;left:-1.25rem;top:.85rem;width:.8rem;\
height:.8rem;margin-left:-.55rem;border-radius:50%;background:var(--paper);\
border:3px solid var(--ink)}
.date{padding-top:.55rem;font-weight:600;font-variant-numeric:tabular-nums}
.card{background:var(--paper);border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem}
.card h3{margin:0 0 .4rem;font-size:1.1rem;line-height:1.3}
h1,h2,h3,h4,.summary,blockquote,.tag,.id{overflow-wrap:anywhere}
.meta{display:flex;flex-wrap:wrap;gap:.35rem;align-items:center;margin:0 0 .4rem;font-size:.85rem}
.kind{color:var(--muted);font-size:.75rem;font-weight:700;letter-spacing:.05em;\
text-transform:uppercase}
.tag,.mark{border-radius:4px;padding:0 .45rem;font-weight:600}
.mark{border:1px solid currentColor}
.mark.reported{color:var(--reported)}
.mark.disputed{color:var(--disputed)}
.amount{margin:.25rem 0;font-size:1.05rem;font-weight:700}
.amount .note{color:var(--muted);font-size:.9rem;font-weight:400}
.summary{margin:.25rem 0 .5rem}
.sources{list-style:none;margin:.5rem 0 0;padding:0}
.source{margin:.5rem 0;padding:.1rem 0 .1rem .75rem;border-left:3px solid var(--line)}
blockquote{margin:0;font-style:italic}
blockquote::before{content:"\\201C"}
blockquote::after{content:"\\201D"}
.cite{margin:.1rem 0 0;color:var(--muted);font-size:.85rem;overflow-wrap:anywhere}
.disputing{margin-top:.75rem;padding-top:.25rem;border-top:1px dashed var(--disputed)}
.disputing h4{margin:.25rem 0 0;color:var(--disputed);font-size:.85rem}
.disputing .source{border-left-color:var(--disputed)}
.id{margin:.5rem 0 0;color:var(--muted);font:.75rem ui-monospace,monospace}
a{color:var(--link)}
[hidden]{display:none!important}
@media (max-width:40rem){
header,main{padding:.75rem}
ol.events{padding-left:.9rem}
li.event{grid-template-columns:minmax(0,1fr);gap:.25rem}
li.event::before{left:-.9rem;top:.35rem}
.date{padding-top:0}
}
@media print{
body{background:#fff;font-size:10.5pt}
.filter{display:none!important}
.year h2{position:static;background:none}
li.event{break-inside:avoid}
.card{border-color:#999}
.tag,.mark{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit}
a[href]::after{content:" (" attr(href) ")";font-size:.85em}
}
"""

SCRIPT = """\
(function () {
  var root = document.documentElement;
  var select = document.getElementById("company-filter");
  var status = document.getElementById("filter-status");
  var total = document.querySelectorAll("li.event").length;
  function apply() {
    var wanted = select.value;
    var shown = 0;
    document.querySelectorAll("section.year").forEach(function (section) {
      var inYear = 0;
      section.querySelectorAll("li.event").forEach(function (item) {
        var keep = !wanted || item.dataset.companies.split(" ").indexOf(wanted) >= 0;
        item.hidden = !keep;
        inYear += keep ? 1 : 0;
      });
      section.hidden = inYear === 0;
      shown += inYear;
    });
    status.textContent = shown + " of " + total + " events shown";
  }
  root.classList.add("js");
  select.addEventListener("change", apply);
  apply();
})();
"""


def esc(text: str) -> str:
    """Store text as HTML text or attribute value: control characters shown, all escaped."""
    return html.escape(visible(text), quote=True)


def generator() -> str:
    return f"dealtimeline {version('dealtimeline')}"


def tag_colours(store: Store) -> dict[str, tuple[str, str]]:
    """Each company's terminal colour as (background, text) hex: the badge the terminal
    draws, its text black or white by contrast."""
    return {
        company_id: (colour.hex, colour.text)
        for company_id, colour in company_colours(store).items()
    }


def to_html(store: Store, events: Sequence[Event], filters: Filters | None = None) -> str:
    """The page: heading, what it holds (and what filters chose it), legend, company
    filter, then the events under year headings."""
    colours = tag_colours(store)
    held = subtitle(events, store, filters)
    title = f"{HEADING}: {held}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{esc(generator())}">',
        f"<title>{esc(title)}</title>",
        f"<style>\n{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{esc(HEADING)}</h1>",
        f'<p class="subtitle">{esc(held)}</p>',
        '<p class="legend"><span class="mark reported">reported</span> rests on anonymous'
        ' sources (~ before its amount) &middot; <span class="mark disputed">date?</span>'
        ' <span class="mark disputed">happened?</span> a source disputes that aspect</p>',
        *_filter(store, events, held != subtitle(events)),
        "</header>",
        "<main>",
    ]
    if not events:
        parts.append('<p class="empty">No events match these filters.</p>')
    for year, group in by_year(events):
        parts += [f'<section class="year" data-year="{year}">', f"<h2>{year}</h2>"]
        parts.append('<ol class="events">')
        parts += [_event(store, event, colours) for event in group]
        parts += ["</ol>", "</section>"]
    parts += ["</main>", f"<script>\n{SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _filter(store: Store, events: Sequence[Event], filtered: bool) -> list[str]:
    """The company drop-down; its first choice says when the page holds filtered events."""
    counts = {cid: sum(cid in e.companies for e in events) for cid in store.companies}
    every = f"All {len(events)} filtered events" if filtered else f"All companies ({len(events)})"
    options = [f'<option value="">{every}</option>']
    options += [
        f'<option value="{esc(cid)}">{esc(store.companies[cid].name)} ({count})</option>'
        for cid, count in counts.items()
        if count
    ]
    return [
        '<form class="filter" role="search">',
        '<label for="company-filter">Company</label>',
        '<select id="company-filter">',
        *options,
        "</select>",
        '<span class="status" id="filter-status" aria-live="polite"></span>',
        "</form>",
    ]


def _event(store: Store, event: Event, colours: dict[str, tuple[str, str]]) -> str:
    tags = [
        f'<span class="tag" style="background:{colours[cid][0]};color:{colours[cid][1]}">'
        f"{esc(store.companies[cid].name)}</span>"
        for cid in event.companies
    ]
    meta = [f'<span class="kind">{esc(event.kind)}</span>', *tags, *marks(event)]
    return "\n".join(
        [
            f'<li class="event" id="event-{esc(event.id)}"'
            f' data-companies="{esc(" ".join(event.companies))}"'
            f' data-kind="{esc(event.kind)}" data-status="{esc(event.status)}">',
            f'<div class="date"><time datetime="{event.date.iso}">{event.date.display}</time>'
            "</div>",
            '<article class="card">',
            f"<h3>{esc(event.title)}</h3>",
            f'<p class="meta">{" ".join(meta)}</p>',
            *details(store, event),
            f'<p class="id">{esc(event.id)}</p>',
            "</article>",
            "</li>",
        ]
    )


def marks(event: Event) -> list[str]:
    """The reported and disputed marks, as the terminal shows them."""
    found = []
    if event.reported:
        found.append('<span class="mark reported">reported</span>')
    for aspect, shown in zip(event.aspects, aspect_marks(event), strict=True):
        found.append(f'<span class="mark disputed" data-aspect="{aspect}">{esc(shown)}</span>')
    return found


def details(store: Store, event: Event) -> list[str]:
    """Amount, summary and citations, the disputing ones set apart under their own heading."""
    parts = []
    if event.amount is not None or event.capacity is not None:
        note = event.amount.note if event.amount is not None else None
        shown = f' <span class="note">{esc(note)}</span>' if note else ""
        parts.append(f'<p class="amount">{esc(figures(store, event))}{shown}</p>')
    if event.summary:
        parts += [f'<p class="summary">{esc(p)}</p>' for p in paragraphs(event.summary)]
    supporting = [c for c in event.citations if c.supports]
    disputing = [c for c in event.citations if c.disputes]
    context = [c for c in event.citations if c.role == "context"]
    if supporting:
        parts += _citations(store, supporting)
    if disputing:
        parts += ['<div class="disputing">', "<h4>Disputed by</h4>"]
        parts += [f'<p class="dispute">{esc(dispute_line(store, event, c))}</p>' for c in disputing]
        parts += _citations(store, disputing)
        parts.append("</div>")
    if context:
        parts += ['<div class="context">', "<h4>Context</h4>"]
        parts += _citations(store, context)
        parts.append("</div>")
    return parts


def _citations(store: Store, citations: Iterable[Citation]) -> list[str]:
    items = ['<ul class="sources">']
    for citation in citations:
        source = store.sources[citation.source]
        link = http_url(source.url)
        if link is not None:
            named = f'<a href="{esc(link)}" rel="noopener noreferrer">{esc(source.title)}</a>'
        elif source.url:
            named = f'{esc(source.title)} <span class="url">{esc(source.url)}</span>'
        else:
            named = esc(source.title)
        # A figure on another basis or framing words say so: neither is plain support.
        role = "" if citation.role == "supports" or citation.disputes else citation.role
        words = speaker_words(store, citation)
        items += [
            f'<li class="source{" " + role if role else ""}" data-source="{esc(source.id)}">',
            f"<blockquote>{esc(citation.quote)}</blockquote>",
            *([f'<p class="cite speaker">{esc(words)}</p>'] if words else []),
            f'<p class="cite">{esc(source.publisher)}, <time datetime="{source.published.iso}">'
            f"{source.published.display}</time>, {esc(source.grade)}: {named}</p>",
            *([f'<p class="cite role">{esc(role_line(store, citation))}</p>'] if role else []),
            "</li>",
        ]
    items.append("</ul>")
    return items
