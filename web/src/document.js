// The whole report: /api/documents/{doc_id} in a panel over the map, its text in
// paragraphs, every event it tells wrapped in a span.event-span (the open incident's
// marked .current) and each field read from it marked as in the detail panel, the
// official tallies' counts too. It is article text: text nodes only, never markup.

import { h, latest, isAbort } from './api.js';
import { fieldMark } from './detail.js';

export function createDocumentView(el, { onSelect }) {
  const fetchDocument = latest();
  const titleEl = el.querySelector('.document-title');
  const metaEl = el.querySelector('.document-meta');
  const bodyEl = el.querySelector('.document-body');
  let current = null; // the incident open in the detail panel
  let opener = null; // the button that opened the view: focus goes back to it
  let token = 0;

  // An event opens its incident in the detail panel, beside this one on a wide screen; on
  // a narrow one the panel covers the page, so it closes to show the detail.
  const narrow = window.matchMedia('(max-width: 1000px)');
  function follow(span) {
    const id = span.dataset.incident;
    if (id !== current) onSelect(id);
    if (narrow.matches) {
      close();
      document.getElementById('detail')?.scrollIntoView({ block: 'start' });
    }
  }
  el.addEventListener('click', (e) => {
    if (e.target.closest('.close')) { close(); return; }
    if (e.target.closest('a')) return; // a link inside the text: let it be
    const span = e.target.closest('.event-span[data-incident]');
    if (span) follow(span);
  });
  el.addEventListener('keydown', (e) => {
    const span = e.target.closest('.event-span[data-incident]');
    if (span && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      follow(span);
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !el.hidden) {
      e.preventDefault();
      close();
    }
  });

  function close() {
    token++; // an answer still on its way is dropped
    el.hidden = true;
    bodyEl.replaceChildren();
    if (opener && opener.isConnected) opener.focus();
    opener = null;
  }

  function markCurrent() {
    for (const span of bodyEl.querySelectorAll('.event-span')) {
      span.classList.toggle('current', current != null && span.dataset.incident === current);
    }
  }

  return {
    // Open the document; `incident` is the one open in the detail panel, `ordinal` the
    // event of this report that the button belongs to (scrolled to first).
    async open(docId, { incident = null, ordinal = null, button = null } = {}) {
      const mine = ++token;
      current = incident;
      opener = button;
      el.hidden = false;
      el.classList.add('pending');
      titleEl.textContent = docId;
      metaEl.replaceChildren();
      bodyEl.replaceChildren(h('p', { className: 'muted' }, 'Loading the report…'));
      el.querySelector('.close').focus();
      let doc;
      try {
        doc = await fetchDocument(`/api/documents/${encodeURIComponent(docId)}`);
      } catch (err) {
        if (isAbort(err) || mine !== token) return;
        bodyEl.replaceChildren(h('p', { className: 'muted' }, `Could not load the report ${docId}: ${err.message}`));
        return;
      } finally {
        if (mine === token) el.classList.remove('pending');
      }
      if (mine !== token) return;
      titleEl.textContent = doc.title || doc.doc_id || docId;
      metaEl.replaceChildren(...renderMeta(doc));
      bodyEl.replaceChildren(...renderText(doc));
      markCurrent();
      bodyEl.scrollTop = 0;
      const spans = [...bodyEl.querySelectorAll('.event-span.current')];
      const first = spans.find((s) => ordinal != null && s.dataset.ordinal === String(ordinal)) || spans[0];
      if (first) first.scrollIntoView({ block: 'center' });
    },
    // Another incident is open in the detail panel (or none).
    setCurrent(incident) {
      current = incident || null;
      if (!el.hidden) markCurrent();
    },
    close,
    get isOpen() { return !el.hidden; },
  };
}

function renderMeta(doc) {
  const out = [h('strong', { className: 'source' }, doc.source || 'unknown source')];
  if (doc.published) out.push(' · ', h('span', { className: 'published' }, doc.published));
  if (doc.language) out.push(h('span', { className: 'muted' }, ` · ${doc.language}`));
  if (typeof doc.url === 'string' && /^https?:\/\//i.test(doc.url)) {
    out.push(h('br'), h('a', { className: 'document-url', href: doc.url, rel: 'noopener noreferrer', target: '_blank' }, doc.url));
  } else if (doc.url) {
    out.push(h('br'), h('span', { className: 'document-url muted' }, String(doc.url)));
  }
  out.push(h('br'), h('code', { className: 'muted' }, doc.doc_id || ''));
  const events = doc.events || [];
  const tallies = doc.tallies || [];
  out.push(h('div', { className: 'document-legend muted' },
    `${events.length} event${events.length === 1 ? '' : 's'}`,
    tallies.length ? ` · ${tallies.length} official tall${tallies.length === 1 ? 'y' : 'ies'}` : '',
    events.length ? ' · click an event to open its incident' : ''));
  return out;
}

