// Dyad dashboard: plain script, no build step. It reads only the public API with the same filter
// parameters a client would send, so the page and the API cannot disagree. The filter lives in
// the page's query string, so a view can be shared by its URL.
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const TYPE_COLOURS = ["#1b9e77", "#66c2a5", "#2c7fb8", "#41b6c4", "#7fcdbb", "#238443", "#a1d99b",
  "#9e9ac8", "#fdae6b", "#fd8d3c", "#e6550d", "#d94801", "#a63603", "#b2182b", "#d6604d", "#67001f"];
const QUAD_COLOURS = { 1: "#66c2a5", 2: "#238443", 3: "#fd8d3c", 4: "#b2182b" };
const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const FILTER_KEYS = ["date_from", "date_to", "type", "actor", "country", "q", "place_source"];
const VIEW_KEYS = ["interval", "colour", "sort"];

const $ = (sel) => document.querySelector(sel);
const form = $("#filters");
const state = { sort: "-date", next: null, generation: 0 };
const typeColour = (t) => TYPE_COLOURS[TYPES.indexOf(t)] || "#888";

function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// ---- filter <-> URL --------------------------------------------------------------------------
function readForm() {
  const out = {};
  for (const key of FILTER_KEYS) {
    const field = form.elements[key];
    const value = field.multiple
      ? [...field.selectedOptions].map((o) => o.value).join(",")
      : field.value.trim();
    if (value) out[key] = value;
  }
  return out;
}

function writeForm(params) {
  for (const key of [...FILTER_KEYS, "interval", "colour"]) {
    const field = form.elements[key];
    const value = params.get(key) || "";
    if (field.multiple) {
      const chosen = value.split(",");
      for (const o of field.options) o.selected = chosen.includes(o.value);
    } else if (value || field.tagName !== "SELECT") {
      field.value = value;
    }
  }
  state.sort = params.get("sort") || "-date";
}

function filterQuery(extra = {}) {
  return new URLSearchParams({ ...readForm(), ...extra }).toString();
}

