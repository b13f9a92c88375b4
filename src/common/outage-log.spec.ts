import { OutageLog } from './outage-log';

describe('OutageLog', () => {
  function setUp() {
    let clock = 1_000_000;
    const lines: string[] = [];
    const log = new OutageLog({ warn: (m) => lines.push(`warn ${m}`), log: (m) => lines.push(`log ${m}`) }, 'webhook claim', 60_000, () => clock);
    return { log, lines, advance: (ms: number) => (clock += ms) };
  }

  it('logs nothing while the work succeeds', () => {
    const { log, lines } = setUp();
    log.succeeded();
    log.succeeded();
    expect(lines).toEqual([]);
  });

  it('logs a 20 s outage polled every 200 ms as two lines: its first cause, then its end with the count', () => {
    const { log, lines, advance } = setUp();
    for (let i = 0; i < 100; i++) {
      log.failed(new Error(i === 0 ? 'the database system is shutting down' : 'connect ECONNREFUSED 127.0.0.1:5432'));
      advance(200);
    }
    log.succeeded();
    log.succeeded();
    expect(lines).toEqual([
      'warn webhook claim failed: the database system is shutting down',
      'log webhook claim works again after 100 failed attempts in 20 s',
    ]);
  });

  it('reminds once a minute, with the latest cause, while the failures go on', () => {
    const { log, lines, advance } = setUp();
    log.failed(new Error('first'));
    advance(59_999);
    log.failed(new Error('second'));
    advance(1);
    log.failed('third');
    advance(30_000);
    log.failed(new Error('fourth'));
    advance(30_000);
    log.failed(new Error('fifth'));
    expect(lines).toEqual([
      'warn webhook claim failed: first',
      'warn webhook claim still failing: 3 attempts in 60 s; latest: third',
      'warn webhook claim still failing: 5 attempts in 120 s; latest: fifth',
    ]);
  });

  it('starts afresh after a recovery: the next failure is a new outage', () => {
    const { log, lines, advance } = setUp();
    log.failed(new Error('down'));
    advance(5_000);
    log.succeeded();
    advance(1_000);
    log.failed(new Error('down again'));
    expect(lines).toEqual([
      'warn webhook claim failed: down',
      'log webhook claim works again after 1 failed attempt in 5 s',
      'warn webhook claim failed: down again',
    ]);
  });
});
