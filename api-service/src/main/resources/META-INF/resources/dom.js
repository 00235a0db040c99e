// Small DOM helpers. Untrusted text only ever becomes text nodes or attribute values (never innerHTML).

/** Creates an element: h('a', {href, class}, 'text', child, [more]). null/false children are skipped. */
export function h(tag, attrs, ...children) {
  const el = tag === 'svg' || SVG_TAGS.has(tag)
    ? document.createElementNS('http://www.w3.org/2000/svg', tag)
    : document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2), v);
      } else if (k === 'href') {
        el.setAttribute('href', safeHref(v));
      } else if (k === 'style') {
        // through CSSOM: the Content-Security-Policy (style-src 'self') blocks style attributes set as markup
        el.style.cssText = String(v);
      } else if (k === 'dataset') {
        Object.assign(el.dataset, v);
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

const SVG_TAGS = new Set(['g', 'rect', 'line', 'text', 'title', 'path', 'desc']);

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Only http(s) URLs and same-site relative links; anything else (javascript:, data:) becomes '#'. */
export function safeHref(value) {
  const s = String(value ?? '').trim();
  if (s.startsWith('?') || s.startsWith('#') || (s.startsWith('/') && !s.startsWith('//'))) return s;
  try {
    const u = new URL(s, location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '#';
  } catch {
    return '#';
  }
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references an HTML escaper produces, to plain text. */
export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (m, ref) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[ref.toLowerCase()] ?? m;
  });
}

/**
 * Renders the server's highlighted snippet (HTML-escaped text with <mark>…</mark>) safely: every piece is
 * treated as text (entities decoded, any other markup shown literally), only the mark tag becomes an element.
 */
export function highlighted(snippet) {
  const frag = document.createDocumentFragment();
  const parts = String(snippet ?? '').split(/(<mark>|<\/mark>)/);
  let mark = null;
  for (const p of parts) {
    if (p === '<mark>') { if (!mark) mark = document.createElement('mark'); continue; }
    if (p === '</mark>') { if (mark) { frag.appendChild(mark); mark = null; } continue; }
    if (!p) continue;
    const text = document.createTextNode(decodeEntities(p));
    (mark ?? frag).appendChild(text);
  }
  if (mark) frag.appendChild(mark);
  return frag;
}

/** The sentence as text with every occurrence of the trigger words in <mark>; falls back to the plain sentence. */
export function withTrigger(sentence, trigger) {
  const frag = document.createDocumentFragment();
  const s = String(sentence ?? '');
  const t = String(trigger ?? '').trim();
  if (!t) { frag.appendChild(document.createTextNode(s)); return frag; }
  const lower = s.toLowerCase();
  const needle = t.toLowerCase();
  let i = 0;
  let found = false;
  while (i <= s.length) {
    const j = lower.indexOf(needle, i);
    if (j < 0) break;
    found = true;
    if (j > i) frag.appendChild(document.createTextNode(s.slice(i, j)));
    frag.appendChild(h('mark', { class: 'trigger' }, s.slice(j, j + needle.length)));
    i = j + needle.length;
  }
  frag.appendChild(document.createTextNode(s.slice(i)));
  if (!found && s) frag.appendChild(h('span', { class: 'hint' }, ' (trigger: ', t, ')'));
  return frag;
}

const regionNames = (() => {
  try { return new Intl.DisplayNames(['en'], { type: 'region' }); } catch { return null; }
})();

/** "Kenya" for "KE"; the code itself when the browser does not know it. */
export function countryName(code) {
  const c = String(code ?? '').toUpperCase();
  if (!/^[A-Z]{2}$/.test(c)) return c;
  try { return regionNames?.of(c) ?? c; } catch { return c; }
}

// The categories are not listed here: the page loads them from GET /api/v1/taxonomy (setTaxonomy) before drawing.
let taxonomy = [];
const categoryById = new Map();

/** Takes the categories of GET /api/v1/taxonomy ([{id, label, definition, includes, excludes}], in order). */
export function setTaxonomy(categories) {
  taxonomy = Array.isArray(categories) ? categories.filter(c => c && typeof c.id === 'string') : [];
  categoryById.clear();
  for (const c of taxonomy) categoryById.set(c.id, c);
}

/** The categories in taxonomy order, as loaded by setTaxonomy. */
export function categories() {
  return taxonomy;
}

export function categoryLabel(c) {
  return categoryById.get(c)?.label ?? String(c ?? '').replace(/_/g, ' ');
}

/** Colours by position in the taxonomy, chosen for contrast against both light and dark backgrounds. */
const CATEGORY_PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#ff7f0e', '#17becf',
  '#bcbd22', '#7f7f7f', '#393b79', '#637939'];
export function categoryColour(c) {
  const i = taxonomy.findIndex(t => t.id === c);
  return i < 0 ? '#555' : CATEGORY_PALETTE[i % CATEGORY_PALETTE.length];
}

const rtf = (() => { try { return new Intl.RelativeTimeFormat('en', { numeric: 'auto' }); } catch { return null; } })();

/** <time> with a relative label ("5 minutes ago") and the absolute local time as title. */
export function timeEl(iso) {
  if (!iso) return h('span', { class: 'hint' }, 'unknown time');
  const d = new Date(iso);
  if (isNaN(d)) return h('span', null, String(iso));
  return h('time', { datetime: d.toISOString(), title: d.toLocaleString() }, relative(d));
}

export function relative(d) {
  const secs = Math.round((d.getTime() - Date.now()) / 1000);
  const abs = Math.abs(secs);
  if (!rtf) return d.toLocaleString();
  if (abs < 60) return rtf.format(secs, 'second');
  if (abs < 3600) return rtf.format(Math.round(secs / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(secs / 3600), 'hour');
  if (abs < 86400 * 14) return rtf.format(Math.round(secs / 86400), 'day');
  return d.toLocaleDateString();
}

/** Every ISO 3166-1 alpha-2 code, for the country pickers. */
export const COUNTRY_CODES = ('AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT '
  + 'BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK '
  + 'FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE '
  + 'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ '
  + 'MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO '
  + 'RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW '
  + 'TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW').split(' ');
