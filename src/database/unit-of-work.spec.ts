import type { DataSource, EntityManager } from 'typeorm';
import { UnitOfWork } from './unit-of-work';

/** A data source whose transactions are just the callback with a manager of their own. */
const fakeDataSource = () =>
  ({
    manager: {} as EntityManager,
    transaction: <T>(_isolation: string, work: (em: EntityManager) => Promise<T>) => work({} as EntityManager),
  }) as unknown as DataSource;

/** Reads that note when each starts and ends, and end only when released. */
function recordedReads() {
  const events: string[] = [];
  const releases: Array<() => void> = [];
  const read = (name: string) => () => {
    events.push(`start ${name}`);
    return new Promise<string>((resolve) => releases.push(() => (events.push(`end ${name}`), resolve(name))));
  };
  /** Releases whatever read is waiting, until all are done. */
  const drive = async (done: Promise<unknown>) => {
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
  };
  return { events, read, drive };
}

describe('UnitOfWork.reads', () => {
  it('runs independent reads at once outside a transaction, each on a pooled connection of its own', async () => {
    const uow = new UnitOfWork(fakeDataSource());
    const { events, read, drive } = recordedReads();
    const answer = uow.reads(read('a'), read('b'), read('c'));
    await drive(answer);
    expect(await answer).toEqual(['a', 'b', 'c']);
    expect(events.slice(0, 3)).toEqual(['start a', 'start b', 'start c']);
  });

  it('runs them one after another inside a transaction, whose one connection takes one query at a time', async () => {
    const uow = new UnitOfWork(fakeDataSource());
    const { events, read, drive } = recordedReads();
    const answer = uow.run(() => uow.reads(read('a'), read('b'), read('c')));
    await drive(answer);
    expect(await answer).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
