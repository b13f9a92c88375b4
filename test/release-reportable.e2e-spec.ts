import { randomInt } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { AmendmentDto } from '../src/certificates/dto/amendment.dto';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { InProcessMetrc, startInProcess } from '../tools/metrc-simulator/src/in-process';
import { requestAmendment } from './support/amendments';
import { receivedSample } from './support/lab';
import { labStaff } from './support/lab-staff';
import { metrcSimulatorEnv } from './support/metrc';
import { enterCompletePanel } from './support/panels';
import { RELEASE_SIGNATURE, reviewedRelease } from './support/release';
import { putResults, type Row } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };

const SHIPPER = 'OCM-CULT-24-000123';

/** The terpenes' method as typed (a certificate needs one; not a registry method, so no unit conversion is asked of it). */
const GC_FID_RUN = 'GC-FID, terpene run T-1205';
/** Myrcene in a unit no Metrc type converts from, limonene above the ULOQ with no number: the report Metrc cannot take. */
const TERPENES_METRC_REFUSES: Row[] = [
  { analyte: 'β-Myrcene', value: '0.52', unit: 'mg/unit', method: GC_FID_RUN },
  { analyte: 'Limonene', qualifier: '>ULOQ', unit: '%', method: GC_FID_RUN },
];
const TERPENES_CORRECTED: Row[] = [
  { analyte: 'β-Myrcene', value: '0.52', unit: '%', method: GC_FID_RUN },
  { analyte: 'Limonene', value: '3.1', unit: '%', method: GC_FID_RUN },
];

/**
 * A COA is released only when the state system in force can take its report: checked under the
 * sample's lock before anything is written, and refused (422 NOT_REPORTABLE) with every analyte named,
 * rather than released to the licensee and then dead at delivery with the state-report clock running.
 */
