/* eventcoder web UI: plain JavaScript over the JSON API. Every piece of data goes into the page
   through textContent or attributes (never innerHTML), so article text cannot inject markup. */
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
  "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
  "ASSAULT"];
const QUAD = {
  verbal_coop: ["verbal cooperation", "#9ecae1"], material_coop: ["material cooperation", "#2ca02c"],
  verbal_conflict: ["verbal conflict", "#fdae6b"], material_conflict: ["material conflict", "#d62728"],
};
const SVGNS = "http://www.w3.org/2000/svg";

// ---- small DOM helpers ------------------------------------------------------------------------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVGNS, tag);
  setAttrs(node, attrs);
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "onclick" || k === "onsubmit" || k === "onmouseenter" || k === "onmouseleave") {
      node.addEventListener(k.slice(2), v);
    } else {
      node.setAttribute(k, v === true ? "" : String(v));
    }
  }
}
const link = (href, text, attrs) => el("a", Object.assign({ href }, attrs || {}), text);
const fmtNum = (v, digits = 2) => (v === null || v === undefined) ? "n/a"
  : (Number.isInteger(v) ? v.toLocaleString("en") : Number(v).toFixed(digits));

function showError(message) {
  const box = document.getElementById("error");
  if (!message) { box.hidden = true; box.textContent = ""; return; }
  box.textContent = message;
  box.hidden = false;
}

async function api(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (Array.isArray(v)) v.forEach((x) => url.searchParams.append(k, x));
    else if (v !== null && v !== undefined && v !== "" && v !== false) url.searchParams.set(k, v);
  }
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) {
    const detail = body && body.detail ? (typeof body.detail === "string" ? body.detail
      : JSON.stringify(body.detail)) : res.statusText;
    const err = new Error(detail + " (HTTP " + res.status + ")");
    err.status = res.status;
    err.detail = detail;
    err.field = body && typeof body.field === "string" ? body.field : null;  // the parameter at fault
    throw err;
  }
  return body;
}

// A form whose values the API refused: it stays on the page, the message beside the field
// (or under the form when no field of it is at fault), so a typo can be fixed in place.
function markFieldError(form, err, fallbackField) {
  const name = err.field || fallbackField;
  const input = name ? form.querySelector('[name="' + CSS.escape(name) + '"]') : null;
  const note = el("span", { class: "field-error", role: "alert", "data-testid": "field-error",
    "data-field": input ? name : null }, err.detail || err.message);
  if (input) {
    input.setAttribute("aria-invalid", "true");
    input.classList.add("invalid");
    input.after(note);  // inside its label, right under the input
  } else {
    form.append(note);
  }
  return form;
}
function refused(id, title, form, err, fallbackField) {
  return el("section", { id }, el("h1", {}, title), markFieldError(form, err, fallbackField),
    el("p", { class: "muted", "data-testid": "refused" }, "Nothing to show until the value marked above is fixed."));
}

// ---- routing: #/view/arg?query --------------------------------------------------------------
function parseHash() {
  const raw = window.location.hash.replace(/^#\/?/, "");
  const [pathPart, query] = raw.split("?");
  const parts = pathPart.split("/").filter(Boolean).map(decodeURIComponent);
  return { view: parts[0] || "events", arg: parts[1] || null,
    params: Object.fromEntries(new URLSearchParams(query || "")) };
}
function go(view, arg, params) {
  let h = "#/" + view + (arg ? "/" + encodeURIComponent(arg) : "");
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined && v !== false) q.set(k, v);
  const qs = q.toString();
  const target = h + (qs ? "?" + qs : "");
  if (window.location.hash === target) route();  // same place: no hashchange, render again
  else window.location.hash = target;
}
const href = (view, arg, params) => {
  const q = new URLSearchParams(params || {}).toString();
  return "#/" + view + (arg ? "/" + encodeURIComponent(arg) : "") + (q ? "?" + q : "");
};

const VIEWS = {};
let renderToken = 0;

async function route() {
  const { view, arg, params } = parseHash();
  const main = document.getElementById("view");
  const token = ++renderToken;
  document.querySelectorAll("#nav a").forEach((a) => {
    a.classList.toggle("active", a.dataset.view === view ||
      (view === "event" && a.dataset.view === "events") ||
      (view === "article" && a.dataset.view === "articles") ||
      (view === "actor" && a.dataset.view === "actors"));
  });
  showError(null);
  const render = VIEWS[view] || VIEWS.events;
  try {
    const content = await render(arg, params);
    if (token !== renderToken) return;  // a later navigation won
    main.replaceChildren(content);
    main.dataset.view = view;
  } catch (err) {
    if (token !== renderToken) return;
    showError(err.message);
    main.replaceChildren(el("p", { class: "muted" }, "Nothing to show."));
    main.dataset.view = view;
  }
}

