import { Logger } from '@nestjs/common';
import { amendAndRelease, metalsWithLead } from '../../test/support/amendments';
import { metrcSimulatorEnv } from '../../test/support/metrc';
import { enterCompletePanel } from '../../test/support/panels';
import { eventually, submitAndRelease } from '../../test/support/release';
import { createTestApp, TestContext } from '../../test/support/test-app';
import { InProcessMetrc, startInProcess } from '../../tools/metrc-simulator/src/in-process';

/**
 * The whole lab on the Metrc simulator: a transfer in Metrc becomes a sample, is received, tested and
 * released, and reaches Metrc recorded, with its COA, and released; an amendment waits for a manager
 * with the steps for Metrc's UI, and nothing is recorded twice.
 */
const SHIPPER = 'OCM-CULT-24-000123';

interface Submission {
  id: string;
  kind: string;
  status: string;
  coaVersion: number;
  stateResultId: string | null;
  stateAction: string | null;
  lastError: string | null;
}

describe('LabTrace on Metrc (TRACEABILITY_ADAPTER=metrc)', () => {
  let metrc: InProcessMetrc;
  let t: TestContext;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    metrc = await startInProcess();
    t = await createTestApp({
      simulator: false,
      worker: true,
      env: metrcSimulatorEnv(metrc.url),
    });
  });
  afterAll(async () => {
    await t?.close();
    await metrc?.close();
  });

  const submissions = async (token: string, sampleId: string) =>
    (
      (await t.http().get('/v1/biotrack/submissions').set('Authorization', `Bearer ${token}`).expect(200)).body as Array<Submission & { sampleId: string }>
    ).filter((s) => s.sampleId === sampleId);

  it('transfer -> sync -> receive -> results -> release -> recorded, COA attached and released in Metrc; amendment -> steps for the manager', async () => {
    const tech = await t.userToken('technician');
    const manager = await t.userToken('manager');
    const secondManager = await t.userToken('manager');
    const admin = await t.userToken('admin');
    const lot = '1A4060300002199000001111';
    const created = await metrc.control<{ manifestNumber: string; packages: Array<{ label: string }> }>('/_sim/transfers', {
      shipperLicense: SHIPPER,
      packages: [{ itemName: 'Blue Dream - test sample', itemCategoryName: 'Flower', quantity: 7, unitOfMeasureName: 'Grams', sourcePackageLabels: [lot] }],
    });
    const label = created.packages[0].label;

    // Intake: the package becomes a sample keyed by its label, the lot from SourcePackageLabels.
    const sync = await t.http().post('/v1/sample-transfers/sync').set('Authorization', `Bearer ${tech.token}`).expect(200);
    expect(sync.body).toMatchObject({ created: 1, conflicts: [] });
    const list = await t.http().get(`/v1/samples?licenseNumber=${SHIPPER}`).set('Authorization', `Bearer ${tech.token}`).expect(200);
    const sample = (list.body as { items: Array<{ id: string; sampleInventoryId: string; inventoryIds: string[]; productType: string }> }).items.find(
      (s) => s.sampleInventoryId === label,
    )!;
    expect(sample).toMatchObject({ sampleInventoryId: label, inventoryIds: [lot], productType: 'flower' });

    // Receipt is local: Metrc has no API for it, and the console is told so.
    const system = await t.http().get('/v1/state-system').set('Authorization', `Bearer ${tech.token}`).expect(200);
    expect(system.body).toEqual({
      name: 'Metrc',
      receivesInState: false,
      inventoryIdLabel: '24-character package label',
      inventoryIdDescription: 'a 24-character Metrc package label (digits and capital letters)',
      inventoryIdPattern: '^[0-9A-Z]{24}$',
    });
    await t
      .http()
      .post(`/v1/samples/${sample.id}/receive`)
      .set('Authorization', `Bearer ${tech.token}`)
      .send({ receivedQuantity: '7', unit: 'g', condition: 'acceptable', storageLocation: 'Fridge 1' })
      .expect(200);

    await enterCompletePanel(t, tech.token, sample.id);
    await submitAndRelease(t, tech, manager, sample.id);

    const delivered = await eventually(
      async () => (await submissions(manager.token, sample.id)).find((s) => s.coaVersion === 1 && s.status === 'delivered'),
      20_000,
      'version 1 to reach Metrc',
    );
    expect(delivered.stateResultId).toBe(label);
    const held = await metrc.control<{
      data: Array<{ typeName: string; resultDate: string; documentFileId: number | null; releasedAt: string | null }>;
      recordPostsByLabel: Record<string, number>;
      documents: Array<{ fileName: string }>;
    }>(`/_sim/results?label=${label}`);
    expect(held.recordPostsByLabel[label]).toBe(1);
    expect(held.data.map((r) => r.typeName)).toEqual(expect.arrayContaining(['Total THC (%)', 'Lead (µg/g)', 'Pesticides (pass/fail)', 'Water Activity (Aw)']));
    // ResultDate is a day on the lab's clock, in the docs' form (these rows record no analysis date: the release's day).
    const [{ released_at: releasedAt }] = await t.sql<{ released_at: Date }>(`SELECT released_at FROM samples WHERE id = $1`, [sample.id]);
    const labDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(releasedAt);
    expect([...new Set(held.data.map((r) => r.resultDate))]).toEqual([`${labDay}T00:00:00.000Z`]);
    expect(held.data.every((r) => r.documentFileId !== null && r.releasedAt !== null)).toBe(true);
    expect(held.documents.map((d) => d.fileName)).toEqual([expect.stringMatching(/-v1\.pdf$/)]);
    expect((await metrc.control<{ labTestingState: string }>(`/_sim/packages/${label}`)).labTestingState).toBe('TestPassed');

    // The licensee's poll shows the report delivered.
    const key = await t.http().post(`/v1/licensees/${SHIPPER}/api-keys`).set('Authorization', `Bearer ${admin.token}`).send({ label: 'ERP' }).expect(201);
    const poll = await t
      .http()
      .get(`/v1/licensee/samples/${label}`)
      .set('X-API-Key', (key.body as { key: string }).key)
      .expect(200);
    expect(poll.body).toMatchObject({ stateReport: { status: 'delivered', coaVersion: 1 } });

    // An amendment: Metrc cannot take it; the manager gets the steps, and nothing is recorded again.
    await amendAndRelease(t, secondManager, manager, sample.id, { amendsVersion: 1, reason: 'lead re-integrated', results: metalsWithLead('0.31') });
    const waiting = await eventually(
      async () => (await submissions(manager.token, sample.id)).find((s) => s.kind === 'amend' && s.status === 'needs_state_action'),
      20_000,
      'the amendment to wait for a manager',
    );
    expect(waiting.stateAction).toContain(`package ${label}`);
    expect(waiting.stateAction).toMatch(/"Lead \(µg\/g\)": Metrc holds [\d.]+ \(passed\); the amended COA says 0\.31 \(passed\)/);
    expect((await metrc.control<{ recordPostsByLabel: Record<string, number> }>(`/_sim/results?label=${label}`)).recordPostsByLabel[label]).toBe(1);
    const pending = await t
      .http()
      .get(`/v1/licensee/samples/${label}`)
      .set('X-API-Key', (key.body as { key: string }).key)
      .expect(200);
    expect(pending.body).toMatchObject({ stateReport: { status: 'needs_state_action', coaVersion: 2 } });

    // The manager did it in Metrc's UI and says so.
    await t.http().post(`/v1/biotrack/submissions/${waiting.id}/state-action-done`).set('Authorization', `Bearer ${tech.token}`).expect(403);
    const done = await t.http().post(`/v1/biotrack/submissions/${waiting.id}/state-action-done`).set('Authorization', `Bearer ${manager.token}`).expect(200);
    expect(done.body).toMatchObject({ status: 'delivered', stateAction: waiting.stateAction });
    await t.http().post(`/v1/biotrack/submissions/${waiting.id}/state-action-done`).set('Authorization', `Bearer ${manager.token}`).expect(409);
    const audit = await t.sql<{ action: string }>(`SELECT action FROM audit_events WHERE entity_id = $1`, [waiting.id]);
    expect(audit.map((a) => a.action)).toContain('submission.state_action_done');
  });
});
