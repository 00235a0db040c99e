// The Vendors view: a world map of events per country, the flows (vendor country → buyer country) as a ranked
// table, the vendors ranked, and one vendor's page (timeline, deployments, evidence). Everything it shows comes
// from GET /api/v1/map, /flows and /vendors; the map shapes from world.json on this origin (made once by
// api-service/tools/worldmap). State lives in the URL (country, category, minConfidence, by, vendorId).
import { h, fill, countryName, categoryLabel, timeEl } from './dom.js';

const STEPS = 5; // colour classes map-q1..map-q5; map-q0 is "no events"

export function vendorsView({ API, getJson, apiQuery, navigate, $ }) {
  let world = null;      // {width, height, countries: [{code, name, d}]}
  let gen = 0;
  let key = null;

  async function loadWorld() {
    if (!world) world = await getJson('world.json');
    return world;
  }

  /** The filters the vendor endpoints take, from the page state. */
  function filters(state, without = []) {
    return apiQuery(state, ['country', 'category', 'minConfidence'].filter(k => !without.includes(k)));
  }

  const join = (q, extra) => q + (q ? '&' : '?') + extra;

  /** The vendor page's address, keeping the current filters. */
  function vendorHref(id) {
    const p = new URLSearchParams(location.search);
    p.set('view', 'vendors');
    p.set('vendorId', id);
    return '?' + p.toString();
  }

  async function show(state) {
    const by = state.by === 'vendor' ? 'vendor' : 'country';
    const k = [filters(state), by, state.vendorId ?? ''].join('|');
    $('vendor-page').hidden = !state.vendorId;
    $('vendors-overview').hidden = !!state.vendorId;
    if (k === key) return;
    key = k;
    const g = ++gen;
    if (state.vendorId) {
      await vendorPage(state, g);
      return;
    }
    $('flows-by').value = by;
    const q = filters(state);
    $('flows-csv').setAttribute('href', `${API}/flows${join(q, `format=csv&by=${by}`)}`);
    $('flows-gexf').setAttribute('href', `${API}/flows${join(q, `format=gexf&by=${by}`)}`);
    $('flows-body').parentElement.setAttribute('aria-busy', 'true');
    // the map leaves out the country filter, so the other countries stay visible and clickable
    const [shapes, counts, flows, vendors] = await Promise.allSettled([
      loadWorld(),
      getJson(`${API}/map${filters(state, ['country'])}`),
      getJson(`${API}/flows${join(q, `by=${by}&limit=100&samples=1`)}`),
      getJson(`${API}/vendors${join(q, 'limit=25')}`),
    ]);
    if (g !== gen) return;
    $('flows-body').parentElement.removeAttribute('aria-busy');
    if (shapes.status === 'fulfilled' && counts.status === 'fulfilled') {
      drawMap(shapes.value, counts.value, state);
    } else {
      fill($('world-map'), h('p', { class: 'error' }, (shapes.reason ?? counts.reason).message));
      fill($('map-list'));
    }
    if (flows.status === 'fulfilled') drawFlows(flows.value, by);
    else {
      $('flows-summary').textContent = 'Flows could not be loaded';
      fill($('flows-body'), h('tr', null, h('td', { colspan: 5, class: 'error' }, flows.reason.message)));
    }
    if (vendors.status === 'fulfilled') drawVendors(vendors.value);
    else fill($('vendor-list'), h('li', { class: 'error' }, vendors.reason.message));
  }

  // ------------------------------------------------------------------------------------------------------
  // map

  function level(n, max) {
    if (!n) return 0;
    // log scale: one article already shows, the busiest country is the darkest
    return Math.max(1, Math.min(STEPS, Math.ceil((Math.log(n + 1) / Math.log(max + 1)) * STEPS)));
  }

  function drawMap(shapes, counts, state) {
    const byCode = new Map((counts.countries ?? []).map(c => [c.code, c.events]));
    const max = counts.max ?? 0;
    const selected = new Set((state.country ?? '').split(',').filter(Boolean));
    const svg = h('svg', {
      viewBox: `0 0 ${shapes.width} ${shapes.height}`, class: 'world', role: 'group',
      'aria-labelledby': 'map-title', preserveAspectRatio: 'xMidYMid meet',
    });
    svg.appendChild(h('title', { id: 'map-title' }, 'World map: articles with a surveillance event per country'));
    const focusable = [];
    for (const c of shapes.countries) {
      const n = c.code ? byCode.get(c.code) ?? 0 : 0;
      const name = c.code ? countryName(c.code) : c.name;
      const label = `${name}: ${n} article${n === 1 ? '' : 's'}`;
      const active = c.code && n > 0;
      const p = h('path', {
        d: c.d,
        class: `country map-q${level(n, max)}${selected.has(c.code) ? ' is-selected' : ''}${active ? ' has-events' : ''}`,
        dataset: c.code ? { code: c.code } : undefined,
        // only countries with events are tab stops, so the keyboard path is short; the list below has them all
        tabindex: active ? 0 : undefined,
        role: active ? 'button' : undefined,
        'aria-label': active ? `${label}; show only ${name}` : undefined,
        'aria-pressed': active ? String(selected.has(c.code)) : undefined,
        'aria-hidden': active ? undefined : 'true',
      });
      p.appendChild(h('title', null, label));
      if (c.code) {
        p.addEventListener('click', () => pick(c.code, selected));
        if (active) {
          p.addEventListener('keydown', e => {
            if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(c.code, selected); }
          });
          focusable.push(p);
        }
      }
      svg.appendChild(p);
    }
    // selected and active shapes last, so their outline is not covered by neighbours
    focusable.forEach(p => svg.appendChild(p));
    svg.querySelectorAll('.is-selected').forEach(p => svg.appendChild(p));
    fill($('world-map'), svg);
    fill($('map-legend'), legend(max));
    $('map-summary').textContent = counts.total
      ? `${counts.total.toLocaleString()} article${counts.total === 1 ? '' : 's'} with an event in `
        + `${(counts.countries ?? []).length} countr${(counts.countries ?? []).length === 1 ? 'y' : 'ies'}`
        + (selected.size ? ` · showing ${[...selected].map(countryName).join(', ')}` : '')
      : 'No events match these filters.';
    $('map-clear').hidden = selected.size === 0;
    fill($('map-list'), (counts.countries ?? []).slice(0, 30).map(c => h('li', null,
      h('button', {
        type: 'button', class: 'chip country' + (selected.has(c.code) ? ' is-selected' : ''),
        'aria-pressed': String(selected.has(c.code)), dataset: { code: c.code },
        onclick: () => pick(c.code, selected),
      }, countryName(c.code), ' ', h('span', { class: 'code' }, c.code), ' ', h('span', { class: 'count' }, String(c.events))))));
  }

  function pick(code, selected) {
    // clicking the only selected country again clears the filter
    navigate({ country: selected.size === 1 && selected.has(code) ? undefined : code });
  }

  /** The colour classes with the counts each stands for; levels no whole count falls in are left out. */
  function legend(max) {
    if (!max) return null;
    const items = [h('span', { class: 'legend-item' }, h('span', { class: 'swatch map-q0', 'aria-hidden': 'true' }), 'none')];
    const edge = q => Math.pow(max + 1, q / STEPS); // level q holds the n with edge(q-1) < n+1 <= edge(q)
    for (let q = 1; q <= STEPS; q++) {
      const lo = Math.max(1, Math.floor(edge(q - 1) + 1e-9));
      const hi = Math.min(max, Math.floor(edge(q) - 1 + 1e-9));
      if (lo > hi) continue;
      items.push(h('span', { class: 'legend-item' }, h('span', { class: `swatch map-q${q}`, 'aria-hidden': 'true' }),
        lo === hi ? String(lo) : `${lo}–${hi}`));
    }
    return items;
  }

  // ------------------------------------------------------------------------------------------------------
  // flows and vendor list

  function drawFlows(flows, by) {
    const edges = flows.edges ?? [];
    $('flows-summary').textContent = edges.length
      ? `${flows.total.toLocaleString()} flow${flows.total === 1 ? '' : 's'}${flows.total > edges.length ? `, the ${edges.length} largest shown` : ''}`
      : 'No vendor of the registry is named in events matching these filters.';
    $('flows-from-head').textContent = by === 'vendor' ? 'Vendor' : 'Vendor country';
    fill($('flows-body'), edges.map(e => {
      const ev = (e.evidence ?? [])[0];
      const from = by === 'vendor'
        ? h('a', { href: vendorHref(e.vendor), dataset: { vendorId: e.vendor } },
          e.vendorName ?? e.vendor, ' ', h('span', { class: 'code' }, e.from))
        : [countryName(e.from), ' ', h('span', { class: 'code' }, e.from)];
      return h('tr', { dataset: { from: e.from, to: e.to, category: e.category } },
        h('th', { scope: 'row', 'data-label': by === 'vendor' ? 'Vendor' : 'Vendor country' }, from,
          by === 'country' && (e.vendors ?? []).length
            ? h('span', { class: 'hint vendors-of' }, ' (', e.vendors.map((id, i) => [i ? ', ' : '',
              h('a', { href: vendorHref(id), dataset: { vendorId: id } }, id)]), ')') : null),
        h('td', { 'data-label': 'Buyer country' }, h('button', {
          type: 'button', class: 'linklike', onclick: () => navigate({ country: e.to }),
          title: `Show only ${countryName(e.to)}`,
        }, countryName(e.to), ' ', h('span', { class: 'code' }, e.to))),
        h('td', { 'data-label': 'Category' }, categoryLabel(e.category)),
        h('td', { 'data-label': 'Articles', class: 'num' }, String(e.count)),
        h('td', { 'data-label': 'Evidence' },
          ev ? h('details', null,
            h('summary', null, 'last seen ', timeEl(e.lastSeen)),
            h('blockquote', null, ev.sentence ?? ''),
            h('p', { class: 'hint' }, h('a', { href: ev.url, rel: 'noopener noreferrer', target: '_blank' },
              ev.title || 'the article'))) : timeEl(e.lastSeen)));
    }));
  }

  function drawVendors(list) {
    const items = list.items ?? [];
    fill($('vendor-list'), items.length ? items.map(v => h('li', null,
      h('a', { href: vendorHref(v.id), dataset: { vendorId: v.id } }, v.name),
      ' ', h('span', { class: 'code' }, v.homeCountry),
      h('span', { class: 'hint' }, ` · ${v.events} article${v.events === 1 ? '' : 's'} · `
        + `${v.countries.length} countr${v.countries.length === 1 ? 'y' : 'ies'}`)))
      : h('li', { class: 'empty' }, 'No vendors named for these filters.'));
  }

  // ------------------------------------------------------------------------------------------------------
  // vendor page

  async function vendorPage(state, g) {
    $('vp-name').textContent = 'Loading…';
    let v;
    try {
      v = await getJson(`${API}/vendors/${encodeURIComponent(state.vendorId)}${join(filters(state), 'evidence=30')}`);
    } catch (e) {
      if (g !== gen) return;
      $('vp-name').textContent = 'Vendor not available';
      $('vp-meta').textContent = e.message;
      [$('vp-chart'), $('vp-deployments'), $('vp-evidence')].forEach(el => fill(el));
      return;
    }
    if (g !== gen) return;
    document.title = `${v.name} · Vendors · Countersight`;
    $('vp-name').textContent = v.name;
    fill($('vp-meta'),
      'Based in ', countryName(v.homeCountry), ' ', h('span', { class: 'code' }, v.homeCountry),
      ' · ', v.kinds.map(k => k.replace(/_/g, ' ')).join(', '),
      v.aliases.length ? ` · also known as ${v.aliases.join(', ')}` : '',
      v.products.length ? ` · products: ${v.products.join(', ')}` : '');
    $('vp-summary').textContent = v.events
      ? `${v.events} article${v.events === 1 ? '' : 's'} with an event naming ${v.name} in `
        + `${v.countries.length} countr${v.countries.length === 1 ? 'y' : 'ies'}, first seen `
        + `${new Date(v.firstSeen).toISOString().slice(0, 10)}, last seen ${new Date(v.lastSeen).toISOString().slice(0, 10)}.`
      : `No event naming ${v.name} matches these filters.`;
    fill($('vp-chart'), monthChart(v));
    fill($('vp-deployments'), (v.deployments ?? []).map(d => h('tr', null,
      h('th', { scope: 'row', 'data-label': 'Country' }, h('button', {
        type: 'button', class: 'linklike', onclick: () => navigate({ country: d.country, vendorId: undefined }),
        title: `Show every vendor in ${countryName(d.country)}`,
      }, countryName(d.country), ' ', h('span', { class: 'code' }, d.country))),
      h('td', { 'data-label': 'Category' }, categoryLabel(d.category)),
      h('td', { 'data-label': 'Articles', class: 'num' }, String(d.count)),
      h('td', { 'data-label': 'First seen' }, new Date(d.firstSeen).toISOString().slice(0, 10)),
      h('td', { 'data-label': 'Last seen' }, new Date(d.lastSeen).toISOString().slice(0, 10)))));
    const evidence = sentencesOnce(v.evidence ?? []);
    fill($('vp-evidence'), evidence.length ? evidence.map(e => h('li', { dataset: { articleId: e.articleId } },
      h('blockquote', null, e.sentence ?? ''),
      h('p', { class: 'hint' }, countryName(e.country), ' · ', e.categories.map(categoryLabel).join(', '), ' · ',
        `${Math.round(e.confidence * 100)}% · `, timeEl(e.publishedAt), ' · ',
        h('a', { href: e.url, rel: 'noopener noreferrer', target: '_blank' }, e.title || 'the article'))))
      : h('li', { class: 'empty' }, 'No evidence for these filters.'));
  }

  /**
   * One item per sentence of an article: the API gives one evidence entry per category, and a sentence that shows
   * both a CCTV deployment and a vendor export would otherwise be read twice.
   */
  function sentencesOnce(entries) {
    const out = [];
    for (const e of entries) {
      const same = out.find(x => x.articleId === e.articleId && x.sentence === e.sentence && x.country === e.country);
      if (same) {
        if (!same.categories.includes(e.category)) same.categories.push(e.category);
        same.confidence = Math.max(same.confidence, e.confidence);
      } else {
        out.push({ ...e, categories: [e.category] });
      }
    }
    return out;
  }

  /** Articles per month as bars, with a text alternative. */
  function monthChart(v) {
    const months = v.months ?? [];
    if (!months.length) return h('p', { class: 'empty' }, 'Nothing to chart.');
    const W = 640;
    const H = 160;
    const M = { top: 10, bottom: 28, left: 32, right: 6 };
    const max = Math.max(1, ...months.map(m => m.count));
    const step = (W - M.left - M.right) / months.length;
    const barW = Math.max(1, Math.min(40, step * 0.8));
    const y = n => M.top + (H - M.top - M.bottom) * (1 - n / max);
    const svg = h('svg', { viewBox: `0 0 ${W} ${H}`, class: 'month-chart', role: 'img', 'aria-labelledby': 'vp-chart-title vp-chart-desc' });
    svg.appendChild(h('title', { id: 'vp-chart-title' }, `Articles naming ${v.name} per month`));
    svg.appendChild(h('desc', { id: 'vp-chart-desc' }, months.filter(m => m.count).map(m => `${m.month}: ${m.count}`).join('; ')));
    svg.appendChild(h('line', { x1: M.left, x2: W - M.right, y1: y(0), y2: y(0), class: 'grid' }));
    svg.appendChild(h('text', { x: M.left - 4, y: y(max) + 4, class: 'axis', 'text-anchor': 'end' }, String(max)));
    const labelEvery = Math.ceil(months.length / 8);
    months.forEach((m, i) => {
      const x = M.left + i * step + (step - barW) / 2;
      if (m.count) {
        const r = h('rect', { x: x.toFixed(1), width: barW.toFixed(1), y: y(m.count).toFixed(1),
          height: Math.max(0.5, y(0) - y(m.count)).toFixed(1), class: 'month-bar' });
        r.appendChild(h('title', null, `${m.month}: ${m.count}`));
        svg.appendChild(r);
      }
      if (i % labelEvery === 0) {
        svg.appendChild(h('text', { x: (x + barW / 2).toFixed(1), y: H - 8, class: 'axis', 'text-anchor': 'middle' }, m.month));
      }
    });
    return svg;
  }

  function setUp() {
    $('flows-by').addEventListener('change', () => navigate({ by: $('flows-by').value === 'vendor' ? 'vendor' : undefined }));
    $('map-clear').addEventListener('click', () => navigate({ country: undefined }));
    // vendor links open the vendor page in place (a history entry each), like the tabs
    document.addEventListener('click', e => {
      const a = e.target.closest('a[data-vendor-id]');
      if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      navigate({ view: 'vendors', vendorId: a.dataset.vendorId });
      $('vp-name').focus({ preventScroll: false });
    });
    $('vp-back').addEventListener('click', e => {
      e.preventDefault();
      navigate({ vendorId: undefined });
    });
  }

  /** Forget what is drawn, so the next show() asks the server again (new data or a changed filter form). */
  function invalidate() {
    key = null;
  }

  return { show, setUp, invalidate };
}