// The text as paragraphs (split on blank lines). Offsets are code points (from Python):
// everything here works on the array of code points, as highlight() in detail.js does.
function renderText(doc) {
  const chars = Array.from(typeof doc.text === 'string' ? doc.text : '');
  const n = chars.length;
  const clamp = (v) => Math.max(0, Math.min(n, v));
  const interval = (start, end) => {
    const a = Number(start);
    const b = Number(end);
    if (!Number.isInteger(a) || !Number.isInteger(b)) return null;
    return clamp(b) > clamp(a) ? [clamp(a), clamp(b)] : null;
  };

  // The events: the outer layer, an element per event (split where they cross).
  const events = [];
  const fields = [];
  (doc.events || []).forEach((e, i) => {
    const at = interval(e.start, e.end);
    if (at) events.push({ i, e, start: at[0], end: at[1] });
    for (const s of e.spans || []) {
      const f = interval(s.start, s.end);
      if (f) fields.push({ field: String(s.field ?? 'field'), start: f[0], end: f[1] });
    }
  });
  // The tallies: a mark around each official count.
  const tallies = [];
  for (const t of doc.tallies || []) {
    const count = t && t.spans && t.spans.count;
    const at = Array.isArray(count) ? interval(count[0], count[1]) : null;
    if (at) tallies.push({ t, start: at[0], end: at[1] });
  }

  const paragraphs = paragraphRanges(chars);
  const cuts = [...new Set([
    ...paragraphs.flat(),
    ...events.flatMap((s) => [s.start, s.end]),
    ...fields.flatMap((s) => [s.start, s.end]),
    ...tallies.flatMap((s) => [s.start, s.end]),
  ])].sort((a, b) => a - b);
  const uniqueFields = dedupe(fields);
  // Outer first: the longer event wraps the shorter one.
  const byLength = (x, y) => (y.end - y.start) - (x.end - x.start) || x.start - y.start || x.i - y.i;

  const out = [];
  let c = 0;
  for (const [pa, pb] of paragraphs) {
    const p = h('p', {});
    const stack = []; // [{event, el}] from the paragraph outwards
    const parent = () => (stack.length ? stack[stack.length - 1].el : p);
    while (c < cuts.length && cuts[c] < pa) c++;
    for (let k = c; k + 1 < cuts.length && cuts[k + 1] <= pb; k++) {
      const [a, b] = [cuts[k], cuts[k + 1]];
      if (a < pa) continue;
      const over = events.filter((s) => s.start <= a && s.end >= b).sort(byLength);
      // Keep the open elements the segment shares, close the others, open the new ones.
      let keep = 0;
      while (keep < stack.length && keep < over.length && stack[keep].event === over[keep]) keep++;
      stack.length = keep;
      for (const s of over.slice(keep)) {
        const span = eventSpan(s);
        parent().append(span);
        stack.push({ event: s, el: span });
      }
      let into = parent();
      const tally = tallies.filter((s) => s.start <= a && s.end >= b);
      if (tally.length) {
        const mark = h('mark', { className: 'tally', title: tally.map((s) => tallyWords(s.t)).join('\n') });
        into.append(mark);
        into = mark;
      }
      const text = chars.slice(a, b).join('');
      const covering = uniqueFields.filter((s) => s.start <= a && s.end >= b);
      into.append(covering.length ? fieldMark(text, covering) : document.createTextNode(text));
    }
    out.push(p);
  }
  return out;
}

function eventSpan({ e, i }) {
  const type = [e.event_type, e.sub_event_type].filter(Boolean).join(' · ') || 'event';
  const clickable = e.incident != null && e.incident !== '';
  const span = h('span', {
    className: 'event-span',
    dataset: { ordinal: String(e.ordinal ?? i) },
    title: clickable ? `${type} · incident ${e.incident} (click to open)` : `${type} · not linked to an incident`,
  });
  if (clickable) {
    span.dataset.incident = String(e.incident);
    span.tabIndex = 0;
    span.setAttribute('role', 'link');
  }
  return span;
}

function tallyWords(t) {
  const parts = [`official tally: ${t.qualifier === 'at_least' ? 'at least ' : ''}${t.count ?? '?'} ${t.unit || ''}`.trim()];
  if (t.target) parts.push(`against ${t.target}`);
  if (t.since) parts.push(`since ${t.since}`);
  if (t.as_of) parts.push(`as of ${t.as_of}`);
  if (t.speaker) parts.push(`said ${t.speaker}`);
  return parts.join(', ');
}

function dedupe(spans) {
  const seen = new Set();
  return spans.filter((s) => {
    const key = `${s.field}\u0000${s.start}\u0000${s.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// [start, end) of each paragraph in code points: the text split on blank lines (a line
// break, maybe spaces, another line break), each paragraph trimmed of surrounding space.
function paragraphRanges(chars) {
  const ranges = [];
  const isSpace = (ch) => /\s/.test(ch);
  let start = 0;
  let i = 0;
  const push = (a, b) => {
    while (a < b && isSpace(chars[a])) a++;
    while (b > a && isSpace(chars[b - 1])) b--;
    if (b > a) ranges.push([a, b]);
  };
  while (i < chars.length) {
    if (chars[i] === '\n') {
      let j = i + 1;
      while (j < chars.length && chars[j] !== '\n' && isSpace(chars[j])) j++;
      if (j < chars.length && chars[j] === '\n') {
        push(start, i);
        while (j < chars.length && isSpace(chars[j])) j++;
        start = j;
        i = j;
        continue;
      }
    }
    i++;
  }
  push(start, chars.length);
  return ranges;
}