function saveUrl() {
  const params = new URLSearchParams(readForm());
  if (form.elements.interval.value !== "month") params.set("interval", form.elements.interval.value);
  if (form.elements.colour.value !== "type") params.set("colour", form.elements.colour.value);
  if (state.sort !== "-date") params.set("sort", state.sort);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

// ---- API access: a problem document is thrown with its param ---------------------------------
class Problem extends Error {
  constructor(body) {
    super(body.detail || body.title || "request failed");
    this.param = body.param;
  }
}

async function api(path) {
  const resp = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await resp.json().catch(() => ({}));
  if (!resp.ok) throw new Problem({ title: `HTTP ${resp.status}`, ...body });
  return body;
}

function showProblem(problem) {
  const slot = problem.param && form.querySelector(`.err[data-for="${problem.param}"]`);
  if (slot) {
    slot.textContent = problem.message;
    form.elements[problem.param]?.classList.add("invalid");
  }
  setStatus(slot ? `Fix the filter: ${problem.message}` : problem.message, "error");
}

function clearProblems() {
  for (const slot of form.querySelectorAll(".err")) slot.textContent = "";
  for (const el of form.querySelectorAll(".invalid")) el.classList.remove("invalid");
}

function setStatus(text, kind = "") {
  const el = $("#status");
  el.textContent = text;
  el.className = kind;
}

// ---- map -------------------------------------------------------------------------------------
const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([25, 20], 2);
map.attributionControl.setPrefix("Leaflet");
map.attributionControl.addAttribution("Natural Earth (public domain)");
const points = L.markerClusterGroup({
  disableClusteringAtZoom: 7,
  iconCreateFunction: (cluster) => {
    const n = cluster.getAllChildMarkers().reduce((sum, m) => sum + m.options.count, 0);
    const size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    return L.divIcon({ html: `<div><span>${n}</span></div>`, className: `marker-cluster marker-cluster-${size}`, iconSize: [40, 40] });
  },
}).addTo(map);
window.dyadMap = map;

fetch("/ui/basemap.json").then((r) => r.json()).then((world) => {
  const countries = topojson.feature(world, world.objects.countries);
  // Antarctica's ring runs along the antimeridian and draws a stray line across the south.
  countries.features = countries.features.filter((c) => c.properties.name !== "Antarctica");
  // Rings that cross the antimeridian (Fiji, Chukotka) would draw a line across the world:
  // their western part is moved east of 180° so each ring stays in one piece.
  for (const c of countries.features) {
    const polys = c.geometry.type === "Polygon" ? [c.geometry.coordinates] : c.geometry.coordinates;
    for (const ring of polys.flat()) {
      const lons = ring.map((p) => p[0]);
      if (Math.max(...lons) - Math.min(...lons) > 180) for (const p of ring) if (p[0] < 0) p[0] += 360;
    }
  }
  L.geoJSON(countries, { style: { color: "#8c8c8c", weight: 0.6, fillColor: "#f2efe6", fillOpacity: 1 }, interactive: false })
    .addTo(map).bringToBack();
});

function pointColour(p) {
  return form.elements.colour.value === "quad" ? QUAD_COLOURS[p.top_quad] : typeColour(p.top_type);
}

function drawMap(items) {
  points.clearLayers();
  const markers = items.map((p) => {
    const marker = L.circleMarker([p.place.lat, p.place.lon], {
      radius: 4 + Math.min(14, Math.sqrt(p.count) * 2), color: "#333", weight: 1,
      fillColor: pointColour(p), fillOpacity: 0.85, count: p.count, className: "pt",
    });
    marker.bindPopup(`<strong>${esc(p.place.name)}</strong> · loading…`, { maxWidth: 420, minWidth: 280, maxHeight: 300 });
    marker.on("popupopen", () => placePopup(p, marker));
    return marker;
  });
  points.addLayers(markers);
  const total = items.reduce((sum, p) => sum + p.count, 0);
  $("#map-count").textContent = `${total} located events in ${items.length} places`;
  $("#map").dataset.total = total;
  const colours = form.elements.colour.value === "quad"
    ? Object.entries(QUAD_NAMES).map(([q, name]) => [name, QUAD_COLOURS[q]])
    : [...new Set(items.map((p) => p.top_type))].map((t) => [t, typeColour(t)]);
  $("#legend").innerHTML = colours.map(([n, c]) => `<span class="swatch" style="background:${c}"></span>${esc(n)}`).join("");
}

// The latest events at the place, filled in once loaded (setPopupContent re-measures the popup).
function placePopup(p, marker) {
  const head = `<div class="popup"><strong>${esc(p.place.name)}</strong> · ${p.count} events`;
  api(`/events?${filterQuery({ place: p.place.id, limit: 3 })}`)
    .then((page) => Promise.all(page.items.map(eventHtml)))
    .then((parts) => marker.setPopupContent(`${head}<div class="evs">${parts.join("")}</div></div>`))
    .catch((err) => marker.setPopupContent(`${head}<div class="evs">${esc(err.message)}</div></div>`));
}

// The sentence with the trigger and the participants' stored mention spans highlighted.
const articleCache = new Map();
function article(id) {
  if (!articleCache.has(id)) articleCache.set(id, api(`/articles/${id}`));
  return articleCache.get(id);
}

async function eventHtml(e) {
  const doc = await article(e.article_id);
  const ids = new Set(e.participants.map((p) => p.actor.id));
  const spans = doc.mentions
    .filter((m) => m.actor_id && ids.has(m.actor_id) && m.span.start >= e.span.start && m.span.end <= e.span.end)
    .map((m) => [m.span.start, m.span.end, "actor"]);
  spans.push([e.trigger_span.start, e.trigger_span.end, "trigger"]);
  const who = (role) => e.participants.filter((p) => p.role === role).map((p) => esc(p.actor.name)).join(", ") || "?";
  return `<div class="ev" data-event="${e.id}"><div class="meta">${esc(e.type)} · ${who("source")} → ${who("target")} · ${esc(e.date)} (${esc(e.date_precision)} precision)</div>
    <div class="sentence">${highlight(doc.text, e.span.start, e.span.end, spans)}</div>
    <a href="#" data-article="${e.article_id}">read the article</a>${doc.url ? ` · <a href="${esc(doc.url)}" rel="noreferrer">source</a>` : ""}</div>`;
}

// Text between [from, to) with every [start, end, class] span marked; overlaps nest by splitting
// the text at every boundary and marking each piece with the innermost covering span.
function highlight(text, from, to, spans) {
  const inside = spans.filter(([s, e]) => e > from && s < to && e > s);
  const cuts = new Set([from, to]);
  for (const [s, e] of inside) { cuts.add(Math.max(s, from)); cuts.add(Math.min(e, to)); }
  const sorted = [...cuts].sort((a, b) => a - b);
  let html = "";
  for (let i = 0; i < sorted.length - 1; i++) {
    const [a, b] = [sorted[i], sorted[i + 1]];
    const covering = inside.filter(([s, e]) => s <= a && e >= b).sort((x, y) => (x[1] - x[0]) - (y[1] - y[0]));
    const piece = esc(text.slice(a, b));
    html += covering.length ? `<mark class="${covering[0][2]}">${piece}</mark>` : piece;
  }
  return html;
}

// ---- timeline (stacked bars by type) ---------------------------------------------------------
function drawTimeline(body) {
  const buckets = body.buckets;
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  $("#timeline-count").textContent = `${total} events, per ${body.interval}`;
  $("#timeline").dataset.total = total;
  if (!buckets.length) { $("#timeline").innerHTML = `<p class="empty-note">No events in this range.</p>`; return; }
  const W = 1000, H = 180, pad = 22;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const bw = (W - pad) / buckets.length;
  let svg = "";
  buckets.forEach((b, i) => {
    let y = H - pad;
    for (const t of TYPES) {
      const n = (b.by || {})[t];
      if (!n) continue;
      const h = (n / max) * (H - pad - 6);
      y -= h;
      svg += `<rect x="${(pad + i * bw).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0.5, bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${typeColour(t)}"><title>${b.period} ${t}: ${n}</title></rect>`;
    }
  });
  const step = Math.max(1, Math.ceil(buckets.length / 8));
  buckets.forEach((b, i) => {
    if (i % step === 0) svg += `<text x="${pad + i * bw}" y="${H - 6}" font-size="11" fill="#555">${b.period}</text>`;
  });
  svg += `<text x="0" y="12" font-size="11" fill="#555">${max}</text><line x1="${pad}" x2="${W}" y1="${H - pad}" y2="${H - pad}" stroke="#999"/>`;
  const used = TYPES.filter((t) => buckets.some((b) => (b.by || {})[t]));
  $("#timeline").innerHTML = `<svg viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" height="${H}">${svg}</svg>
    <div class="legend">${used.map((t) => `<span class="swatch" style="background:${typeColour(t)}"></span>${t}`).join("")}</div>`;
}

// ---- top actors, dyads, network --------------------------------------------------------------
function drawBars(el, rows) {
  const max = Math.max(1, ...rows.map((r) => r.n));
  el.innerHTML = rows.length
    ? rows.map((r) => `<li data-actor="${esc(r.pick)}">${r.label}<span class="bar" style="width:${(100 * r.n / max).toFixed(0)}px"></span> ${r.n}</li>`).join("")
    : `<li class="empty-note">No events.</li>`;
}

function goldsteinColour(g) {
  if (g === null || g === undefined) return "#999";
  const t = Math.max(-1, Math.min(1, g / 10));
  return t < 0 ? `rgb(${200},${Math.round(200 + 55 * t)},${Math.round(200 + 150 * t)})`
    : `rgb(${Math.round(200 - 150 * t)},${Math.round(200 - 40 * t)},${Math.round(200 - 120 * t)})`;
}

function drawNetwork(body) {
  const el = $("#network");
  if (!body.nodes.length) { el.innerHTML = `<p class="empty-note">No source → target pairs.</p>`; return; }
  const W = 1000, H = 420, cx = W / 2, cy = H / 2, R = Math.min(cx, cy) - 60;
  const pos = new Map(body.nodes.map((n, i) => {
    const a = (2 * Math.PI * i) / body.nodes.length - Math.PI / 2;
    return [n.id, [cx + 1.6 * R * Math.cos(a), cy + R * Math.sin(a)]];
  }));
  const maxE = Math.max(1, ...body.edges.map((e) => e.mainstat));
  const maxN = Math.max(1, ...body.nodes.map((n) => n.mainstat));
  let svg = body.edges.map((e) => {
    const [[x1, y1], [x2, y2]] = [pos.get(e.source), pos.get(e.target)];
    return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${goldsteinColour(e.secondarystat)}" stroke-opacity="0.8" stroke-width="${(1 + 7 * e.mainstat / maxE).toFixed(1)}"><title>${e.mainstat} events, mean Goldstein ${e.secondarystat}</title></line>`;
  }).join("");
  svg += body.nodes.map((n) => {
    const [x, y] = pos.get(n.id);
    const r = 4 + 16 * Math.sqrt(n.mainstat / maxN);
    return `<g><circle cx="${x}" cy="${y}" r="${r.toFixed(1)}" fill="${goldsteinColour(n.secondarystat)}" stroke="#333"><title>${esc(n.title)}: ${n.mainstat} events, mean Goldstein ${n.secondarystat}</title></circle>
      <text x="${x}" y="${y - r - 3}" font-size="12" text-anchor="middle">${esc(n.title)}</text></g>`;
  }).join("");
  el.innerHTML = `<svg viewBox="0 0 ${W} ${H}" height="${H}">${svg}</svg>
    <div class="legend">node size: events · edge width: events between the pair · colour: mean Goldstein (red conflict, green cooperation)</div>`;
}

// ---- events table (cursor paging, server-side sort) ------------------------------------------
async function loadTable(url) {
  const page = await api(url);
  const names = (e, role) => e.participants.filter((p) => p.role === role).map((p) => esc(p.actor.name)).join(", ");
  $("#events tbody").innerHTML = page.items.map((e) => `<tr data-id="${e.id}">
      <td>${esc(e.date)}${e.date_precision !== "day" ? ` <small>(${esc(e.date_precision)})</small>` : ""}</td>
      <td><span class="swatch" style="background:${typeColour(e.type)}"></span>${esc(e.type)}</td>
      <td>${names(e, "source")}</td><td>${names(e, "target")}</td><td>${esc(e.place?.name)}</td>
      <td class="sentence">${highlight(e.sentence, 0, e.sentence.length, [[e.trigger_span.start - e.span.start, e.trigger_span.end - e.span.start, "trigger"]])}
        <a href="#" data-article="${e.article_id}">article</a></td>
      <td>${e.confidence.toFixed(2)}</td></tr>`).join("")
    || `<tr><td colspan="7" class="empty-note">No events match this filter.</td></tr>`;
  if (page.total !== null && page.total !== undefined) {
    $("#table-count").textContent = `${page.total} events`;
    $("#events").dataset.total = page.total;
  }
  state.next = page.next;
  $("#next-page").disabled = !page.next;
  $("#first-page").disabled = !url.includes("cursor=");
  return page;
}

function tableUrl() {
  return `/events?${filterQuery({ sort: state.sort, count: "true", limit: 50 })}`;
}

function markSort() {
  for (const b of document.querySelectorAll("th button")) {
    b.className = state.sort.replace("-", "") === b.dataset.sort ? (state.sort.startsWith("-") ? "desc" : "asc") : "";
  }
}

// ---- article reader --------------------------------------------------------------------------
async function openReader(id) {
  const doc = await article(id);
  const spans = [
    ...doc.mentions.map((m) => [m.span.start, m.span.end, m.place_id ? "place" : "actor"]),
    ...doc.events.map((e) => [e.trigger_span.start, e.trigger_span.end, "event"]),
    ...doc.statements.map((s) => [s.span.start, s.span.end, "statement"]),
  ];
  $("#reader-meta").textContent = `${doc.title || "untitled"} · ${doc.source || ""} · ${doc.published} · ${doc.events.length} events, ${doc.statements.length} statements`;
  $("#reader-text").innerHTML = highlight(doc.text, 0, doc.text.length, spans);
  $("#reader").hidden = false;
  $("#reader").scrollIntoView({ block: "start" });
}

// ---- refresh everything for the current filter -----------------------------------------------
async function refresh() {
  const generation = ++state.generation;
  saveUrl();
  clearProblems();
  markSort();
  setStatus("Loading…");
  const started = performance.now();
  const interval = form.elements.interval.value;
  const f = filterQuery();
  const and = f ? `&${f}` : "";
  try {
    const [mapBody, timeline, actors, dyads, network] = await Promise.all([
      api(`/stats/map?top=2000${and}`),
      api(`/stats/timeline?interval=${interval}&by=type${and}`),
      api(`/stats/actors?top=10${and}`),
      api(`/stats/dyads?top=10${and}`),
      api(`/stats/network?top=25${and}`),
      loadTable(tableUrl()),
    ]);
    if (generation !== state.generation) return;
    drawMap(mapBody.items);
    drawTimeline(timeline);
    drawBars($("#top-actors"), actors.items.map((a) => ({ label: esc(a.actor.name), pick: a.actor.name, n: a.events })));
    drawBars($("#top-dyads"), dyads.items.map((d) => ({ label: `${esc(d.source.name)} → ${esc(d.target.name)}`, pick: d.source.name, n: d.count })));
    drawNetwork(network);
    const total = Number($("#events").dataset.total);
    setStatus(total ? `${total} events match.` : "No events match this filter.", total ? "" : "empty");
    $("#dl-csv").href = `/events?${filterQuery({ format: "csv" })}`;
    $("#dl-geojson").href = `/events?${filterQuery({ format: "geojson" })}`;
    document.body.dataset.renderMs = Math.round(performance.now() - started);
    // Time from navigation start to the first complete drawing (printed by the browser test).
    if (!document.body.dataset.firstRenderMs) document.body.dataset.firstRenderMs = Math.round(performance.now());
    document.body.dataset.ready = String(generation);
  } catch (err) {
    if (generation !== state.generation) return;
    if (!(err instanceof Problem)) throw err;
    for (const id of ["#timeline", "#network"]) $(id).innerHTML = "";
    for (const id of ["#top-actors", "#top-dyads", "#events tbody"]) $(id).innerHTML = "";
    points.clearLayers();
    showProblem(err);
    document.body.dataset.ready = String(generation);
  }
}

// ---- wiring ----------------------------------------------------------------------------------
form.elements.type.innerHTML = TYPES.map((t) => `<option>${t}</option>`).join("");
form.elements.type.size = 4;
writeForm(new URLSearchParams(location.search));

let timer = null;
const later = (fn, ms) => { clearTimeout(timer); timer = setTimeout(fn, ms); };
form.addEventListener("change", (ev) => { if (ev.target.name !== "actor") refresh(); });
form.addEventListener("submit", (ev) => { ev.preventDefault(); refresh(); });
form.addEventListener("reset", () => setTimeout(refresh, 0));
for (const name of ["q", "country"]) form.elements[name].addEventListener("input", () => later(refresh, 400));

// Search-as-you-type over /actors; a full name picked from the list applies the filter.
const actorInput = form.elements.actor;
actorInput.addEventListener("input", () => later(async () => {
  const text = actorInput.value.trim();
  if (text.length < 2) { if (!text) refresh(); return; }
  try {
    const found = await api(`/actors?${new URLSearchParams({ q: text, limit: 10 })}`);
    $("#actor-options").innerHTML = found.items.map((a) => `<option value="${esc(a.name)}">${esc(a.kind)}${a.country ? " · " + esc(a.country) : ""}</option>`).join("");
    if (found.items.some((a) => a.name.toLowerCase() === text.toLowerCase())) refresh();
  } catch (err) { if (err instanceof Problem) showProblem(err); }
}, 250));
actorInput.addEventListener("change", refresh);

document.addEventListener("click", (ev) => {
  const link = ev.target.closest("[data-article]");
  if (link) { ev.preventDefault(); openReader(Number(link.dataset.article)); return; }
  const pick = ev.target.closest("[data-actor]");
  if (pick) { actorInput.value = pick.dataset.actor; refresh(); return; }
  const sorter = ev.target.closest("th button[data-sort]");
  if (sorter) {
    const key = sorter.dataset.sort;
    state.sort = state.sort === `-${key}` ? key : `-${key}`;
    saveUrl(); markSort();
    loadTable(tableUrl()).catch(showProblem);
  }
});
$("#next-page").addEventListener("click", () => state.next && loadTable(new URL(state.next).pathname + new URL(state.next).search).catch(showProblem));
$("#first-page").addEventListener("click", () => loadTable(tableUrl()).catch(showProblem));
$("#reader-close").addEventListener("click", () => { $("#reader").hidden = true; });

refresh();
