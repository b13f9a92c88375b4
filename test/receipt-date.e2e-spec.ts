import { ErrorBody } from '../src/common/all-exceptions.filter';
import { FieldError } from '../src/common/domain-error';
import { labDateInstant } from '../src/common/lab-instant';
import { SampleDetailDto } from '../src/samples/dto/sample-response.dto';
import { announce, flowerSample, LicenseeHandle, registerLicensee, seedStateSample } from './support/lab';
import { createTestApp, TestContext } from './support/test-app';

type FieldErrorBody = ErrorBody & { details: FieldError[] };
const HOUR = 60 * 60 * 1000;

/** The instant as a clerk in New York would type it (EST offset), so "as typed" differs from the stored ISO form. */
function typedInNewYork(at: Date): string {
  return `${new Date(at.getTime() - 5 * HOUR).toISOString().slice(0, 19)}-05:00`;
}

describe('receipt date: no earlier than the lab knew of the sample; a late entry gives its reason', () => {
  let t: TestContext;
  let tech: { token: string };
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp();
    tech = await t.userToken('technician');
    licensee = await registerLicensee(t, (await t.userToken('admin')).token, 'Receipt Farms');
  });
  afterAll(() => t.close());

  /** One announced flower sample; `announcedAt` moves its record back (a sample the lab has known for a while). */
  async function announced(announcedAt?: Date) {
    const sample = flowerSample();
    await seedStateSample(t, licensee.licenseNumber, sample);
    const [id] = ((await announce(t, licensee, [sample])).res.body as { sampleIds: string[] }).sampleIds;
    if (announcedAt) await t.sql(`UPDATE samples SET created_at = $2 WHERE id = $1`, [id, announcedAt]);
    return { id, sample };
  }
  const receive = (id: string, body: object) =>
    t
      .http()
      .post(`/v1/samples/${id}/receive`)
      .set('Authorization', `Bearer ${tech.token}`)
      .send({ receivedQuantity: '3.5', unit: 'g', condition: 'acceptable', storageLocation: 'Fridge 1', ...body });
  const state = async (id: string) =>
    (
      await t.sql<{ status: string; lab_code: string | null; received_at: Date | null }>(`SELECT status, lab_code, received_at FROM samples WHERE id = $1`, [
        id,
      ])
    )[0];
  const receiptEvents = (id: string) =>
    t.sql<{ after: Record<string, unknown>; reason: string | null }>(
      `SELECT after, reason FROM audit_events WHERE entity_id = $1 AND action = 'sample.received'`,
      [id],
    );

  it('refuses (422) a receipt before the announcement, with or without a reason, and changes nothing', async () => {
    const { id } = await announced();
    const [row] = await t.sql<{ created_at: Date }>(`SELECT created_at FROM samples WHERE id = $1`, [id]);
    // March, and a day before any built-in panel set (once a 500).
    for (const body of [{ receivedAt: '2026-03-01T15:00:00Z', reason: 'entered late' }, { receivedAt: '2024-12-31T15:00:00Z' }]) {
      const res = await receive(id, body);
      expect([res.status, (res.body as ErrorBody).error]).toEqual([422, 'RECEIPT_BEFORE_ANNOUNCEMENT']);
      expect((res.body as FieldErrorBody).details).toEqual([
        {
          field: 'receivedAt',
          message: `receivedAt must not be before the sample was announced to the lab (${row.created_at.toISOString()}), less 15 minutes`,
        },
      ]);
    }
    expect(await state(id)).toEqual({ status: 'pending', lab_code: null, received_at: null });
    expect(await receiptEvents(id)).toEqual([]);
  });

  it('a late entry needs a reason (400 on reason); with one it is received as typed, the audit keeps the typed time, the entry time and the reason', async () => {
    const { id } = await announced(new Date(Date.now() - 3 * HOUR));
    const typed = typedInNewYork(new Date(Date.now() - 2 * HOUR));

    const missing = await receive(id, { receivedAt: typed });
    expect([missing.status, (missing.body as ErrorBody).error]).toEqual([400, 'REASON_REQUIRED']);
    expect((missing.body as FieldErrorBody).details).toEqual([{ field: 'reason', message: 'reason is required when receivedAt is more than 15 minutes ago' }]);
    expect((await state(id)).status).toBe('pending');

    const before = Date.now();
    const res = await receive(id, { receivedAt: typed, reason: '  Courier drop-off logged on paper; entered after the power cut  ' });
    expect(res.status).toBe(200);
    const detail = res.body as SampleDetailDto;
    expect(detail.status).toBe('received');
    expect(detail.receivedAt).toBe(new Date(typed).toISOString());
    const [event] = await receiptEvents(id);
    expect(event.reason).toBe('Courier drop-off logged on paper; entered after the power cut');
    expect(event.after).toMatchObject({ receivedAt: new Date(typed).toISOString(), receivedAtAsEntered: typed, status: 'received' });
    const enteredAt = Date.parse(event.after.enteredAt as string);
    expect(enteredAt).toBeGreaterThanOrEqual(before - 1000);
    expect(enteredAt).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('a receipt day no panel set covers is refused (422), not a server error', async () => {
    // A record older than the built-in panel sets (e.g. migrated from paper), received on its own day.
    const { id } = await announced(new Date('2024-12-30T15:00:00Z'));
    const res = await receive(id, { receivedAt: '2024-12-31T15:00:00Z', reason: 'Back-entry of a paper receipt' });
    expect([res.status, (res.body as ErrorBody).error]).toEqual([422, 'NO_PANEL_SET_ON_RECEIPT_DATE']);
    expect((res.body as FieldErrorBody).details).toEqual([{ field: 'receivedAt', message: 'no panel set covers 2024-12-31T15:00:00.000Z' }]);
    expect(await state(id)).toEqual({ status: 'pending', lab_code: null, received_at: null });
  });

  it('a state-synced sample may be received back to its manifest’s date (the lab often syncs after the sample arrived), not before', async () => {
    const shipped = new Date(Date.now() - 2 * 24 * HOUR);
    const sample = flowerSample();
    const manifestId = `SIM-${sample.inventoryId}`;
    await t.sim!.control('/_sim/samples', {
      samples: [
        {
          sampleId: sample.inventoryId,
          parentInventoryIds: sample.lotInventoryIds ?? [sample.inventoryId],
          manifestId,
          senderLicense: licensee.licenseNumber,
          productType: sample.productType,
          name: sample.name,
          quantity: sample.quantity,
          uom: sample.unit,
          createdAt: shipped.toISOString(),
        },
      ],
    });
    await t.http().post('/v1/sample-transfers/sync').set('Authorization', `Bearer ${tech.token}`).expect(200);
    const [row] = await t.sql<{ id: string; manifest_at: Date }>(
      `SELECT s.id, tr.manifest_at FROM samples s JOIN sample_transfers tr ON tr.id = s.transfer_id WHERE s.sample_inventory_id = $1`,
      [sample.inventoryId],
    );
    expect(row.manifest_at.toISOString()).toBe(shipped.toISOString());

    const tooEarly = await receive(row.id, { receivedAt: new Date(shipped.getTime() - HOUR).toISOString(), reason: 'Weekend delivery' });
    expect([tooEarly.status, (tooEarly.body as ErrorBody).error]).toEqual([422, 'RECEIPT_BEFORE_ANNOUNCEMENT']);
    const friday = new Date(shipped.getTime() + 6 * HOUR).toISOString();
    const res = await receive(row.id, { receivedAt: friday, reason: 'Delivered Friday evening; synced and entered Monday' });
    expect(res.status).toBe(200);
    expect((res.body as SampleDetailDto).receivedAt).toBe(friday);
  });

  it('a day-only receivedAt / collectedAt is the start of that day on the lab clock: the lab code takes that day’s month', async () => {
    const zone = t.config.lab.timezone;
    const labDay = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(at);
    // Yesterday and the day before on the lab clock: after the announcement (3 days ago), past, so a late entry with a reason.
    const { id } = await announced(new Date(Date.now() - 3 * 24 * HOUR));
    const [received, collected] = [labDay(Date.now() - 24 * HOUR), labDay(Date.now() - 2 * 24 * HOUR)];
    const res = await receive(id, { receivedAt: received, collectedAt: collected, reason: 'Paper receipt, day only' });
    expect(res.status).toBe(200);
    const [row] = await t.sql<{ received_at: Date; collected_at: Date; lab_code: string }>(
      `SELECT received_at, collected_at, lab_code FROM samples WHERE id = $1`,
      [id],
    );
    expect(row.received_at.toISOString()).toBe(labDateInstant(received, zone).toISOString());
    expect(row.collected_at.toISOString()).toBe(labDateInstant(collected, zone).toISOString());
    // Midnight on the lab clock, the day typed (UTC midnight would be the evening before in New York).
    const wall = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', dateStyle: 'short', timeStyle: 'short' }).format(at);
    expect(wall(row.received_at)).toBe(`${received}, 00:00`);
    expect(wall(row.collected_at)).toBe(`${collected}, 00:00`);
    expect(row.lab_code).toMatch(new RegExp(`^LT-${received.slice(2, 4)}${received.slice(5, 7)}-\\d+$`));
  });

  it('without receivedAt nothing changes: received now, no reason asked, none recorded', async () => {
    const { id } = await announced();
    const before = Date.now();
    const res = await receive(id, {});
    expect(res.status).toBe(200);
    const receivedAt = Date.parse((res.body as SampleDetailDto).receivedAt!);
    expect(receivedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(receivedAt).toBeLessThanOrEqual(Date.now() + 1000);
    const [event] = await receiptEvents(id);
    expect(event.reason).toBeNull();
    expect(event.after).not.toHaveProperty('receivedAtAsEntered');
    expect(event.after).not.toHaveProperty('enteredAt');
  });
});