describe('release refuses a report the state system could not take', () => {
  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });

  describe('on Metrc', () => {
    let metrc: InProcessMetrc;
    let t: TestContext;
    let tech: User;
    let manager: User;
    let manager2: User;

    beforeAll(async () => {
      Logger.overrideLogger(false);
      metrc = await startInProcess();
      t = await createTestApp({
        simulator: false,
        env: metrcSimulatorEnv(metrc.url),
      });
      tech = await t.userToken('technician');
      manager = await t.userToken('manager');
      manager2 = await t.userToken('manager');
    });
    afterAll(async () => {
      await t?.close();
      await metrc?.close();
    });

    /** A Metrc transfer, synced and received: a flower sample keyed by its package label. */
    async function receivedPackage(): Promise<{ id: string; labCode: string }> {
      const lot = `1A406030000219900000${randomInt(1000, 10000)}`;
      const created = await metrc.control<{ packages: Array<{ label: string }> }>('/_sim/transfers', {
        shipperLicense: SHIPPER,
        packages: [{ itemName: 'Blue Dream - test sample', itemCategoryName: 'Flower', quantity: 7, unitOfMeasureName: 'Grams', sourcePackageLabels: [lot] }],
      });
      const label = created.packages[0].label;
      await t.http().post('/v1/sample-transfers/sync').set(as(tech)).expect(200);
      const list = await t.http().get(`/v1/samples?licenseNumber=${SHIPPER}`).set(as(tech)).expect(200);
      const sample = (list.body as { items: Array<{ id: string; sampleInventoryId: string }> }).items.find((s) => s.sampleInventoryId === label)!;
      const received = await t
        .http()
        .post(`/v1/samples/${sample.id}/receive`)
        .set(as(tech))
        .send({ receivedQuantity: '7', unit: 'g', condition: 'acceptable', storageLocation: 'Fridge 1' })
        .expect(200);
      return received.body as { id: string; labCode: string };
    }

    const written = async (id: string) => ({
      sample: (await t.sql(`SELECT status, coa_version FROM samples WHERE id = $1`, [id]))[0],
      coaDocuments: await t.sql(`SELECT version FROM coa_documents WHERE sample_id = $1`, [id]),
      submissions: await t.sql(`SELECT kind, coa_version FROM biotrack_submissions WHERE sample_id = $1`, [id]),
      signatures: await t.sql(`SELECT 1 FROM electronic_signatures WHERE sample_id = $1`, [id]),
      frozen: await t.sql(`SELECT count(*)::int AS n FROM analyte_results WHERE sample_id = $1 AND frozen`, [id]),
    });
    const auditTrail = () => t.sql<{ id: string; action: string }>(`SELECT id, action FROM audit_events ORDER BY id`);

    it('refuses 422 NOT_REPORTABLE naming each analyte and why, writes nothing; corrected results release', async () => {
      const s = await receivedPackage();
      await enterCompletePanel(t, tech.token, s.id, { terpenes: TERPENES_METRC_REFUSES });
      await t.http().post(`/v1/samples/${s.id}/submit`).set(as(tech)).expect(200);

      const before = await auditTrail();
      const refused = await t
        .http()
        .post(`/v1/samples/${s.id}/release`)
        .set(as(manager))
        .send(await reviewedRelease(t, manager, s.id));
      expect(refused.status).toBe(422);
      const body = refused.body as ErrorBody;
      expect(body).toMatchObject({ statusCode: 422, error: 'NOT_REPORTABLE' });
      expect(body.message).toContain(`${s.labCode} cannot be released: Metrc could not take its report`);
      expect(body.message).toContain('Nothing was released');
      expect(body.details).toEqual([
        {
          field: 'terpenes.β-Myrcene.unit',
          group: 'terpenes',
          analyte: 'β-Myrcene',
          message: 'β-Myrcene is in mg/unit, which does not convert to % for Metrc type "Total Terpenes (%)"',
        },
        {
          field: 'terpenes.Limonene.value',
          group: 'terpenes',
          analyte: 'Limonene',
          message: 'Limonene is above the upper limit of quantitation with no value to report',
        },
      ]);
      expect(await written(s.id)).toEqual({
        sample: { status: 'submitted', coa_version: null },
        coaDocuments: [],
        submissions: [],
        signatures: [],
        frozen: [{ n: 0 }],
      });
      expect(await auditTrail()).toEqual(before);

      // Back to testing, the terpenes corrected: released, reported once.
      await t.http().post(`/v1/samples/${s.id}/reopen`).set(as(manager2)).send({ reason: 'terpenes re-run in % w/w' }).expect(204);
      expect((await putResults(t, tech.token, s.id, [{ group: 'terpenes', analytes: TERPENES_CORRECTED }], 'terpenes re-run in % w/w')).status).toBe(200);
      await t.http().post(`/v1/samples/${s.id}/submit`).set(as(tech)).expect(200);
      const released = await t
        .http()
        .post(`/v1/samples/${s.id}/release`)
        .set(as(manager))
        .send(await reviewedRelease(t, manager, s.id));
      expect(released.status).toBe(200);
      expect(released.body).toMatchObject({ version: 1, overall: 'pass' });
      expect(await written(s.id)).toMatchObject({
        sample: { status: 'released', coa_version: 1 },
        coaDocuments: [{ version: 1 }],
        submissions: [{ kind: 'report', coa_version: 1 }],
      });
      expect((await auditTrail()).map((a) => a.action)).toContain('coa.released');

      // An amendment back to what Metrc cannot take is refused when requested: no pending version.
      const amendment = await requestAmendment(t, manager2, s.id, {
        amendsVersion: 1,
        reason: 'terpenes per unit',
        results: [{ group: 'terpenes', analytes: TERPENES_METRC_REFUSES }],
      });
      expect(amendment.status).toBe(422);
      expect(amendment.body).toMatchObject({
        error: 'NOT_REPORTABLE',
        details: [
          { analyte: 'β-Myrcene', field: 'terpenes.β-Myrcene.unit' },
          { analyte: 'Limonene', field: 'terpenes.Limonene.value' },
        ],
      });
      const amendments = await t.http().get(`/v1/samples/${s.id}/amendments`).set(as(manager)).expect(200);
      expect(amendments.body as AmendmentDto[]).toEqual([]);
      expect(await t.sql(`SELECT count(*)::int AS n FROM analyte_results WHERE sample_id = $1 AND version = 2`, [s.id])).toEqual([{ n: 0 }]);
    });
  });

  describe('on BioTrack', () => {
    let t: TestContext;

    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t?.close());

    it('releases the limonene above the ULOQ Metrc refused (BioTrack takes a qualifier alone) and refuses the unit it has none for', async () => {
      const { technician: tech, manager, licensee } = await labStaff(t, { licenseeName: 'Catskill Craft Cannabis LLC' });
      const release = async (terpenes: Row[]) => {
        const s = await receivedSample(t, tech.token, licensee);
        await enterCompletePanel(t, tech.token, s.id, { terpenes });
        await t.http().post(`/v1/samples/${s.id}/submit`).set(as(tech)).expect(200);
        return t
          .http()
          .post(`/v1/samples/${s.id}/release`)
          .set(as(manager))
          .send(await reviewedRelease(t, manager, s.id, RELEASE_SIGNATURE.signature));
      };

      const aboveUloq = await release([TERPENES_CORRECTED[0], TERPENES_METRC_REFUSES[1]]);
      expect(aboveUloq.status).toBe(200);
      expect(aboveUloq.body).toMatchObject({ version: 1 });

      const perUnit = await release(TERPENES_METRC_REFUSES);
      expect(perUnit.status).toBe(422);
      expect(perUnit.body).toMatchObject({
        error: 'NOT_REPORTABLE',
        message: expect.stringContaining('BioTrack could not take its report: β-Myrcene: mg/unit has no NY-API unit.'),
        details: [{ field: 'terpenes.β-Myrcene.unit', group: 'terpenes', analyte: 'β-Myrcene', message: 'β-Myrcene: mg/unit has no NY-API unit' }],
      });
    });
  });
});
