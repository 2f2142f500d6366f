// accord dashboard: draws the page's plots from its JSON block and wires the clicks.
// Every string from the store is data: it goes into the DOM with textContent or
// createElement, and into Plotly labels through plotText(), never through innerHTML.
"use strict";

(function () {
  const COLORS = { cooperation: "#2e8b57", conflict: "#c0392b", other: "#7f8c8d" };
  const TYPE_COLORS = {
    AGREE: "#1b7837", CONSULT: "#5aae61", SUPPORT: "#a6dba0", CONCEDE: "#4393c3", COOPERATE: "#2166ac",
    AID: "#92c5de", RETREAT: "#80cdc1", REQUEST: "#c2a5cf", ACCUSE: "#fdb863", REJECT: "#e08214",
    THREATEN: "#f46d43", PROTEST: "#fee08b", SANCTION: "#b35806", MOBILIZE: "#d73027", COERCE: "#a50026",
    ASSAULT: "#67001f",
  };
  const PLOT_CONFIG = { displaylogo: false, responsive: true };

  function readJson(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  // Plotly reads a small HTML subset in labels; escaping the three markup characters
  // makes it show any tag in a name as text.
  function plotText(value) {
    return String(value == null ? "" : value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text != null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  // The filters every page shares, as the page's URL has them (links keep them).
  const SHARED = ["actor", "target", "involving", "type", "issue", "country", "outlet", "place", "since", "until", "text"];

  // The Events page for the current filters with `changes` applied (null drops a filter).
  function eventsUrl(changes) {
    const current = new URLSearchParams(window.location.search);
    const query = new URLSearchParams();
    SHARED.forEach(function (key) { if (current.get(key)) query.set(key, current.get(key)); });
    Object.keys(changes).forEach(function (key) {
      if (changes[key] == null || changes[key] === "") query.delete(key); else query.set(key, changes[key]);
    });
    return "/events?" + query.toString();
  }

  function isoDay(date) { return date.toISOString().slice(0, 10); }

  // The first day of the period after the one starting on `day` (YYYY-MM-DD).
  function nextPeriod(day, bucket) {
    const d = new Date(day + "T00:00:00Z");
    if (bucket === "day") d.setUTCDate(d.getUTCDate() + 1);
    else if (bucket === "week") d.setUTCDate(d.getUTCDate() + 7);
    else if (bucket === "month") d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCFullYear(d.getUTCFullYear() + 1);
    return isoDay(d);
  }

  // A click on a period: the events of that period, inside the dates already chosen.
  function periodChanges(start, bucket) {
    const current = new URLSearchParams(window.location.search);
    const end = new Date(nextPeriod(start, bucket) + "T00:00:00Z");
    end.setUTCDate(end.getUTCDate() - 1);
    let since = start, until = isoDay(end);
    if (current.get("since") && current.get("since") > since) since = current.get("since");
    if (current.get("until") && current.get("until") < until) until = current.get("until");
    return { since: since, until: until };
  }

  const BUCKET_DAYS = { day: 1, week: 7, month: 30.4, year: 365.25 };

  // A line that breaks where periods are missing: an empty stretch of time shows as one.
  function gapped(periods, values, bucket) {
    const x = [], y = [];
    periods.forEach(function (p, i) {
      if (i && nextPeriod(periods[i - 1], bucket) !== p) { x.push(nextPeriod(periods[i - 1], bucket)); y.push(null); }
      x.push(p); y.push(values[i]);
    });
    return { x: x, y: y };
  }

  function onPlotClick(node, handler) {
    node.on("plotly_click", function (event) {
      const point = event.points && event.points[0];
      if (point) handler(point);
    });
  }

  function drawTimeline(data) {
    if (!data || !data.total) return;
    const bucket = data.bucket;
    const width = BUCKET_DAYS[bucket] * 86400000 * 0.85;
    const dateAxis = { type: "date" };
    const per = " per " + bucket;
    const bars = Object.keys(data.types).map(function (type) {
      return { type: "bar", name: type, x: data.periods, y: data.types[type], width: width,
               marker: { color: TYPE_COLORS[type] }, xperiodalignment: "start" };
    });
    const types = document.getElementById("timeline-types");
    Plotly.newPlot(types, bars, {
      barmode: "stack", title: { text: "Events by PLOVER type" + per }, margin: { t: 40, r: 10, l: 50 },
      xaxis: dateAxis, yaxis: { title: { text: "events" } }, legend: { orientation: "h", y: -0.25 },
    }, PLOT_CONFIG);
    onPlotClick(types, function (point) {
      window.location.href = eventsUrl(Object.assign(periodChanges(String(point.x).slice(0, 10), bucket),
                                                     { type: point.data.name }));
    });
    // The first chart shows at once; the other two are drawn after the browser has painted it.
    window.setTimeout(function () { drawTimelineDetails(data, width, dateAxis, per); }, 0);
  }

  function drawTimelineDetails(data, width, dateAxis, per) {
    const bucket = data.bucket;
    const lines = ["cooperation", "conflict"].map(function (side) {
      const line = gapped(data.periods, data.polarity[side], bucket);
      return { type: "scatter", mode: "lines+markers", name: side, x: line.x, y: line.y,
               line: { color: COLORS[side] }, connectgaps: false };
    });
    const polarity = document.getElementById("timeline-polarity");
    Plotly.newPlot(polarity, lines, {
      title: { text: "Cooperation and conflict" + per }, margin: { t: 40, r: 10, l: 50 }, xaxis: dateAxis,
      legend: { orientation: "h", y: -0.2 },
      yaxis: { title: { text: "events" } },
    }, PLOT_CONFIG);
    const intensity = document.getElementById("timeline-goldstein");
    Plotly.newPlot(intensity, [{
      type: "bar", name: "Goldstein sum", x: data.periods, y: data.goldstein.sum, width: width,
      marker: { color: data.goldstein.sum.map(function (v) { return v < 0 ? COLORS.conflict : COLORS.cooperation; }) },
    }], {
      title: { text: "Goldstein intensity" + per },
      margin: { t: 40, r: 10, l: 50 }, xaxis: dateAxis, yaxis: { title: { text: "Goldstein" } }, showlegend: false,
    }, PLOT_CONFIG);
    [polarity, intensity].forEach(function (node) {
      onPlotClick(node, function (point) {
        window.location.href = eventsUrl(periodChanges(String(point.x).slice(0, 10), bucket));
      });
    });
  }

  function drawOverview(data) {
    const node = document.getElementById("overview-trend");
    if (!data || !node || !data.trend.total) return;
    const trend = data.trend;
    const counts = Object.keys(trend.types).reduce(function (sum, type) {
      return sum.map(function (v, i) { return v + trend.types[type][i]; });
    }, trend.periods.map(function () { return 0; }));
    const mean = gapped(trend.periods, trend.goldstein.mean, "month");
    Plotly.newPlot(node, [
      { type: "bar", name: "events", x: trend.periods, y: counts, marker: { color: "#8395a7" },
        width: BUCKET_DAYS.month * 86400000 * 0.85 },
      { type: "scatter", mode: "lines+markers", name: "mean Goldstein", x: mean.x, y: mean.y, yaxis: "y2",
        line: { color: COLORS.conflict }, connectgaps: false },
    ], {
      margin: { t: 10, r: 50, l: 50 }, xaxis: { type: "date" }, yaxis: { title: { text: "events" } },
      yaxis2: { title: { text: "mean Goldstein" }, overlaying: "y", side: "right", range: [-10, 10],
                tickvals: [-10, -5, 0, 5, 10], showgrid: false, zeroline: true },
      legend: { orientation: "h", y: -0.2 },
    }, PLOT_CONFIG);
    onPlotClick(node, function (point) {
      window.location.href = eventsUrl(periodChanges(String(point.x).slice(0, 10), "month"));
    });
  }

  function drawNetwork(data) {
    if (!data || !data.edges.length) return;
    const at = {};
    data.nodes.forEach(function (n) { at[n.id] = n; });
    const maxN = Math.max.apply(null, data.edges.map(function (e) { return e.n; }));
    const groups = {};
    data.edges.forEach(function (e) {
      const width = 1 + Math.round(5 * Math.log1p(e.n) / Math.log1p(maxN));
      const key = e.polarity + ":" + width;
      const g = groups[key] || (groups[key] = { polarity: e.polarity, width: width, x: [], y: [] });
      g.x.push(at[e.source].x, at[e.target].x, null);
      g.y.push(at[e.source].y, at[e.target].y, null);
    });
    const traces = Object.keys(groups).map(function (key) {
      const g = groups[key];
      return { type: "scatter", mode: "lines", x: g.x, y: g.y, hoverinfo: "skip", showlegend: false,
               line: { color: COLORS[g.polarity], width: g.width }, opacity: 0.55 };
    });
    // Invisible midpoints carry each edge's hover text.
    traces.push({
      type: "scatter", mode: "markers", showlegend: false, marker: { size: 10, opacity: 0 },
      customdata: data.edges.map(function (e) { return { actor: e.source, target: e.target }; }),
      x: data.edges.map(function (e) { return (at[e.source].x + at[e.target].x) / 2; }),
      y: data.edges.map(function (e) { return (at[e.source].y + at[e.target].y) / 2; }),
      hovertext: data.edges.map(function (e) {
        return plotText(at[e.source].label) + " → " + plotText(at[e.target].label) + "<br>" + e.cooperation +
          " cooperation, " + e.conflict + " conflict";
      }), hoverinfo: "text",
    });
    const maxEvents = Math.max.apply(null, data.nodes.map(function (n) { return n.events; }));
    // On a narrow screen only the busiest actors are labelled; the rest keep their hover text.
    const labelled = window.innerWidth < 700 ? 12 : data.nodes.length;
    traces.push({
      type: "scatter", mode: "markers+text", name: "actors", showlegend: false,
      x: data.nodes.map(function (n) { return n.x; }), y: data.nodes.map(function (n) { return n.y; }),
      customdata: data.nodes.map(function (n) { return { involving: n.id }; }),
      text: data.nodes.map(function (n, i) { return i < labelled ? plotText(n.id) : ""; }), textposition: "top center",
      hovertext: data.nodes.map(function (n) {
        return plotText(n.label) + (n.label !== n.id ? " (" + plotText(n.id) + ")" : "") + ": " + n.events + " events";
      }),
      hoverinfo: "text",
      marker: { size: data.nodes.map(function (n) { return 8 + 22 * Math.sqrt(n.events / maxEvents); }),
                color: "#34495e", line: { color: "#fff", width: 1 } },
    });
    // Arrowheads show direction, from the actor who acts to the one acted upon, on the busiest
    // links only: each is a Plotly annotation, and hundreds of them slow the first drawing.
    const arrows = data.edges.slice(0, 120).map(function (e) {
      const from = at[e.source], to = at[e.target];
      return { x: from.x + (to.x - from.x) * 0.85, y: from.y + (to.y - from.y) * 0.85, ax: from.x, ay: from.y,
               xref: "x", yref: "y", axref: "x", ayref: "y", text: "", showarrow: true, arrowhead: 2,
               arrowsize: 1, arrowwidth: 1, arrowcolor: COLORS[e.polarity], opacity: 0.6 };
    });
    const plot = document.getElementById("network-plot");
    Plotly.newPlot(plot, traces, {
      margin: { t: 10, l: 10, r: 10, b: 10 }, hovermode: "closest", annotations: arrows,
      xaxis: { visible: false }, yaxis: { visible: false, scaleanchor: "x" },
    }, PLOT_CONFIG);
    // A node lists the events it takes part in; an edge, those from its source to its target.
    onPlotClick(plot, function (point) {
      const picked = point.customdata;
      if (!picked) return;
      window.location.href = eventsUrl(picked.involving ? { involving: picked.involving, actor: null, target: null }
                                                        : { actor: picked.actor, target: picked.target, involving: null });
    });
  }

  function outlineTrace(outline) {
    const x = [], y = [];
    outline.countries.forEach(function (country) {
      country.rings.forEach(function (ring) {
        for (let i = 0; i < ring.length; i += 2) { x.push(ring[i]); y.push(ring[i + 1]); }
        x.push(null); y.push(null);
      });
    });
    return { type: "scatter", mode: "lines", x: x, y: y, hoverinfo: "skip", showlegend: false,
             line: { color: "#95a5a6", width: 0.7 } };
  }

  function drawMap(data) {
    const node = document.getElementById("map-plot");
    if (!node) return;
    fetch(node.dataset.outline, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (outline) {
      const points = data.points;
      const maxN = Math.max.apply(null, [1].concat(points.map(function (p) { return p.n; })));
      const traces = [outlineTrace(outline), {
        type: "scatter", mode: "markers", name: "events", showlegend: false,
        x: points.map(function (p) { return p.lon; }), y: points.map(function (p) { return p.lat; }),
        customdata: points.map(function (p) { return p.place; }),
        hovertext: points.map(function (p) {
          return plotText(p.place) + (p.country ? " (" + plotText(p.country) + ")" : "") + "<br>" + p.n + " events: " +
            p.cooperation + " cooperation, " + p.conflict + " conflict";
        }), hoverinfo: "text",
        marker: {
          size: points.map(function (p) { return 6 + 24 * Math.sqrt(p.n / maxN); }),
          color: points.map(function (p) { return p.conflict / Math.max(1, p.cooperation + p.conflict); }),
          colorscale: [[0, COLORS.cooperation], [1, COLORS.conflict]], cmin: 0, cmax: 1,
          colorbar: window.innerWidth < 700
            ? { title: { text: "conflict share" }, orientation: "h", y: -0.05, yanchor: "top", thickness: 10, len: 0.9 }
            : { title: { text: "conflict share" } },
          opacity: 0.8, line: { color: "#fff", width: 0.5 },
        },
      }];
      // A phone shows the region the events are in, not a world too small to read.
      const narrow = window.innerWidth < 700;
      const lons = points.map(function (p) { return p.lon; }), lats = points.map(function (p) { return p.lat; });
      const xRange = narrow ? [Math.max(-180, Math.min.apply(null, lons) - 25), Math.min(180, Math.max.apply(null, lons) + 25)]
                            : [-180, 180];
      const yRange = narrow ? [Math.max(-60, Math.min.apply(null, lats) - 20), Math.min(85, Math.max.apply(null, lats) + 20)]
                            : [-60, 85];
      Plotly.newPlot(node, traces, {
        margin: { t: 10, l: 10, r: 10, b: 10 }, hovermode: "closest",
        xaxis: { range: xRange, visible: false }, yaxis: { range: yRange, visible: false, scaleanchor: "x" },
      }, PLOT_CONFIG);
      onPlotClick(node, function (point) {
        if (point.customdata) window.location.href = eventsUrl({ place: point.customdata });
      });
    }).catch(function (error) { console.error("map: " + error); });
  }

  function showEvidence(button) {
    const holder = button.dataset.holder, issue = button.dataset.issue;
    const box = document.getElementById("evidence");
    const list = document.getElementById("evidence-list");
    document.getElementById("evidence-title").textContent = holder + " on " + issue;
    list.replaceChildren(el("li", "loading…"));
    box.hidden = false;
    const query = new URLSearchParams({ holder: holder, issue: issue });
    const dates = {};
    if (box.dataset.since) { query.set("since", box.dataset.since); dates.since = box.dataset.since; }
    if (box.dataset.until) { query.set("until", box.dataset.until); dates.until = box.dataset.until; }
    document.getElementById("evidence-events").href = "/events?" +
      new URLSearchParams(Object.assign({ involving: holder, issue: issue }, dates)).toString();
    fetch("/api/stances/evidence?" + query.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (payload) {
        list.replaceChildren();
        payload.evidence.forEach(function (item) {
          const li = el("li", null, "evidence-item");
          const head = el("p");
          head.appendChild(el("span", item.stance, "cell " + item.stance));
          head.appendChild(document.createTextNode(" " + (item.date || "undated") + " · " + (item.outlet || "unknown outlet") + " · "));
          const link = el("a", item.title || item.article_id);
          link.href = "/articles/" + encodeURIComponent(item.sha256) +
            (item.events.length ? "?event=" + item.events[0].event_id + "#focus" : "");
          head.appendChild(link);
          if (item.conditions && item.conditions.length) head.appendChild(el("span", " if " + item.conditions.join("; ")));
          li.appendChild(head);
          const events = el("ul");
          item.events.forEach(function (e) {
            const row = el("li");
            row.appendChild(el("span", e.type, "type"));
            row.appendChild(document.createTextNode(" “" + e.trigger_text + "”: "));
            row.appendChild(el("q", e.evidence));
            if (e.speaker_name) row.appendChild(el("span", " according to " + e.speaker_name));
            events.appendChild(row);
          });
          li.appendChild(events);
          list.appendChild(li);
        });
        box.scrollIntoView({ block: "nearest" });
      });
  }

  function drawStances(data) {
    document.querySelectorAll("#stance-matrix button.cell").forEach(function (button) {
      button.addEventListener("click", function () { showEvidence(button); });
    });
    const lines = data && data.series ? data.series.lines : [];
    if (!lines.length || !document.getElementById("stance-series")) return;
    const traces = lines.map(function (line) {
      return { type: "scatter", mode: "lines+markers", name: plotText(line.holder), x: line.periods, y: line.net,
               hovertext: line.counts.map(function (c) {
                 return plotText(line.holder) + ": " + (c.support || 0) + " support, " + (c.oppose || 0) +
                   " oppose, " + (c.conditional || 0) + " conditional";
               }), hoverinfo: "text" };
    });
    Plotly.newPlot("stance-series", traces, {
      margin: { t: 10, r: 10 }, xaxis: { type: "category", categoryorder: "category ascending" },
      yaxis: { range: [-1.1, 1.1], title: { text: "net stance" }, zeroline: true },
    }, PLOT_CONFIG);
  }

  const DETAIL_FIELDS = ["type", "mode", "cameo", "polarity", "source", "target", "issue", "modality", "date",
    "location", "speaker", "cue", "via", "direct", "source_kind", "name", "code", "sector", "anonymous",
    "confidence", "rule", "id"];

  function showDetails(keys, details) {
    const panel = document.getElementById("details");
    panel.replaceChildren();
    keys.forEach(function (key) {
      const d = details[key];
      if (!d) return;
      const card = el("section", null, "detail " + d.kind);
      card.appendChild(el("h3", d.kind));
      const dl = el("dl");
      DETAIL_FIELDS.forEach(function (field) {
        const value = d[field];
        if (value == null || value === "" || (Array.isArray(value) && !value.length)) return;
        dl.appendChild(el("dt", field === "via" ? "via (outermost first)" : field));
        dl.appendChild(el("dd", Array.isArray(value) ? value.join(" → ") : value));
      });
      card.appendChild(dl);
      panel.appendChild(card);
    });
  }

  function wireArticle() {
    const details = readJson("highlight-data") || {};
    document.querySelectorAll("#article-text .hl").forEach(function (span) {
      const open = function () {
        document.querySelectorAll("#article-text .hl.selected").forEach(function (s) { s.classList.remove("selected"); });
        span.classList.add("selected");
        showDetails(span.dataset.refs.split(" "), details);
      };
      span.addEventListener("click", open);
      span.addEventListener("keydown", function (event) { if (event.key === "Enter") open(); });
    });
    // Opened on one event (?event=N#focus): its evidence is marked; show its codes and centre it.
    const focus = document.getElementById("details").dataset.focus;
    if (focus) {
      const trigger = Array.prototype.find.call(document.querySelectorAll("#article-text .hl"), function (span) {
        return span.dataset.refs.split(" ").indexOf(focus) >= 0;
      });
      if (trigger) { trigger.classList.add("selected"); showDetails(trigger.dataset.refs.split(" "), details); }
      const anchor = document.getElementById("focus");
      if (anchor) anchor.scrollIntoView({ block: "center" });
    }
  }

  // On a phone the filter form folds away unless a filter is set, so the chart is in view.
  const filterBox = document.getElementById("filter-box");
  if (filterBox && window.innerWidth < 700 && !filterBox.dataset.active) filterBox.open = false;

  const data = readJson("page-data");
  const page = document.body.dataset.page;
  if (page === "overview") drawOverview(data);
  else if (page === "timeline") drawTimeline(data);
  else if (page === "network") drawNetwork(data);
  else if (page === "map") drawMap(data);
  else if (page === "stances") drawStances(data);
  else if (page === "article") wireArticle();
})();
