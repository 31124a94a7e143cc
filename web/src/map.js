// The map: a Leaflet map with no tile layer (no internet), country borders from the
// bundled world-atlas TopoJSON, and the server's clusters of incidents on top.

import L from 'leaflet';
import { feature } from 'topojson-client';
import { getJSON, latest, h } from './api.js';
import { EVENT_TYPES, OTHER_COLOUR, parentType, typeColour, typeOrder } from './colors.js';

const MIDDLE_EAST = L.latLngBounds([12, 25], [42, 63]);
const ZOOM_FOR_AREA = 10; // from here on a cluster click filters the table instead of zooming

export function createMap(el, { onSelect, onAreaFilter }) {
  const map = L.map(el, {
    minZoom: 2,
    maxZoom: 14,
    worldCopyJump: false,
    maxBounds: [[-85, -400], [85, 400]],
    zoomControl: true,
    attributionControl: true,
  });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Borders: Natural Earth via world-atlas');
  L.control.scale({ position: 'bottomleft' }).addTo(map); // no towns drawn: a sense of distance
  map.fitBounds(MIDDLE_EAST);

  // The borders sit in their own pane under the markers and never take clicks.
  map.createPane('basemap');
  map.getPane('basemap').style.zIndex = 200;
  map.getPane('basemap').style.pointerEvents = 'none';
  loadBasemap(map);

  // Markers use the SVG renderer so each gets its className (tests and CSS use it).
  const markers = L.layerGroup().addTo(map);
  const selection = L.layerGroup().addTo(map);
  const byId = new Map();
  let selectedId = null;
  const legend = addLegend(map);

  const fetchClusters = latest();
  let filters = {};
  let fitPending = true;
  let moveTimer = null;

  async function refresh() {
    const params = { ...filters, zoom: Math.round(map.getZoom()) };
    // The first answer decides the view, so it must see everything, not just the
    // Middle East we start on.
    if (!fitPending) params.bbox = viewBbox(map);
    let data;
    try {
      data = await fetchClusters('/api/map', params);
    } catch (err) {
      return; // superseded (aborted) or shown in the error banner already
    }
    draw(data.clusters || []);
    if (fitPending) {
      fitPending = false;
      const extent = clustersExtent(data.clusters || []);
      const before = map.getBounds().toBBoxString() + map.getZoom();
      // Keep the clusters clear of the legend in the bottom-right corner.
      const legendBox = legend.getContainer();
      const fit = { paddingTopLeft: [30, 30], paddingBottomRight: [30 + (legendBox?.offsetWidth || 0), 30], maxZoom: 8 };
      if (extent) map.fitBounds(extent, fit);
      else map.fitBounds(MIDDLE_EAST);
      // fitBounds to the same view fires no moveend: fetch for the view ourselves.
      if (map.getBounds().toBBoxString() + map.getZoom() === before) refresh();
    }
  }

  map.on('moveend', () => {
    if (fitPending) return;
    clearTimeout(moveTimer);
    moveTimer = setTimeout(refresh, 120);
  });

  function draw(clusters) {
    markers.clearLayers();
    byId.clear();
    // Big clusters first so small ones (drawn later) stay clickable on top.
    legend.show(clusters.flatMap((c) => Object.keys(c.types || {}).concat(c.event_type || [])));
    const ordered = [...clusters].sort((a, b) => (b.count || 0) - (a.count || 0));
    for (const c of ordered) {
      if (!Number.isFinite(c.latitude) || !Number.isFinite(c.longitude)) continue;
      if (c.id) drawIncident(c);
      else drawCluster(c);
    }
  }

  function drawIncident(c) {
    const fatalities = Math.max(0, Number(c.fatalities) || 0);
    const colour = typeColour(c.event_type);
    const marker = L.circleMarker([c.latitude, c.longitude], {
      className: 'incident-marker' + (c.id === selectedId ? ' selected' : ''),
      radius: 6 + 3 * Math.sqrt(fatalities),
      fillColor: colour,
      fillOpacity: 0.8,
      color: '#333',
      weight: 1,
    });
    // Tooltip content is a DOM node built from text: event types come from the API.
    const day = datesText(c.dates);
    marker.bindTooltip(h('div', { className: 'map-tip' },
      h('strong', {}, c.event_type || 'Incident'),
      day ? [h('br'), h('span', { className: 'tip-dates' }, day)] : null,
      h('br'),
      fatalities ? `${fatalities} killed` : 'no reported deaths'), { direction: 'top', offset: [0, -4] });
    marker.on('click', () => onSelect(c.id));
    marker.addTo(markers);
    const path = marker.getElement();
    if (path) path.setAttribute('data-id', c.id);
    byId.set(c.id, marker);
  }

  function drawCluster(c) {
    const count = Math.max(1, Number(c.count) || 1);
    const size = Math.round(24 + 9 * Math.log10(count));
    const dominant = c.event_type || dominantType(c.types);
    const label = h('span', { className: 'cluster-count' }, String(count));
    label.style.backgroundColor = typeColour(dominant);
    label.style.width = label.style.height = label.style.lineHeight = `${size}px`;
    const marker = L.marker([c.latitude, c.longitude], {
      icon: L.divIcon({ className: 'cluster-marker', html: label, iconSize: [size, size] }),
      keyboard: true,
      title: `${count} incidents${datesText(c.dates) ? ` · ${datesText(c.dates)}` : ''}`,
    });
    marker.bindTooltip(clusterTip(c, count), { direction: 'top', offset: [0, -size / 2] });
    marker.on('click', () => clusterClicked(c));
    marker.addTo(markers);
  }

  // A cluster zooms the map to its incidents; once they are one point or we are close
  // in, zooming further does not separate them, so filter the table to them instead.
  function clusterClicked(c) {
    const [south, west, north, east] = c.bounds || [c.latitude, c.longitude, c.latitude, c.longitude];
    const point = south === north && west === east;
    if (point || map.getZoom() >= ZOOM_FOR_AREA) {
      const pad = 1e-4; // the bbox filter is inclusive, but floats are floats
      onAreaFilter([west - pad, south - pad, east + pad, north + pad]);
      return;
    }
    const bounds = L.latLngBounds([south, west], [north, east]);
    const target = map.getBoundsZoom(bounds, false, L.point(40, 40));
    if (target > map.getZoom()) map.fitBounds(bounds, { padding: [40, 40], maxZoom: map.getMaxZoom() });
    else map.setView(bounds.getCenter(), Math.min(map.getZoom() + 2, map.getMaxZoom()));
  }

  return {
    leaflet: map,
    // New filters: refetch the clusters for the current view. `fit` re-frames the map to
    // the filtered incidents (first load).
    setFilters(next, { fit = false } = {}) {
      filters = next;
      if (fit) fitPending = true;
      refresh();
    },
    // Mark the selected incident: its marker's class, and a ring at its place (it may be
    // inside a cluster at this zoom).
    select(incident) {
      if (selectedId && byId.has(selectedId)) byId.get(selectedId).getElement()?.classList.remove('selected');
      selectedId = incident ? incident.id : null;
      selection.clearLayers();
      if (!incident) return;
      byId.get(selectedId)?.getElement()?.classList.add('selected');
      if (Number.isFinite(incident.latitude) && Number.isFinite(incident.longitude)) {
        const at = L.latLng(incident.latitude, incident.longitude);
        L.circleMarker(at, { radius: 16, className: 'selection-ring', interactive: false, fill: false, color: '#111', weight: 2, dashArray: '4 3' }).addTo(selection);
        if (!map.getBounds().contains(at)) map.panTo(at);
      }
    },
    invalidateSize: () => map.invalidateSize(),
  };
}

