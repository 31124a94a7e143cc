// The tally ledger: each official running count ("46 attacks since October 17") as a
// line over its as_of dates, beside what the database holds for the same scope (dashed).
// Where the two disagree the server sets `flag`; those points are red and say why.

import { select, scaleUtc, scaleLinear, axisBottom, axisLeft, line, utcDay, utcParse, max, extent } from 'd3';
import { h } from './api.js';

const parseDay = utcParse('%Y-%m-%d');
// No red here: red means "flagged".
const SERIES_COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#bab0ac'];
const MARGIN = { top: 12, right: 20, bottom: 24, left: 44 };
const HEIGHT = 240;
const QUALIFIER = { at_least: 'at least ', about: 'about ', more_than: 'more than ', exact: '' };

export function createLedger(chartEl, tableEl) {
  let series = [];

  function render() {
    select(chartEl).selectAll('*').remove();
    tableEl.replaceChildren();
    const rows = series.flatMap((s, i) => (s.entries || []).map((e) => ({ ...e, series: s, colour: colour(i), date: parseDay(e.as_of || '') })));
    if (!rows.length) {
      chartEl.append(h('p', { className: 'empty' }, 'No official tallies in the database yet.'));
      return;
    }

    const width = Math.max(300, chartEl.clientWidth - MARGIN.left - MARGIN.right);
    const ih = HEIGHT - MARGIN.top - MARGIN.bottom;
    const dated = rows.filter((r) => r.date);
    let [lo, hi] = extent(dated, (r) => r.date);
    if (!lo) { lo = utcDay.floor(new Date()); hi = lo; }
    // Room on either side so the first and last points are not on the axes.
    const pad = Math.max(1, Math.round(utcDay.count(lo, hi) * 0.05));
    const x = scaleUtc().domain([utcDay.offset(lo, -pad), utcDay.offset(hi, pad)]).range([0, width]);
    const y = scaleLinear().domain([0, Math.max(1, max(rows, (r) => Math.max(r.count ?? 0, r.held ?? 0)))]).nice().range([ih, 0]);

    const svg = select(chartEl).append('svg').attr('class', 'ledger-chart')
      .attr('width', width + MARGIN.left + MARGIN.right).attr('height', HEIGHT)
      .attr('role', 'img').attr('aria-label', 'Official tallies and the counts held in the database');
    const g = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    g.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${ih})`).call(axisBottom(x).ticks(Math.max(2, Math.floor(width / 100))));
    g.append('g').attr('class', 'y-axis').call(axisLeft(y).ticks(5));

    series.forEach((s, i) => {
      const entries = (s.entries || []).map((e) => ({ ...e, date: parseDay(e.as_of || '') }))
        .filter((e) => e.date).sort((a, b) => a.date - b.date);
      const sg = g.append('g').attr('class', 'series').attr('data-series', describe(s));
      const c = colour(i);
      const official = line().defined((e) => e.count != null).x((e) => x(e.date)).y((e) => y(e.count));
      const held = line().defined((e) => e.held != null).x((e) => x(e.date)).y((e) => y(e.held));
      sg.append('path').attr('class', 'line official').attr('d', official(entries)).attr('stroke', c);
      sg.append('path').attr('class', 'line held').attr('d', held(entries)).attr('stroke', c);

      sg.selectAll('circle.held').data(entries.filter((e) => e.held != null)).join('circle')
        .attr('class', (e) => `held${e.flag ? ' flagged' : ''}`)
        .attr('cx', (e) => x(e.date)).attr('cy', (e) => y(e.held)).attr('r', 3.5)
        .attr('stroke', c)
        .append('title').text((e) => `${s.name}: the database holds ${e.held} (as of ${e.as_of})${e.flag ? ` — ${e.flag}` : ''}`);
      sg.selectAll('circle.official').data(entries.filter((e) => e.count != null)).join('circle')
        .attr('class', (e) => `official${e.flag ? ' flagged' : ''}`)
        .attr('cx', (e) => x(e.date)).attr('cy', (e) => y(e.count)).attr('r', (e) => (e.flag ? 5.5 : 4.5))
        .attr('fill', (e) => (e.flag ? '#d62728' : c))
        // A flagged point's title is the flag itself, then what the figure was.
        .append('title').text((e) => (e.flag ? `${e.flag}\n` : '') + `${s.name}: officially ${QUALIFIER[e.qualifier] ?? ''}${e.count} as of ${e.as_of}${e.evidence ? ` — “${e.evidence}”` : ''}`);
    });

    chartEl.append(h('div', { className: 'ledger-legend' },
      series.map((s, i) => {
        const sw = h('span', { className: 'swatch' });
        sw.style.backgroundColor = colour(i);
        return h('span', { className: 'legend-item', dataset: { series: describe(s) } }, sw, describe(s));
      }),
      h('span', { className: 'legend-item muted' }, '— official · - - held in the database · ',
        h('span', { className: 'flag-dot' }), ' flagged')));

    tableEl.append(ledgerTable(rows));
  }

  let timer = null;
  window.addEventListener('resize', () => { clearTimeout(timer); timer = setTimeout(() => series.length && render(), 200); });

  return {
    setData(data) {
      series = (data && data.series) || [];
      render();
    },
  };
}

function colour(i) {
  return SERIES_COLOURS[i % SERIES_COLOURS.length];
}

// The series' name already says unit, target and countries ("attacks on X in IQ and SY").
function describe(s) {
  return s.name || [s.unit, s.target].filter(Boolean).join(' on ') || 'series';
}

function ledgerTable(rows) {
  const sorted = [...rows].sort((a, b) => String(a.as_of).localeCompare(String(b.as_of)) || String(a.series.name).localeCompare(String(b.series.name)));
  return h('table', { className: 'ledger-table' },
    h('thead', {}, h('tr', {}, ['As of', 'Official count', 'Held', 'Series', 'Flag'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, sorted.map((r) => {
      const sw = h('span', { className: 'swatch' });
      sw.style.backgroundColor = r.colour;
      return h('tr', { className: r.flag ? 'flagged' : null, title: r.evidence || null },
        h('td', {}, r.as_of || '–'),
        h('td', { className: 'num' }, r.count == null ? '–' : `${QUALIFIER[r.qualifier] ?? ''}${r.count}`),
        h('td', { className: 'num' }, r.held == null ? '–' : String(r.held)),
        h('td', {}, sw, describe(r.series)),
        h('td', { className: 'flag' }, r.flag || ''));
    })));
}
