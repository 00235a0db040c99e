// Countersight dashboard: live alerts (SSE), timeline search, sources. No framework, no build step.
// All state that defines a view lives in the query string, so every view can be bookmarked and shared.
import {
  h, fill, highlighted, withTrigger, countryName, categoryLabel, categories, setTaxonomy, COUNTRY_CODES, timeEl, relative,
} from './dom.js';
import { stackedBars } from './chart.js';
import { vendorsView } from './vendors.js';
import { coverage, signalCard } from './coverage.js';

const API = '/api/v1';
const VIEWS = ['alerts', 'timeline', 'vendors', 'sources', 'coverage'];
/** Parameters that describe a view; everything else in the URL is dropped when we rewrite it. */
const STATE_KEYS = ['view', 'country', 'category', 'minConfidence', 'q', 'vendor', 'source', 'lang', 'interval', 'events', 'by', 'vendorId'];
const MAX_ALERTS = 300;
const KEY_STORAGE = 'countersight.apiKey';

const $ = id => document.getElementById(id);

// ---------------------------------------------------------------------------------------------------------
// URL state

function readState() {
  const p = new URLSearchParams(location.search);
  const s = {};
  for (const k of STATE_KEYS) {
    const v = p.get(k);
    if (v !== null && v.trim() !== '') s[k] = v.trim();
  }
  if (!VIEWS.includes(s.view)) s.view = 'alerts';
  return s;
}

function urlFor(state) {
  const p = new URLSearchParams();
  for (const k of STATE_KEYS) {
    if (k === 'view' && state.view === 'alerts') continue;
    if (state[k] !== undefined && state[k] !== null && String(state[k]) !== '') p.set(k, state[k]);
  }
  const qs = p.toString();
  return location.pathname + (qs ? '?' + qs : '');
}

function navigate(patch, { replace = false } = {}) {
  const next = { ...readState(), ...patch };
  for (const k of Object.keys(next)) if (next[k] === undefined || next[k] === null || next[k] === '') delete next[k];
  const url = urlFor(next);
  if (url !== location.pathname + location.search) {
    history[replace ? 'replaceState' : 'pushState'](null, '', url);
  }
  render();
}

/** API query string from state, only with the keys an endpoint understands. */
function apiQuery(state, keys, extra = {}) {
  const p = new URLSearchParams();
  for (const k of keys) if (state[k]) p.set(k, state[k]);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const qs = p.toString();
  return qs ? '?' + qs : '';
}

async function getJson(url, init) {
  const res = await fetch(url, { headers: { Accept: 'application/json' }, ...init });
  if (!res.ok) throw await problem(res);
  return res.json();
}

async function problem(res) {
  let detail = `${res.status} ${res.statusText}`;
  try {
    const p = await res.json();
    detail = p.detail || p.title || detail;
  } catch { /* not JSON */ }
  const e = new Error(detail);
  e.status = res.status;
  return e;
}

// ---------------------------------------------------------------------------------------------------------
// Shell: nav, filters

let current = null; // the view being shown

