// The timeline: incidents per day (or week) stacked by event type, with a brush along x
// that picks the since/until filters. It is drawn from the filters *other* than the dates,
// so brushing never empties the chart it is brushing.

import {
  select, pointer, scaleUtc, scaleLinear, axisBottom, axisLeft, stack, brushX,
  utcDay, utcWeek, utcFormat, utcParse, max, bisector,
} from 'd3';
import { typeColour, typeOrder } from './colors.js';

const parseDay = utcParse('%Y-%m-%d');
export const formatDay = utcFormat('%Y-%m-%d');
const MARGIN = { top: 8, right: 12, bottom: 22, left: 34 };
const HEIGHT = 150;

export function createTimeline(el, { onBrush }) {
  const svg = select(el).append('svg').attr('class', 'timeline-chart').attr('role', 'img')
    .attr('aria-label', 'Incidents over time, stacked by event type');
  const plot = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const barsG = plot.append('g').attr('class', 'bars');
  const xAxisG = plot.append('g').attr('class', 'x-axis');
  const yAxisG = plot.append('g').attr('class', 'y-axis');
  const empty = plot.append('text').attr('class', 'empty').attr('y', 40).attr('x', 10);
  const brushG = plot.append('g').attr('class', 'brush');
  const readout = select(el).append('div').attr('class', 'timeline-readout');

  let data = { interval: 'day', keys: [], buckets: [] };
  let domain = null; // [first day, last day] of the whole database (from facets)
  let range = { since: '', until: '' };
  let x = scaleUtc();
  let width = 0;
  const h = HEIGHT - MARGIN.top - MARGIN.bottom;

  const brush = brushX().on('end', (event) => {
    if (!event.sourceEvent) return; // our own brush.move below: not the user's choice
    if (!event.selection) {
      onBrush('', '');
      return;
    }
    // Snap to whole days: the filters are days, and the brush should show what they mean.
    const [x0, x1] = event.selection;
    const d0 = utcDay.round(x.invert(x0));
    let d1 = utcDay.round(x.invert(x1));
    if (d1 <= d0) d1 = utcDay.offset(d0, 1);
    brushG.call(brush.move, [x(d0), x(d1)]);
    onBrush(formatDay(d0), formatDay(utcDay.offset(d1, -1)));
  });

  function step() {
    return data.interval === 'week' ? utcWeek : utcDay;
  }

  function render() {
    width = Math.max(200, el.clientWidth - MARGIN.left - MARGIN.right);
    svg.attr('width', width + MARGIN.left + MARGIN.right).attr('height', HEIGHT);
    const interval = step();
    const buckets = data.buckets
      .map((b) => ({ period: parseDay(b.period), counts: b.counts || {} }))
      .filter((b) => b.period)
      .sort((a, b) => a.period - b.period);
    const keys = [...(data.keys || [])].sort(typeOrder);

    let lo = domain ? domain[0] : buckets.length ? buckets[0].period : utcDay.offset(utcDay.floor(new Date()), -30);
    let hi = domain ? utcDay.offset(domain[1], 1) : buckets.length ? interval.offset(buckets[buckets.length - 1].period, 1) : utcDay.floor(new Date());
    if (buckets.length) {
      lo = new Date(Math.min(lo, buckets[0].period));
      hi = new Date(Math.max(hi, interval.offset(buckets[buckets.length - 1].period, 1)));
    }
    x = scaleUtc().domain([lo, hi]).range([0, width]);

    const rows = buckets.map((b) => {
      const row = { period: b.period, total: 0 };
      for (const k of keys) { row[k] = Number(b.counts[k]) || 0; row.total += row[k]; }
      return row;
    });
    const y = scaleLinear().domain([0, Math.max(1, max(rows, (r) => r.total) || 0)]).nice().range([h, 0]);
    const layers = stack().keys(keys)(rows);

    const cells = [];
    for (const layer of layers) {
      for (const seg of layer) {
        if (seg[1] - seg[0] <= 0) continue;
        cells.push({ key: layer.key, period: seg.data.period, y0: seg[0], y1: seg[1] });
      }
    }
    const barWidth = (d) => Math.max(1, x(interval.offset(d.period, 1)) - x(d.period) - (width > 600 ? 1 : 0));
    barsG.selectAll('rect.bar')
      .data(cells)
      .join((enter) => enter.append('rect').attr('class', 'bar').call((r) => r.append('title')))
      .attr('x', (d) => x(d.period))
      .attr('width', barWidth)
      .attr('y', (d) => y(d.y1))
      .attr('height', (d) => Math.max(0.5, y(d.y0) - y(d.y1)))
      .attr('fill', (d) => typeColour(d.key))
      .attr('data-type', (d) => d.key)
      .select('title')
      .text((d) => `${formatDay(d.period)}: ${d.y1 - d.y0} ${d.key}`);

    xAxisG.attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(Math.max(2, Math.floor(width / 90))).tickSizeOuter(0));
    yAxisG.call(axisLeft(y).ticks(4).tickFormat((v) => (Number.isInteger(v) ? v : '')));
    empty.text(rows.length ? '' : 'No incidents for these filters.');

    brush.extent([[0, 0], [width, h]]);
    brushG.call(brush);
    placeBrush();

    // The brush overlay covers the bars, so their <title>s never show: say what is under
    // the pointer in a line of text instead.
    const byPeriod = bisector((r) => r.period).right;
    brushG.select('.overlay')
      .on('mousemove.readout', (event) => {
        const [px] = pointer(event, plot.node());
        const day = x.invert(px);
        const row = rows[byPeriod(rows, day) - 1];
        if (!row || interval.offset(row.period, 1) <= day) { readout.text(formatDay(utcDay.floor(day))); return; }
        const parts = keys.filter((k) => row[k]).map((k) => `${k} ${row[k]}`);
        readout.text(`${data.interval === 'week' ? 'week of ' : ''}${formatDay(row.period)}: ${row.total} (${parts.join(', ')})`);
      })
      .on('mouseleave.readout', () => readout.text(''));
  }

  // Show the current since/until on the brush (after a form edit, a reset, a redraw).
  function placeBrush() {
    if (!width) return;
    if (!range.since && !range.until) {
      brushG.call(brush.move, null);
      return;
    }
    const [lo, hi] = x.domain();
    const a = range.since ? parseDay(range.since) : lo;
    const b = range.until ? utcDay.offset(parseDay(range.until), 1) : hi;
    if (!a || !b || b <= a) { brushG.call(brush.move, null); return; }
    brushG.call(brush.move, [Math.max(0, x(a)), Math.min(width, x(b))]);
  }

  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(render, 150);
  });

  return {
    setDomain(first, last) {
      const a = first && parseDay(first);
      const b = last && parseDay(last);
      domain = a && b ? [a, b] : null;
    },
    setData(stats) {
      data = { interval: stats.interval || 'day', keys: stats.keys || [], buckets: stats.buckets || [] };
      render();
    },
    setRange(since, until) {
      range = { since: since || '', until: until || '' };
      placeBrush();
    },
  };
}

// Days between two YYYY-MM-DD strings (for choosing day or week bars).
export function spanDays(first, last) {
  const a = parseDay(first || '');
  const b = parseDay(last || '');
  return a && b ? utcDay.count(a, b) : 0;
}
