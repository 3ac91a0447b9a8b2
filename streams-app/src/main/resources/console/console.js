// FakeWatch console: hash-routed single page over /api (no build step, no external scripts).
// #/ is the live list of verdicts, #/video/ID one video's page (video.js), the chart is chart.js.
'use strict';

const FW = window.FakeWatch = window.FakeWatch || {};
const TOKEN_KEY = 'fakewatch.token';
const POLL_MS = 2000;
const LABELS = ['FAKE', 'REAL', 'UNKNOWN'];
const STATUSES = ['OK', 'NO_FACES', 'DECODE_ERROR', 'FETCH_ERROR', 'REJECTED', 'TIMEOUT', 'ERROR'];
const STATUS_TEXT = {
  OK: 'Scored: faces were found and the models gave their verdict.',
  NO_FACES: 'Decoded, but no usable face was found, so there is nothing to judge.',
  DECODE_ERROR: 'Not a video, truncated, or a codec we cannot decode.',
  FETCH_ERROR: 'The URI could not be read.',
  REJECTED: 'Refused by policy or a limit (scheme, root, address, size, duration or pixels).',
  TIMEOUT: 'Scores stopped arriving before the deadline.',
  ERROR: 'An unexpected failure inside a stage.',
  IN_FLIGHT: 'Still in the pipeline: this page updates when the verdict is in.',
};
const LABEL_ICON = { FAKE: '\u26a0', REAL: '\u2713', UNKNOWN: '?' };

let timer = null;

/** Builds an element: el('a', {href: '#/'}, 'text', child, ...). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** fetch on the API with the token, if one is set; resolves to {status, body}. */
async function api(path, options = {}) {
  const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  return { status: response.status, body };
}

function labelBadge(label) {
  const name = LABELS.includes(label) ? label : 'UNKNOWN';
  return el('span', { class: 'label label-' + name },
    el('span', { 'aria-hidden': 'true' }, LABEL_ICON[name] + ' '), name);
}

function statusText(status) {
  return STATUS_TEXT[status] || 'Unknown status.';
}

function apiError(result) {
  if (result.status === 401 || result.status === 403) return 'Not allowed (' + result.status + '): set an access token with the right scope above.';
  return (result.body && result.body.error) || ('The server answered ' + result.status + '.');
}

function fmtProb(p) { return typeof p === 'number' ? p.toFixed(3) : '–'; }

function videoLink(id) { return el('a', { href: '#/video/' + encodeURIComponent(id) }, id); }

function schedule(fn) {
  stopTimer();
  timer = setTimeout(fn, POLL_MS);
}

function stopTimer() {
  if (timer) clearTimeout(timer);
  timer = null;
}

// ---- the list -------------------------------------------------------------------------------------------

function listParams() {
  const query = new URLSearchParams(location.hash.split('?')[1] || '');
  return { label: query.get('label') || '', status: query.get('status') || '', limit: query.get('limit') || '50' };
}

function filterForm(params) {
  const select = (id, name, values, current) => el('select', { id, name },
    el('option', { value: '' }, 'any'), values.map(v => el('option', { value: v, selected: v === current }, v)));
  return el('form', { class: 'filters', id: 'filters', onsubmit: e => {
    e.preventDefault();
    const data = new FormData(e.target);
    const query = new URLSearchParams();
    for (const [k, v] of data.entries()) if (v) query.set(k, v);
    location.hash = '#/?' + query.toString();
  } },
  el('label', { for: 'f-label' }, 'Label'), select('f-label', 'label', LABELS, params.label),
  el('label', { for: 'f-status' }, 'Status'), select('f-status', 'status', STATUSES, params.status),
  el('label', { for: 'f-limit' }, 'Show'),
  el('input', { id: 'f-limit', name: 'limit', type: 'number', min: '1', max: '500', value: params.limit, size: '4' }),
  el('button', { type: 'submit' }, 'Filter'));
}

