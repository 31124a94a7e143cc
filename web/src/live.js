// The live feed: an EventSource on /api/stream. The server tells of incidents that linking
// added or changed since the page loaded; the page counts them in a button ("3 new") and
// shows them only when the user asks, so a table being read never moves under the reader.
// The browser reconnects by itself (sending the last event id, so nothing is missed); if the
// server refused the stream, a new one is opened a little later. Neither shows an error.

const REOPEN_MS = 10000;

export function createLive(button, { onShow }) {
  const fresh = new Set();
  const changed = new Set();
  let source = null;

  function open() {
    source = new EventSource('/api/stream');
    source.addEventListener('incidents', (e) => {
      let data;
      try { data = JSON.parse(e.data); } catch { return; }
      for (const id of data.new || []) fresh.add(id);
      for (const id of data.changed || []) if (!fresh.has(id)) changed.add(id);
      show();
    });
    source.addEventListener('error', () => {
      // CONNECTING: the browser retries on its own. CLOSED: it gave up (an error status).
      if (source.readyState === EventSource.CLOSED) setTimeout(open, REOPEN_MS);
    });
  }

  function show() {
    const parts = [];
    if (fresh.size) parts.push(`${fresh.size} new`);
    if (changed.size) parts.push(`${changed.size} updated`);
    button.textContent = parts.join(' · ');
    button.title = 'Linked since this page was loaded: click to add them to the map, timeline and table';
    button.hidden = parts.length === 0;
  }

  button.addEventListener('click', () => {
    const shown = { new: [...fresh], changed: [...changed] };
    fresh.clear();
    changed.clear();
    show();
    onShow(shown);
  });

  if (typeof EventSource !== 'undefined') open();
  return { close: () => source && source.close() };
}
