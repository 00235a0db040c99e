// Writes ../../src/main/resources/META-INF/resources/world.json: one SVG path per country (Natural Earth I
// projection, 1:110m Natural Earth shapes from world-atlas, public domain), keyed by ISO 3166-1 alpha-2 code.
// Run once after changing this script: npm install && node generate.mjs. The dashboard loads the result from its own
// origin; nothing is fetched from the internet at run time.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import { geoNaturalEarth1, geoPath } from 'd3-geo';
import countries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);
const WIDTH = 960;
const HEIGHT = 440;
const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'));
const all = feature(topology, topology.objects.countries).features
  .filter(f => f.properties.name !== 'Antarctica'); // no deployments there; saves a third of the height
const projection = geoNaturalEarth1().fitSize([WIDTH, HEIGHT], { type: 'FeatureCollection', features: all });
const path = geoPath(projection).digits(1);

const out = [];
const skipped = [];
for (const f of all) {
  // world-atlas ids are ISO 3166-1 numeric; a few disputed areas (e.g. Kosovo, Somaliland) have none
  const code = f.id === undefined ? undefined : countries.numericToAlpha2(f.id);
  const d = path(f);
  if (!d) continue;
  if (!code) {
    skipped.push(f.properties.name);
    out.push({ code: null, name: f.properties.name, d });
    continue;
  }
  out.push({ code, name: f.properties.name, d });
}
out.sort((a, b) => (a.code ?? '~').localeCompare(b.code ?? '~') || a.name.localeCompare(b.name));
const result = {
  source: 'Natural Earth 1:110m admin-0 countries (public domain) via world-atlas 2.0.2; Natural Earth I projection',
  width: WIDTH,
  height: HEIGHT,
  countries: out,
};
const file = new URL('../../src/main/resources/META-INF/resources/world.json', import.meta.url);
writeFileSync(file, JSON.stringify(result));
console.log(`${out.length} shapes (${skipped.length} without an ISO code: ${skipped.join(', ')}), `
  + `${JSON.stringify(result).length} bytes`);