function verdictRow(v) {
  return el('tr', { 'data-video-id': v.videoId },
    el('td', {}, videoLink(v.videoId)),
    el('td', {}, labelBadge(v.label)),
    el('td', { class: 'num' }, fmtProb(v.probability)),
    el('td', {}, el('span', { class: 'status', title: statusText(v.status) }, v.status)),
    el('td', { class: 'num' }, v.trackCount ?? (v.tracks || []).length),
    el('td', {}, v.decidedAt ? new Date(v.decidedAt).toLocaleTimeString() : '–'),
    el('td', { class: 'uri' }, v.uri || ''));
}

async function showList() {
  const params = listParams();
  const view = document.getElementById('view');
  const body = el('tbody', { id: 'verdict-rows' });
  const live = el('p', { class: 'live', id: 'list-live' }, 'Loading…');
  view.replaceChildren(el('h2', {}, 'Verdicts, newest first'), filterForm(params), live,
    el('table', { id: 'verdicts' },
      el('caption', { class: 'muted' }, 'Updates every 2 s without reloading. Each id opens the video’s page.'),
      el('thead', {}, el('tr', {}, ['Video', 'Label', 'P(fake)', 'Status', 'Tracks', 'Decided', 'URI']
        .map((h, i) => el('th', { scope: 'col', class: i === 2 || i === 4 ? 'num' : null }, h)))),
      body));
  const refresh = async () => {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
    try {
      const result = await api('/api/videos?' + query.toString());
      if (!document.body.contains(body)) return;
      // the API answers {count, videos: [...], unreachableInstances?}
      const videos = result.status === 200 && result.body ? result.body.videos : null;
      if (Array.isArray(videos)) {
        body.replaceChildren(...videos.map(verdictRow));
        const missing = result.body.unreachableInstances || [];
        live.textContent = videos.length + ' verdicts · updated ' + new Date().toLocaleTimeString()
          + (missing.length ? ' · not reachable: ' + missing.join(', ') : '');
      } else {
        live.replaceChildren(el('span', { class: 'error' }, apiError(result)));
      }
    } catch (e) {
      live.replaceChildren(el('span', { class: 'error' }, 'The server cannot be reached: ' + e.message));
    }
    if (document.body.contains(body)) schedule(refresh);
  };
  await refresh();
}

// ---- submit and token -----------------------------------------------------------------------------------

async function submitVideo(event) {
  event.preventDefault();
  const input = document.getElementById('submit-uri');
  const out = document.getElementById('submit-result');
  out.textContent = 'Submitting…';
  try {
    const result = await api('/api/videos', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ uri: input.value.trim() }) });
    if ((result.status === 202 || result.status === 200) && result.body && result.body.videoId) {
      out.replaceChildren('Submitted as ', videoLink(result.body.videoId));
      input.value = '';
    } else {
      out.replaceChildren(el('span', { class: 'error' }, apiError(result)));
    }
  } catch (e) {
    out.replaceChildren(el('span', { class: 'error' }, 'The server cannot be reached: ' + e.message));
  }
}

function setupToken() {
  const input = document.getElementById('token');
  input.value = sessionStorage.getItem(TOKEN_KEY) || '';
  document.getElementById('token-form').addEventListener('submit', e => {
    e.preventDefault();
    if (input.value) sessionStorage.setItem(TOKEN_KEY, input.value); else sessionStorage.removeItem(TOKEN_KEY);
    route();
  });
  document.getElementById('token-clear').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    input.value = '';
    route();
  });
}

// ---- routing --------------------------------------------------------------------------------------------

function route() {
  stopTimer();
  const hash = location.hash || '#/';
  const match = hash.match(/^#\/video\/([^?]+)/);
  if (match) FW.showVideo(decodeURIComponent(match[1]));
  else showList();
}

Object.assign(FW, { el, api, labelBadge, statusText, apiError, fmtProb, schedule, stopTimer, STATUS_TEXT });

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('submit-form').addEventListener('submit', submitVideo);
  setupToken();
  window.addEventListener('hashchange', () => { route(); document.getElementById('view').focus(); });
  route();
});
