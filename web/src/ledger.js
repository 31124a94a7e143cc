// The tally ledger: each official running count ("46 attacks since October 17") as a
// line over its as_of dates, a point and a label per figure, beside what the database holds
// for the same scope (dashed). Where the two disagree the server sets `flag`; those points are
// red and say why. A series the server sums from others (`sum`, or `parts` listed) is drawn
// wider and says what it adds up. Fields this file does not know are left alone.

import { select, scaleUtc, scaleLinear, axisBottom, axisLeft, line, utcDay, utcParse, max, extent } from 'd3';
import { h } from './api.js';

const parseDay = utcParse('%Y-%m-%d');
// No red here: red means "flagged".
const SERIES_COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#bab0ac'];
const MARGIN = { top: 18, right: 28, bottom: 24, left: 44 };
const HEIGHT = 260;
const QUALIFIER = { at_least: 'at least ', about: 'about ', more_than: 'more than ', exact: '' };
// Past this many figures in a series its points keep their tooltips but lose their labels.
const MOST_LABELS = 12;

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
      const sg = g.append('g').attr('class', `series${isUnion(s) ? ' union' : ''}`).attr('data-series', describe(s));
      const c = colour(i);
      const official = line().defined((e) => e.count != null).x((e) => x(e.date)).y((e) => y(e.count));
      const held = line().defined((e) => e.held != null).x((e) => x(e.date)).y((e) => y(e.held));
      sg.append('path').attr('class', 'line official').attr('d', official(entries)).attr('stroke', c);
      sg.append('path').attr('class', 'line held').attr('d', held(entries)).attr('stroke', c);

      sg.selectAll('circle.held').data(entries.filter((e) => e.held != null)).join('circle')
        .attr('class', (e) => `held${e.flag ? ' flagged' : ''}`)
        .attr('cx', (e) => x(e.date)).attr('cy', (e) => y(e.held)).attr('r', 3.5)
        .attr('stroke', c)
        .append('title').text((e) => `${describe(s)}: warlog holds ${e.held} as of ${e.as_of}${e.flag ? ` — ${e.flag}` : ''}`);
      const figures = entries.filter((e) => e.count != null);
      sg.selectAll('circle.official').data(figures).join('circle')
        .attr('class', (e) => `official${e.flag ? ' flagged' : ''}`)
        .attr('data-count', (e) => e.count).attr('data-as-of', (e) => e.as_of)
        .attr('cx', (e) => x(e.date)).attr('cy', (e) => y(e.count)).attr('r', (e) => (e.flag ? 5.5 : 4.5))
        .attr('fill', (e) => (e.flag ? '#d62728' : c))
        .append('title').text((e) => pointTitle(s, e));
      if (figures.length <= MOST_LABELS) {
        sg.selectAll('text.figure').data(figures).join('text')
          .attr('class', 'figure').attr('x', (e) => x(e.date)).attr('y', (e) => y(e.count) - 8)
          .attr('fill', (e) => (e.flag ? '#d62728' : c))
          .text((e) => figureLabel(e));
      }
    });

    spreadLabels(g.selectAll('text.figure').nodes());

    chartEl.append(h('div', { className: 'ledger-legend' },
      series.map((s, i) => {
        const sw = h('span', { className: 'swatch' });
        sw.style.backgroundColor = colour(i);
        const adds = partsText(s);
        return h('span', { className: 'legend-item', dataset: { series: describe(s) } }, sw, describe(s),
          isUnion(s) ? h('small', {}, adds ? ` (the sum of ${adds})` : ' (a sum)') : null);
      }),
      h('span', { className: 'legend-item muted' }, '— official figure · - - what warlog holds · ',
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

// Figures stated the same day at about the same height (36 and 37) would print over each
// other: each label that would is moved below its point, then further down until it is clear.
function spreadLabels(nodes) {
  const placed = [];
  const clash = (x, y) => placed.some((p) => Math.abs(p.x - x) < 22 && Math.abs(p.y - y) < 12);
  for (const node of nodes) {
    const x = Number(node.getAttribute('x'));
    let y = Number(node.getAttribute('y'));
    if (clash(x, y)) y += 24; // below the point (the label sits 8 px above it)
    while (clash(x, y)) y += 12;
    node.setAttribute('y', y);
    placed.push({ x, y });
  }
}

// "46", "≥ 41", "~30": the figure on the chart; the tooltip says it in words.
function figureLabel(e) {
  const mark = { at_least: '≥ ', more_than: '> ', about: '~' }[e.qualifier] || '';
  return `${mark}${e.count}`;
}

// Everything about one figure: the series, the figure and its day, what it adds up, the
// words it was read from, what warlog holds, and the flag first if there is one.
function pointTitle(s, e) {
  const adds = partsText(e) || partsText(s);
  return [
    e.flag ? `${e.flag}` : null,
    `${describe(s)}: officially ${QUALIFIER[e.qualifier] ?? ''}${e.count} as of ${e.as_of}${e.since ? ` (since ${e.since})` : ''}`,
    adds ? `the sum of ${adds}` : null,
    e.evidence ? `“${e.evidence}”` : null,
    e.held == null ? null : `warlog holds ${e.held}`,
  ].filter(Boolean).join('\n');
}

// A series summed from others, however the server marks it.
function isUnion(s) {
  return Boolean(s && (s.sum === true || s.union === true || (Array.isArray(s.parts) && s.parts.length)));
}

// The parts of a summed series or figure: numbers, names, or records with a count and a name.
function partsText(x) {
  const parts = x && (Array.isArray(x.parts) ? x.parts : Array.isArray(x.sum) ? x.sum : null);
  if (!parts || !parts.length) return '';
  return parts.map((p) => {
    if (p === null || typeof p !== 'object') return String(p);
    const name = p.name || p.series || (Array.isArray(p.countries) ? p.countries.join(' and ') : '');
    return [p.count, name && (p.count != null ? `(${name})` : name)].filter((v) => v != null && v !== '').join(' ');
  }).join(' + ');
}

function ledgerTable(rows) {
  const sorted = [...rows].sort((a, b) => String(a.as_of).localeCompare(String(b.as_of)) || String(a.series.name).localeCompare(String(b.series.name)));
  return h('table', { className: 'ledger-table' },
    h('thead', {}, h('tr', {}, ['As of', 'Official count', 'warlog holds', 'Series', 'Flag'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, sorted.map((r) => {
      const sw = h('span', { className: 'swatch' });
      sw.style.backgroundColor = r.colour;
      return h('tr', { className: r.flag ? 'flagged' : null, title: r.evidence || null },
        h('td', {}, r.as_of || '–'),
        h('td', { className: 'num', title: partsText(r) || null }, r.count == null ? '–' : `${QUALIFIER[r.qualifier] ?? ''}${r.count}`),
        h('td', { className: 'num' }, r.held == null ? '–' : String(r.held)),
        h('td', {}, sw, describe(r.series)),
        h('td', { className: 'flag' }, r.flag || ''));
    })));
}
