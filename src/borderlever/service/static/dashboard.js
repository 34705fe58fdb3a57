// borderlever dashboard: talks to the service's /api only; every asset is served by the service.
"use strict";

const state = { ports: [], picked: new Set(), basemap: null, runId: null };
const token = (() => {
  const m = location.hash.match(/token=([^&]+)/);
  if (m) sessionStorage.setItem("borderlever-token", decodeURIComponent(m[1]));
  return sessionStorage.getItem("borderlever-token");
})();

async function api(path, options = {}) {
  const headers = Object.assign({ "content-type": "application/json" }, options.headers || {});
  if (token) headers.authorization = "Bearer " + token;
  const res = await fetch("/api" + path, Object.assign({}, options, { headers }));
  const isJson = (res.headers.get("content-type") || "").includes("json");
  const body = isJson ? await res.json() : await res.text();
  if (!res.ok) {
    const detail = isJson ? body.detail : body;
    throw new Error(typeof detail === "string" ? detail : JSON.stringify(detail, null, 1));
  }
  return body;
}

function withToken(path) {
  return token ? path + (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token) : path;
}

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

// ---- ports: map and list ------------------------------------------------------------------
function outlineTraces() {
  const styles = { states: ["#c8c8c8", 0.6], coastlines: ["#7a9cc6", 0.9], countries: ["#555", 1.2] };
  return Object.entries(styles).map(([name, [color, width]]) => {
    const lon = [], lat = [];
    for (const line of state.basemap[name]) {
      for (let i = 0; i < line.length; i += 2) { lon.push(line[i]); lat.push(line[i + 1]); }
      lon.push(null); lat.push(null);
    }
    return { type: "scattergeo", mode: "lines", lon, lat, line: { color, width },
             hoverinfo: "skip", showlegend: false };
  });
}

function drawMap() {
  const ports = state.ports;
  const picked = ports.map((p) => state.picked.has(p.port_code));
  const trace = {
    type: "scattergeo", mode: "markers+text", name: "port (click to pick)",
    lon: ports.map((p) => p.lon), lat: ports.map((p) => p.lat),
    text: ports.map((p, i) => (picked[i] ? p.port_name : "")), textposition: "top center",
    hovertext: ports.map((p) => `${p.port_name} (${p.port_code}), ${p.state}`), hoverinfo: "text",
    customdata: ports.map((p) => p.port_code),
    marker: { size: picked.map((x) => (x ? 13 : 8)), color: picked.map((x) => (x ? "#d62728" : "#1f77b4")),
              line: { color: "#333", width: 0.5 } },
  };
  const lats = ports.map((p) => p.lat), lons = ports.map((p) => p.lon);
  const layout = {
    margin: { l: 0, r: 0, t: 0, b: 0 }, showlegend: true, legend: { orientation: "h", y: 0 },
    geo: { projection: { type: "equirectangular" }, showland: false, showcoastlines: false,
           showcountries: false, showlakes: false, showframe: true, bgcolor: "#f7fbff",
           lataxis: { range: [Math.min(...lats) - 2, Math.max(...lats) + 2] },
           lonaxis: { range: [Math.min(...lons) - 3, Math.max(...lons) + 3] } },
  };
  Plotly.react("port-map", [...outlineTraces(), trace], layout, { displaylogo: false, responsive: true });
}

function drawList() {
  const list = document.getElementById("port-list");
  list.textContent = "";
  for (const p of state.ports) {
    const label = el("label");
    const box = el("input", { type: "checkbox", value: p.port_code, "data-testid": `port-option-${p.port_code}` });
    box.checked = state.picked.has(p.port_code);
    box.addEventListener("change", () => toggle(p.port_code, box.checked));
    label.append(box, ` ${p.port_name} (${p.port_code})`);
    list.append(label, el("br"));
  }
}

function toggle(code, on) {
  if (on === undefined) on = !state.picked.has(code);
  if (on) state.picked.add(code); else state.picked.delete(code);
  const names = state.ports.filter((p) => state.picked.has(p.port_code)).map((p) => p.port_name);
  document.getElementById("picked").textContent = names.length ? "picked: " + names.join(", ") : "no port picked";
  drawMap();
  drawList();
}

async function loadPorts() {
  const border = document.getElementById("border").value;
  state.ports = await api(`/ports?border=${border}`);
  state.picked.clear();
  toggle("", false);
}

