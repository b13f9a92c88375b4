import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** How a test starts one of LabTrace's entry points as its own process. */
export interface EntryCommand {
  command: string;
  args: string[];
  /** What the process runs, as a person would type it (printed by the cluster test). */
  label: string;
  /** What the child needs in its environment besides the test's own settings. */
  env: Record<string, string>;
}

/**
 * An entry point (`main`, `worker`, `scripts/admin-create`, ...) as a process: with TESTS_USE_DIST=1
 * (scripts/test.sh, after `npm run build`) the built `node dist/<entry>.js`, the image's own commands
 * (the Dockerfile), which start in a few seconds; otherwise the TypeScript sources through ts-node
 * (transpile only), so a test run on its own needs no build, at 10–20 s of compiling per process on a
 * loaded machine.
 */
export function entryCommand(entry: string): EntryCommand {
  if (process.env.TESTS_USE_DIST === '1') {
    return { command: process.execPath, args: [join(ROOT, 'dist', `${entry}.js`)], label: `node dist/${entry}.js`, env: {} };
  }
  return {
    command: process.execPath,
    args: ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', `${entry}.ts`)],
    label: `node -r ts-node/register/transpile-only src/${entry}.ts`,
    env: { TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
  };
}
