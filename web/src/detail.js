// The detail panel: one incident from /api/incidents/{id}, its coded fields, and every
// report behind it with the words each field was read from highlighted in the sentence.
// Everything here is article text: it is only ever put in the DOM as text nodes.

import { h, getJSON, latest, isAbort } from './api.js';
import { fieldColour, typeColour } from './colors.js';
import { safeClass } from './table.js';

const GRADES = {
  confirmed: 'a belligerent acknowledges or claims it',
  multiple: 'reported by two or more independent sources',
  single: 'reported by one source only',
  contested: 'the sources disagree on who did it',
};
const GEO_PRECISION = {
  1: 'the named site or town',
  2: 'near the named place',
  3: 'a region or province',
  4: 'the country only',
};
const TIME_PRECISION = { 1: 'the exact day', 2: 'within a week', 3: 'within a month' };

export function createDetail(el, { onSelect, onClose, onReadDocument }) {
  const fetchIncident = latest();
  let shown = null; // the incident on show

  // Relation links, "read the whole report" and the close button: one delegated listener.
  el.addEventListener('click', (e) => {
    const link = e.target.closest('a.relation[data-id]');
    const read = e.target.closest('button.read-document[data-doc-id]');
    if (link) {
      e.preventDefault();
      onSelect(link.dataset.id);
    } else if (read) {
      const ordinal = read.dataset.ordinal;
      onReadDocument?.(read.dataset.docId, {
        incident: shown ? shown.id : null,
        ordinal: ordinal === undefined || ordinal === '' ? null : Number(ordinal),
        button: read,
      });
    } else if (e.target.closest('button.close-detail')) {
      onClose();
    }
  });

  function placeholder(text) {
    el.replaceChildren(h('p', { className: 'placeholder' }, text));
  }

  return {
    async show(id) {
      if (!id) {
        shown = null;
        placeholder('Pick an incident on the map or in the table to see its reports and the words behind each field.');
        return null;
      }
      el.classList.add('pending');
      let incident;
      try {
        incident = await fetchIncident(`/api/incidents/${encodeURIComponent(id)}`);
      } catch (err) {
        if (isAbort(err)) return null;
        placeholder(`Could not load incident ${id}: ${err.message}`);
        return null;
      } finally {
        el.classList.remove('pending');
      }
      shown = incident;
      el.replaceChildren(...render(incident));
      el.scrollTop = 0;
      return incident;
    },
    clear() { this.show(null); },
  };
}

