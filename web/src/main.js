// The dashboard's state and wiring: the filter form is the source of truth for the
// filters; every change refetches the map, the timeline, the table and the count. The
// state is mirrored in the page's query string so a reload (or a shared link) keeps it.

import { getJSON, latest, isAbort, clearError, h } from './api.js';
import { createMap } from './map.js';
import { createTimeline, spanDays } from './timeline.js';
import { createTable, nextSort, PAGE_SIZE } from './table.js';
import { createDetail } from './detail.js';
import { createLedger } from './ledger.js';
import { createDocumentView } from './document.js';
import { createLive } from './live.js';

const FILTERS = ['since', 'until', 'country', 'type', 'grade', 'actor', 'q'];
const WEEKLY_AFTER_DAYS = 400;

const state = {
  filters: Object.fromEntries(FILTERS.map((k) => [k, ''])),
  area: null, // [west, south, east, north] from a cluster click: narrows the table only
  sort: '-date',
  offset: 0,
  selected: null,
  interval: 'day',
};

function start() {
  const form = document.getElementById('filters');
  const countEl = document.getElementById('count');
  const areaEl = document.getElementById('area-filter');

  document.querySelector('#error .close').addEventListener('click', clearError);

  const map = createMap(document.getElementById('map'), {
    onSelect: select,
    onAreaFilter(bbox) {
      state.area = bbox;
      state.offset = 0;
      showArea();
      refreshTable();
    },
  });
  const timeline = createTimeline(document.getElementById('timeline'), {
    // The brush sets the dates; the timeline itself keeps showing every date.
    onBrush(since, until) {
      form.elements.since.value = since;
      form.elements.until.value = until;
      state.filters.since = since;
      state.filters.until = until;
      state.offset = 0;
      clearError();
      map.setFilters(mapFilters());
      refreshTable();
      saveUrl();
    },
  });
  const table = createTable(document.getElementById('list'), {
    onSelect: select,
    onSort(key) {
      state.sort = nextSort(state.sort, key);
      state.offset = 0;
      refreshTable();
      saveUrl();
    },
    onPage(offset) {
      state.offset = offset;
      refreshTable();
    },
  });
  // The whole report, over the map: its events open their incidents in the detail panel.
  const reader = createDocumentView(document.getElementById('document'), { onSelect: select });
  const detail = createDetail(document.getElementById('detail'), {
    onSelect: select,
    onClose: () => select(null),
    onReadDocument: (docId, how) => reader.open(docId, how),
  });
  const ledger = createLedger(document.getElementById('ledger'), document.getElementById('ledger-table-box'));

  // What linking adds while the page is open: counted in the header, shown on request with
  // the current filters (the facets too, as a new incident may bring a new country or day).
  createLive(document.getElementById('live'), {
    async onShow({ new: added, changed }) {
      table.markFresh([...added, ...changed]);
      refreshLedger();
      const facets = await loadFacets();
      if (facets) timeline.setDomain(facets.dates?.min, facets.dates?.max);
      refreshAll({ timeline: true });
    },
  });

  // A handle for the browser tests and the console (read it, do not drive the page by it).
  window.warlog = { state, map: map.leaflet };

  const fetchTable = latest();
  const fetchStats = latest();

  // ---- the filters

  const mapFilters = () => ({ ...state.filters });

  function readForm() {
    const next = {};
    for (const k of FILTERS) next[k] = (form.elements[k].value || '').trim();
    return next;
  }

  function applyForm() {
    const next = readForm();
    const datesChanged = next.since !== state.filters.since || next.until !== state.filters.until;
    const othersChanged = FILTERS.some((k) => k !== 'since' && k !== 'until' && next[k] !== state.filters[k]);
    if (!datesChanged && !othersChanged) return;
    // A new country is somewhere else: frame the map on it. Other filters keep the view.
    const fit = next.country !== state.filters.country;
    state.filters = next;
    state.offset = 0;
    refreshAll({ timeline: othersChanged, fit });
    if (datesChanged) timeline.setRange(next.since, next.until);
  }

  let typing = null;
  form.addEventListener('input', (e) => {
    if (e.target.name === 'q') {
      // Wait for a pause in typing rather than fetching on every key.
      clearTimeout(typing);
      typing = setTimeout(applyForm, 350);
    }
  });
  form.addEventListener('change', (e) => {
    if (e.target.name === 'q') clearTimeout(typing);
    applyForm();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(typing);
    applyForm();
  });
  document.getElementById('reset').addEventListener('click', () => {
    clearTimeout(typing);
    for (const k of FILTERS) form.elements[k].value = '';
    state.area = null;
    showArea();
    state.filters = readForm();
    state.offset = 0;
    timeline.setRange('', '');
    refreshAll({ timeline: true, fit: true });
  });
  areaEl.querySelector('.clear').addEventListener('click', () => {
    state.area = null;
    state.offset = 0;
    showArea();
    refreshTable();
  });

  function showArea() {
    areaEl.hidden = !state.area;
    if (state.area) {
      const [w, s, e, n] = state.area.map((v) => v.toFixed(3));
      areaEl.querySelector('.text').textContent = `Area ${s}…${n} N, ${w}…${e} E`;
    }
  }

  // ---- fetching

  function refreshAll({ timeline: withTimeline = true, fit = false } = {}) {
    clearError();
    map.setFilters(mapFilters(), { fit });
    refreshTable();
    if (withTimeline) refreshTimeline();
    saveUrl();
  }

  async function refreshTable() {
    const params = { ...state.filters, bbox: state.area ? state.area.map((v) => Number(v.toFixed(5))).join(',') : '' };
    table.setExportFilters(params);
    let data;
    try {
      data = await fetchTable('/api/incidents', { ...params, sort: state.sort, limit: PAGE_SIZE, offset: state.offset });
    } catch (err) {
      if (!isAbort(err)) countEl.textContent = '';
      return;
    }
    const total = data.total ?? 0;
    countEl.textContent = `${total} incident${total === 1 ? '' : 's'}${state.area ? ' in the area' : ''}`;
    table.render(data, state.sort);
    table.select(state.selected);
  }

  async function refreshTimeline() {
    const { since, until, ...rest } = state.filters;
    let stats;
    try {
      stats = await fetchStats('/api/stats', { ...rest, interval: state.interval, by: 'type' });
    } catch (err) {
      return;
    }
    document.getElementById('timeline-interval').textContent = stats.interval || state.interval;
    timeline.setData(stats);
    timeline.setRange(state.filters.since, state.filters.until);
  }

  function refreshLedger() {
    getJSON('/api/tallies').then((t) => ledger.setData(t), () => ledger.setData({ series: [] }));
  }

  // The selects' choices, keeping what each is set to.
  async function loadFacets() {
    let facets = null;
    try {
      facets = await getJSON('/api/facets');
    } catch (err) {
      return null; // without facets the selects stay as they are; the rest still works
    }
    fillFacets(form, facets);
    for (const k of FILTERS) setField(k, state.filters[k]);
    return facets;
  }

  function setField(k, v) {
    const input = form.elements[k];
    if (input.tagName === 'SELECT' && v && ![...input.options].some((o) => o.value === v)) {
      input.append(h('option', { value: v }, v)); // not in the facets: keep it visible
    }
    input.value = v;
  }

  // ---- selection

  async function select(id) {
    state.selected = id || null;
    table.select(state.selected);
    reader.setCurrent(state.selected);
    saveUrl();
    const incident = await detail.show(state.selected);
    if (state.selected === (id || null)) map.select(incident);
  }

  // ---- the query string

  function saveUrl() {
    const qs = new URLSearchParams();
    for (const k of FILTERS) if (state.filters[k]) qs.set(k, state.filters[k]);
    if (state.sort !== '-date') qs.set('sort', state.sort);
    if (state.selected) qs.set('incident', state.selected);
    const s = qs.toString();
    history.replaceState(null, '', s ? `?${s}` : location.pathname);
  }

  function loadUrl() {
    const qs = new URLSearchParams(location.search);
    for (const k of FILTERS) {
      state.filters[k] = qs.get(k) || '';
      setField(k, state.filters[k]);
    }
    if (qs.get('sort')) state.sort = qs.get('sort');
    return qs.get('incident');
  }

  // ---- start

  (async () => {
    refreshLedger();
    const facets = await loadFacets();
    const dates = (facets && facets.dates) || {};
    timeline.setDomain(dates.min, dates.max);
    state.interval = spanDays(dates.min, dates.max) > WEEKLY_AFTER_DAYS ? 'week' : 'day';
    const incident = loadUrl();
    refreshAll({ fit: true });
    timeline.setRange(state.filters.since, state.filters.until);
    if (incident) select(incident);
  })();
}

