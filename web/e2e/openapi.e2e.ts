/**
 * The console's request and response types are generated from the API's OpenAPI document
 * (web/openapi.json -> src/api/schema.d.ts). This fails when the running API's document has moved on,
 * so a changed DTO or route cannot drift silently from what the console compiles against.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { normalizeOpenApi } from '../scripts/openapi-normalize.mjs';
import { BASE_URL, WEB_ROOT } from './support/env';

interface Doc {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> };
}

function differences(saved: Doc, live: Doc): string[] {
  const out: string[] = [];
  const keys = (o: object | undefined) => new Set(Object.keys(o ?? {}));
  const compare = (label: string, a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined) => {
    for (const k of keys(b)) if (!keys(a).has(k)) out.push(`${label} ${k}: new in the API`);
    for (const k of keys(a)) if (!keys(b).has(k)) out.push(`${label} ${k}: gone from the API`);
    for (const k of keys(a)) if (keys(b).has(k) && JSON.stringify(a![k]) !== JSON.stringify(b![k])) out.push(`${label} ${k}: changed`);
  };
  compare('path', saved.paths, live.paths);
  compare('schema', saved.components?.schemas, live.components?.schemas);
  return out;
}

test("the console's API types come from the running API's OpenAPI document", async () => {
  const res = await fetch(`${BASE_URL}/docs/openapi.json`);
  assert.equal(res.status, 200);
  const live = normalizeOpenApi((await res.json()) as Doc);
  const saved = JSON.parse(readFileSync(join(WEB_ROOT, 'openapi.json'), 'utf8')) as Doc;
  const diff = differences(saved, live);
  assert.deepEqual(diff, [], `web/openapi.json is out of date; with the app running, run \`cd web && npm run openapi\` and rebuild:\n${diff.join('\n')}`);
});