function render(inc) {
  const type = inc.sub_event_type || inc.event_type || 'Incident';
  const place = [inc.location, inc.admin1, inc.country].filter(Boolean).join(', ') || 'place unknown';
  const swatch = h('span', { className: 'swatch' });
  swatch.style.backgroundColor = typeColour(inc.event_type);

  const head = h('div', { className: 'detail-head' },
    h('h2', {}, swatch, `${type} — ${inc.date || 'date unknown'} — ${place}`),
    h('button', { type: 'button', className: 'close-detail', 'aria-label': 'Close the detail' }, '×'));

  const fields = h('dl', { className: 'fields' });
  const add = (term, ...value) => fields.append(h('dt', {}, term), h('dd', {}, ...value));
  add('Incident', h('code', {}, inc.id || ''));
  add('Event type', [inc.event_type, inc.sub_event_type].filter(Boolean).join(' · ') || '–');
  add('Actors', inc.actor1 || '–', h('span', { className: 'muted' }, ' against '), inc.actor2 || '–');
  add('Fatalities', `${show(inc.fatalities_low)} / ${show(inc.fatalities_best)} / ${show(inc.fatalities_high)}`,
    h('span', { className: 'muted' }, ' low / best / high'));
  add('Injuries', show(inc.injuries));
  add('Date', inc.date || '–', inc.time_precision ? h('span', { className: 'muted' }, ` (${TIME_PRECISION[inc.time_precision] || inc.time_precision})`) : null);
  add('Geo precision', inc.geo_precision == null ? '–' : String(inc.geo_precision),
    inc.geo_precision ? h('span', { className: 'muted' }, ` (${GEO_PRECISION[inc.geo_precision] || '?'})`) : null,
    Number.isFinite(inc.latitude) ? h('span', { className: 'muted' }, ` · ${inc.latitude.toFixed(3)}, ${inc.longitude.toFixed(3)}`) : null);
  const gradeNote = inc.grade_note || GRADES[inc.grade];
  add('Grade', h('span', { className: `grade grade-${safeClass(inc.grade)}` }, inc.grade || '–'),
    gradeNote ? h('span', { className: 'muted grade-note' }, ` ${gradeNote}`) : null);
  add('Reports', `${plural(inc.mentions, 'mention')} in ${plural(inc.documents, 'document')} from ${plural(inc.sources, 'independent source')}`);

  const reports = inc.reports || [];
  const used = new Set(reports.flatMap((r) => [r, ...(r.context || [])].flatMap((p) => (p.spans || []).map((s) => s.field))));
  const reportList = h('ol', { className: 'reports' }, reports.map(renderReport));

  const out = [head, fields, h('h3', {}, `Reports (${reports.length})`)];
  if (used.size) out.push(fieldLegend([...used].sort()));
  out.push(reports.length ? reportList : h('p', { className: 'muted' }, 'No reports.'));

  const sources = inc.outlets || [];
  if (sources.length) {
    out.push(h('h3', {}, 'Sources'), h('ul', { className: 'sources' }, sources.map((s) => h('li', {},
      h('strong', {}, s.source || 'unknown source'),
      ` · ${plural(s.documents || [], 'document')}`))));
  }

  const relations = inc.relations || [];
  if (relations.length) {
    out.push(h('h3', {}, 'Related incidents'), h('ul', { className: 'relations' }, relations.map((r) => h('li', {},
      relationWords(r), ' ',
      h('a', { className: 'relation', href: `/?incident=${encodeURIComponent(r.incident)}`, dataset: { id: r.incident } }, r.incident),
      r.cue ? h('span', { className: 'muted' }, ` · “${r.cue}”`) : null))));
  }
  return out;
}

function renderReport(r) {
  const title = r.title || r.doc_id || 'untitled';
  const safeUrl = typeof r.url === 'string' && /^https?:\/\//i.test(r.url);
  const meta = h('div', { className: 'report-meta' },
    h('strong', { className: 'source' }, r.source || 'unknown source'), ' · ',
    safeUrl ? h('a', { href: r.url, rel: 'noopener noreferrer', target: '_blank', className: 'report-title' }, title)
      : h('span', { className: 'report-title' }, title),
    r.published ? h('span', { className: 'muted' }, ` · ${r.published}`) : null);
  const sentence = h('blockquote', { className: 'sentence' }, ...highlight(r.sentence || '', r.spans || []));
  // Fields read outside the event's own sentence ("Then 8 people were killed."), each in
  // its sentence, highlighted the same way.
  const context = (r.context || []).map((p) => h('blockquote', { className: 'sentence context' },
    h('span', { className: 'context-label' }, 'also: '), ...highlight(p.sentence || '', p.spans || [])));
  const d = r.decision || {};
  const reasons = Array.isArray(d.reasons) ? d.reasons.join('; ')
    : d.reasons && typeof d.reasons === 'object' ? Object.entries(d.reasons).map(([k, v]) => `${k}: ${v}`).join('; ')
      : d.reasons ? String(d.reasons) : '';
  const decision = h('p', { className: 'decision' },
    d.matched ? `linked to ${d.matched}` : 'first report of the incident',
    d.score != null ? ` · score ${d.score}` : '',
    reasons ? ` · ${reasons}` : '');
  // The report's key is "<doc_id>#<ordinal>": the ordinal names this event in the document.
  const ordinal = typeof r.key === 'string' && /#\d+$/.test(r.key) ? r.key.slice(r.key.lastIndexOf('#') + 1) : undefined;
  const read = r.doc_id ? h('button', {
    type: 'button',
    className: 'read-document',
    dataset: { docId: String(r.doc_id), ...(ordinal !== undefined ? { ordinal } : {}) },
    title: 'The full text of this report, with every event it tells marked',
  }, 'Read the whole report') : null;
  return h('li', { className: 'report', dataset: { key: r.key || '' } }, meta, sentence, ...context, decision, read);
}

