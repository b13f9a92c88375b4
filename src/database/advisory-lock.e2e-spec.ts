import { DataSource } from 'typeorm';
import { runtimeDbUrl } from '../../test/support/databases';
import { createTestDatabase, dropTestDatabase } from '../../test/support/test-app';
import { ADVISORY_LOCKS, tryTransactionLock } from './advisory-lock';
import { UnitOfWork } from './unit-of-work';

/** Two "workers" (two pools) on one database: the sweeper's lock lets one in at a time, and ends with its transaction. */
describe('tryTransactionLock', () => {
  let name: string;
  let pools: DataSource[];

  beforeAll(async () => {
    name = await createTestDatabase();
    pools = [0, 1].map(() => new DataSource({ type: 'postgres', url: runtimeDbUrl(name) }));
    await Promise.all(pools.map((p) => p.initialize()));
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.destroy()));
    await dropTestDatabase(name);
  });

  it('refuses a second worker while the first holds it, and frees it at commit', async () => {
    const [first, second] = pools.map((p) => new UnitOfWork(p));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let firstGot: boolean | undefined;
    const firstRound = first.run(async () => {
      firstGot = await tryTransactionLock(first, ADVISORY_LOCKS.deliverySweeper);
      await held;
    });
    while (firstGot === undefined) await new Promise((r) => setTimeout(r, 5));
    const secondWhileHeld = await second.run(() => tryTransactionLock(second, ADVISORY_LOCKS.deliverySweeper));
    release();
    await firstRound;
    const secondAfter = await second.run(() => tryTransactionLock(second, ADVISORY_LOCKS.deliverySweeper));
    expect([firstGot, secondWhileHeld, secondAfter]).toEqual([true, false, true]);
  });

  it('is refused outside a transaction (a session lock would outlive the work, and break under PgBouncer)', async () => {
    await expect(tryTransactionLock(new UnitOfWork(pools[0]), ADVISORY_LOCKS.deliverySweeper)).rejects.toThrow(/open transaction/);
  });
});