// The view as west,south,east,north, clamped to the valid range the API accepts.
function viewBbox(map) {
  const b = map.getBounds();
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  let west = b.getWest();
  let east = b.getEast();
  if (east - west >= 360) { west = -180; east = 180; }
  const r = (v) => Number(v.toFixed(4));
  return [r(clamp(west, -180, 180)), r(clamp(b.getSouth(), -90, 90)), r(clamp(east, -180, 180)), r(clamp(b.getNorth(), -90, 90))].join(',');
}

function clustersExtent(clusters) {
  let bounds = null;
  for (const c of clusters) {
    const [s, w, n, e] = c.bounds || [c.latitude, c.longitude, c.latitude, c.longitude];
    if (![s, w, n, e].every(Number.isFinite)) continue;
    const b = L.latLngBounds([s, w], [n, e]);
    bounds = bounds ? bounds.extend(b) : b;
  }
  if (!bounds) return null;
  // One lone point would zoom in to the street: give it some room.
  if (bounds.getNorth() - bounds.getSouth() < 0.5 && bounds.getEast() - bounds.getWest() < 0.5) bounds = bounds.pad(4);
  return bounds;
}

function dominantType(types) {
  let best = null;
  for (const [type, n] of Object.entries(types || {})) if (!best || n > best[1]) best = [type, n];
  return best ? best[0] : null;
}