// ---- shared pieces --------------------------------------------------------------------------
function actorLink(code, label) {
  if (!code) return el("span", { class: "muted" }, "—");
  return link(href("actor", code), label || code, { class: "code", "data-testid": "actor-link" });
}
function flagsOf(e) {
  return ["negated", "hypothetical", "future", "reported"].filter((f) => e[f]);
}
function amountsText(e) {
  return (e.amounts || []).map((a) => a.text || fmtNum(a.value)).join("; ");
}
// an outlet with its registry labels (outlets.yaml) and, for a mirror, the originating outlet's
function outletLabels(labels) {
  return (labels || []).map((l) => el("span", { class: "pill outlet-label", "data-testid": "outlet-label" }, l));
}
function outletCell(name, labels, origin, originLabels) {
  return el("span", { class: "outlet" }, name || "", " ", outletLabels(labels),
    origin ? el("span", { class: "muted" }, " via " + origin + " ") : null, origin ? outletLabels(originLabels) : null);
}
function eventsTable(items, opts) {
  const o = opts || {};
  const head = el("tr", {}, ["date", "type", "mode", "source", "target", "amounts", "flags",
    "trigger", o.noOutlet ? null : "outlet"].filter(Boolean).map((h) => el("th", {}, h)));
  const rows = items.map((e) => el("tr", {
    class: "clickable", "data-testid": "event-row", "data-event-id": e.id,
    onclick: (ev) => { if (ev.target.closest("a")) return; go("event", e.id); },
  },
  el("td", {}, e.date || ""),
  el("td", {}, el("b", {}, e.type)),
  el("td", {}, e.mode || ""),
  el("td", {}, actorLink(e.source_code), " ", el("span", { class: "muted" }, e.source_text || "")),
  el("td", {}, actorLink(e.target_code), " ", el("span", { class: "muted" }, e.target_text || "")),
  el("td", {}, amountsText(e)),
  el("td", {}, flagsOf(e).map((f) => el("span", { class: "pill flag" }, f))),
  el("td", {}, link(href("event", e.id), e.trigger_text || "details", { "data-testid": "event-link" })),
  o.noOutlet ? null : el("td", {}, outletCell(e.outlet, e.outlet_labels, e.origin_outlet, e.origin_labels))));
  return el("table", { id: o.id || "events-table", "data-testid": o.id || "events-table" },
    el("thead", {}, head), el("tbody", {}, rows));
}
function legend() {
  return el("div", { class: "legend", "data-testid": "legend" },
    el("span", { class: "hl-trigger" }, "trigger"), el("span", { class: "hl-source" }, "source (actor)"),
    el("span", { class: "hl-target" }, "target (recipient)"),
    el("span", { class: "hl-flagged" }, "denied or hypothetical"));
}
function markedSegments(segments, onMark) {
  return segments.map((s) => {
    if (!s.roles.length) return document.createTextNode(s.text);
    const cls = ["mark"].concat(s.roles.map((r) => "hl-" + r));
    if (s.flagged) cls.push("hl-flagged");
    const span = el("span", {
      class: cls.join(" "), "data-roles": s.roles.join(" "), "data-events": s.events.join(" "),
      title: s.roles.join(", ") + (s.flagged ? " (denied or hypothetical)" : ""),
    }, s.text);
    if (onMark) span.addEventListener("click", () => onMark(s));
    return span;
  });
}
function facts(pairs) {
  return el("dl", { class: "facts" }, pairs.filter((p) => p[1] !== null && p[1] !== undefined && p[1] !== "")
    .map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

// ---- events ---------------------------------------------------------------------------------
VIEWS.events = async (_arg, params) => {
  const page = Math.max(1, parseInt(params.page || "1", 10) || 1);
  const limit = 50;
  const filters = { actor: params.actor || "", role: params.role || "either", type: params.type || "",
    since: params.since || "", until: params.until || "", outlet_label: params.outlet_label || "",
    include_flagged: params.include_flagged || "" };
  const known = await api("/api/outlets").catch(() => ({ labels: [] }));
  const typeList = el("datalist", { id: "type-list" }, TYPES.map((t) => el("option", { value: t })));
  const form = el("form", { id: "filters", class: "filters", "data-testid": "filters",
    onsubmit: (ev) => {
      ev.preventDefault();
      const f = ev.target;
      go("events", null, { actor: f.actor.value.trim(), role: f.role.value,
        type: f.type.value.trim().toUpperCase(), since: f.since.value, until: f.until.value,
        outlet_label: f.outlet_label.value, include_flagged: f.include_flagged.checked ? "true" : "" });
    } },
  el("label", {}, "actor", el("input", { type: "text", name: "actor", id: "f-actor",
    "data-testid": "filter-actor", value: filters.actor, placeholder: "HUN, Hungary…" })),
  el("label", {}, "role", el("select", { name: "role", id: "f-role", "data-testid": "filter-role" },
    ["either", "source", "target"].map((r) => el("option", { value: r, selected: r === filters.role }, r)))),
  el("label", {}, "type", el("input", { type: "text", name: "type", id: "f-type", list: "type-list",
    "data-testid": "filter-type", value: filters.type, placeholder: "REJECT…" })), typeList,
  el("label", {}, "since", el("input", { type: "date", name: "since", id: "f-since",
    "data-testid": "filter-since", value: filters.since })),
  el("label", {}, "until", el("input", { type: "date", name: "until", id: "f-until",
    "data-testid": "filter-until", value: filters.until })),
  el("label", {}, "outlet label", el("select", { name: "outlet_label", id: "f-outlet-label",
    "data-testid": "filter-outlet-label" }, [""].concat(known.labels).map((l) =>
    el("option", { value: l, selected: l === filters.outlet_label }, l || "any")))),
  el("label", { class: "check" }, el("input", { type: "checkbox", name: "include_flagged",
    id: "f-flagged", "data-testid": "filter-flagged", checked: !!filters.include_flagged }),
  "denied/hypothetical too"),
  el("button", { type: "submit", id: "f-apply", "data-testid": "filter-apply" }, "Filter"),
  el("button", { type: "button", class: "plain", id: "f-clear", "data-testid": "filter-clear",
    onclick: () => go("events") }, "Clear"));
  let data;
  try { data = await api("/api/events", Object.assign({}, filters, { page, limit })); }
  catch (err) { return refused("events-view", "Events", form, err); }
  const total = data.total === null ? "?" : data.total;
  const pager = el("div", { class: "pager" },
    el("button", { type: "button", class: "plain", id: "prev-page", "data-testid": "prev-page",
      disabled: page <= 1, onclick: () => go("events", null, Object.assign({}, filters, { page: page - 1 })) }, "‹ previous"),
    el("span", { id: "page-info", "data-testid": "page-info" }, "page " + page),
    el("button", { type: "button", class: "plain", id: "next-page", "data-testid": "next-page",
      disabled: !data.has_more, onclick: () => go("events", null, Object.assign({}, filters, { page: page + 1 })) }, "next ›"),
    el("span", { class: "muted", id: "result-count", "data-testid": "result-count" },
      total + " event(s)"));
  return el("section", { id: "events-view" },
    el("h1", {}, "Events"), form, pager,
    data.items.length ? eventsTable(data.items) : el("p", { class: "muted", id: "no-events" }, "No events match."));
};

VIEWS.event = async (id) => {
  const e = await api("/api/events/" + encodeURIComponent(id));
  const ev = e.evidence;
  const dyad = [e.source_code, e.target_code].filter(Boolean);
  const snippet = el("div", { class: "snippet", id: "snippet", "data-testid": "snippet" },
    (e.snippet.start > 0 ? "… " : "") + e.snippet.before, el("b", {}, ev.sentence),
    e.snippet.after + (e.snippet.end < (e.article.chars || 0) ? " …" : ""));
  return el("section", { id: "event-detail", "data-testid": "event-detail", "data-event-id": e.id },
    el("p", {}, link("#/events", "‹ events")),
    el("h1", {}, e.type + (e.mode ? " (" + e.mode + ")" : "") + ": ",
      actorLink(e.source_code, (e.source_name || e.source_code)), " → ",
      e.target_code ? actorLink(e.target_code, e.target_name || e.target_code) : el("span", { class: "muted" }, "no target")),
    flagsOf(e).length ? el("p", {}, flagsOf(e).map((f) => el("span", { class: "pill flag" }, f)),
      e.speaker ? " speaker: " + e.speaker : "") : null,
    el("h2", {}, "Evidence"), legend(),
    el("p", { class: "evidence", id: "evidence", "data-testid": "evidence" }, markedSegments(ev.segments)),
    facts([
      ["date", (e.date || "undated") + " (" + (e.date_resolution || "") + (e.date_text ? ": " + e.date_text : "") + ")"],
      ["trigger", ev.trigger ? ev.trigger.text + " [" + ev.trigger.start + "–" + ev.trigger.end + "]" : null],
      ["source", ev.source ? ev.source.text + " [" + ev.source.start + "–" + ev.source.end + "] = " + (e.source_code || "") + (e.source_sector ? " " + e.source_sector : "") : e.source_code],
      ["source group, role", [e.source_group, e.source_role].filter(Boolean).join(", ") || null],
      ["target", ev.target ? ev.target.text + " [" + ev.target.start + "–" + ev.target.end + "] = " + (e.target_code || "") + (e.target_sector ? " " + e.target_sector : "") : e.target_code],
      ["target group, role", [e.target_group, e.target_role].filter(Boolean).join(", ") || null],
      ["amounts", amountsText(e) || null],
      ["contexts", (e.contexts || []).join(", ") || null],
      ["quad class, score", (e.quad_class ?? "") + ", " + fmtNum(e.score, 1)],
      ["location", e.location ? e.location + (e.location_code ? " (" + e.location_code + ")" : "") : null],
      ["confidence", fmtNum(e.confidence)],
      ["rule chain", el("span", { class: "code", id: "rule-chain", "data-testid": "rule-chain" },
        (ev.rule_chain && ev.rule_chain.length ? ev.rule_chain : [ev.rule || ""]).join(" → "))],
      ["flag cue", e.cue || null],
      ["event id", el("span", { class: "code" }, e.id)],
    ]),
    el("h2", {}, "In the article"),
    el("p", {}, link(href("article", e.article_id), e.article.title || e.article_id, { id: "article-link", "data-testid": "article-link" }),
      " · ", e.article.outlet ? outletCell(e.article.outlet, e.article.outlet_labels) : "no outlet",
      e.article.origin_outlet ? [" · mirrored from ", outletCell(e.article.origin_outlet, e.article.origin_labels)] : null,
      " · ", e.article.published || "",
      " · ", link("/api/articles/" + encodeURIComponent(e.article_id) + "/report", "one-page report",
        { target: "_blank", rel: "noopener", id: "report-link", "data-testid": "report-link" })),
    snippet,
    dyad.length === 2 ? el("p", {}, link(href("dyad", null, { a: dyad[0], b: dyad[1], freq: "week" }),
      "dyad " + dyad[0] + " – " + dyad[1] + " over time", { "data-testid": "dyad-link" })) : null);
};

// ---- articles -------------------------------------------------------------------------------
VIEWS.articles = async (_arg, params) => {
  const page = Math.max(1, parseInt(params.page || "1", 10) || 1);
  const data = await api("/api/articles", { page, limit: 50 });
  const rows = data.items.map((a) => el("tr", { "data-testid": "article-row", "data-article-id": a.id },
    el("td", {}, a.published || ""),
    el("td", {}, link(href("article", a.id), a.title || a.id, { "data-testid": "article-link" })),
    el("td", {}, outletCell(a.outlet, a.outlet_labels)),
    el("td", {}, a.origin_outlet ? ["mirrored from ", outletCell(a.origin_outlet, a.origin_labels)] : ""),
    el("td", { class: "num" }, a.n_events), el("td", { class: "num" }, a.n_flagged),
    el("td", {}, link("/api/articles/" + encodeURIComponent(a.id) + "/report", "report", { target: "_blank", rel: "noopener" }))));
  return el("section", { id: "articles-view" }, el("h1", {}, "Articles (" + data.total + ")"),
    el("div", { class: "pager" },
      el("button", { type: "button", class: "plain", disabled: page <= 1, onclick: () => go("articles", null, { page: page - 1 }) }, "‹ previous"),
      el("span", {}, "page " + page),
      el("button", { type: "button", class: "plain", disabled: !data.has_more, onclick: () => go("articles", null, { page: page + 1 }) }, "next ›")),
    el("table", { id: "articles-table", "data-testid": "articles-table" },
      el("thead", {}, el("tr", {}, ["published", "title", "outlet", "provenance", "events", "flagged", ""].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows)));
};

VIEWS.article = async (id) => {
  const a = await api("/api/articles/" + encodeURIComponent(id));
  const text = el("div", { class: "article-text", id: "article-text", "data-testid": "article-text" },
    markedSegments(a.segments, (s) => { if (s.events.length) go("event", s.events[0]); }));
  return el("section", { id: "article-view", "data-testid": "article-view", "data-article-id": a.id },
    el("p", {}, link("#/articles", "‹ articles")),
    el("h1", { id: "article-title" }, a.title || a.id),
    facts([["outlet", a.outlet ? outletCell(a.outlet, a.outlet_labels) : null], ["published", a.published],
      ["mirrored from", a.origin_outlet ? outletCell(a.origin_outlet, a.origin_labels) : null],
      ["url", a.url], ["story cluster", a.cluster_id !== a.id ? a.cluster_id + " (similarity " + fmtNum(a.similarity) + ")" : null],
      ["events", a.n_events + " asserted, " + a.n_flagged + " denied or hypothetical"],
      ["warnings", (a.warnings || []).join("; ") || null]]),
    el("p", {}, link(a.report_url, "Open the one-page report", { target: "_blank", rel: "noopener",
      id: "report-link", "data-testid": "report-link" })),
    legend(), text,
    el("h2", {}, "Events in this article"),
    a.events.length ? eventsTable(a.events, { id: "article-events", noOutlet: true })
      : el("p", { class: "muted" }, "No events were coded from this article."));
};

// ---- actors ---------------------------------------------------------------------------------
// what the articles said for an actor (its surface texts), with how many events said it so
const writtenText = (written) => (written || []).map((w) => "“" + w.text + "” ×" + w.events).join(", ");
VIEWS.actors = async (_arg, params) => {
  const data = await api("/api/actors", { q: params.q || "", limit: 500 });
  const form = el("form", { class: "filters", id: "actor-search", onsubmit: (ev) => {
    ev.preventDefault(); go("actors", null, { q: ev.target.q.value.trim() }); } },
  el("label", {}, "code or name", el("input", { type: "text", name: "q", id: "actor-q", value: params.q || "" })),
  el("button", { type: "submit" }, "Search"));
  const rows = data.items.map((x) => el("tr", { "data-testid": "actor-row", "data-code": x.code },
    el("td", {}, actorLink(x.code)), el("td", {}, x.name), el("td", {}, x.kind),
    el("td", { class: "muted" }, x.names.join(", ")),
    el("td", { class: "written", "data-testid": "actor-written" }, writtenText(x.written)),
    el("td", { class: "num" }, x.mentions), el("td", { class: "num" }, x.as_source), el("td", { class: "num" }, x.as_target)));
  return el("section", { id: "actors-view" }, el("h1", {}, "Actors (" + data.total + ")"), form,
    el("table", { id: "actors-table", "data-testid": "actors-table" },
      el("thead", {}, el("tr", {}, ["code", "name", "kind", "known as", "as written (events)", "mentions", "as source", "as target"].map((h, i) => el("th", { class: i >= 5 ? "num" : null }, h)))),
      el("tbody", {}, rows)));
};

VIEWS.actor = async (code) => {
  const [info, src, tgt] = await Promise.all([
    api("/api/actors/" + encodeURIComponent(code)),
    api("/api/events", { actor: code, role: "source", limit: 200 }),
    api("/api/events", { actor: code, role: "target", limit: 200 }),
  ]);
  const byType = el("table", { id: "actor-types", "data-testid": "actor-types" },
    el("thead", {}, el("tr", {}, el("th", {}, "type"), el("th", { class: "num" }, "as source"), el("th", { class: "num" }, "as target"))),
    el("tbody", {}, info.by_type.map((t) => el("tr", {}, el("td", {}, t.type),
      el("td", { class: "num" }, t.as_source), el("td", { class: "num" }, t.as_target)))));
  return el("section", { id: "actor-view", "data-testid": "actor-view", "data-code": info.code },
    el("h1", {}, info.name + " ", el("span", { class: "code muted" }, info.code + " · " + info.kind)),
    el("div", { class: "cards" },
      el("div", { class: "card" }, el("b", { id: "actor-as-source-count" }, info.as_source), "events as source"),
      el("div", { class: "card" }, el("b", { id: "actor-as-target-count" }, info.as_target), "events as target"),
      el("div", { class: "card" }, el("b", {}, info.mentions), "mentions")),
    info.names.length ? el("p", { class: "muted" }, "Known as: " + info.names.join(", ")) : null,
    el("h2", {}, "As written in the articles"),
    info.written.length ? el("table", { id: "actor-written", "data-testid": "actor-written" },
      el("thead", {}, el("tr", {}, el("th", {}, "the text said"), el("th", { class: "num" }, "events"))),
      el("tbody", {}, info.written.map((w) => el("tr", { "data-testid": "written-row" },
        el("td", { class: "quote" }, w.text), el("td", { class: "num" }, w.events)))))
      : el("p", { class: "muted" }, "No event names this actor."),
    el("p", {}, link(href("events", null, { actor: info.code }), "filter the event table"), " · ",
      link(href("commitments", null, { actor: info.code }), "commitments")),
    byType,
    el("h2", {}, "As source (" + (src.total ?? src.items.length) + ")"),
    src.items.length ? eventsTable(src.items, { id: "actor-as-source" }) : el("p", { class: "muted" }, "none"),
    el("h2", {}, "As target (" + (tgt.total ?? tgt.items.length) + ")"),
    tgt.items.length ? eventsTable(tgt.items, { id: "actor-as-target" }) : el("p", { class: "muted" }, "none"));
};

// ---- network --------------------------------------------------------------------------------
function netColour(d) {
  const net = d.weight ? (d.cooperation - d.conflict) / d.weight : 0;  // -1 … 1
  const r = net < 0 ? 214 : Math.round(150 - 106 * net);
  const g = net > 0 ? Math.round(150 + 10 * net) : Math.round(150 - 111 * -net);
  const b = net > 0 ? Math.round(150 - 106 * net) : Math.round(150 - 110 * -net);
  return "rgb(" + r + "," + g + "," + b + ")";
}
function layout(nodes, edges, w, h) {
  // a small deterministic force layout: start on a circle, then springs and repulsion
  const n = nodes.length, pos = {};
  nodes.forEach((d, i) => {
    const a = 2 * Math.PI * i / Math.max(1, n);
    pos[d.id] = { x: w / 2 + 0.35 * w * Math.cos(a), y: h / 2 + 0.35 * h * Math.sin(a) };
  });
  const k = Math.sqrt((w * h) / Math.max(1, n)) * 0.6;
  for (let it = 0; it < 300; it++) {
    const t = 0.1 * (1 - it / 300) * w;
    const disp = {};
    nodes.forEach((d) => { disp[d.id] = { x: 0, y: 0 }; });
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const p = pos[nodes[i].id], q = pos[nodes[j].id];
      let dx = p.x - q.x, dy = p.y - q.y; const dist = Math.max(1, Math.hypot(dx, dy));
      const f = (k * k) / dist; dx /= dist; dy /= dist;
      disp[nodes[i].id].x += dx * f; disp[nodes[i].id].y += dy * f;
      disp[nodes[j].id].x -= dx * f; disp[nodes[j].id].y -= dy * f;
    }
    edges.forEach((e) => {
      const p = pos[e.source], q = pos[e.target]; if (!p || !q || p === q) return;
      let dx = p.x - q.x, dy = p.y - q.y; const dist = Math.max(1, Math.hypot(dx, dy));
      const f = (dist * dist) / k; dx /= dist; dy /= dist;
      disp[e.source].x -= dx * f; disp[e.source].y -= dy * f;
      disp[e.target].x += dx * f; disp[e.target].y += dy * f;
    });
    nodes.forEach((d) => {
      const p = pos[d.id], v = disp[d.id];
      v.x += (w / 2 - p.x) * 0.02 * k / 10; v.y += (h / 2 - p.y) * 0.02 * k / 10;
      const len = Math.max(1e-6, Math.hypot(v.x, v.y));
      p.x = Math.min(w - 50, Math.max(50, p.x + (v.x / len) * Math.min(len, t)));
      p.y = Math.min(h - 40, Math.max(40, p.y + (v.y / len) * Math.min(len, t)));
    });
  }
  return pos;
}
function drawNetwork(net) {
  const w = 900, h = 560;
  const root = svg("svg", { id: "network-svg", "data-testid": "network-svg", class: "chart",
    viewBox: "0 0 " + w + " " + h, width: w, height: h, role: "img", "aria-label": "actor network" });
  root.append(svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5,
    markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#666" }))));
  if (!net.nodes.length) {
    root.append(svg("text", { x: w / 2, y: h / 2, "text-anchor": "middle" }, "no events with a target in this range"));
    return root;
  }
  const pos = layout(net.nodes, net.edges, w, h);
  const radius = (d) => 8 + 3 * Math.sqrt(d.events);
  const byId = Object.fromEntries(net.nodes.map((d) => [d.id, d]));
  const pairs = new Set(net.edges.map((e) => e.source + ">" + e.target));
  const edgeLayer = svg("g", {}), nodeLayer = svg("g", {});
  net.edges.forEach((e) => {
    const p = pos[e.source], q = pos[e.target];
    const dx = q.x - p.x, dy = q.y - p.y, len = Math.max(1, Math.hypot(dx, dy));
    const bend = pairs.has(e.target + ">" + e.source) ? 0.15 : 0;  // two-way: curve apart
    const mx = (p.x + q.x) / 2 - dy * bend, my = (p.y + q.y) / 2 + dx * bend;
    const rq = radius(byId[e.target]) + 3, ux = q.x - mx, uy = q.y - my, ul = Math.max(1, Math.hypot(ux, uy));
    const ex = q.x - ux / ul * rq, ey = q.y - uy / ul * rq;
    void len;
    edgeLayer.append(svg("path", { class: "edge", "data-source": e.source, "data-target": e.target,
      d: "M" + p.x.toFixed(1) + "," + p.y.toFixed(1) + " Q" + mx.toFixed(1) + "," + my.toFixed(1) + " " + ex.toFixed(1) + "," + ey.toFixed(1),
      stroke: netColour(e), "stroke-width": (1 + 1.5 * Math.sqrt(e.weight)).toFixed(1), "marker-end": "url(#arrow)" },
    svg("title", {}, e.source + " → " + e.target + ": " + e.weight + " event(s), " + e.cooperation +
      " cooperative, " + e.conflict + " conflictual, mean score " + fmtNum(e.mean_score, 1))));
  });
  net.nodes.forEach((d) => {
    const p = pos[d.id];
    const g = svg("g", { class: "node " + d.kind, "data-code": d.id, "data-testid": "network-node",
      transform: "translate(" + p.x.toFixed(1) + "," + p.y.toFixed(1) + ")",
      onclick: () => go("actor", d.id),
      onmouseenter: () => fade(root, d.id), onmouseleave: () => fade(root, null) },
    svg("circle", { r: radius(d).toFixed(1) }),
    svg("text", { y: -radius(d) - 4, "text-anchor": "middle" }, d.id),
    svg("title", {}, d.name + " (" + d.id + ", " + d.kind + "): " + d.events + " event(s)" +
      (d.alliances.length ? "; member of " + d.alliances.join(", ") : "")));
    nodeLayer.append(g);
  });
  root.append(edgeLayer, nodeLayer);
  return root;
}
function fade(root, code) {
  root.querySelectorAll(".edge").forEach((p) => p.classList.toggle("faded",
    !!code && p.dataset.source !== code && p.dataset.target !== code));
}
VIEWS.network = async (_arg, params) => {
  const form = el("form", { class: "filters", id: "network-form", onsubmit: (ev) => {
    ev.preventDefault(); const f = ev.target;
    go("network", null, { since: f.since.value, until: f.until.value, type: f.type.value.trim().toUpperCase() }); } },
  el("label", {}, "since", el("input", { type: "date", name: "since", value: params.since || "" })),
  el("label", {}, "until", el("input", { type: "date", name: "until", value: params.until || "" })),
  el("label", {}, "types (comma-separated)", el("input", { type: "text", name: "type", value: params.type || "", placeholder: "REJECT,ACCUSE" })),
  el("button", { type: "submit" }, "Draw"));
  let net;
  try {
    net = await api("/api/network", { since: params.since, until: params.until,
      type: params.type ? params.type.split(",") : null });
  } catch (err) { return refused("network-view", "Actor network", form, err); }
  return el("section", { id: "network-view" }, el("h1", {}, "Actor network"), form,
    el("p", { class: "muted" }, net.nodes.length + " actors, " + net.edges.length +
      " directed links (as of " + (net.as_of || "") + "). Edge colour: red conflict, green cooperation; width: events. Hover a node to fade the rest, click it for the actor page."),
    drawNetwork(net));
};

// ---- dyad chart -----------------------------------------------------------------------------
function barChart(opts) {
  // opts: {id, labels, stacks: [{key, name, colour, values}], line: {name, values, min, max},
  //   min, max (y axis), tick (y label formatter), missing (text drawn where a value is null)}
  const w = 900, h = opts.height || 360, m = { l: 50, r: opts.line ? 55 : 20, t: 20, b: 60 };
  const iw = w - m.l - m.r, ih = h - m.t - m.b, n = opts.labels.length;
  const root = svg("svg", { id: opts.id, "data-testid": opts.id, class: "chart", viewBox: "0 0 " + w + " " + h,
    width: w, height: h, role: "img", "aria-label": opts.title || "chart" });
  if (!n) {
    root.append(svg("text", { x: w / 2, y: h / 2, "text-anchor": "middle" }, opts.empty || "no data"));
    return root;
  }
  const lo = opts.min ?? 0;
  const totals = opts.labels.map((_, i) => opts.stacks.reduce((s, st) => s + Math.max(0, st.values[i]), 0));
  const hi = opts.max ?? Math.max(1, ...totals);
  const y = (v) => m.t + ih - ((v - lo) / (hi - lo)) * ih;
  const band = iw / n, bw = Math.max(4, Math.min(60, band * 0.7));
  for (let k = 0; k <= 4; k++) {
    const v = lo + (hi - lo) * k / 4;
    root.append(svg("line", { class: "grid", x1: m.l, x2: m.l + iw, y1: y(v), y2: y(v) }),
      svg("text", { x: m.l - 6, y: y(v) + 4, "text-anchor": "end" },
        opts.tick ? opts.tick(v) : (Number.isInteger(v) ? v : v.toFixed(2))));
  }
  root.append(svg("line", { class: "axis", x1: m.l, x2: m.l + iw, y1: y(Math.max(lo, Math.min(hi, 0))), y2: y(Math.max(lo, Math.min(hi, 0))) }));
  opts.labels.forEach((lab, i) => {
    const x = m.l + band * i + (band - bw) / 2;
    let base = Math.max(lo, 0);
    opts.stacks.forEach((st) => {
      if (st.values[i] === null && opts.missing) {  // no value is not zero: say so
        root.append(svg("text", { class: "missing", "data-series": st.key, x: (x + bw / 2).toFixed(1),
          y: (y(Math.max(lo, Math.min(hi, 0))) - 6).toFixed(1), "text-anchor": "middle" }, opts.missing));
        return;
      }
      const v = st.values[i] || 0;
      if (!v) return;
      const y0 = v >= 0 ? y(base + v) : y(0), y1 = v >= 0 ? y(base) : y(v);
      root.append(svg("rect", { class: "bar", "data-series": st.key, x: x.toFixed(1), y: y0.toFixed(1), width: bw.toFixed(1),
        height: Math.max(0.5, y1 - y0).toFixed(1), fill: st.colour }, svg("title", {}, lab + ": " + st.name + " " + (opts.tick ? opts.tick(v) : fmtNum(v)))));
      if (v > 0) base += v;
    });
    if (n <= 24 || i % Math.ceil(n / 24) === 0) {
      root.append(svg("text", { x: (x + bw / 2).toFixed(1), y: m.t + ih + 16, "text-anchor": "end",
        transform: "rotate(-35 " + (x + bw / 2).toFixed(1) + " " + (m.t + ih + 16) + ")" }, lab));
    }
  });
  if (opts.line) {
    const L = opts.line, yl = (v) => m.t + ih - ((v - L.min) / (L.max - L.min)) * ih;
    const pts = L.values.map((v, i) => v === null ? null : [m.l + band * i + band / 2, yl(v)]);
    const d = pts.filter(Boolean).map((p, i) => (i ? "L" : "M") + p[0].toFixed(1) + "," + p[1].toFixed(1)).join(" ");
    if (d) root.append(svg("path", { d, fill: "none", stroke: "#222", "stroke-width": 1.5, "data-series": "line" }));
    pts.forEach((p, i) => { if (p) root.append(svg("circle", { cx: p[0], cy: p[1], r: 3.5, fill: "#222" }, svg("title", {}, opts.labels[i] + ": " + L.name + " " + fmtNum(L.values[i])))); });
    [L.min, (L.min + L.max) / 2, L.max].forEach((v) => root.append(svg("text", { x: m.l + iw + 6, y: yl(v) + 4 }, String(v))));
    root.append(svg("text", { x: w - 4, y: 12, "text-anchor": "end" }, L.name + " (right axis, line)"));
  }
  let lx = m.l;
  if (!opts.noLegend) opts.stacks.forEach((st) => {
    root.append(svg("rect", { x: lx, y: h - 14, width: 10, height: 10, fill: st.colour }),
      svg("text", { x: lx + 14, y: h - 5 }, st.name));
    lx += 30 + st.name.length * 7;
  });
  return root;
}
VIEWS.dyad = async (_arg, params) => {
  const a = params.a || "USA", b = params.b || "RUS", freq = params.freq || "week";
  const form = el("form", { class: "filters", id: "dyad-form", "data-testid": "dyad-form", onsubmit: (ev) => {
    ev.preventDefault(); const f = ev.target;
    go("dyad", null, { a: f.a.value.trim(), b: f.b.value.trim(), freq: f.freq.value, since: f.since.value, until: f.until.value }); } },
  el("label", {}, "actor A", el("input", { type: "text", name: "a", id: "dyad-a", value: a })),
  el("label", {}, "actor B", el("input", { type: "text", name: "b", id: "dyad-b", value: b })),
  el("label", {}, "per", el("select", { name: "freq", id: "dyad-freq" },
    ["day", "week", "month", "quarter", "year"].map((f) => el("option", { value: f, selected: f === freq }, f)))),
  el("label", {}, "since", el("input", { type: "date", name: "since", value: params.since || "" })),
  el("label", {}, "until", el("input", { type: "date", name: "until", value: params.until || "" })),
  el("button", { type: "submit" }, "Show"));
  const section = el("section", { id: "dyad-view" }, el("h1", {}, "Dyad over time"), form);
  let data;
  try { data = await api("/api/dyad", { a, b, freq, since: params.since, until: params.until }); }
  catch (err) { return refused("dyad-view", "Dyad over time", form, err); }
  section.append(el("p", { class: "muted" }, data.a_code + " ↔ " + data.b_code + ": " +
      data.rows.reduce((s, r) => s + r.events, 0) + " event(s), counted once per story, per " + freq + "."),
  barChart({ id: "dyad-chart", title: "dyad", labels: data.rows.map((r) => r.period),
    stacks: Object.entries(QUAD).map(([key, [name, colour]]) => ({ key, name, colour, values: data.rows.map((r) => r[key]) })),
    line: { name: "mean PLOVER score", values: data.rows.map((r) => r.score_mean), min: -10, max: 10 },
    empty: "no events between these actors" }));
  return section;
};

// ---- alliance cohesion ----------------------------------------------------------------------
VIEWS.alliance = async (code, params) => {
  const alliance = (code || "NATO").toUpperCase(), freq = params.freq || "month";
  const form = el("form", { class: "filters", id: "alliance-form", onsubmit: (ev) => {
    ev.preventDefault(); const f = ev.target;
    go("alliance", f.alliance.value.trim().toUpperCase() || "NATO", { freq: f.freq.value, since: f.since.value, until: f.until.value }); } },
  el("label", {}, "alliance", el("input", { type: "text", name: "alliance", id: "alliance-code", value: alliance })),
  el("label", {}, "per", el("select", { name: "freq", id: "alliance-freq" },
    ["week", "month", "quarter", "year"].map((f) => el("option", { value: f, selected: f === freq }, f)))),
  el("label", {}, "since", el("input", { type: "date", name: "since", value: params.since || "" })),
  el("label", {}, "until", el("input", { type: "date", name: "until", value: params.until || "" })),
  el("button", { type: "submit" }, "Show"));
  let r;
  try { r = await api("/api/alliance/" + encodeURIComponent(alliance), { freq, since: params.since, until: params.until }); }
  catch (err) {  // the one path parameter: an unknown alliance is a 404 about it
    return refused("alliance-view", "Alliance cohesion", form, err, err.status === 404 ? "alliance" : null);
  }
  const blockers = r.blockers.map((x) => el("tr", { "data-testid": "blocker-row" },
    el("td", {}, x.date || ""), el("td", {}, actorLink(x.source)), el("td", {}, x.type + (x.mode ? " (" + x.mode + ")" : "")),
    el("td", {}, actorLink(x.target)), el("td", {}, x.relation),
    el("td", {}, link(href("event", x.event_id), x.sentence.trim().slice(0, 160)))));
  return el("section", { id: "alliance-view", "data-testid": "alliance-view" },
    el("h1", {}, r.name + " (" + r.alliance + ") cohesion"), form,
    el("div", { class: "cards" },
      el("div", { class: "card" }, el("b", { id: "cohesion-index" }, fmtNum(r.index)), "cohesion index"),
      el("div", { class: "card" }, el("b", {}, r.intra_events), "intra-alliance events"),
      el("div", { class: "card" }, el("b", {}, r.intra_cooperative + " / " + r.intra_conflictual), "cooperative / conflictual"),
      el("div", { class: "card" }, el("b", {}, r.outward_events), "outward events"),
      el("div", { class: "card" }, el("b", {}, r.members.length), "members on " + r.as_of)),
    el("p", { class: "muted" }, "Intra-alliance: member → member, member → the alliance or its organs, and the alliance's own decisions (to a member or no one). Index = (C − K) / (C + K) over those events (n/a without any); dissent share = members that quarrelled inside the alliance ÷ members."),
    // two panels, each on its own axis: an index on −1…1 and a share on 0…100 % must not share one
    el("h2", {}, "Cohesion index per " + freq),
    el("p", { class: "muted" }, "−1: members only quarrelled with each other; 1: they only cooperated; n/a: no intra-alliance event."),
    barChart({ id: "cohesion-chart", title: "cohesion index per period", labels: r.periods.map((p) => p.period),
      min: -1, max: 1, missing: "n/a", height: 260,
      stacks: [{ key: "index", name: "cohesion index",
        colour: "#4a7fc1", values: r.periods.map((p) => p.index) }],
      empty: "no member events in this range" }),
    el("h2", {}, "Dissent share per " + freq),
    el("p", { class: "muted" }, "Members that quarrelled inside the alliance, as a share of all members."),
    barChart({ id: "dissent-chart", title: "dissent share per period", labels: r.periods.map((p) => p.period),
      min: 0, max: 1, tick: (v) => Math.round(v * 100) + " %", height: 260,
      stacks: [{ key: "dissent", name: "dissent share",
        colour: "#d46300", values: r.periods.map((p) => p.dissent_share) }],
      empty: "no member events in this range" }),
    el("h2", {}, "Blockers and quarrels (" + r.blockers.length + ")"),
    el("table", { id: "blockers-table", "data-testid": "blockers-table" },
      el("thead", {}, el("tr", {}, ["date", "member", "did", "to", "relation", "sentence"].map((h) => el("th", {}, h)))),
      el("tbody", {}, blockers)),
    el("h2", {}, "Members on " + r.as_of),
    el("p", { id: "members" }, r.members.map((m, i) => [i ? ", " : "", actorLink(m.code, m.name)])));
};

// ---- commitments ----------------------------------------------------------------------------
VIEWS.commitments = async (_arg, params) => {
  const form = el("form", { class: "filters", id: "commitments-form", onsubmit: (ev) => {
    ev.preventDefault(); go("commitments", null, { actor: ev.target.actor.value.trim() }); } },
  el("label", {}, "actor", el("input", { type: "text", name: "actor", value: params.actor || "" })),
  el("button", { type: "submit" }, "Show"));
  let r;
  try { r = await api("/api/commitments", { actor: params.actor, since: params.since, until: params.until }); }
  catch (err) { return refused("commitments-view", "Commitments and amounts", form, err); }
  return el("section", { id: "commitments-view" }, el("h1", {}, "Commitments and amounts"), form,
    el("table", { id: "commitments-table", "data-testid": "commitments-table" },
      el("thead", {}, el("tr", {}, ["date", "kind", "source", "target", "amount", "type", "sentence"].map((h) => el("th", {}, h)))),
      el("tbody", {}, r.rows.map((c) => el("tr", {}, el("td", {}, c.date || ""), el("td", {}, c.kind || ""),
        el("td", {}, actorLink(c.source)), el("td", {}, actorLink(c.target)), el("td", {}, c.text),
        el("td", {}, c.type + (c.mode ? " (" + c.mode + ")" : "")),
        el("td", {}, link(href("event", c.event_id), c.sentence.trim().slice(0, 140))))))),
    el("h2", {}, "Money by kind and currency"),
    r.money.length ? el("table", {}, el("tbody", {}, r.money.map((m) => el("tr", {}, el("td", {}, m.kind),
      el("td", {}, m.currency), el("td", { class: "num" }, Math.round(m.total).toLocaleString("en"))))))
      : el("p", { class: "muted" }, "none"),
    el("p", { class: "muted" }, "Sums never cross currencies; shares of GDP are targets and are listed, not added."));
};

// ---- start ----------------------------------------------------------------------------------
async function start() {
  window.addEventListener("hashchange", route);
  api("/api/health").then((h) => {
    document.getElementById("db-info").textContent = h.database + ": " + h.articles + " articles, " + h.events + " events";
  }).catch(() => {});
  await route();
}
document.addEventListener("DOMContentLoaded", start);
