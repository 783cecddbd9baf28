/* eventcoder web UI: the map and the timeline views. Loaded after app.js, whose helpers (el,
   svg, api, go, actorLink, barChart, VIEWS, TYPES) it uses; like app.js it puts data into the
   page through textContent and attributes only. */
"use strict";

// ---- map and timeline: filtered like the event table ----------------------------------------
const CHART_FILTERS = ["actor", "role", "type", "since", "until", "include_flagged"];
function chartFilters(params) {
  const out = {};
  CHART_FILTERS.forEach((k) => { out[k] = params[k] || (k === "role" ? "either" : ""); });
  return out;
}
function chartForm(view, f, extra, read) {
  const typeList = el("datalist", { id: view + "-type-list" }, TYPES.map((t) => el("option", { value: t })));
  return el("form", { id: view + "-filters", class: "filters", "data-testid": view + "-filters",
    onsubmit: (ev) => {
      ev.preventDefault();
      const t = ev.target;
      go(view, null, Object.assign({ actor: t.actor.value.trim(), role: t.role.value,
        type: t.type.value.trim().toUpperCase(), since: t.since.value, until: t.until.value,
        include_flagged: t.include_flagged.checked ? "true" : "" }, read(t)));
    } },
  el("label", {}, "actor", el("input", { type: "text", name: "actor", id: view + "-actor",
    "data-testid": view + "-actor", value: f.actor, placeholder: "HUN, Hungary…" })),
  el("label", {}, "role", el("select", { name: "role", id: view + "-role" },
    ["either", "source", "target"].map((r) => el("option", { value: r, selected: r === f.role }, r)))),
  el("label", {}, "type", el("input", { type: "text", name: "type", id: view + "-type",
    list: view + "-type-list", "data-testid": view + "-type", value: f.type, placeholder: "ASSAULT…" })), typeList,
  el("label", {}, "since", el("input", { type: "date", name: "since", id: view + "-since", value: f.since })),
  el("label", {}, "until", el("input", { type: "date", name: "until", id: view + "-until", value: f.until })),
  el("label", { class: "check" }, el("input", { type: "checkbox", name: "include_flagged",
    id: view + "-flagged", checked: !!f.include_flagged }), "denied/hypothetical too"),
  extra,
  el("button", { type: "submit", id: view + "-apply", "data-testid": view + "-apply" }, "Show"),
  el("button", { type: "button", class: "plain", onclick: () => go(view) }, "Clear"));
}
let WORLD = null;  // the outline, fetched once
function drawMap(world, m, fit) {
  const box = fit ? m.view : [0, 0, world.width, world.height];
  const root = svg("svg", { id: "map-svg", "data-testid": "map-svg", class: "chart map",
    viewBox: box.join(" "), width: 900, height: Math.round(900 * box[3] / box[2]), role: "img",
    "aria-label": "map of event locations" },
  svg("rect", { x: 0, y: 0, width: world.width, height: world.height, fill: world.ocean }));
  const hits = Object.fromEntries(m.countries.map((c) => [c.code, c]));
  world.countries.forEach((c) => {
    const hit = hits[c.code];
    root.append(svg("path", { class: "country" + (hit ? " hit" : ""), "data-code": c.code,
      "data-events": hit ? hit.events : 0, d: c.d, fill: hit ? hit.fill : m.no_events,
      stroke: "#fff", "stroke-width": 0.4 },
    svg("title", {}, c.name + " (" + c.code + "): " + (hit ? hit.events : 0) + " event(s)")));
  });
  const k = box[2] / world.width;  // dots shrink with the zoom, so they stay dots
  m.places.forEach((p) => root.append(svg("circle", { class: "place", "data-testid": "map-place",
    cx: p.x, cy: p.y, r: (p.r * k * 1.6).toFixed(2), fill: "#08306b", "fill-opacity": 0.7,
    stroke: "#fff", "stroke-width": (0.5 * k).toFixed(2) },
  svg("title", {}, p.name + (p.code ? " (" + p.code + ")" : "") + ": " + p.events + " event(s)"))));
  return root;
}
VIEWS.map = async (_arg, params) => {
  const f = chartFilters(params), fit = params.fit === "true";
  const [world, m] = await Promise.all([WORLD ? Promise.resolve(WORLD) : api("/api/map/outline"),
    api("/api/map", f)]);
  WORLD = world;
  const form = chartForm("map", f, el("label", { class: "check" }, el("input", { type: "checkbox",
    name: "fit", id: "map-fit", "data-testid": "map-fit", checked: fit }), "zoom to events"),
  (t) => ({ fit: t.fit.checked ? "true" : "" }));
  const legend = el("div", { class: "legend", id: "map-legend", "data-testid": "map-legend" },
    el("span", { class: "muted" }, "fewer"),
    m.legend.map((c) => el("span", { class: "swatch", "data-fill": c, title: c }, svgSwatch(c))),
    el("span", { class: "muted" }, "more events"), el("span", {}, svgDot(), " a place (size: events)"));
  const rows = m.countries.map((c) => el("tr", { "data-testid": "map-country-row", "data-code": c.code },
    el("td", {}, actorLink(c.code)), el("td", {}, c.name), el("td", { class: "num" }, c.events)));
  return el("section", { id: "map-view", "data-testid": "map-view" },
    el("h1", {}, "Where events happened"), form,
    el("p", { class: "muted", id: "map-summary", "data-testid": "map-summary" },
      m.located + " of " + m.total + " event(s) placed in " + m.countries.length + " countr" +
      (m.countries.length === 1 ? "y" : "ies") + " and " + m.places.length + " place(s); not on " +
      "the map: " + m.unlocated + " event(s) without a place."),
    drawMap(world, m, fit), legend,
    el("p", { class: "muted" }, "Outline: " + world.source + "."),
    rows.length ? el("table", { id: "map-countries", "data-testid": "map-countries" },
      el("thead", {}, el("tr", {}, el("th", {}, "country"), el("th", {}, "name"), el("th", { class: "num" }, "events"))),
      el("tbody", {}, rows)) : el("p", { class: "muted", id: "map-empty" }, "No event in this selection has a place."));
};
function svgSwatch(colour) {
  return svg("svg", { width: 14, height: 12, viewBox: "0 0 14 12" }, svg("rect", { width: 14, height: 12, fill: colour }));
}
function svgDot() {
  return svg("svg", { width: 12, height: 12, viewBox: "0 0 12 12" }, svg("circle", { cx: 6, cy: 6, r: 5, fill: "#08306b", "fill-opacity": 0.7 }));
}
function seriesLegend(id, series) {
  return el("div", { class: "legend", id, "data-testid": id },
    series.map((s) => el("span", { "data-series": s.name }, svgSwatch(s.colour), " ", s.name)));
}
VIEWS.timeline = async (_arg, params) => {
  const f = chartFilters(params), freq = params.freq || "month";
  const t = await api("/api/timeline", Object.assign({ freq }, f));
  const form = chartForm("timeline", f, el("label", {}, "per", el("select", { name: "freq",
    id: "timeline-freq", "data-testid": "timeline-freq" },
  ["day", "week", "month", "quarter", "year"].map((x) => el("option", { value: x, selected: x === freq }, x)))),
  (x) => ({ freq: x.freq.value }));
  const labels = t.periods;
  const total = t.totals.reduce((a, b) => a + b, 0);
  const top = Math.max(4, Math.ceil(Math.max(0, ...t.totals) / 4) * 4);  // whole-number grid lines
  const chart = (id, title, series) => barChart({ id, title, labels, noLegend: true, max: top,
    stacks: series.map((s) => ({ key: s.key, name: s.name, colour: s.colour, values: s.values })),
    empty: "no dated events in this selection" });
  return el("section", { id: "timeline-view", "data-testid": "timeline-view" },
    el("h1", {}, "Events over time"), form,
    el("p", { class: "muted", id: "timeline-summary", "data-testid": "timeline-summary" },
      total + " dated event(s) per " + t.freq + " in " + labels.length + " period(s)" +
      (t.undated ? "; " + t.undated + " undated event(s) are not shown." : ".")),
    el("h2", {}, "By quad class"), chart("timeline-by-quad", "events by quad class", t.by_quad),
    seriesLegend("timeline-quad-legend", t.by_quad),
    el("h2", {}, "By event type"), chart("timeline-by-type", "events by type", t.by_type),
    seriesLegend("timeline-type-legend", t.by_type));
};
