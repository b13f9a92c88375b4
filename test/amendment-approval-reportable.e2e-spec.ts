import { Logger } from '@nestjs/common';
import type { AmendmentDto } from '../src/certificates/dto/amendment.dto';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { InProcessMetrc, startInProcess } from '../tools/metrc-simulator/src/in-process';
import { releaseAmendment, requestAmendment } from './support/amendments';
import { LicenseeHandle } from './support/lab';
import { labStaff } from './support/lab-staff';
import { metrcSimulatorEnv } from './support/metrc';
import { releasedSample } from './support/release';
import type { Row } from './support/results';
import { bootContext, createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };

/** Limonene above the ULOQ with no number: BioTrack takes the qualifier alone, Metrc needs a quantity. */
const TERPENES_ABOVE_ULOQ: Row[] = [
  { analyte: 'beta-Myrcene', value: '0.52', unit: '%' },
  { analyte: 'Limonene', qualifier: '>ULOQ', unit: '%' },
];

/**
 * An amendment is checked against the state system when it is requested and again when a second
 * manager approves it, because the state system in force can change in between: the lab switches
 * TRACEABILITY_ADAPTER from BioTrack to Metrc (README, "Switching") with an amendment pending. Two
 * API processes on one database stand for before and after the switch. Nothing else the check reads
 * can change meanwhile: the pending version's rows keep the limit set they were judged by, and a
 * released sample takes no results or not-tested marks.
 */
