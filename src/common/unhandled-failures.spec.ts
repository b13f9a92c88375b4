import { EventEmitter } from 'node:events';
import { ExitingProcess, exitOnUnhandledFailure } from './unhandled-failures';

function fakeProcess() {
  const events = new EventEmitter();
  const exits: number[] = [];
  const lines: string[] = [];
  const proc: ExitingProcess = { on: events.on.bind(events) as ExitingProcess['on'], exit: (code) => void exits.push(code) };
  exitOnUnhandledFailure('LabTrace worker', { fatal: (m) => void lines.push(m) }, proc);
  return { events, exits, lines };
}

describe('exitOnUnhandledFailure', () => {
  it('logs an unhandled rejection with its stack, says the process exits, and exits with 1', () => {
    const p = fakeProcess();
    const error = new Error('Connection terminated unexpectedly');
    p.events.emit('unhandledRejection', error);
    expect(p.exits).toEqual([1]);
    expect(p.lines).toEqual([expect.stringContaining('LabTrace worker exits on an unhandled promise rejection')]);
    expect(p.lines[0]).toContain(error.stack);
  });

  it('does the same for an uncaught exception, and for a rejection with something other than an Error', () => {
    const thrown = fakeProcess();
    thrown.events.emit('uncaughtException', new TypeError('boom'));
    expect({ exits: thrown.exits, line: thrown.lines[0] }).toEqual({
      exits: [1],
      line: expect.stringMatching(/exits on an unhandled exception.*TypeError: boom/s),
    });

    const odd = fakeProcess();
    odd.events.emit('unhandledRejection', 'a bare string');
    expect({ exits: odd.exits, lines: odd.lines }).toEqual({ exits: [1], lines: [expect.stringMatching(/promise rejection .*: a bare string$/)] });
  });

  it('exits even when the log line cannot be written, and once for failures that follow', () => {
    const events = new EventEmitter();
    const exits: number[] = [];
    exitOnUnhandledFailure(
      'LabTrace API',
      {
        fatal: () => {
          throw new Error('log stream closed');
        },
      },
      { on: events.on.bind(events) as ExitingProcess['on'], exit: (code) => void exits.push(code) },
    );
    expect(() => events.emit('uncaughtException', new Error('first'))).toThrow('log stream closed');
    events.emit('unhandledRejection', new Error('second'));
    expect(exits).toEqual([1]);
  });
});
