// Coverage view: per country, how many sources, how many fail and why, how much news arrived against the baseline,
// and the silence signal. Sortable by column (buttons in the headers, aria-sort), a row opens its sources.
import { h, fill, countryName, timeEl } from './dom.js';

const API = '/api/v1';
const $ = id => document.getElementById(id);

const COLUMNS = [
  { key: 'country', label: 'Country' },
  { key: 'sources', label: 'Sources' },
  { key: 'failing', label: 'Failing' },
  { key: 'articles', label: 'Articles 24 h' },
  { key: 'ratio', label: 'Against baseline' },
  { key: 'lastArticle', label: 'Last article' },
  { key: 'silent', label: 'Signal' },
];

async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    try { const p = await res.json(); detail = p.detail || p.title || detail; } catch { /* not JSON */ }
    throw new Error(detail);
  }
  return res.json();
}

function num(v) {
  return v === null || v === undefined ? '—' : (Math.round(v * 10) / 10).toLocaleString();
}

/** "12 of usual 30" with a level class: low when far below the baseline. */
function againstBaseline(count, baseline) {
  if (baseline === null || baseline === undefined) return h('span', { class: 'hint' }, 'learning');
  const ratio = baseline > 0 ? count / baseline : 1;
  const level = baseline >= 3 && ratio <= 0.2 ? 'low' : ratio < 0.6 ? 'below' : 'normal';
  return h('span', { class: 'cov-level ' + level }, `${count} of usual ${num(baseline)}`,
    level === 'low' ? h('span', { class: 'visually-hidden' }, ' (far below usual)') : null);
}

function signalMarker(signal) {
  const state = signal?.state ?? 'none';
  if (state === 'raised') {
    return h('span', { class: 'cov-signal raised', role: 'img', 'aria-label': 'Silence signal raised' },
      '● silent', signal.since ? h('span', { class: 'hint' }, ' since ', timeEl(signal.since)) : null,
      signal.confidence !== null && signal.confidence !== undefined ? h('span', { class: 'hint' }, ` · confidence ${signal.confidence.toFixed(2)}`) : null);
  }
  if (state === 'watching') return h('span', { class: 'cov-signal watching' }, '◐ watching');
  if (state === 'recovered') return h('span', { class: 'cov-signal recovered' }, 'recovered ', signal.recoveredAt ? timeEl(signal.recoveredAt) : null);
  return h('span', { class: 'hint' }, '—');
}

function failingCell(c) {
  const n = c.sources.failing + c.sources.paused;
  if (!n) return h('span', { class: 'hint' }, '0');
  const r = c.failingByReason;
  const parts = [['network', r.network], ['HTTP', r.http], ['parse', r.parse], ['other', r.other]].filter(([, v]) => v > 0)
    .map(([k, v]) => `${v} ${k}`);
  return h('span', null, h('strong', { class: r.network ? 'cov-net' : null }, String(n)),
    h('div', { class: 'hint' }, parts.join(', ') + (c.sources.paused ? ` · ${c.sources.paused} paused` : '')));
}

