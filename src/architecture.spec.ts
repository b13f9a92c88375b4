import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The module map of docs/architecture.md, held against the code: which top-level module of src/
 * imports which, read from the import statements themselves.
 */
const SRC = __dirname;
const ROOT = resolve(SRC, '..');

/** Files at the top of src/ wire modules together (composition roots); they may import anything. */
const COMPOSITION = 'root';

interface SourceFile {
  path: string;
  module: string;
  text: string;
  imports: string[];
}

function listTs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : listTs(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function moduleOf(path: string): string {
  const parts = relative(SRC, path).split(sep);
  return parts.length === 1 ? COMPOSITION : parts[0];
}

function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this candidate
    }
  }
  return null;
}

const IMPORT = /(?:from|import|require)\s*\(?\s*'([^']+)'/g;

function read(path: string): SourceFile {
  const text = readFileSync(path, 'utf8');
  const imports = [...text.matchAll(IMPORT)].map((m) => m[1]);
  return { path, module: moduleOf(path), text, imports };
}

const production = listTs(SRC)
  .filter((p) => !/\.(e2e-)?spec\.ts$/.test(p) && !p.endsWith('spec-kit.ts'))
  .map(read);

function moduleArrows(files: SourceFile[]): Map<string, Set<string>> {
  const arrows = new Map<string, Set<string>>();
  for (const file of files) {
    for (const spec of file.imports.filter((s) => s.startsWith('.'))) {
      const target = resolveImport(file.path, spec);
      if (!target || !target.startsWith(SRC)) continue;
      const to = moduleOf(target);
      if (to === file.module) continue;
      if (!arrows.has(file.module)) arrows.set(file.module, new Set());
      arrows.get(file.module)!.add(to);
    }
  }
  return arrows;
}

/** Each cycle once, written from its alphabetically first module. */
function cycles(arrows: Map<string, Set<string>>): string[] {
  const found = new Set<string>();
  const walk = (node: string, path: string[]) => {
    for (const next of arrows.get(node) ?? []) {
      if (next === COMPOSITION) continue;
      const at = path.indexOf(next);
      if (at < 0) {
        walk(next, [...path, next]);
        continue;
      }
      const loop = path.slice(at);
      const first = loop.indexOf([...loop].sort()[0]);
      const rotated = [...loop.slice(first), ...loop.slice(0, first)];
      found.add([...rotated, rotated[0]].join(' -> '));
    }
  };
  for (const start of arrows.keys()) if (start !== COMPOSITION) walk(start, [start]);
  return [...found].sort();
}

describe('module map', () => {
  const arrows = moduleArrows(production);
  const importsOf = (module: string) => [...(arrows.get(module) ?? [])].sort();

  it('has no import cycle between modules', () => {
    expect(cycles(arrows)).toEqual([]);
  });

  it('keeps the domain arrows one way: rules <- samples <- results <- certificates', () => {
    expect(importsOf('rules')).not.toEqual(expect.arrayContaining(['samples']));
    for (const [lower, higher] of [
      ['rules', 'samples'],
      ['rules', 'results'],
      ['rules', 'certificates'],
      ['samples', 'results'],
      ['samples', 'certificates'],
      ['results', 'certificates'],
      ['results', 'instruments'],
    ]) {
      expect({ lower, imports: importsOf(lower).includes(higher) }).toEqual({ lower, imports: false });
    }
  });

  it('lets the state port know no caller and no adapter', () => {
    const callers = ['samples', 'results', 'certificates', 'instruments', 'webhooks', 'licensee-api', 'biotrack', 'metrc'];
    expect(importsOf('traceability').filter((m) => callers.includes(m))).toEqual([]);
  });

  it('keeps the BioTrack client and its error shape inside src/biotrack', () => {
    const everything = [...listTs(SRC), ...listTs(join(ROOT, 'test')), ...listTs(join(ROOT, 'bench'))].map(read);
    const outside = everything.filter((f) => !f.path.startsWith(join(SRC, 'biotrack') + sep));
    const clientImporters = outside.filter((f) =>
      f.imports.some((s) => s.startsWith('.') && (resolveImport(f.path, s) ?? '').startsWith(join(SRC, 'biotrack', 'client') + sep)),
    );
    expect(clientImporters.map((f) => relative(ROOT, f.path))).toEqual([]);
    // Spelled in two parts so that this check does not name the class it looks for.
    const biotrackError = new RegExp(`\\b${'Biotrack'}Error\\b`);
    expect(outside.filter((f) => biotrackError.test(f.text)).map((f) => relative(ROOT, f.path))).toEqual([]);
  });

  it('keeps the Metrc client and its error shape inside src/metrc', () => {
    const everything = [...listTs(SRC), ...listTs(join(ROOT, 'test')), ...listTs(join(ROOT, 'bench'))].map(read);
    const outside = everything.filter((f) => !f.path.startsWith(join(SRC, 'metrc') + sep));
    const clientImporters = outside.filter((f) =>
      f.imports.some((s) => s.startsWith('.') && (resolveImport(f.path, s) ?? '').startsWith(join(SRC, 'metrc', 'client') + sep)),
    );
    expect(clientImporters.map((f) => relative(ROOT, f.path))).toEqual([]);
    const metrcError = new RegExp(`\\b${'Metrc'}Error\\b`);
    expect(outside.filter((f) => metrcError.test(f.text)).map((f) => relative(ROOT, f.path))).toEqual([]);
  });

  it('keeps the two state adapters apart', () => {
    expect(importsOf('metrc')).not.toContain('biotrack');
    expect(importsOf('biotrack')).not.toContain('metrc');
  });

  it('keeps pure logic free of NestJS and TypeORM', () => {
    const pure = ['rules/judgement', 'rules/analytes', 'rules/data', 'instruments/parsers', 'instruments/coa-pdf/layouts'].map((d) => join(SRC, d) + sep);
    const framework = production.filter((f) => pure.some((d) => f.path.startsWith(d)) && f.imports.some((s) => s.startsWith('@nestjs/') || s === 'typeorm'));
    expect(framework.map((f) => relative(ROOT, f.path))).toEqual([]);
  });
});