describe('approving an amendment the state system in force could not take', () => {
  let biotrack: TestContext;
  let metrcApp: TestContext;
  let metrc: InProcessMetrc;
  let tech: User;
  let managerA: User;
  let managerB: User;
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    biotrack = await createTestApp({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
    const staff = await labStaff(biotrack, { secondManager: true, licenseeName: 'Saratoga Greens LLC' });
    ({ technician: tech, manager: managerA, secondManager: managerB, licensee } = staff);
  });
  afterAll(async () => {
    await metrcApp?.close();
    await metrc?.close();
    await biotrack?.close();
  });

  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const written = async ({ id, sampleInventoryId }: { id: string; sampleInventoryId: string }) => ({
    sample: (await biotrack.sql(`SELECT status, coa_version FROM samples WHERE id = $1`, [id]))[0],
    coaDocuments: await biotrack.sql(`SELECT version FROM coa_documents WHERE sample_id = $1 ORDER BY version`, [id]),
    submissions: await biotrack.sql(`SELECT kind, coa_version FROM biotrack_submissions WHERE sample_id = $1 ORDER BY coa_version`, [id]),
    signatures: await biotrack.sql(`SELECT coa_version, amendment_id FROM electronic_signatures WHERE sample_id = $1 ORDER BY coa_version`, [id]),
    webhooks: await biotrack.sql(`SELECT event_type FROM webhook_deliveries WHERE payload->'data'->>'inventoryId' = $1`, [sampleInventoryId]),
    version2: (
      await biotrack.sql(
        `SELECT count(*)::int AS rows, count(*) FILTER (WHERE frozen)::int AS frozen FROM analyte_results WHERE sample_id = $1 AND version = 2`,
        [id],
      )
    )[0],
  });
  const auditTrail = () => biotrack.sql<{ id: string; action: string }>(`SELECT id, action FROM audit_events ORDER BY id`);

  it('requested under BioTrack, approved after the switch to Metrc: 422 NOT_REPORTABLE naming Limonene, nothing written, the request still pending', async () => {
    await biotrack
      .http()
      .post('/v1/licensee/webhooks')
      .set('X-API-Key', licensee.apiKey)
      .send({ url: 'http://127.0.0.1:9/hooks', events: ['coa.amended'] })
      .expect(201);
    const s = await releasedSample(biotrack, tech, managerB, licensee);
    const { labCode } = (await biotrack.sql<{ labCode: string }>(`SELECT lab_code AS "labCode" FROM samples WHERE id = $1`, [s.id]))[0];

    // BioTrack takes Limonene as ">ULOQ" alone: the request passes its check.
    const requested = await requestAmendment(biotrack, managerA, s.id, {
      amendsVersion: 1,
      reason: 'Limonene over the top calibrator on re-injection',
      results: [{ group: 'terpenes', analytes: TERPENES_ABOVE_ULOQ }],
    });
    expect(requested.status).toBe(201);
    const amendment = requested.body as AmendmentDto;
    expect(amendment).toMatchObject({ version: 2, supersedesVersion: 1, status: 'pending' });
    const pendingState = await written(s);
    expect(pendingState).toEqual({
      sample: { status: 'released', coa_version: 1 },
      coaDocuments: [{ version: 1 }],
      submissions: [{ kind: 'report', coa_version: 1 }],
      signatures: [{ coa_version: 1, amendment_id: null }],
      webhooks: [],
      version2: { rows: expect.any(Number), frozen: 0 },
    });
    expect(pendingState.version2.rows).toBeGreaterThan(0);

    // The lab switches to Metrc: the same database, queues and secrets, restarted with Metrc as its state
    // system. Booted only now, because the inventory-id syntax is the process's (set by the last boot).
    metrc = await startInProcess();
    metrcApp = await bootContext({ ...biotrack.env, ...metrcSimulatorEnv(metrc.url) });
    const before = await auditTrail();
    const refused = await releaseAmendment(metrcApp, managerB, s.id, amendment.id);
    expect(refused.status).toBe(422);
    const body = refused.body as ErrorBody;
    expect(body).toMatchObject({ statusCode: 422, error: 'NOT_REPORTABLE' });
    expect(body.message).toBe(
      `Version 2 of ${labCode} cannot be released: Metrc could not take its report: ` +
        `the sample's id "${s.sampleInventoryId}" is not a 24-character Metrc package label (digits and capital letters); ` +
        `Limonene is above the upper limit of quantitation with no value to report. ` +
        `Nothing was released. Reject this amendment, and request one with results it can take.`,
    );
    expect(body.details).toEqual([
      {
        field: 'sampleInventoryId',
        message: `the sample's id "${s.sampleInventoryId}" is not a 24-character Metrc package label (digits and capital letters)`,
      },
      {
        field: 'terpenes.Limonene.value',
        group: 'terpenes',
        analyte: 'Limonene',
        message: 'Limonene is above the upper limit of quantitation with no value to report',
      },
    ]);

    // Nothing written: no COA version 2, outbox row, signature, webhook or audit event; version 2's rows still pending, unfrozen.
    expect(await written(s)).toEqual(pendingState);
    expect(await auditTrail()).toEqual(before);
    const after = await metrcApp.http().get(`/v1/samples/${s.id}/amendments/${amendment.id}`).set(as(managerB)).expect(200);
    expect(after.body as AmendmentDto).toMatchObject({ status: 'pending', decidedBy: null, decidedAt: null, decisionReason: null });
    expect((await metrcApp.http().get(`/v1/samples/${s.id}`).set(as(tech)).expect(200)).body).toMatchObject({ status: 'released', coaVersion: 1 });

    // What the refusal says to do works after the switch: B rejects it; version 1 stays the certificate.
    const rejected = await metrcApp
      .http()
      .post(`/v1/samples/${s.id}/amendments/${amendment.id}/reject`)
      .set(as(managerB))
      .send({ reason: 'Metrc needs a Limonene quantity: re-run diluted' });
    expect(rejected.status).toBe(200);
    expect(rejected.body as AmendmentDto).toMatchObject({ status: 'rejected', decisionReason: 'Metrc needs a Limonene quantity: re-run diluted' });
    expect(await written(s)).toEqual({ ...pendingState, version2: { rows: 0, frozen: 0 } });
    expect((await auditTrail()).slice(before.length).map((a) => a.action)).toEqual(['coa.amendment_rejected']);
  });
});
