// dyad web UI. Article text and every value from the API are inserted as text nodes
// (textContent / createTextNode), never as HTML, so article content cannot inject markup or script.
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const STATUSES = ["occurred", "ongoing", "planned", "possible", "negated", "hypothetical"];
const PAGE = 50;
let offset = 0;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}

function params() {
  const p = new URLSearchParams();
  for (const name of ["actor", "recipient", "type", "status", "since", "until", "q"]) {
    const v = document.getElementById("filter-" + name).value.trim();
    if (v) p.set(name, v);
  }
  return p;
}

async function getJSON(url) {
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ? body.error.message : r.statusText);
  return body;
}

function codes(entities) {
  return (entities || []).map(e => [e.code, e.sector].filter(Boolean).join(" ") || e.text).join(", ");
}

async function loadEvents() {
  const p = params();
  p.set("limit", PAGE); p.set("offset", offset); p.set("view", "mentions");
  const data = await getJSON("/api/events?" + p.toString());
  const tbody = document.querySelector("#events tbody");
  tbody.replaceChildren();
  for (const ev of data.items) {
    const date = ev.date ? (ev.date.value || "") : "";
    const sources = (ev.attribution || []).map(a => a.source.text).join("; ");
    const row = el("tr", {"data-id": ev.id},
      el("td", {}, date),
      el("td", {}, ev.event_type + (ev.mode ? ":" + ev.mode : "")),
      el("td", {}, codes(ev.actor)),
      el("td", {}, codes(ev.recipient)),
      el("td", {}, el("span", {class: "status status-" + ev.status}, ev.status)),
      el("td", {}, sources),
      el("td", {}, ev.mentions[0].sentence.text));
    row.addEventListener("click", () => openEvent(ev.id));
    tbody.appendChild(row);
  }
  document.getElementById("events-count").textContent = data.total + " events";
  tbody.dataset.query = p.toString();  // which query the rows answer (lets tests and users tell)
  document.getElementById("page").textContent =
    data.total ? (offset + 1) + "–" + Math.min(offset + PAGE, data.total) : "0";
  document.getElementById("prev").disabled = offset === 0;
  document.getElementById("next").disabled = offset + PAGE >= data.total;
}

async function loadSeries() {
  const p = params();
  p.set("period", document.getElementById("filter-period").value);
  const data = await getJSON("/api/series?" + p.toString());
  const a = p.get("actor"), r = p.get("recipient");
  document.getElementById("timeline-title").textContent =
    "Timeline" + (a || r ? ": " + [a, r].filter(Boolean).join(" – ") : "") + " by " + data.period;
  drawTimeline(data.items.filter(d => d.period));
}

function drawTimeline(items) {
  const chart = document.getElementById("timeline");
  chart.replaceChildren();
  const W = 720, H = 220, L = 40, B = 30, T = 10;
  const n = Math.max(items.length, 1);
  const maxCount = Math.max(1, ...items.map(d => d.count));
  const bw = (W - L - 10) / n;
  chart.appendChild(svg("line", {x1: L, y1: H - B, x2: W - 5, y2: H - B, stroke: "#999"}));
  const y = v => H - B - (v / maxCount) * (H - B - T);
  const yi = v => T + (10 - v) / 20 * (H - B - T);
  const points = [];
  items.forEach((d, i) => {
    const x = L + i * bw;
    const coopH = (H - B) - y(d.cooperation), confH = (H - B) - y(d.conflict);
    const g = svg("g", {class: "bar"});
    const title = svg("title", {});
    title.textContent = d.period + ": " + d.count + " events, " + d.cooperation + " cooperation, " +
      d.conflict + " conflict, mean intensity " + d.mean_intensity;
    g.appendChild(title);
    g.appendChild(svg("rect", {x: x + 1, y: H - B - coopH, width: Math.max(bw / 2 - 1, 1), height: coopH, fill: "#2e8b57"}));
    g.appendChild(svg("rect", {x: x + bw / 2, y: H - B - confH, width: Math.max(bw / 2 - 1, 1), height: confH, fill: "#c0392b"}));
    chart.appendChild(g);
    if (d.mean_intensity !== null) points.push((x + bw / 2) + "," + yi(d.mean_intensity));
    if (n <= 24 || i % Math.ceil(n / 12) === 0) {
      const label = svg("text", {x: x + 2, y: H - 10, "font-size": 9});
      label.textContent = d.period.slice(0, d.period.length >= 10 ? 10 : 7);
      chart.appendChild(label);
    }
  });
  if (points.length > 1) chart.appendChild(svg("polyline", {points: points.join(" "), fill: "none", stroke: "#34495e", "stroke-width": 1.5}));
  const axis = svg("text", {x: 2, y: T + 8, "font-size": 9});
  axis.textContent = String(maxCount);
  chart.appendChild(axis);
}