function render() {
  const state = readState();
  for (const v of VIEWS) $('view-' + v).hidden = v !== state.view;
  document.querySelectorAll('[data-view]').forEach(a => {
    const v = a.dataset.view;
    a.setAttribute('href', urlFor({ ...state, view: v }));
    if (v === state.view) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  syncFilterForm(state);
  $('filters').hidden = state.view === 'sources' || state.view === 'coverage';
  $('f-confidence-field').hidden = state.view === 'timeline';
  $('atom-link').setAttribute('href', '/feeds/alerts.atom' + apiQuery(state, ['country', 'category']));
  document.title = `${{ alerts: 'Live alerts', timeline: 'Timeline', vendors: 'Vendors', sources: 'Sources', coverage: 'Coverage' }[state.view]} · Countersight`;

  if (current !== state.view) {
    if (current === 'alerts') alerts.stop();
    if (current === 'sources') sources.stop();
    if (current === 'vendors') vendors.invalidate(); // fresh counts when the view is opened again
    if (current === 'coverage') coverage.stop();
    current = state.view;
  }
  if (state.view === 'alerts') alerts.show(state);
  if (state.view === 'timeline') timeline.show(state);
  if (state.view === 'vendors') vendors.show(state);
  if (state.view === 'sources') sources.show(state);
  if (state.view === 'coverage') coverage.show(state);
}

function syncFilterForm(state) {
  $('f-country').value = state.country ?? '';
  $('f-category').value = state.category ?? '';
  const c = Number.parseFloat(state.minConfidence ?? '0');
  $('f-minConfidence').value = Number.isFinite(c) ? String(c) : '0';
  $('f-minConfidence-out').value = Number($('f-minConfidence').value).toFixed(2);
}

function filtersFromForm() {
  const country = $('f-country').value.split(/[\s,;]+/).map(c => c.trim().toUpperCase()).filter(Boolean).join(',');
  const conf = Number($('f-minConfidence').value);
  return {
    country: country || undefined,
    category: $('f-category').value || undefined,
    minConfidence: conf > 0 ? conf.toFixed(2).replace(/0$/, '') : undefined,
  };
}

function setUpShell() {
  fill($('country-list'), COUNTRY_CODES.map(c => h('option', { value: c }, countryName(c))));
  fill($('f-category'), h('option', { value: '' }, categories().length ? 'any category' : 'categories unavailable'),
    categories().map(c => h('option', { value: c.id, title: c.definition }, c.label)));

  $('filters').addEventListener('submit', e => {
    e.preventDefault();
    navigate(filtersFromForm());
  });
  $('f-category').addEventListener('change', () => navigate(filtersFromForm()));
  $('f-minConfidence').addEventListener('input', () => {
    $('f-minConfidence-out').value = Number($('f-minConfidence').value).toFixed(2);
  });
  $('f-minConfidence').addEventListener('change', () => navigate(filtersFromForm()));
  $('f-clear').addEventListener('click', () => navigate({
    country: undefined, category: undefined, minConfidence: undefined, vendor: undefined, source: undefined, lang: undefined,
  }));

  // in-page navigation for the tabs: no reload, history entry per view
  document.addEventListener('click', e => {
    const a = e.target.closest('a[data-view], a[data-route]');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate({ view: a.dataset.view ?? a.dataset.route });
    $('main').focus({ preventScroll: true });
  });
  window.addEventListener('popstate', render);
}

// ---------------------------------------------------------------------------------------------------------
// Live alerts

const alerts = (() => {
  let source = null;      // EventSource
  let key = null;         // filters the stream was opened with
  let seen = new Set();   // event ids shown
  let unseen = 0;
  let generation = 0;     // guards against late responses after a filter change
  let audio = null;

  const list = () => $('alerts-list');

  function streamKey(state) {
    return apiQuery(state, ['country', 'category', 'minConfidence']);
  }

  async function show(state) {
    const k = streamKey(state);
    if (source && k === key) return;
    stop();
    key = k;
    const gen = ++generation;
    seen = new Set();
    unseen = 0;
    fill(list());
    setStatus('connecting', 'Connecting…');
    let position = null;
    try {
      const recent = await getJson(`${API}/alerts${apiQuery(state, ['country', 'category', 'minConfidence'], { limit: 100 })}`);
      if (gen !== generation) return;
      position = recent.lastEventId;
      for (const item of recent.items) list().appendChild(card(item.alert, item.eventId, false));
      recent.items.forEach(i => seen.add(i.eventId));
      summary();
    } catch (e) {
      if (gen !== generation) return;
      setStatus('error', `Could not load recent alerts: ${e.message}`);
    }
    if (gen !== generation) return;
    open(state, position);
  }

  function open(state, position) {
    // The browser sends Last-Event-ID by itself on every reconnect once an event arrived; until then the
    // lastEventId parameter (the position of the recent list) tells the server where we are.
    const url = `${API}/alerts/stream${apiQuery(state, ['country', 'category', 'minConfidence'], { lastEventId: position })}`;
    const es = new EventSource(url);
    source = es;
    es.addEventListener('open', () => setStatus('live', 'Live: new alerts appear here as they are raised'));
    es.addEventListener('error', () => {
      if (source !== es) return;
      if (es.readyState === EventSource.CLOSED) {
        // the server refused (e.g. 400): EventSource gives up; retry ourselves after a pause
        setStatus('error', 'Disconnected; retrying in 10 s…');
        setTimeout(() => { if (source === es) { source = null; key = null; show(readState()); } }, 10000);
      } else {
        setStatus('connecting', 'Connection lost; reconnecting…');
      }
    });
    es.addEventListener('alert', ev => {
      if (source !== es || seen.has(ev.lastEventId)) return;
      let alert;
      try { alert = JSON.parse(ev.data); } catch { return; }
      seen.add(ev.lastEventId);
      const el = card(alert, ev.lastEventId, true);
      list().prepend(el);
      while (list().children.length > MAX_ALERTS) list().lastElementChild.remove();
      unseen++;
      summary();
      notify(alert);
    });
  }

  function stop() {
    generation++;
    if (source) source.close();
    source = null;
    key = null;
  }

  function setStatus(state, text) {
    const el = $('stream-status');
    el.dataset.state = state;
    el.textContent = text;
  }

  function summary() {
    const n = list().children.length;
    $('alerts-empty').hidden = n > 0;
    $('alerts-summary').textContent = n === 0 ? ''
      : `${n} alert${n === 1 ? '' : 's'} shown, newest first${unseen ? ` · ${unseen} new` : ''}`;
    document.title = (unseen ? `(${unseen}) ` : '') + 'Live alerts · Countersight';
  }

  function markSeen() {
    list().querySelectorAll('.alert.is-new').forEach(el => el.classList.remove('is-new'));
    unseen = 0;
    summary();
  }

  function card(a, eventId, isNew) {
    if (a.kind === 'signal') return signalCard(a, eventId, isNew);
    const events = Array.isArray(a.events) ? a.events : [];
    const vendors = [...new Set(events.flatMap(e => e.vendors ?? []))];
    const denied = events.some(e => e.denied);
    const countries = (a.countries ?? []).length ? a.countries : [...new Set(events.map(e => e.country).filter(Boolean))];
    const categories = (a.categories ?? []).length ? a.categories : [...new Set(events.map(e => e.category).filter(Boolean))];
    const conf = Number(a.confidence ?? 0);
    const titleId = 'a-' + String(eventId ?? a.articleId ?? Math.random()).replace(/[^A-Za-z0-9_-]/g, '_');
    return h('li', {
      class: 'alert' + (isNew ? ' is-new' : '') + (denied ? ' is-denied' : ''),
      dataset: { articleId: a.articleId ?? '', eventId: eventId ?? '' }, 'aria-labelledby': titleId,
    },
      h('div', { class: 'alert-head' },
        h('h2', { class: 'alert-title', id: titleId },
          h('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank' }, a.title || '(untitled)')),
        isNew ? h('span', { class: 'badge new' }, 'New') : null,
        denied ? h('span', { class: 'badge denied', title: 'The article reports that the event was denied' }, 'Denied') : null),
      h('p', { class: 'meta' },
        h('span', { class: 'source' }, a.sourceName || a.sourceId || 'unknown source'), ' · ',
        'published ', timeEl(a.publishedAt),
        a.raisedAt ? [' · raised ', timeEl(a.raisedAt)] : null),
      h('div', { class: 'chips' },
        countries.map(c => h('button', {
          type: 'button', class: 'chip country', title: `Show only ${countryName(c)}`,
          onclick: () => navigate({ country: c }),
        }, countryName(c), ' ', h('span', { class: 'code' }, c))),
        categories.map(c => h('button', {
          type: 'button', class: 'chip category', title: `Show only ${categoryLabel(c)}`,
          onclick: () => navigate({ category: c }),
        }, categoryLabel(c))),
        h('span', { class: 'confidence', title: 'Confidence of the strongest event' },
          h('meter', { min: 0, max: 1, low: 0.5, high: 0.75, optimum: 1, value: conf.toFixed(2), 'aria-hidden': 'true' }),
          ` ${Math.round(conf * 100)}% confidence`)),
      events.length ? h('ul', { class: 'evidence' }, evidence(events).slice(0, 4).map(g => h('li', null,
        h('blockquote', null, withTrigger(g.sentence, g.trigger)),
        h('p', { class: 'hint' },
          g.categories.map(categoryLabel).join(', '), g.country ? ` · ${countryName(g.country)}` : '',
          ` · ${Math.round(g.confidence * 100)}%`,
          g.actors.length ? ` · actors: ${g.actors.join(', ')}` : '',
          g.denied ? ' · denied' : '')))) : null,
      h('p', { class: 'foot' },
        vendors.length ? h('span', { class: 'vendors' }, 'Vendors: ', vendors.join(', ')) : h('span', { class: 'hint' }, 'No vendor named'),
        ' · ', h('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank' }, 'Read the article'),
        a.articleId ? [' · ', h('a', { href: `${API}/articles/${encodeURIComponent(a.articleId)}` }, 'JSON')] : null));
  }

  /** One entry per evidence sentence (an article's categories often share one), strongest first. */
  function evidence(events) {
    const groups = new Map();
    for (const e of events) {
      const k = `${e.sentence ?? ''}\u0000${e.country ?? ''}`;
      const g = groups.get(k) ?? { sentence: e.sentence, trigger: e.trigger, country: e.country, categories: [],
        confidence: 0, actors: [], denied: false };
      if (e.category && !g.categories.includes(e.category)) g.categories.push(e.category);
      g.confidence = Math.max(g.confidence, Number(e.confidence ?? 0));
      for (const a of e.actors ?? []) if (!g.actors.includes(a)) g.actors.push(a);
      g.denied ||= !!e.denied;
      groups.set(k, g);
    }
    return [...groups.values()].sort((a, b) => b.confidence - a.confidence);
  }

  // sound and notifications (preferences in localStorage; nothing secret)
  function setUpToggles() {
    const sound = $('t-sound');
    const notif = $('t-notify');
    sound.checked = localStorage.getItem('countersight.sound') === '1';
    notif.checked = localStorage.getItem('countersight.notify') === '1' && 'Notification' in window
      && Notification.permission === 'granted';
    if (!('Notification' in window)) { notif.disabled = true; notif.parentElement.title = 'Not supported by this browser'; }
    sound.addEventListener('change', () => {
      localStorage.setItem('countersight.sound', sound.checked ? '1' : '0');
      if (sound.checked) beep(); // also unlocks audio after a user gesture
    });
    notif.addEventListener('change', async () => {
      if (notif.checked && Notification.permission !== 'granted') {
        const p = await Notification.requestPermission();
        if (p !== 'granted') { notif.checked = false; setStatus($('stream-status').dataset.state, 'Notifications were not allowed by the browser'); }
      }
      localStorage.setItem('countersight.notify', notif.checked ? '1' : '0');
    });
    $('mark-read').addEventListener('click', markSeen);
  }

  function beep() {
    try {
      audio ??= new (window.AudioContext || window.webkitAudioContext)();
      const o = audio.createOscillator();
      const g = audio.createGain();
      o.type = 'sine';
      o.frequency.value = 880;
      g.gain.setValueAtTime(0.0001, audio.currentTime);
      g.gain.exponentialRampToValueAtTime(0.2, audio.currentTime + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
      o.connect(g).connect(audio.destination);
      o.start();
      o.stop(audio.currentTime + 0.3);
    } catch { /* no audio */ }
  }

  function notify(a) {
    if ($('t-sound').checked) beep();
    if ($('t-notify').checked && 'Notification' in window && Notification.permission === 'granted') {
      try {
        const n = new Notification(a.title || 'New surveillance alert', {
          body: [(a.countries ?? []).map(countryName).join(', '), (a.categories ?? []).map(categoryLabel).join(', ')]
            .filter(Boolean).join(' · '),
          tag: a.articleId,
        });
        n.onclick = () => { window.focus(); n.close(); };
      } catch { /* some platforms only allow service-worker notifications */ }
    }
  }

  return { show, stop, setUpToggles };
})();

// ---------------------------------------------------------------------------------------------------------
// Timeline

const timeline = (() => {
  const SEARCH_KEYS = ['q', 'country', 'category', 'vendor', 'source', 'lang'];
  let key = null;
  let gen = 0;
  let nextCursor = null;

  function queryOf(state) {
    return apiQuery(state, SEARCH_KEYS, { surveillance: state.events === 'all' ? undefined : 'true' });
  }

  async function show(state) {
    $('s-q').value = state.q ?? '';
    $('s-events').checked = state.events !== 'all';
    $('s-interval').value = ['day', 'week', 'month'].includes(state.interval) ? state.interval : 'day';
    activeFilters(state);
    const k = queryOf(state) + '|' + (state.interval ?? 'day');
    if (k === key) return;
    key = k;
    const g = ++gen;
    const q = queryOf(state);
    $('export-csv').setAttribute('href', `${API}/articles/export${q}${q ? '&' : '?'}format=csv`);
    $('export-jsonl').setAttribute('href', `${API}/articles/export${q}${q ? '&' : '?'}format=jsonl`);
    $('results-count').textContent = 'Searching…';
    $('results').setAttribute('aria-busy', 'true');
    const interval = $('s-interval').value;
    $('chart-interval').textContent = interval;
    const [search, hist] = await Promise.allSettled([
      getJson(`${API}/articles${q}${q ? '&' : '?'}limit=25`),
      getJson(`${API}/timeline${q}${q ? '&' : '?'}interval=${interval}`),
    ]);
    if (g !== gen) return;
    $('results').removeAttribute('aria-busy');
    if (search.status === 'fulfilled') {
      results(search.value, false);
      facets(search.value.facets ?? {}, state);
      countries(search.value.facets?.country ?? [], state);
    } else {
      $('results-count').textContent = 'Search failed';
      fill($('results'), h('li', { class: 'error' }, search.reason.message));
      fill($('facets'));
      fill($('countries'));
    }
    if (hist.status === 'fulfilled') {
      lastTimeline = hist.value;
      drawChart();
    } else {
      lastTimeline = null;
      fill($('chart'), h('p', { class: 'error' }, hist.reason.message));
    }
  }

  let lastTimeline = null;
  let drawnWidth = 0;

  function drawChart() {
    if (!lastTimeline) return;
    drawnWidth = $('chart').clientWidth || 720;
    fill($('chart'), stackedBars(lastTimeline, c => navigate({ category: c }), drawnWidth));
  }

  function results(page, more) {
    if (!more) fill($('results'));
    const total = page.total ?? 0;
    $('results-count').textContent = `${total.toLocaleString()} article${total === 1 ? '' : 's'}`;
    for (const a of page.items ?? []) $('results').appendChild(result(a));
    if (!more && !(page.items ?? []).length) {
      $('results').appendChild(h('li', { class: 'empty' }, 'No articles match. Try fewer words or filters.'));
    }
    nextCursor = page.nextCursor ?? null;
    $('more').hidden = !nextCursor;
  }

  function result(a) {
    return h('li', { class: 'result', dataset: { articleId: a.id ?? '' } },
      h('h3', null, h('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank' }, a.title || '(untitled)')),
      h('p', { class: 'meta' }, a.sourceName || a.sourceId || '', ' · ', timeEl(a.publishedAt),
        a.language ? ` · ${a.language}` : ''),
      h('p', { class: 'snippet' }, a.snippet ? highlighted(a.snippet) : (a.summary ?? '')),
      h('div', { class: 'chips' },
        (a.countries ?? []).map(c => h('button', { type: 'button', class: 'chip country', onclick: () => navigate({ country: c }) },
          countryName(c), ' ', h('span', { class: 'code' }, c))),
        (a.categories ?? []).map(c => h('button', { type: 'button', class: 'chip category', onclick: () => navigate({ category: c }) },
          categoryLabel(c))),
        (a.vendors ?? []).length ? h('span', { class: 'vendors' }, 'Vendors: ', a.vendors.join(', ')) : null));
  }

  async function more() {
    if (!nextCursor) return;
    const state = readState();
    const q = queryOf(state);
    const g = gen;
    try {
      const page = await getJson(`${API}/articles${q}${q ? '&' : '?'}limit=25&facets=false&cursor=${encodeURIComponent(nextCursor)}`);
      if (g === gen) results(page, true);
    } catch (e) {
      $('results').appendChild(h('li', { class: 'error' }, e.message));
    }
  }

  const FACET_TITLES = { category: 'Category', vendor: 'Vendor', source: 'Source', lang: 'Language', country: 'Country' };

  function facets(f, state) {
    const blocks = [];
    for (const dim of ['category', 'vendor', 'source', 'lang']) {
      const values = f[dim] ?? [];
      if (!values.length) continue;
      blocks.push(h('div', { class: 'facet' },
        h('h3', null, FACET_TITLES[dim]),
        h('ul', null, values.map(v => {
          const active = (state[dim] ?? '').split(',').includes(v.value);
          const label = dim === 'category' ? categoryLabel(v.value) : v.value;
          return h('li', null, h('button', {
            type: 'button', class: 'facet-value', 'aria-pressed': active ? 'true' : 'false',
            onclick: () => navigate({ [dim]: active ? undefined : v.value }),
          }, h('span', { class: 'facet-label' }, label), h('span', { class: 'count' }, v.count.toLocaleString())));
        }))));
    }
    fill($('facets'), blocks.length ? blocks : h('p', { class: 'hint' }, 'No facets for this result.'));
  }

  function countries(values, state) {
    const max = Math.max(1, ...values.map(v => v.count));
    const selected = (state.country ?? '').split(',');
    fill($('countries'), values.length ? values.map(v => h('li', null, h('button', {
      type: 'button', class: 'bar-row', 'aria-pressed': selected.includes(v.value) ? 'true' : 'false',
      title: selected.includes(v.value) ? 'Remove this country filter' : `Show only ${countryName(v.value)}`,
      onclick: () => navigate({ country: selected.includes(v.value) ? undefined : v.value }),
    },
      h('span', { class: 'bar-label' }, countryName(v.value), ' ', h('span', { class: 'code' }, v.value)),
      h('span', { class: 'bar-track', 'aria-hidden': 'true' }, h('span', { class: 'bar-fill', style: `width:${(100 * v.count / max).toFixed(1)}%` })),
      h('span', { class: 'count' }, v.count.toLocaleString())))) : h('li', { class: 'hint' }, 'No event countries in this result.'));
  }

  function activeFilters(state) {
    const chips = [];
    const labels = { country: 'Country', category: 'Category', vendor: 'Vendor', source: 'Source', lang: 'Language' };
    for (const k of Object.keys(labels)) {
      if (!state[k]) continue;
      const shown = k === 'country' ? state[k].split(',').map(countryName).join(', ')
        : k === 'category' ? state[k].split(',').map(categoryLabel).join(', ') : state[k];
      chips.push(h('button', { type: 'button', class: 'chip removable', onclick: () => navigate({ [k]: undefined }),
        'aria-label': `Remove filter ${labels[k]}: ${shown}` }, `${labels[k]}: ${shown} `, h('span', { 'aria-hidden': 'true' }, '×')));
    }
    fill($('active-filters'), chips);
  }

  function setUp() {
    $('search').addEventListener('submit', e => {
      e.preventDefault();
      navigate({
        q: $('s-q').value.trim() || undefined,
        events: $('s-events').checked ? undefined : 'all',
        interval: $('s-interval').value === 'day' ? undefined : $('s-interval').value,
      });
    });
    $('s-events').addEventListener('change', () => navigate({ events: $('s-events').checked ? undefined : 'all' }));
    $('s-interval').addEventListener('change', () => navigate({ interval: $('s-interval').value === 'day' ? undefined : $('s-interval').value }));
    $('more').addEventListener('click', more);
    let pending = null;
    window.addEventListener('resize', () => {
      clearTimeout(pending);
      pending = setTimeout(() => {
        if (!$('view-timeline').hidden && Math.abs(($('chart').clientWidth || 0) - drawnWidth) > 40) drawChart();
      }, 200);
    });
  }

  return { show, setUp };
})();

