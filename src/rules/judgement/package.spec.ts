import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/** The files the console bundles through `@labtrace/rules`, followed from index.ts, and the packages they import. */
function reachable(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (path: string) => {
    if (files.has(path)) return;
    files.add(path);
    const text = readFileSync(path, 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      if (!spec.startsWith('.')) {
        packages.add(spec);
        continue;
      }
      const base = resolve(dirname(path), spec);
      const file = [`${base}.ts`, `${base}/index.ts`].find((p) => statSync(p, { throwIfNoEntry: false })?.isFile());
      if (!file) throw new Error(`${relative(__dirname, path)} imports ${spec}, which does not resolve`);
      visit(file);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => relative(resolve(__dirname, '../..'), f)).sort(), packages };
}

describe('the judgement package the console shares', () => {
  const { files, packages } = reachable(resolve(__dirname, 'index.ts'));

  it('imports no package but decimal.js: no NestJS, no Node built-ins, nothing the browser lacks', () => {
    expect([...packages]).toEqual(['decimal.js']);
  });

  it('reaches only pure rule files, the shared error base and the string memo', () => {
    expect(files.filter((f) => !f.startsWith('rules/') && f !== 'common/domain-error.ts' && f !== 'common/string-memo.ts')).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['rules/judgement/judge-sample.ts', 'rules/analytes/vocabulary.ts', 'rules/judgement/units.ts']));
    expect(files.filter((f) => /\.(entity|service|controller|module|dto)\.ts$/.test(f))).toEqual([]);
  });
});
