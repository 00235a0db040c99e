// A stacked bar chart of the timeline (counts per bucket split by category), drawn as inline SVG.
import { h, categoryColour, categoryLabel } from './dom.js';

const M = { top: 12, right: 8, bottom: 38, left: 40 };

/**
 * timeline: {interval, total, buckets: [{start: 'YYYY-MM-DD', total, categories: {cat: n}}]}.
 * Articles with several categories count once per category in the stack, so a stack can exceed the
 * bucket's article total; the axis follows the stacks.
 */
export function stackedBars(timeline, onPickCategory, width = 720) {
  // drawn at the container's pixel width, so axis labels keep their size on a phone
  const W = Math.max(280, Math.round(width));
  const H = W < 500 ? 200 : 240;
  const buckets = timeline?.buckets ?? [];
  if (!buckets.length) {
    return h('p', { class: 'empty' }, 'Nothing to chart for these filters.');
  }
  const cats = new Map();
  for (const b of buckets) {
    for (const [c, n] of Object.entries(b.categories ?? {})) cats.set(c, (cats.get(c) ?? 0) + n);
  }
  const order = [...cats.keys()].sort((a, b) => cats.get(b) - cats.get(a));
  const stackOf = b => {
    const sum = Object.values(b.categories ?? {}).reduce((s, n) => s + n, 0);
    return Math.max(sum, b.total ?? 0);
  };
  const max = Math.max(1, ...buckets.map(stackOf));
  const yMax = niceCeil(max);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const step = plotW / buckets.length;
  const barW = Math.max(1, Math.min(48, step * 0.8));
  const y = v => M.top + plotH - (v / yMax) * plotH;

  const svg = h('svg', {
    viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img', preserveAspectRatio: 'xMidYMid meet',
    'aria-labelledby': 'chart-title chart-desc',
  });
  svg.appendChild(h('title', { id: 'chart-title' }, `Articles per ${timeline.interval ?? 'day'} by category`));
  svg.appendChild(h('desc', { id: 'chart-desc' },
    `${timeline.total ?? 0} articles from ${buckets[0].start} to ${buckets[buckets.length - 1].start}; `
    + `highest ${max} in one ${timeline.interval ?? 'day'}.`));

  // grid and y axis
  const ticks = [5, 4, 3, 2].find(n => Number.isInteger(yMax / n)) ?? 4;
  for (let i = 0; i <= ticks; i++) {
    const v = (yMax / ticks) * i;
    svg.appendChild(h('line', { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), class: 'grid' }));
    svg.appendChild(h('text', { x: M.left - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, formatCount(v)));
  }

  // bars
  const labelEvery = Math.ceil(buckets.length / Math.max(1, Math.floor(plotW / 70)));
  buckets.forEach((b, i) => {
    const x = M.left + i * step + (step - barW) / 2;
    let acc = 0;
    const g = h('g', { class: 'bar' });
    const parts = order.filter(c => (b.categories ?? {})[c]);
    for (const c of parts) {
      const n = b.categories[c];
      const r = h('rect', {
        x: x.toFixed(1), width: barW.toFixed(1), y: y(acc + n).toFixed(1),
        height: Math.max(0.5, y(acc) - y(acc + n)).toFixed(1), fill: categoryColour(c), dataset: { category: c },
      });
      r.appendChild(h('title', null, `${b.start}: ${categoryLabel(c)} ${n}`));
      g.appendChild(r);
      acc += n;
    }
    const other = (b.total ?? 0) - acc;
    if (other > 0) {
      const r = h('rect', {
        x: x.toFixed(1), width: barW.toFixed(1), y: y(acc + other).toFixed(1),
        height: Math.max(0.5, y(acc) - y(acc + other)).toFixed(1), class: 'uncategorised',
      });
      r.appendChild(h('title', null, `${b.start}: no category ${other}`));
      g.appendChild(r);
    }
    svg.appendChild(g);
    if (i % labelEvery === 0) {
      svg.appendChild(h('text', { x: (M.left + i * step + step / 2).toFixed(1), y: H - M.bottom + 16, class: 'axis',
        'text-anchor': 'middle' }, shortDate(b.start, timeline.interval)));
    }
  });
  svg.appendChild(h('line', { x1: M.left, x2: W - M.right, y1: y(0), y2: y(0), class: 'baseline' }));

  const legend = h('ul', { class: 'legend', 'aria-label': 'Categories in the chart (click to filter)' },
    order.map(c => h('li', null, h('button', {
      type: 'button', class: 'legend-item', onclick: () => onPickCategory?.(c),
      title: `Filter by ${categoryLabel(c)}`,
    }, h('span', { class: 'swatch', style: `background:${categoryColour(c)}` }), `${categoryLabel(c)} (${cats.get(c)})`))));
  return h('div', null, svg, legend);
}

function niceCeil(v) {
  if (v <= 4) return 4;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * p >= v) return m * p;
  }
  return 10 * p;
}

function formatCount(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function shortDate(iso, interval) {
  const d = new Date(iso + 'T00:00:00Z');
  if (isNaN(d)) return iso;
  const opts = interval === 'month' ? { month: 'short', year: '2-digit', timeZone: 'UTC' }
    : { day: 'numeric', month: 'short', timeZone: 'UTC' };
  return d.toLocaleDateString('en', opts);
}