export const coverage = (() => {
  let timer = null;
  let gen = 0;
  let sort = 'country';
  let descending = false;
  const open = new Set();

  function show() {
    load();
    clearInterval(timer);
    timer = setInterval(load, 30000);
  }

  function stop() {
    clearInterval(timer);
    timer = null;
  }

  async function load() {
    const g = ++gen;
    try {
      const data = await getJson(`${API}/coverage?sort=${descending ? '-' : ''}${sort}`);
      if (g !== gen) return;
      renderHead();
      const rows = [];
      for (const c of data.countries) {
        rows.push(row(c));
        if (open.has(c.country)) rows.push(detailRow(c.country));
      }
      fill($('coverage-body'), rows.length ? rows : h('tr', null, h('td', { colspan: COLUMNS.length, class: 'empty' },
        'No source has a country yet. Give sources a country in the Sources view to see coverage here.')));
      for (const cc of open) loadDetail(cc);
      const silent = data.countries.filter(c => c.signal?.state === 'raised').length;
      const warn = data.monitor?.connectivity === 'suspect';
      fill($('coverage-summary'), `${data.countries.length} countr${data.countries.length === 1 ? 'y' : 'ies'}, ${data.sources} sources`
        + (data.unassignedSources ? ` (${data.unassignedSources} without a country)` : '')
        + (silent ? ` · ${silent} silent` : '') + ` · updated ${new Date().toLocaleTimeString()}`);
      const banner = $('coverage-monitor');
      banner.hidden = !warn;
      if (warn) fill(banner, h('strong', null, 'The monitor itself may be offline. '), data.monitor.warning ?? '');
    } catch (e) {
      $('coverage-summary').textContent = `Could not load coverage: ${e.message}`;
    }
  }

  function renderHead() {
    fill($('coverage-head'), h('tr', null, COLUMNS.map(col => {
      const active = col.key === sort;
      return h('th', { scope: 'col', 'aria-sort': active ? (descending ? 'descending' : 'ascending') : 'none' },
        h('button', { type: 'button', class: 'cov-sort', onclick: () => {
          if (sort === col.key) descending = !descending; else { sort = col.key; descending = col.key !== 'country'; }
          load();
        } }, col.label, h('span', { 'aria-hidden': 'true', class: 'cov-arrow' }, active ? (descending ? ' ▼' : ' ▲') : '')));
    })));
  }

  function row(c) {
    const expanded = open.has(c.country);
    const detailId = 'cov-detail-' + c.country;
    return h('tr', { class: 'cov-row' + (c.signal?.state === 'raised' ? ' cov-silent' : ''), dataset: { country: c.country } },
      h('th', { scope: 'row', 'data-label': 'Country' },
        h('button', { type: 'button', class: 'cov-toggle', 'aria-expanded': String(expanded), 'aria-controls': detailId,
          onclick: () => { if (open.has(c.country)) open.delete(c.country); else open.add(c.country); load(); } },
        countryName(c.country), h('span', { class: 'hint' }, ` ${c.country}`))),
      h('td', { 'data-label': 'Sources' }, String(c.sources.registered),
        h('div', { class: 'hint' }, `${c.sources.active} active` + (c.sources.pending ? ` · ${c.sources.pending} pending` : '')
          + (c.hosts ? ` · ${c.hosts} host${c.hosts === 1 ? '' : 's'}` : ''))),
      h('td', { 'data-label': 'Failing' }, failingCell(c)),
      h('td', { 'data-label': 'Articles 24 h' }, String(c.articles.last24Hours),
        h('div', { class: 'hint' }, `${c.articles.lastHour} in the last hour`)),
      h('td', { 'data-label': 'Against baseline' }, againstBaseline(c.articles.last24Hours, c.articles.baseline24Hours),
        h('div', { class: 'hint' }, 'last hour: ', againstBaseline(c.articles.lastHour, c.articles.baselineHour))),
      h('td', { 'data-label': 'Last article' }, c.lastArticleAt ? timeEl(c.lastArticleAt) : h('span', { class: 'hint' }, 'none yet')),
      h('td', { 'data-label': 'Signal' }, signalMarker(c.signal)));
  }

  function detailRow(cc) {
    return h('tr', { class: 'cov-detail', id: 'cov-detail-' + cc },
      h('td', { colspan: COLUMNS.length }, h('p', { class: 'hint' }, 'Loading sources…')));
  }

  async function loadDetail(cc) {
    try {
      const c = await getJson(`${API}/coverage/${encodeURIComponent(cc)}`);
      const cell = document.querySelector(`#cov-detail-${cc} td`);
      if (!cell) return;
      fill(cell, c.signal?.reason ? h('p', { class: 'hint' }, c.signal.reason) : null,
        h('table', { class: 'cov-sources' },
          h('caption', { class: 'visually-hidden' }, `Sources in ${countryName(cc)}`),
          h('thead', null, h('tr', null, ['Source', 'Host', 'State', 'Reason', 'Last success', 'Articles 24 h']
            .map(t => h('th', { scope: 'col' }, t)))),
          h('tbody', null, c.sourceList.map(s => h('tr', { class: 'cov-src silence-' + s.silence },
            h('td', null, s.name || s.id),
            h('td', null, s.host),
            h('td', null, s.state, s.silence === 'network' || s.silence === 'quiet'
              ? h('div', { class: 'hint' }, s.silence === 'network' ? 'silent: network' : 'silent: far below usual') : null),
            h('td', { class: 'source-error' }, s.error ? `${s.error}` : '—', s.failure ? h('div', { class: 'hint' }, s.failure) : null),
            h('td', null, s.lastSuccessAt ? timeEl(s.lastSuccessAt) : '—'),
            h('td', null, againstBaseline(s.last24Hours, s.baseline24Hours)))))));
    } catch (e) {
      const cell = document.querySelector(`#cov-detail-${cc} td`);
      if (cell) fill(cell, h('p', { class: 'error' }, `Could not load the sources of ${cc}: ${e.message}`));
    }
  }

  function setUp() {
    $('coverage-refresh').addEventListener('click', load);
  }

  return { show, stop, setUp };
})();

/** A silence signal in the live alerts list: what was inferred, from which sources, and a link to the coverage view. */
export function signalCard(a, eventId, isNew) {
  const s = a.signal ?? {};
  const recovered = s.phase === 'recovered';
  const titleId = 'a-' + String(eventId ?? a.articleId ?? Math.random()).replace(/[^A-Za-z0-9_-]/g, '_');
  const cc = (a.countries ?? [])[0];
  return h('li', {
    class: 'alert signal' + (recovered ? ' recovered' : '') + (isNew ? ' is-new' : ''),
    dataset: { articleId: a.articleId ?? '', eventId: eventId ?? '' }, 'aria-labelledby': titleId,
  },
    h('div', { class: 'alert-head' },
      h('h2', { class: 'alert-title', id: titleId }, a.title || 'Silence signal'),
      h('span', { class: 'badge signal-badge', title: 'Inferred from the country\'s own sources, not reported' },
        recovered ? 'Recovered' : 'Inferred signal'),
      isNew ? h('span', { class: 'badge new' }, 'New') : null),
    h('p', { class: 'meta' }, 'silent since ', timeEl(s.since), a.raisedAt ? [' · ', recovered ? 'recovered ' : 'raised ', timeEl(a.raisedAt)] : null,
      ` · ${Math.round(Number(a.confidence ?? 0) * 100)}% confidence`),
    s.reason ? h('p', { class: 'hint' }, s.reason) : null,
    (s.evidence ?? []).length ? h('ul', { class: 'evidence' }, s.evidence.slice(0, 6).map(e => h('li', null,
      h('strong', null, e.name || e.sourceId), ` (${e.host}): `, e.silence === 'quiet'
        ? `${e.articles ?? 0} articles where ${num(e.expected)} are usual`
        : `${e.state}${e.failure ? ', ' + e.failure : ''}${e.error ? ' — ' + e.error : ''}`))) : null,
    h('p', { class: 'foot' }, cc ? h('a', { href: `?view=coverage`, 'data-route': 'coverage' }, `Coverage of ${countryName(cc)}`) : null));
}