async function loadDyads() {
  const data = await getJSON("/api/dyads?limit=15");
  const list = document.getElementById("dyads");
  list.replaceChildren();
  for (const d of data.items) {
    const item = el("li", {"data-actor": d.actor, "data-recipient": d.recipient},
      d.actor + " → " + d.recipient + " (" + d.count + ")");
    item.addEventListener("click", () => {
      document.getElementById("filter-actor").value = d.actor;
      document.getElementById("filter-recipient").value = d.recipient;
      refresh();
    });
    list.appendChild(item);
  }
}

// Split the article text into segments at every highlight boundary and wrap each highlighted
// segment in <mark class="..."> elements; the text itself always goes in as a text node.
function highlighted(text, marks) {
  const cuts = new Set([0, text.length]);
  for (const m of marks) { cuts.add(Math.max(0, m.start)); cuts.add(Math.min(text.length, m.end)); }
  const points = [...cuts].sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  for (let i = 0; i < points.length - 1; i++) {
    const s = points[i], e = points[i + 1];
    if (e <= s) continue;
    const covering = marks.filter(m => m.start <= s && m.end >= e);
    let node = document.createTextNode(text.slice(s, e));
    // shortest span innermost, so a trigger's colour shows inside its sentence's
    for (const m of covering.sort((a, b) => (a.end - a.start) - (b.end - b.start))) {
      const wrap = el("mark", {class: m.kind, title: m.kind});
      wrap.appendChild(node);
      node = wrap;
    }
    frag.appendChild(node);
  }
  return frag;
}

async function openEvent(id) {
  const data = await getJSON("/api/events/" + encodeURIComponent(id));
  const ev = data.event, art = data.article || {};
  const view = document.getElementById("event-view");
  view.hidden = false;
  document.getElementById("event-title").textContent =
    ev.event_type + (ev.mode ? ":" + ev.mode : "") + " — " + codes(ev.actor) + " → " + (codes(ev.recipient) || "(none)");
  const facts = document.getElementById("event-facts");
  facts.replaceChildren();
  const add = (k, v) => { facts.appendChild(el("dt", {}, k)); facts.appendChild(el("dd", {}, v || "—")); };
  add("status", ev.status + " (factuality " + ev.factuality + ")");
  add("date", ev.date ? (ev.date.value + " [" + (ev.date.earliest || "…") + " – " + (ev.date.latest || "…") + "] " + (ev.date.precision || "")) : "");
  add("place", ev.location ? [ev.location.name, ev.location.country].filter(Boolean).join(", ") : "");
  add("sources", (ev.attribution || []).map(a => a.source.text + (a.cue ? " (" + a.cue.text + ")" : "")).join(" ← "));
  add("CAMEO", ev.cameo || "");
  add("coder", ev.coder.name + " " + ev.coder.version + ", confidence " + ev.confidence);
  if (data.merged && data.merged.corroboration) {
    const c = data.merged.corroboration;
    add("reports", c.n_articles + " article(s) from " + c.n_publishers + " publisher(s): " + (c.publishers || []).join(", "));
  }
  document.getElementById("article-title").textContent = art.title || "(untitled article)";
  document.getElementById("article-meta").textContent =
    [art.source, art.published, art.url].filter(Boolean).join(" · ");
  const marks = [];
  const push = (span, kind) => { if (span && span[0] >= 0 && span[1] > span[0]) marks.push({start: span[0], end: span[1], kind}); };
  for (const m of ev.mentions) { push(m.sentence.span, "sentence"); push(m.trigger.span, "trigger"); }
  for (const a of ev.actor || []) push(a.span, "actor");
  for (const r of ev.recipient || []) push(r.span, "recipient");
  if (ev.date) push(ev.date.span, "date");
  if (ev.location) push(ev.location.span, "location");
  for (const a of ev.attribution || []) { push(a.source.span, "source"); if (a.cue) push(a.cue.span, "cue"); }
  const body = document.getElementById("article-text");
  body.replaceChildren(highlighted(art.text || "", marks));
  view.scrollIntoView();
}

function refresh() {
  offset = 0;
  return Promise.all([loadEvents(), loadSeries()]).catch(err => {
    document.getElementById("events-count").textContent = "error: " + err.message;
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const typeSel = document.getElementById("filter-type");
  for (const t of TYPES) typeSel.appendChild(el("option", {value: t}, t));
  const statusSel = document.getElementById("filter-status");
  for (const s of STATUSES) statusSel.appendChild(el("option", {value: s}, s));
  document.getElementById("filters").addEventListener("submit", e => { e.preventDefault(); refresh(); });
  document.getElementById("prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); loadEvents(); });
  document.getElementById("next").addEventListener("click", () => { offset += PAGE; loadEvents(); });
  document.getElementById("close-event").addEventListener("click", () => { document.getElementById("event-view").hidden = true; });
  loadDyads();
  refresh();
});