// ---- lever form ---------------------------------------------------------------------------
function showOptions() {
  const kind = document.getElementById("kind").value;
  for (const node of document.querySelectorAll("label.opt")) node.hidden = !node.classList.contains(kind);
}

function scenarioFromForm(form) {
  const f = Object.fromEntries(new FormData(form).entries());
  const num = (k) => Number(f[k]);
  const params = {
    closure: {},
    lane_cut: { lanes_removed_share: num("lanes") / 100 },
    hours_cut: { open_hours: [num("open_from"), num("open_to")] },
    enhanced_inspection: { extra_inspection_min: num("extra_min"), share_inspected: num("share") / 100,
                           stations: num("stations") },
    tariff: {},
  }[f.kind];
  const codes = [...state.picked].sort();
  const policy = f.kind === "tariff"
    ? { kind: "tariff", partner: f.partner, schedule: [{ start_day: 0, rate_pct: num("rate") }] }
    : { kind: f.kind, classes: [f.classes], window: { start_day: 0, end_day: num("days") },
        parameters: params };
  return {
    name: `dashboard-${f.kind.replace("_", "-")}`,
    description: `Built in the dashboard: ${f.kind} of ${f.classes} at ${codes.join(", ")} for ${f.days} days.`,
    start: f.start, horizon_days: num("horizon"),
    ports: { codes },
    policies: [policy],
  };
}

async function submit(event) {
  event.preventDefault();
  const form = event.target;
  const f = Object.fromEntries(new FormData(form).entries());
  const message = document.getElementById("message");
  message.textContent = "";
  if (!f.library && state.picked.size === 0) { message.textContent = "Pick at least one port."; return; }
  const body = { scenario: f.library || scenarioFromForm(form), replications: Number(f.replications),
                 seed: Number(f.seed) };
  const button = document.getElementById("run-button");
  button.disabled = true;
  try {
    const accepted = await api("/runs", { method: "POST", body: JSON.stringify(body) });
    state.runId = accepted.id;
    await follow(accepted.id);
  } catch (err) {
    message.textContent = err.message;
  } finally {
    button.disabled = false;
  }
}

async function follow(id) {
  const box = document.getElementById("progress");
  const bar = document.getElementById("progress-bar");
  const text = document.getElementById("progress-text");
  box.hidden = false;
  box.dataset.status = "queued";
  for (;;) {
    const st = await api(`/runs/${id}`);
    const p = st.progress || {};
    bar.value = p.fraction || 0;
    const step = p.step === "simulate" ? `simulating: ${p.done}/${p.total} replications` : (p.step || st.status);
    text.textContent = `${st.status} · ${step} · ${Math.round(100 * (p.fraction || 0))} %`;
    box.dataset.status = st.status;
    if (st.status === "done") return showResult(id);
    if (st.status === "failed") throw new Error(st.error);
    await new Promise((r) => setTimeout(r, 400));
  }
}

// ---- result ---------------------------------------------------------------------------------
function fmtInterval(fig, scale = 1, digits = 3) {
  if (!fig || fig.mean === null || fig.mean === undefined) return "n/a";
  const f = (x) => Number((x * scale).toPrecision(digits)).toLocaleString();
  return fig.ci_low === null || fig.ci_low === undefined ? f(fig.mean) : `${f(fig.mean)} [${f(fig.ci_low)}, ${f(fig.ci_high)}]`;
}

async function showResult(id) {
  const [head, summary] = await Promise.all([api(`/runs/${id}/headline`), api(`/runs/${id}/summary`)]);
  await loadRuns();  // the compare lists know this run before the headline says it is done
  document.getElementById("result").hidden = false;
  const headline = document.getElementById("headline");
  headline.textContent = head.sentence;
  headline.dataset.runId = id;
  document.getElementById("interval-note").textContent = head.interval_note;
  const cards = document.getElementById("cards");
  cards.textContent = "";
  for (const k of head.key_figures) {
    const card = el("div", { class: "card" });
    card.append(el("span", {}, k.label), el("b", {}, k.value), el("small", {}, k.what));
    cards.append(card);
  }
  drawCharts(summary);
  document.getElementById("dl-json").href = withToken(`/api/runs/${id}/summary`);
  document.getElementById("dl-csv").href = withToken(`/api/runs/${id}/frames/daily?format=csv`);
  document.getElementById("dl-report").href = withToken(`/api/runs/${id}/report`);
}