// Split the sentence at every span boundary; each piece covered by one or more spans
// becomes a <mark> naming all of them (spans overlap and nest: "drone" inside the
// weapons and the trigger), the rest stays plain text. Offsets count code points (they
// come from Python), so work on an array of code points, not on UTF-16 units.
export function highlight(sentence, spans) {
  const chars = Array.from(sentence);
  const n = chars.length;
  const good = [];
  for (const s of spans) {
    let start = Number(s.start);
    let end = Number(s.end);
    if (!Number.isInteger(start) || !Number.isInteger(end)) continue;
    // If the offsets do not land on the quoted words, look for them nearby instead.
    if (s.text && chars.slice(start, end).join('') !== s.text) {
      const found = nearest(sentence, s.text, start);
      if (found) [start, end] = found;
    }
    start = Math.max(0, Math.min(n, start));
    end = Math.max(0, Math.min(n, end));
    if (end > start) good.push({ field: String(s.field ?? 'field'), start, end });
  }
  const cuts = [...new Set([0, n, ...good.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const text = chars.slice(a, b).join('');
    const over = good.filter((s) => s.start <= a && s.end >= b);
    nodes.push(over.length ? fieldMark(text, over) : document.createTextNode(text));
  }
  return nodes;
}

// One piece of text covered by the field spans `over` ({field, start, end}): a <mark>
// naming all of them. The whole report (document.js) marks its fields with it too.
export function fieldMark(text, over) {
  const inner = [...over].sort((x, y) => (x.end - x.start) - (y.end - y.start)); // innermost first
  const names = [...new Set(inner.map((s) => s.field))];
  const mark = h('mark', {
    className: ['field', ...names.map((f) => `field-${safeClass(f)}`)].join(' ') + (names.length > 1 ? ' field-multi' : ''),
    'data-field': names.join(' '),
    title: names.join(', '),
  }, text);
  // The innermost field gives the colour; an outer one shows as an underline.
  mark.style.backgroundColor = fieldColour(names[0]);
  if (names.length > 1) mark.style.boxShadow = `inset 0 -3px 0 ${darker(fieldColour(names[names.length - 1]))}`;
  return mark;
}

function nearest(sentence, text, near) {
  const chars = Array.from(sentence);
  const needle = Array.from(text);
  let best = null;
  for (let i = 0; i + needle.length <= chars.length; i++) {
    if (chars.slice(i, i + needle.length).join('') === text && (!best || Math.abs(i - near) < Math.abs(best[0] - near))) {
      best = [i, i + needle.length];
    }
  }
  return best;
}

function darker(hex) {
  const v = parseInt(hex.slice(1), 16);
  const c = (shift) => Math.round(((v >> shift) & 255) * 0.6);
  return `rgb(${c(16)},${c(8)},${c(0)})`;
}

function fieldLegend(names) {
  return h('div', { className: 'field-legend' }, 'Highlighted: ', names.map((name) => {
    // Not a <mark>: only the sentences' highlights are marks.
    const chip = h('span', { className: 'field-chip', dataset: { field: name } }, name);
    chip.style.backgroundColor = fieldColour(name);
    return chip;
  }));
}

function relationWords(r) {
  const toOther = r.direction !== 'from';
  if (r.kind === 'in_response_to') return toOther ? 'answers' : 'answered by';
  if (r.kind === 'after') return toOther ? 'follows' : 'followed by';
  return `${r.kind || 'related'} ${r.direction || ''}`.trim();
}

function plural(v, word) {
  const n = show(v);
  return `${n} ${word}${n === '1' ? '' : 's'}`;
}

function show(v) {
  if (Array.isArray(v)) return String(v.length);
  return v == null ? '–' : String(v);
}
