import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinRelease, processStartTime } from './release-pin';

describe('processStartTime', () => {
  it('reads the 22nd field of /proc/<pid>/stat, counting from after the command name', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    expect(processStartTime(`4242 (node) ${fields.join(' ')}`)).toBe('22');
  });

  it('is not misled by a command name holding spaces and parentheses', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[19] = '987654';
    expect(processStartTime(`77 (a) b (c) ${fields.join(' ')}`)).toBe('987654');
  });

  it('refuses a line without a start time', () => {
    expect(() => processStartTime('77 (node) S 1 2')).toThrow('no start time');
  });

  it("matches this process's own entry", () => {
    expect(processStartTime(readFileSync('/proc/self/stat', 'utf8'))).toMatch(/^\d+$/);
  });
});

describe('pinRelease', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'labtrace-pin-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("writes .live/<pid> holding the process's start time in a release directory", () => {
    const release = join(root, 'dist.20261205T051500.123-42');
    mkdirSync(release);
    const pin = pinRelease(release);
    expect(pin).toBe(join(release, '.live', String(process.pid)));
    expect(readFileSync(pin!, 'utf8').trim()).toBe(processStartTime(readFileSync('/proc/self/stat', 'utf8')));
  });

  it('does nothing outside a release (a plain dist/, or src/ under ts-node)', () => {
    expect(pinRelease(join(root, 'dist'))).toBeNull();
    expect(pinRelease(join(root, 'src'))).toBeNull();
    expect(existsSync(join(root, 'dist', '.live'))).toBe(false);
  });

  it('never stops a start: a release it cannot write in answers null', () => {
    writeFileSync(join(root, 'file'), '');
    expect(pinRelease(join(root, 'file', 'dist.1-1'))).toBeNull();
  });
});
