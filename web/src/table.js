// The incidents table: one page of /api/incidents, sortable by date, fatalities and
// sources, with paging and the export links. Every cell is set with textContent.

import { h, apiUrl } from './api.js';

export const PAGE_SIZE = 50;
const SORTABLE = ['date', 'fatalities', 'sources'];

export function createTable(root, { onSelect, onSort, onPage }) {
  const table = root.querySelector('#incidents');
  const tbody = table.querySelector('tbody');
  const scroller = root.querySelector('.table-scroll');
  const prev = root.querySelector('#prev');
  const next = root.querySelector('#next');
  const info = root.querySelector('#page-info');
  const exports = [...root.querySelectorAll('.exports a[data-format]')];
  let selectedId = null;
  let freshIds = new Set(); // shown by the live feed: marked until the page is reloaded
  let page = { total: 0, offset: 0, limit: PAGE_SIZE };

  // Clicking a sortable header sorts by it, descending first (largest / latest on top);
  // clicking it again flips the order.
  for (const th of table.querySelectorAll('th[data-sort]')) {
    th.tabIndex = 0;
    const choose = () => onSort(th.dataset.sort);
    th.addEventListener('click', choose);
    th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); choose(); } });
  }
  prev.addEventListener('click', () => onPage(Math.max(0, page.offset - page.limit)));
  next.addEventListener('click', () => onPage(page.offset + page.limit));

  // One listener for all rows: rows are rebuilt on every page.
  tbody.addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-id]');
    if (tr) onSelect(tr.dataset.id);
  });
  tbody.addEventListener('keydown', (e) => {
    const tr = e.target.closest('tr[data-id]');
    if (tr && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); onSelect(tr.dataset.id); }
  });

  function row(inc) {
    const classes = [inc.id === selectedId && 'selected', freshIds.has(inc.id) && 'fresh'].filter(Boolean).join(' ');
    const tr = h('tr', { dataset: { id: inc.id }, tabindex: 0, className: classes || null });
    const fatal = inc.fatalities ?? inc.fatalities_best;
    const range = inc.fatalities_low != null && inc.fatalities_high != null && inc.fatalities_low !== inc.fatalities_high
      ? `reported ${inc.fatalities_low}–${inc.fatalities_high}` : null;
    tr.append(
      h('td', { className: 'date' }, inc.date || '?'),
      h('td', { className: 'type', title: [inc.event_type, inc.sub_event_type].filter(Boolean).join(': ') || null }, inc.sub_event_type || inc.event_type || ''),
      h('td', { className: 'location', title: [inc.location, inc.admin1].filter(Boolean).join(', ') || null }, inc.location || ''),
      h('td', { className: 'country' }, inc.country || ''),
      h('td', { className: 'actor', title: inc.actor1 || null }, inc.actor1 || ''),
      h('td', { className: 'actor', title: inc.actor2 || null }, inc.actor2 || ''),
      h('td', { className: 'num', title: range }, fatal == null ? '–' : String(fatal)),
      h('td', { className: 'num', title: `${count(inc.documents)} documents, ${count(inc.mentions)} mentions` }, count(inc.sources)),
      h('td', {}, h('span', { className: `grade grade-${safeClass(inc.grade)}` }, inc.grade || '')),
    );
    return tr;
  }

  return {
    render(data, sort) {
      const moved = (data.offset || 0) !== page.offset;
      page = { total: data.total || 0, offset: data.offset || 0, limit: data.limit || PAGE_SIZE };
      const items = data.items || [];
      tbody.replaceChildren(...items.map(row));
      if (!items.length) {
        tbody.append(h('tr', { className: 'empty' }, h('td', { colspan: 9 }, 'No incidents match these filters.')));
      }
      if (moved) scroller.scrollTop = 0; // a new page starts at its first row
      const first = items.length ? page.offset + 1 : 0;
      info.textContent = `${first}–${page.offset + items.length} of ${page.total}`;
      prev.disabled = page.offset <= 0;
      next.disabled = page.offset + items.length >= page.total;
      const key = sort.replace(/^-/, '');
      for (const th of table.querySelectorAll('th[data-sort]')) {
        const active = th.dataset.sort === key;
        th.classList.toggle('sorted', active);
        th.classList.toggle('desc', active && sort.startsWith('-'));
        th.setAttribute('aria-sort', active ? (sort.startsWith('-') ? 'descending' : 'ascending') : 'none');
      }
    },
    // The incidents the live feed brought: marked from the next render on.
    markFresh(ids) {
      freshIds = new Set([...freshIds, ...ids]);
    },
    // Export links download the whole filtered set, not just this page.
    setExportFilters(params) {
      for (const a of exports) a.href = apiUrl('/api/incidents', { ...params, format: a.dataset.format });
    },
    select(id) {
      selectedId = id;
      for (const tr of tbody.querySelectorAll('tr.selected')) tr.classList.remove('selected');
      if (!id) return;
      const tr = tbody.querySelector(`tr[data-id="${CSS.escape(id)}"]`);
      if (tr) {
        tr.classList.add('selected');
        // Bring the row into the table's own scroll box, never scroll the page itself.
        const head = table.tHead ? table.tHead.offsetHeight : 0;
        if (tr.offsetTop - head < scroller.scrollTop) scroller.scrollTop = tr.offsetTop - head;
        else if (tr.offsetTop + tr.offsetHeight > scroller.scrollTop + scroller.clientHeight) {
          scroller.scrollTop = tr.offsetTop + tr.offsetHeight - scroller.clientHeight;
        }
      }
    },
  };
}

export function nextSort(current, key) {
  if (!SORTABLE.includes(key)) return current;
  return current === `-${key}` ? key : `-${key}`;
}

export function safeClass(value) {
  return String(value || 'none').toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
}

// A count the API may give as a number or as the list itself.
function count(v) {
  return Array.isArray(v) ? String(v.length) : v == null ? '?' : String(v);
}
