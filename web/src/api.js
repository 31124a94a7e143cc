// Talking to the warlog API: URL building, JSON fetching, the error banner and the
// loading indicator. Every other module goes through getJSON so errors look the same.

// Build "path?a=1&b=2" leaving out empty values, so an unset filter is simply absent
// (the API treats an absent parameter as "all").
export function apiUrl(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    qs.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

let inFlight = 0;
function busy(delta) {
  inFlight += delta;
  const el = document.getElementById('loading');
  if (el) el.hidden = inFlight <= 0;
  document.body.classList.toggle('is-loading', inFlight > 0);
}

// Fetch JSON; on an HTTP error show the API's {"error": ...} line in #error and throw.
// An aborted request (superseded by a newer one) throws an AbortError and shows nothing.
export async function getJSON(path, params = {}, { signal } = {}) {
  const url = apiUrl(path, params);
  busy(+1);
  try {
    let response;
    try {
      response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    } catch (err) {
      if (err.name !== 'AbortError') showError(`Cannot reach the server (${url}).`);
      throw err;
    }
    if (!response.ok) {
      let message = `${response.status} ${response.statusText} for ${url}`;
      try {
        const body = await response.json();
        if (body && typeof body.error === 'string') message = body.error;
        else if (body && body.detail) message = typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail);
      } catch { /* not JSON: keep the status line */ }
      const err = new Error(message);
      err.status = response.status;
      showError(message);
      throw err;
    }
    return await response.json();
  } finally {
    busy(-1);
  }
}

// A request slot per consumer: starting a new request aborts the previous one, so a slow
// answer to an old filter never overwrites the answer to the current one.
export function latest() {
  let controller = null;
  return (path, params) => {
    if (controller) controller.abort();
    controller = new AbortController();
    return getJSON(path, params, { signal: controller.signal });
  };
}

export const isAbort = (err) => err && err.name === 'AbortError';

// The message is API text: textContent only.
export function showError(message) {
  const banner = document.getElementById('error');
  if (!banner) return;
  banner.querySelector('.message').textContent = message;
  banner.hidden = false;
}

export function clearError() {
  const banner = document.getElementById('error');
  if (banner) banner.hidden = true;
}

// Small DOM helper used everywhere: h('td', {className: 'num'}, 'text', childNode).
// Strings become text nodes, never markup, which is what keeps article text inert.
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'className') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'style') throw new Error('use el.style, not a style attribute (CSP)');
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}
