// The map page: asks the API for the events in the current view, time window and filters (never
// for everything), clusters them, and opens an event's evidence on click.
"use strict";

(() => {
  const { el, safeUrl, fetchJson, marked } = sitrepUI;
  const TYPE_COLOURS = {
    "Battles": "#d7301f",
    "Explosions/Remote violence": "#fd8d3c",
    "Violence against civilians": "#7b3294",
    "Protests": "#2c7fb8",
    "Riots": "#e7298a",
    "Strategic developments": "#31a354",
  };
  const OTHER_COLOUR = "#636363";
  const CONTESTED = new Set(["disputed", "denied"]);
  // what markers and tooltips need; the rest comes with the popup
  const MAP_FIELDS = "event_date,event_type,sub_event_type,location,country,fatalities,claim_status";
  const FIELD_LABELS = { trigger: "trigger", actor1: "actor 1", actor2: "actor 2", location: "place", event_date: "date" };
  const TIME_PRECISION = { 1: "day", 2: "week or a few days", 3: "month or vaguer" };
  const GEO_PRECISION = { 1: "town", 2: "near or part of a district", 3: "region or province" };
  const DAY_MS = 86400000;

  const $ = (id) => document.getElementById(id);
  const slider = { from: $("t-from"), to: $("t-to") };
  const filters = { type: $("f-type"), actor: $("f-actor"), country: $("f-country"), claim_status: $("f-claim") };
  const state = { firstDay: 0, days: 0, limit: 5000, features: [], markers: new Map(), loads: 0, pending: null, timer: null, playing: null };

  // markercluster needs a maxZoom, which without a tile layer only the map can give
  const map = L.map("map", { minZoom: 2, maxZoom: 16, worldCopyJump: true });
  map.attributionControl.addAttribution("Natural Earth");
  map.createPane("countries").style.zIndex = 250; // above tiles, below events
  // events at one spot (a town's centroid) never separate by zooming: a click fans them out
  const cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    spiderfyOnMaxZoom: true,
    maxClusterRadius: 40,
    chunkedLoading: true,
    iconCreateFunction: clusterIcon,
  }).addTo(map);

  // a neutral disc, so clusters never read as an event type, ringed in its commonest type's colour
  function clusterIcon(group) {
    const n = group.getChildCount();
    const types = {};
    for (const marker of group.getAllChildMarkers()) types[marker.eventType] = (types[marker.eventType] || 0) + 1;
    const [common] = Object.entries(types).reduce((a, b) => (b[1] > a[1] ? b : a));
    const size = Math.round(24 + 6 * Math.log10(n));
    return L.divIcon({
      html: el("div", { style: `border-color:${TYPE_COLOURS[common] || OTHER_COLOUR}` }, n < 10000 ? n : `${Math.round(n / 1000)}k`),
      className: "marker-cluster sitrep-cluster",
      iconSize: L.point(size, size),
    });
  }

  const isoDay = (day) => new Date((state.firstDay + day) * DAY_MS).toISOString().slice(0, 10);
  const dayOf = (iso) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);

  function setStatus(text, isError = false) {
    $("status").textContent = text;
    $("status").classList.toggle("error", isError);
  }

  // --- base map ------------------------------------------------------------------------------

  async function addBaseLayers(tileUrl) {
    if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 18 }).addTo(map);
    const topology = await fetchJson("/static/vendor/world-atlas/countries-50m.json");
    const world = topojson.feature(topology, topology.objects.countries);
    world.features.forEach((country) => unwrapAntimeridian(country.geometry));
    const countries = L.geoJSON(world, {
      pane: "countries",
      interactive: false,
      style: { color: "#8c8c8c", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: tileUrl ? 0 : 1 },
    }).addTo(map);
    if (!tileUrl) addCountryLabels(countries); // tiles carry their own names
  }

  // a ring that crosses the antimeridian (Fiji, Chukotka) would be drawn as a band across the
  // world: its western points move east of 180 instead; a ring round the pole spans it for real
  function unwrapAntimeridian(geometry) {
    const rings = geometry?.type === "Polygon" ? geometry.coordinates
      : geometry?.type === "MultiPolygon" ? geometry.coordinates.flat() : [];
    for (const ring of rings) {
      const lons = ring.map(([lon]) => lon);
      const polar = ring.some(([, lat]) => lat < -85);
      if (!polar && Math.max(...lons) - Math.min(...lons) > 180) {
        for (const point of ring) if (point[0] < 0) point[0] += 360;
      }
    }
  }

  // each country's name at the middle of its largest part, shown once the part is wide enough
  function addCountryLabels(countries) {
    map.createPane("labels").style.zIndex = 260;
    const labels = [];
    countries.eachLayer((layer) => {
      const name = layer.feature.properties.name;
      if (!name) return;
      const rings = layer.getLatLngs();
      const parts = L.LineUtil.isFlat(rings[0]) ? [rings] : rings; // a polygon, or a multipolygon's polygons
      const spans = parts.map((part) => L.latLngBounds(part[0]));
      const size = (b) => (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
      const bounds = spans.reduce((a, b) => (size(a) >= size(b) ? a : b));
      const label = L.marker(bounds.getCenter(), {
        pane: "labels",
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: "country-label", html: el("span", {}, name), iconSize: null }),
      }).addTo(map);
      labels.push({ label, bounds, width: 7 * name.length });
    });
    const fit = () => {
      for (const { label, bounds, width } of labels) {
        const west = map.latLngToLayerPoint(bounds.getSouthWest());
        const east = map.latLngToLayerPoint(bounds.getNorthEast());
        label.getElement().style.display = east.x - west.x > width ? "" : "none";
      }
    };
    map.on("zoomend", fit);
    fit();
  }

  function addLegend() {
    const legend = L.control({ position: "bottomright" });
    legend.onAdd = () => el("div", { class: "legend" },
      Object.entries(TYPE_COLOURS).map(([type, colour]) =>
        el("div", {}, el("i", { class: "swatch", style: `background:${colour}` }), type)),
      el("div", {}, el("i", { class: "swatch contested" }), "disputed or denied claim"),
      el("div", { class: "hint" }, "size: fatalities"));
    legend.addTo(map);
  }

  // --- events --------------------------------------------------------------------------------

  // the view as west,south,east,north within the API's limits; a view wider than the world or
  // across the antimeridian asks for every longitude rather than for an invalid box
  function viewBox() {
    const b = map.getBounds();
    const lat = (v) => Math.min(90, Math.max(-90, v)).toFixed(4);
    let west = L.Util.wrapNum(b.getWest(), [-180, 180], true);
    let east = L.Util.wrapNum(b.getEast(), [-180, 180], true);
    if (b.getEast() - b.getWest() >= 360 || west > east) [west, east] = [-180, 180];
    return [west.toFixed(4), lat(b.getSouth()), east.toFixed(4), lat(b.getNorth())];
  }

  function query() {
    const q = new URLSearchParams();
    if (state.days >= 0) {
      q.set("since", isoDay(+slider.from.value));
      q.set("until", isoDay(+slider.to.value));
    }
    for (const [name, input] of Object.entries(filters)) {
      const value = input.value.trim();
      if (value) q.set(name, value);
    }
    q.set("bbox", viewBox().join(","));
    return q;
  }

  function scheduleRefresh(delay = 200) {
    clearTimeout(state.timer);
    state.timer = setTimeout(refresh, delay);
  }

  async function refresh() {
    const q = query();
    for (const [id, format] of [["export-csv", "csv"], ["export-geojson", "geojson"]]) {
      const exportQuery = new URLSearchParams(q);
      exportQuery.set("format", format);
      exportQuery.set("limit", state.limit);
      $(id).href = `/api/events?${exportQuery}`;
    }
    q.set("format", "geojson");
    q.set("limit", state.limit);
    q.set("fields", MAP_FIELDS);
    state.pending?.abort(); // a newer view supersedes the one still loading
    const pending = (state.pending = new AbortController());
    setStatus("loading…");
    let data;
    try {
      data = await fetchJson(`/api/events?${q}`, { signal: pending.signal });
    } catch (error) {
      if (error.name !== "AbortError") setStatus(`could not load events: ${error.message}`, true);
      return;
    }
    // markers still in view stay as they are, so an open popup survives panning and nothing
    // flickers; the cluster group folds fanned-out markers back on any change, even an empty one
    const incoming = new Map(data.features.filter((f) => f.geometry).map((f) => [f.id, f]));
    const gone = [...state.markers.keys()].filter((id) => !incoming.has(id));
    if (gone.length) cluster.removeLayers(gone.map((id) => state.markers.get(id)));
    gone.forEach((id) => state.markers.delete(id));
    const added = [...incoming.values()].filter((f) => !state.markers.has(f.id)).map(eventMarker);
    added.forEach((marker) => state.markers.set(marker.eventId, marker));
    if (added.length) cluster.addLayers(added);
    state.features = [...incoming.values()];
    state.loads += 1;
    const shown = data.features.length;
    setStatus(shown < data.total
      ? `${shown} of ${data.total} in view (the earliest): zoom in or narrow the dates`
      : `${data.total} event${data.total === 1 ? "" : "s"} in view`);
  }

  function eventMarker(feature) {
    const p = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    const colour = TYPE_COLOURS[p.event_type] || OTHER_COLOUR;
    const contested = CONTESTED.has(p.claim_status);
    const marker = L.circleMarker([lat, lon], {
      radius: Math.min(22, 5 + 2.5 * Math.sqrt(p.fatalities || 0)),
      color: contested ? "#222" : colour,
      weight: contested ? 2 : 1.2,
      dashArray: contested ? "3 3" : null,
      fillColor: colour,
      fillOpacity: contested ? 0.3 : 0.8,
      className: `sitrep-event claim-${p.claim_status}`,
    });
    marker.eventId = feature.id;
    marker.eventType = p.event_type;
    marker.bindTooltip(el("span", {}, `${p.event_date || "undated"} · ${p.event_type} · ${p.location || p.country || ""}`));
    marker.bindPopup(el("div", { class: "popup" }, "loading…"), { maxWidth: 420, minWidth: 300, maxHeight: 440, autoPanPadding: [20, 20] });
    marker.on("popupopen", () => showEvent(marker));
    return marker;
  }

  async function showEvent(marker) {
    try {
      const event = await fetchJson(`/api/events/${encodeURIComponent(marker.eventId)}`);
      marker.setPopupContent(eventCard(event));
    } catch (error) {
      marker.setPopupContent(el("div", { class: "popup error" }, `could not load the event: ${error.message}`));
    }
  }

  function row(label, ...value) {
    return value.some((v) => v !== null && v !== undefined && v !== "") ? el("tr", {}, el("th", {}, label), el("td", {}, ...value)) : null;
  }

  function precision(code, names) {
    return code ? el("span", { class: "precision", title: names[code] || "" }, ` (precision ${code}: ${names[code] || "?"})`) : null;
  }

  function eventCard(e) {
    const colour = TYPE_COLOURS[e.event_type] || OTHER_COLOUR;
    const actors = (name, assoc) => (assoc ? `${name} with ${assoc}` : name);
    const sentences = e.evidence_sentences.map((s) => el("blockquote", { class: "evidence" },
      marked(s.text, s.highlights.map((h) => ({
        start: h.start, end: h.end, className: `hl hl-${h.field}`, title: FIELD_LABELS[h.field] || h.field,
      })))));
    const sources = e.documents.map((d) => el("li", {},
      safeUrl(d.url) ? el("a", { href: safeUrl(d.url), target: "_blank", rel: "noopener noreferrer" }, d.title || d.url) : d.title || d.id,
      d.source ? ` · ${d.source}` : "",
      d.published ? ` · ${d.published}` : "",
      " · ", el("a", { href: `/static/document.html?id=${encodeURIComponent(d.id)}`, target: "_blank" }, "marked-up text")));
    return el("div", { class: `popup claim-${e.claim_status}` },
      el("div", { class: "popup-head" },
        el("span", { class: "type", style: `border-color:${colour}` }, e.event_type),
        el("span", { class: `badge badge-${e.claim_status}`, title: "claim status" }, e.claim_status)),
      el("div", { class: "subtype" }, e.sub_event_type),
      el("table", {},
        row("Date", e.event_date || "unknown", precision(e.time_precision, TIME_PRECISION)),
        row("Place", [e.location, e.admin1, e.country].filter(Boolean).join(", "), precision(e.geo_precision, GEO_PRECISION)),
        row("Actor 1", actors(e.actor1, e.assoc_actor_1)),
        row("Actor 2", actors(e.actor2, e.assoc_actor_2)),
        row("Fatalities", e.fatalities),
        row("Event id", e.event_id)),
      e.notes ? el("p", { class: "notes" }, e.notes) : null,
      sentences.length ? el("h4", {}, "Evidence") : null,
      sentences,
      sentences.length ? el("div", { class: "hl-key" },
        Object.entries(FIELD_LABELS).map(([field, label]) => el("mark", { class: `hl hl-${field}` }, label))) : null,
      sources.length ? el("h4", {}, "Sources") : null,
      sources.length ? el("ul", { class: "sources" }, sources) : null);
  }

  // --- timeline ------------------------------------------------------------------------------

  function setupTimeline(stats) {
    if (!stats.first_date) {
      state.days = -1; // no dated events: the time window filters nothing
      for (const input of [slider.from, slider.to, $("play")]) input.disabled = true;
      $("t-label").textContent = "no dated events";
      return;
    }
    state.firstDay = dayOf(stats.first_date);
    state.days = dayOf(stats.last_date) - state.firstDay;
    for (const input of [slider.from, slider.to]) input.max = state.days;
    slider.from.value = 0;
    slider.to.value = state.days;
    $("play").disabled = state.days === 0;
    const counts = Object.entries(stats.by_month);
    const most = Math.max(1, ...counts.map(([, n]) => n));
    const span = state.days + 1;
    $("histogram").replaceChildren(...counts.map(([month, n]) => {
      const start = Math.max(0, dayOf(`${month}-01`) - state.firstDay);
      const next = new Date(Date.parse(`${month}-01T00:00:00Z`));
      next.setUTCMonth(next.getUTCMonth() + 1);
      const end = Math.min(span, Math.round(next.getTime() / DAY_MS) - state.firstDay);
      return el("div", {
        class: "bar",
        title: `${month}: ${n} events`,
        style: `left:${(100 * start) / span}%;width:${(100 * Math.max(end - start, 1)) / span}%;height:${Math.max(8, (100 * n) / most)}%`,
      });
    }));
    showWindow();
  }

  function showWindow() {
    if (state.days < 0) return;
    const span = state.days || 1;
    $("window").style.left = `${(100 * slider.from.value) / span}%`;
    $("window").style.width = `${(100 * (slider.to.value - slider.from.value)) / span}%`;
    $("t-label").textContent = `${isoDay(+slider.from.value)} – ${isoDay(+slider.to.value)}`;
  }

  function onTimeChange() {
    showWindow();
    scheduleRefresh(100);
  }

  slider.from.addEventListener("input", () => {
    if (+slider.from.value > +slider.to.value) slider.from.value = slider.to.value;
    onTimeChange();
  });
  slider.to.addEventListener("input", () => {
    if (+slider.to.value < +slider.from.value) slider.to.value = slider.from.value;
    onTimeChange();
  });

  function stopPlaying() {
    clearInterval(state.playing);
    state.playing = null;
    $("play").innerHTML = "&#9654;";
    $("play").setAttribute("aria-pressed", "false");
  }

  // moves the window forward step by step, keeping its width, until it reaches the last day
  function startPlaying() {
    let width = +slider.to.value - +slider.from.value;
    if (width >= state.days) width = Math.max(1, Math.round(state.days / 10)); // the whole range cannot move
    if (width >= state.days || +slider.to.value >= state.days) {
      slider.from.value = 0;
      slider.to.value = width;
    }
    const step = Math.max(1, Math.round(state.days / 40));
    state.playing = setInterval(() => {
      const to = Math.min(state.days, +slider.to.value + step);
      slider.to.value = to;
      slider.from.value = to - width;
      onTimeChange();
      if (to >= state.days) stopPlaying();
    }, 800);
    onTimeChange();
    $("play").innerHTML = "&#10074;&#10074;";
    $("play").setAttribute("aria-pressed", "true");
  }

  $("play").addEventListener("click", () => (state.playing ? stopPlaying() : startPlaying()));

  // --- start ---------------------------------------------------------------------------------

  function fillOptions(select, counts) {
    const names = Object.keys(counts).filter(Boolean).sort();
    select.append(...names.map((name) => el("option", { value: name }, `${name} (${counts[name]})`)));
  }

  async function start() {
    addLegend();
    const [config, stats] = await Promise.all([fetchJson("/api/config"), fetchJson("/api/stats")]);
    state.limit = config.max_limit;
    fillOptions(filters.type, stats.by_type);
    fillOptions(filters.country, stats.by_country);
    setupTimeline(stats);
    if (stats.bbox) {
      const [west, south, east, north] = stats.bbox;
      // capped: around a few close events the region should stay in view
      map.fitBounds([[south, west], [north, east]], { padding: [40, 40], maxZoom: 7 });
    } else {
      map.setView([30, 20], 3);
    }
    await addBaseLayers(config.tile_url);
    for (const input of Object.values(filters)) input.addEventListener("input", () => scheduleRefresh(300));
    $("filters").addEventListener("submit", (event) => event.preventDefault());
    map.on("moveend", () => scheduleRefresh());
    await refresh();
  }

  // read-only handles for the browser tests and for poking at the page from the console
  window.sitrep = {
    map,
    cluster,
    loads: () => state.loads, // completed refreshes, to wait on
    shownEvents: () => state.features.map((f) => ({ ...f.properties, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] })),
  };

  start().catch((error) => setStatus(`could not start: ${error.message || error}`, true));
})();