function drawCharts(summary) {
  const econ = summary.economics;
  if (econ) {
    const countries = Object.keys(econ.cost_usd).sort();
    const mean = countries.map((c) => econ.cost_usd[c].mean);
    Plotly.react("chart-cost", [{
      type: "bar", x: countries, y: mean,
      error_y: { type: "data", symmetric: false,
                 array: countries.map((c, i) => (econ.cost_usd[c].ci_high ?? mean[i]) - mean[i]),
                 arrayminus: countries.map((c, i) => mean[i] - (econ.cost_usd[c].ci_low ?? mean[i])) },
    }], { title: "Cost by country [USD]", height: 320, margin: { t: 40 } }, { displaylogo: false });
  }
  const codes = Object.keys(summary.ports);
  const names = Object.fromEntries(state.ports.map((p) => [p.port_code, p.port_name]));
  Plotly.react("chart-ports", [{
    type: "bar", x: codes.map((c) => names[c] || c), y: codes.map((c) => summary.ports[c].throughput_ratio.mean),
  }], { title: "Trucks served / normal in the policy window", height: 320, margin: { t: 40 },
        yaxis: { tickformat: ".0%" } }, { displaylogo: false });
}

function fmtNum(v) {
  const a = Math.abs(v);
  if (v === 0) return "0";
  if (a >= 1000) return Math.round(v).toLocaleString();
  if (a >= 0.01) return String(Number(v.toPrecision(4)));
  return v.toExponential(2);
}

// ---- compare ------------------------------------------------------------------------------
async function loadRuns() {
  const runs = (await api("/runs")).filter((r) => r.status === "done");
  for (const [id, pick] of [["compare-a", runs.length - 2], ["compare-b", runs.length - 1]]) {
    const sel = document.getElementById(id);
    sel.textContent = "";
    runs.forEach((r, i) => {
      const opt = el("option", { value: r.id }, `${r.scenario} · ${r.created_utc} · ${r.id.slice(0, 8)}`);
      if (i === pick) opt.selected = true;
      sel.append(opt);
    });
  }
}

async function compareRuns() {
  const a = document.getElementById("compare-a").value;
  const b = document.getElementById("compare-b").value;
  const box = document.getElementById("compare");
  box.textContent = "";
  try {
    const [doc, ha, hb] = await Promise.all([api(`/compare?a=${a}&b=${b}`), api(`/runs/${a}/headline`), api(`/runs/${b}/headline`)]);
    for (const [label, h] of [["A", ha], ["B", hb]]) {
      const col = el("div", { "data-side": label });
      col.append(el("h3", {}, `${label}: ${h.sentence}`));
      for (const k of h.key_figures) col.append(el("p", {}, `${k.label}: ${k.value}`));
      box.append(col);
    }
    const table = el("table");
    const head = el("tr");
    for (const t of ["figure (mean)", "A", "B", "B − A"]) head.append(el("th", {}, t));
    table.append(head);
    const wanted = doc.outputs.filter((o) => !o.figure.startsWith("ports.") && o.delta !== 0);
    for (const o of wanted) {
      const row = el("tr");
      for (const v of [o.figure, o.a, o.b, o.delta]) {
        row.append(el("td", {}, typeof v === "number" ? fmtNum(v) : String(v ?? "—")));
      }
      table.append(row);
    }
    box.append(table);
  } catch (err) {
    box.textContent = err.message;
  }
}

// ---- start --------------------------------------------------------------------------------
async function start() {
  state.basemap = await (await fetch("/static/basemap.json")).json();
  await loadPorts();
  document.getElementById("port-map").on("plotly_click", (ev) => {
    const code = ev.points[0].customdata;
    if (code) toggle(code);
  });
  const lib = document.getElementById("library");
  for (const s of await api("/scenarios")) lib.append(el("option", { value: s.name }, s.name));
  document.getElementById("border").addEventListener("change", loadPorts);
  document.getElementById("kind").addEventListener("change", showOptions);
  document.getElementById("lever-form").addEventListener("submit", submit);
  document.getElementById("compare-button").addEventListener("click", compareRuns);
  showOptions();
  await loadRuns();
  document.body.dataset.ready = "true";
}

start().catch((err) => { document.getElementById("message").textContent = err.message; });
