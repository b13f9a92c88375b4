import { DataSource } from 'typeorm';
import { runtimeDbUrl } from '../../test/support/databases';
import { createTestDatabase, dropTestDatabase } from '../../test/support/test-app';
import { UnitOfWork } from '../database/unit-of-work';
import { RenderedDocument } from './audit-document';
import { AuditEventEntity } from './audit-event.entity';
import { AuditRepository } from './audit.repository';

type NewEvent = Omit<AuditEventEntity, 'id' | 'at'>;

function event(i: number, batch: string): NewEvent {
  return {
    actorType: 'user',
    actorId: i % 2 ? null : `user-${i}`,
    actorLabel: `Technician "T" \\ ${i}`,
    action: 'results.instrument_import',
    entityType: 'sample',
    entityId: `${batch}-${i}`,
    before: i % 3 ? null : { group: 'pesticides', analytes: [] },
    after: { group: 'pesticides', version: 1, analytes: [{ analyte: 'lead', value: `0.${i}`, unit: 'µg/g', note: 'quote " backslash \\ tab \t' }] },
    reason: i % 5 ? null : `re-run ${i}`,
    requestId: `req-${batch}`,
  };
}

/** insertMany on the real audit_events table: many statements' worth of events, in order, whole or not at all. */
describe('AuditRepository.insertMany', () => {
  let name: string;
  let pool: DataSource;
  let uow: UnitOfWork;
  let audit: AuditRepository;
  const stored = (batch: string) =>
    pool.query<Array<NewEvent & { id: string }>>(
      `SELECT id::text, actor_type AS "actorType", actor_id AS "actorId", actor_label AS "actorLabel", action, entity_type AS "entityType",
              entity_id AS "entityId", before, after, reason, request_id AS "requestId"
         FROM audit_events WHERE request_id = $1 ORDER BY audit_events.id`,
      [`req-${batch}`],
    );

  beforeAll(async () => {
    name = await createTestDatabase();
    pool = new DataSource({ type: 'postgres', url: runtimeDbUrl(name) });
    await pool.initialize();
    uow = new UnitOfWork(pool);
    audit = new AuditRepository(uow);
  });
  afterAll(async () => {
    await pool.destroy();
    await dropTestDatabase(name);
  });

  it('stores more events than one statement takes, every field as given, their ids in the given order', async () => {
    const events = Array.from({ length: 5003 }, (_, i) => event(i, 'a'));
    await uow.run(() => audit.insertMany(events));
    const rows = await stored('a');
    expect(rows.map(({ id: _id, ...rest }) => rest)).toEqual(events);
    const ids = rows.map((r) => BigInt(r.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
  });

  it('splits large documents across statements by their size, keeping every event whole and in order', async () => {
    // Twelve events of about 100 KB of documents each: a batch import's size, far fewer than 5,000 events.
    const events = Array.from({ length: 12 }, (_, i) => {
      const e = event(i, 'big');
      return {
        ...e,
        after: { ...(e.after as object), analytes: Array.from({ length: 1000 }, (_, k) => ({ analyte: `a${k}`, value: `0.${i}${k}`, unit: 'µg/g' })) },
      };
    });
    const sent: string[] = [];
    const realQuery = UnitOfWork.prototype.query;
    const query = jest.spyOn(uow, 'query').mockImplementation(function (this: UnitOfWork, sql: string, params?: unknown[]) {
      if (sql.startsWith('INSERT INTO audit_events')) sent.push(sql);
      return realQuery.call(this, sql, params);
    });
    try {
      await uow.run(() => audit.insertMany(events));
    } finally {
      query.mockRestore();
    }
    expect(JSON.stringify(events[0].after).length).toBeGreaterThan(40_000);
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.length).toBeLessThan(events.length);
    const rows = await stored('big');
    expect(rows.map(({ id: _id, ...rest }) => rest)).toEqual(events);
  });

  it('stores a document rendered beforehand exactly as it stores the document itself', async () => {
    const plain = Array.from({ length: 6 }, (_, i) => event(i, 'plain'));
    const rendered = Array.from({ length: 6 }, (_, i) => {
      const e = event(i, 'rendered');
      // Some rendered, some not, as a batch's events come mixed with the samples' status events.
      return i % 2 ? e : { ...e, before: e.before === null ? null : RenderedDocument.of(e.before), after: RenderedDocument.of(e.after) };
    });
    await uow.run(() => audit.insertMany([...plain, ...rendered]));
    const texts = await pool.query<Array<{ request_id: string; before: string | null; after: string }>>(
      `SELECT request_id, before::text, after::text FROM audit_events WHERE request_id IN ('req-plain', 'req-rendered') ORDER BY id`,
    );
    const strip = ({ request_id: _r, ...documents }: { request_id: string; before: string | null; after: string }) => documents;
    expect(texts.filter((r) => r.request_id === 'req-rendered').map(strip)).toEqual(texts.filter((r) => r.request_id === 'req-plain').map(strip));
    expect((await stored('rendered')).map(({ before, after }) => ({ before, after }))).toEqual(plain.map(({ before, after }) => ({ before, after })));
  });

  it('stores a single event, rendered or not, as it stores a batch of them', async () => {
    const [plain, rendered] = [event(3, 'one-plain'), event(3, 'one-rendered')];
    await uow.run(async () => {
      await audit.insert(plain);
      await audit.insert({ ...rendered, before: RenderedDocument.of(rendered.before), after: RenderedDocument.of(rendered.after) });
    });
    expect((await stored('one-plain')).map(({ id: _id, ...rest }) => rest)).toEqual([plain]);
    expect((await stored('one-rendered')).map(({ id: _id, ...rest }) => rest)).toEqual([rendered]);
    const texts = await pool.query<Array<{ before: string; after: string }>>(
      `SELECT before::text, after::text FROM audit_events WHERE request_id IN ('req-one-plain', 'req-one-rendered') ORDER BY id`,
    );
    expect(texts[1]).toEqual(texts[0]);
  });

  it('leaves nothing when the transaction rolls back after the last statement', async () => {
    const events = Array.from({ length: 5001 }, (_, i) => event(i, 'b'));
    await expect(
      uow.run(async () => {
        await audit.insertMany(events);
        throw new Error('the import failed after its audit');
      }),
    ).rejects.toThrow('the import failed after its audit');
    expect(await stored('b')).toEqual([]);
  });
});