// A cluster's first and last day ([first, last] from the API, or null): "first – last",
// or the one day when they are the same.
function datesText(dates) {
  if (!Array.isArray(dates)) return '';
  const [first, last] = dates.map((d) => (d == null ? '' : String(d)));
  if (first && last && first !== last) return `${first} – ${last}`;
  return first || last || '';
}

function clusterTip(c, count) {
  const days = datesText(c.dates);
  const tip = h('div', { className: 'map-tip' }, h('strong', {}, `${count} incidents`),
    days ? h('span', { className: 'tip-dates' }, ` · ${days}`) : null);
  if (c.fatalities) tip.append(h('br'), `${c.fatalities} killed`);
  const types = Object.entries(c.types || {}).sort((a, b) => typeOrder(a[0], b[0]));
  for (const [type, n] of types) {
    const swatch = h('span', { className: 'swatch' });
    swatch.style.backgroundColor = typeColour(type);
    tip.append(h('br'), swatch, `${type}: ${n}`);
  }
  tip.append(h('br'), h('em', {}, 'click to zoom in'));
  return tip;
}

// The legend names only the types on the map now, so it stays small and hides little.
function addLegend(map) {
  let box = null;
  const Legend = L.Control.extend({
    options: { position: 'bottomright' },
    onAdd() {
      box = h('div', { className: 'map-legend' });
      L.DomEvent.disableClickPropagation(box);
      return box;
    },
  });
  const legend = new Legend().addTo(map);
  legend.show = (types) => {
    const OTHER = 'Other types'; // not 'Other': that is an ACLED sub-event type
    const shown = new Set(types.map((t) => parentType(t) || OTHER));
    const names = [...EVENT_TYPES, OTHER].filter((name) => shown.has(name));
    box.replaceChildren(...names.map((name) => {
      const swatch = h('span', { className: 'swatch' });
      swatch.style.backgroundColor = name === OTHER ? OTHER_COLOUR : typeColour(name);
      return h('div', {}, swatch, name);
    }), h('div', { className: 'hint' }, names.length ? 'circle size: fatalities · squares: clusters' : 'no incidents in view'));
  };
  return legend;
}

// Country borders from the bundled TopoJSON, drawn on a canvas (one element for ~240
// countries instead of hundreds of SVG paths).
async function loadBasemap(map) {
  let topo;
  try {
    topo = await getJSON('/static/countries-50m.json');
  } catch (err) {
    console.warn('basemap', err);
    return;
  }
  const countries = feature(topo, topo.objects.countries);
  countries.features = countries.features
    .filter((f) => f.geometry && f.properties.name !== 'Antarctica')
    .map(unwrapAntimeridian);
  L.geoJSON(countries, {
    pane: 'basemap',
    renderer: L.canvas({ pane: 'basemap', padding: 0.5 }),
    interactive: false,
    style: { color: '#9a9a9a', weight: 0.7, fillColor: '#f6f4ee', fillOpacity: 1 },
  }).addTo(map);
}

// world-atlas is spherical: a ring crossing the 180th meridian (Russia, Fiji) jumps from
// +180 to -180, which a flat map draws as a stripe across the world. Make each ring's
// longitudes continuous, and draw a ring that then spills past ±180 a second time,
// shifted by 360°, so both edges of the map show it.
function unwrapAntimeridian(f) {
  const g = f.geometry;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null;
  if (!polygons) return f;
  const out = [];
  for (const polygon of polygons) {
    let spill = 0;
    const rings = polygon.map((ring) => {
      let offset = 0;
      return ring.map(([lon, lat], i) => {
        if (i > 0) {
          const d = lon - ring[i - 1][0];
          if (d > 180) offset -= 360;
          else if (d < -180) offset += 360;
        }
        const x = lon + offset;
        if (x > 180) spill = -360;
        else if (x < -180) spill = 360;
        return [x, lat];
      });
    });
    out.push(rings);
    if (spill) out.push(rings.map((ring) => ring.map(([x, y]) => [x + spill, y])));
  }
  return { ...f, geometry: { type: 'MultiPolygon', coordinates: out } };
}
