// Prints the gzipped size of the JavaScript the browser loads before the first screen (the entry chunk
// and what it imports statically) and fails the build above the budget. Lazy routes are listed apart.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 300;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]));
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1);

const all = readdirSync(join(dist, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => `assets/${f}`);
const initialBytes = [...initial].reduce((sum, f) => sum + gz(f), 0);
const lazy = all
  .filter((f) => !initial.has(f))
  .map((f) => [f, gz(f)])
  .sort((a, b) => b[1] - a[1]);
const css = readdirSync(join(dist, 'assets'))
  .filter((f) => f.endsWith('.css'))
  .reduce((sum, f) => sum + gz(`assets/${f}`), 0);

console.log(`[bundle] initial JavaScript: ${kb(initialBytes)} KB gzipped in ${initial.size} file(s) (budget ${BUDGET_KB} KB); CSS ${kb(css)} KB gzipped`);
console.log(
  `[bundle] lazy chunks: ${lazy.length}, largest ${lazy
    .slice(0, 3)
    .map(([f, n]) => `${f.replace('assets/', '')} ${kb(n)} KB`)
    .join(', ')}`,
);
if (initialBytes > BUDGET_KB * 1024) {
  console.error(`[bundle] initial JavaScript is over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