// Fill the selects from /api/facets, keeping "All" (value "") first.
function fillFacets(form, facets) {
  let names = null;
  try { names = new Intl.DisplayNames(['en'], { type: 'region' }); } catch { /* old browser */ }
  const countryName = (code) => {
    try { return (names && names.of(code)) || code; } catch { return code; }
  };
  const fill = (name, items, label) => {
    const sel = form.elements[name];
    const options = (items || []).map((it) => h('option', { value: it.value }, `${label(it.value)} (${it.count})`));
    sel.replaceChildren(h('option', { value: '' }, 'All'), ...options);
  };
  fill('country', facets.countries, (v) => (countryName(v) === v ? v : `${countryName(v)} · ${v}`));
  fill('type', facets.types, (v) => v);
  // Sub-event types (filterable too) under their own heading after the event types.
  if ((facets.sub_event_types || []).length) {
    form.elements.type.append(h('optgroup', { label: 'Sub-event types' },
      facets.sub_event_types.map((it) => h('option', { value: it.value }, `${it.value} (${it.count})`))));
  }
  fill('grade', facets.grades, (v) => v);
  for (const option of form.elements.grade.options) {
    const note = (facets.grade_notes || {})[option.value];
    if (note) option.title = note;
  }
  fill('actor', facets.actors, (v) => v);
  const d = facets.dates || {};
  for (const k of ['since', 'until']) {
    if (d.min) form.elements[k].min = d.min;
    if (d.max) form.elements[k].max = d.max;
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