// ---------------------------------------------------------------------------------------------------------
// Sources

const sources = (() => {
  let timer = null;
  let gen = 0;
  const HEALTH_ORDER = { ERROR: 0, PAUSED: 1, PENDING: 2, NOT_MODIFIED: 3, OK: 3 };

  function apiKey() {
    return sessionStorage.getItem(KEY_STORAGE) ?? '';
  }

  function show() {
    keyStatus();
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
      const list = await getJson(`${API}/sources`);
      if (g !== gen) return;
      list.sort((a, b) => (HEALTH_ORDER[a.health] ?? 2) - (HEALTH_ORDER[b.health] ?? 2)
        || String(a.name ?? '').localeCompare(String(b.name ?? '')));
      fill($('sources-body'), list.length ? list.map(row) : h('tr', null, h('td', { colspan: 6, class: 'empty' },
        'No sources yet. Add a feed below or import an OPML file.')));
      const failing = list.filter(s => s.health === 'ERROR').length;
      $('sources-summary').textContent = `${list.length} source${list.length === 1 ? '' : 's'}`
        + (failing ? ` · ${failing} failing` : '') + ` · updated ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      $('sources-summary').textContent = `Could not load sources: ${e.message}`;
    }
  }

  function row(s) {
    const st = s.status ?? {};
    const health = s.health ?? 'PENDING';
    return h('tr', { class: 'source-row health-' + health.toLowerCase(), dataset: { sourceId: s.id ?? '' } },
      h('td', { 'data-label': 'Source' },
        h('div', { class: 'source-name' }, s.name || s.url),
        h('a', { href: s.url, class: 'source-url', rel: 'noopener noreferrer', target: '_blank' }, s.url),
        h('div', { class: 'hint' }, [s.country ? countryName(s.country) : null, s.language,
          s.pollIntervalMinutes ? `every ${s.pollIntervalMinutes} min` : null].filter(Boolean).join(' · '))),
      h('td', { 'data-label': 'Health' }, h('span', { class: 'health ' + health.toLowerCase() }, health.replace('_', ' ')),
        st.httpStatus ? h('div', { class: 'hint' }, `HTTP ${st.httpStatus}`) : null,
        st.consecutiveFailures ? h('div', { class: 'hint' }, `${st.consecutiveFailures} failure${st.consecutiveFailures === 1 ? '' : 's'} in a row`) : null),
      h('td', { 'data-label': 'Last fetch' },
        st.lastAttemptAt ? timeEl(st.lastAttemptAt) : h('span', { class: 'hint' }, 'not yet'),
        st.lastSuccessAt && st.lastSuccessAt !== st.lastAttemptAt ? h('div', { class: 'hint' }, 'last success ', timeEl(st.lastSuccessAt)) : null,
        st.nextPollAt ? h('div', { class: 'hint' }, 'next ', timeEl(st.nextPollAt)) : null),
      h('td', { 'data-label': 'Error', class: 'source-error' }, st.error ? st.error : h('span', { class: 'hint' }, '—')),
      h('td', { 'data-label': 'Items' }, st.itemsTotal !== undefined ? String(st.itemsTotal) : '—',
        st.itemsNew ? h('div', { class: 'hint' }, `${st.itemsNew} new last time`) : null),
      h('td', null, h('button', { type: 'button', class: 'btn small danger', onclick: () => remove(s),
        'aria-label': `Remove source ${s.name || s.url}` }, 'Remove')));
  }

  function keyStatus() {
    $('k-status').textContent = apiKey() ? 'A key is set for this session.' : 'No key set: reading works, changes will be refused.';
  }

  function authHeaders() {
    const k = apiKey();
    return k ? { Authorization: 'Bearer ' + k } : {};
  }

  async function remove(s) {
    if (!apiKey()) { $('k-key').focus(); $('k-status').textContent = 'Enter the API key first.'; return; }
    if (!confirm(`Stop polling "${s.name || s.url}"? Articles already found stay.`)) return;
    const res = await fetch(`${API}/sources/${encodeURIComponent(s.id)}`, { method: 'DELETE', headers: authHeaders() });
    $('sources-summary').textContent = res.ok ? `Removed ${s.name || s.url}.` : `Not removed: ${(await problem(res)).message}`;
    load();
  }

  async function post(body) {
    const res = await fetch(`${API}/sources`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...authHeaders() },
      body: JSON.stringify(body),
    });
    if (res.ok) return { ok: true, source: await res.json() };
    const e = await problem(res);
    return { ok: false, status: res.status, message: e.message };
  }

  function setUp() {
    $('key-form').addEventListener('submit', e => {
      e.preventDefault();
      const k = $('k-key').value.trim();
      if (k) sessionStorage.setItem(KEY_STORAGE, k); else sessionStorage.removeItem(KEY_STORAGE);
      $('k-key').value = '';
      keyStatus();
    });
    $('k-forget').addEventListener('click', () => { sessionStorage.removeItem(KEY_STORAGE); keyStatus(); });

    $('add-form').addEventListener('submit', async e => {
      e.preventDefault();
      const status = $('a-status');
      if (!apiKey()) { status.textContent = 'Enter the API key first (above).'; $('k-key').focus(); return; }
      const interval = $('a-interval').value ? Number($('a-interval').value) : undefined;
      const body = {
        url: $('a-url').value.trim(), name: $('a-name').value.trim() || undefined,
        country: $('a-country').value.trim() || undefined, language: $('a-language').value.trim() || undefined,
        pollIntervalMinutes: interval,
      };
      status.textContent = 'Adding…';
      const r = await post(body);
      if (r.ok) {
        status.textContent = `Added "${r.source.name}". It shows as PENDING until ingest-service has polled it.`;
        $('add-form').reset();
        load();
      } else {
        status.textContent = `Not added (${r.status}): ${r.message}`;
      }
    });

    $('opml-form').addEventListener('submit', async e => {
      e.preventDefault();
      const status = $('o-status');
      const file = $('o-file').files[0];
      if (!apiKey()) { status.textContent = 'Enter the API key first (above).'; $('k-key').focus(); return; }
      if (!file) { status.textContent = 'Choose an OPML file.'; return; }
      if (file.size > 1024 * 1024) { status.textContent = 'That file is larger than 1 MB; split it.'; return; }
      status.textContent = 'Importing…';
      // the server reads the OPML (one parser, DTDs refused) and answers per outline
      const res = await fetch(`${API}/sources/opml`, {
        method: 'POST', headers: { 'Content-Type': 'text/x-opml', Accept: 'application/json', ...authHeaders() }, body: file,
      });
      if (!res.ok) {
        const e = await problem(res);
        status.textContent = res.status === 401 ? 'The API key was refused; nothing imported.' : `Not imported (${res.status}): ${e.message}`;
        return;
      }
      const result = await res.json();
      const outlines = result.outlines ?? [];
      if (!outlines.length) { status.textContent = 'No feeds (outlines with xmlUrl) in this file.'; return; }
      fill($('opml-report'), outlines.map(o => h('li', null,
        h('span', { class: 'opml-title' }, o.title || o.xmlUrl || 'untitled outline'), ' ', h('span', { class: 'hint' }, o.xmlUrl ?? ''), ' — ',
        o.result === 'created' ? h('span', { class: 'ok' }, 'added')
          : o.result === 'present' ? h('span', { class: 'hint' }, 'already registered')
            : h('span', { class: 'error' }, `refused: ${o.reason ?? 'no reason given'}`))));
      status.textContent = `OPML: ${result.created} added, ${result.present} already registered, ${result.rejected} refused.`;
      load();
    });
    $('sources-refresh').addEventListener('click', load);
  }

  return { show, stop, setUp };
})();

// ---------------------------------------------------------------------------------------------------------

/** The categories come from the API (one list, in the events module); without them the page still works, unlabelled. */
async function loadTaxonomy() {
  try {
    setTaxonomy((await getJson(`${API}/taxonomy`)).categories);
  } catch (e) {
    console.warn('taxonomy not loaded:', e?.message ?? e);
  }
}

await loadTaxonomy();
const vendors = vendorsView({ API, getJson, apiQuery, navigate, $ });

setUpShell();
vendors.setUp();
alerts.setUpToggles();
timeline.setUp();
sources.setUp();
coverage.setUp();
render();
// keep relative times fresh
setInterval(() => document.querySelectorAll('time[datetime]').forEach(t => {
  t.textContent = relative(new Date(t.getAttribute('datetime')));
}), 60000);
