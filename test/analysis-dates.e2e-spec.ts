import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorBody } from '../src/common/all-exceptions.filter';
import type { CoaImportAnswer } from '../src/instruments/coa-pdf/coa-import.answer';
import type { ImportSummary } from '../src/instruments/instrument-imports.service';
import type { ResultsService } from '../src/results/results.service';
import { metalsWithLead, requestAmendment } from './support/amendments';
import { MASSHUNTER_METHODS, massHunterFor } from './support/instrument-files';
import { LicenseeHandle, receivedSample, registerLicensee } from './support/lab';
import { releasedSample, reviewedRelease } from './support/release';
import { passingFlowerPanel, putResults, type Group } from './support/results';
import { createTestApp, TestContext } from './support/test-app';

type User = { token: string; id: string; email: string };
type QcFlagView = Awaited<ReturnType<ResultsService['listQcFlags']>>[number];
/** A group as PUT takes it, with the analysis dates a technician may type. */
type DatedGroup = Group & { analysedAt?: string; analytes: Array<Group['analytes'][number] & { analysedAt?: string }> };

const DAY_MS = 24 * 60 * 60 * 1000;

describe('an analysis date must be possible for its sample', () => {
  let t: TestContext;
  let tech: User;
  let manager: User;
  let managerB: User;
  let licensee: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp();
    tech = await t.userToken('technician');
    manager = await t.userToken('manager');
    managerB = await t.userToken('manager');
    licensee = await registerLicensee(t, (await t.userToken('admin')).token);
  });
  afterAll(() => t.close());

  const as = (u: User) => ({ Authorization: `Bearer ${u.token}` });
  const labDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: t.config.lab.timezone }).format(at);
  const rowsOf = (sampleId: string) => t.sql(`SELECT analyte, version FROM analyte_results WHERE sample_id = $1`, [sampleId]);
  const flagsOf = async (sampleId: string) =>
    (await t.http().get(`/v1/samples/${sampleId}/results/qc-flags`).set(as(manager)).expect(200)).body as QcFlagView[];
  const importAs = (u: User, file: Buffer, dryRun = false) => {
    // Naming each group's method, without which the rows could not be submitted (CLAIMS_UNSUPPORTED).
    // And why: the file changes results entered by hand (400 REASON_REQUIRED without one).
    const req = t
      .http()
      .post('/v1/instrument-imports')
      .set(as(u))
      .field('methods', MASSHUNTER_METHODS)
      .field('reason', 'the LC-MS/MS batch replaces the bench entry');
    if (dryRun) req.field('dryRun', 'true');
    return req.attach('file', file, 'lcms-260314.csv');
  };

  it('refuses a typed date before the receipt or in the future, naming each field, and writes nothing', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    const received = new Date((await t.sql<{ received_at: Date }>(`SELECT received_at FROM samples WHERE id = $1`, [s.id]))[0].received_at);
    const panel: DatedGroup[] = passingFlowerPanel();
    const before = new Date(received.getTime() - DAY_MS).toISOString();
    const future = new Date(Date.now() + 2 * DAY_MS).toISOString();
    panel[0] = { ...panel[0], analysedAt: before };
    panel[2] = { ...panel[2], analytes: panel[2].analytes.map((a, i) => (i === 2 ? { ...a, analysedAt: future } : a)) };

    const res = await putResults(t, tech.token, s.id, panel);
    expect(res.status).toBe(400);
    const body = res.body as ErrorBody;
    expect(body.error).toBe('INVALID_RESULTS');
    expect(body.details).toEqual([
      { field: 'groups[0].analysedAt', message: `analysedAt ${before} is before the sample was received (${received.toISOString()})` },
      {
        field: 'groups[2].analytes[2].analysedAt',
        message: expect.stringMatching(new RegExp(`^analysedAt ${future} is in the future \\(it is now 20\\d\\d-`)),
      },
    ]);
    expect(await rowsOf(s.id)).toEqual([]);
    const sample = await t.http().get(`/v1/samples/${s.id}`).set(as(tech)).expect(200);
    expect(sample.body).toMatchObject({ status: 'received', resultStatus: null });

    // A date alone is that day in the lab's zone: today is not "before" a receipt earlier today.
    const today: DatedGroup[] = passingFlowerPanel();
    today[0] = { ...today[0], analysedAt: labDay(new Date()) };
    expect((await putResults(t, tech.token, s.id, today)).status).toBe(200);
  });

  it('refuses an amendment whose typed date precedes the receipt; the amended version’s own dates are carried', async () => {
    const s = await releasedSample(t, tech, manager, licensee);
    const received = (await t.sql<{ received_at: Date }>(`SELECT received_at FROM samples WHERE id = $1`, [s.id]))[0].received_at;
    const early = '2020-01-02';
    const [metals] = metalsWithLead('0.2');
    const refused = await requestAmendment(t, manager, s.id, {
      amendsVersion: 1,
      reason: 'Lead re-integrated',
      results: [{ ...metals, analysedAt: early }],
    });
    expect(refused.status).toBe(400);
    expect((refused.body as ErrorBody).details).toEqual([
      { field: 'results[0].analysedAt', message: `analysedAt ${early} is before the sample was received (${new Date(received).toISOString()})` },
    ]);
    expect(await t.sql(`SELECT id FROM coa_amendments WHERE sample_id = $1`, [s.id])).toEqual([]);
    expect(await t.sql(`SELECT analyte FROM analyte_results WHERE sample_id = $1 AND version = 2`, [s.id])).toEqual([]);

    // Without a date of its own, the amended rows keep version 1's: requested.
    const carried = await requestAmendment(t, manager, s.id, { amendsVersion: 1, reason: 'Lead re-integrated', results: [metals] });
    expect(carried.status).toBe(201);
  });

  it('flags an instrument file dated before the receipt, holds release until the flag is resolved', async () => {
    const s = await receivedSample(t, tech.token, licensee);
    expect((await putResults(t, tech.token, s.id, passingFlowerPanel())).status).toBe(200);
    const file = massHunterFor([s.labCode]);

    const dry = await importAs(tech, file, true);
    expect(dry.status).toBe(200);
    const dryWarnings = (dry.body as ImportSummary).warnings.filter((w) => /before the sample was received/.test(w));
    expect(dryWarnings.length).toBeGreaterThan(0);
    expect(dryWarnings.every((w) => w.startsWith(`${s.labCode}: `) && w.endsWith('a QC flag holds the sample back from release until it is resolved.'))).toBe(
      true,
    );
    expect(await flagsOf(s.id)).toEqual([]);

    const imported = await importAs(tech, file);
    expect(imported.status).toBe(201);
    const summary = imported.body as ImportSummary;
    const flags = (await flagsOf(s.id)).filter((f) => f.kind === 'analysis_date');
    const groups = flags.map((f) => f.analyteGroup).sort();
    // One flag per analyte group the file stored into the sample.
    const stored = await t.sql<{ analyte_group: string }>(
      `SELECT DISTINCT analyte_group FROM analyte_results WHERE sample_id = $1 AND source_type = 'instrument_import' AND NOT computed ORDER BY analyte_group`,
      [s.id],
    );
    expect(groups).toEqual(stored.map((r) => r.analyte_group));
    expect(groups.length).toBeGreaterThan(0);
    for (const f of flags) {
      expect(f).toMatchObject({ importId: summary.id, analyte: null, resolvedAt: null });
      expect(f.message).toMatch(
        new RegExp(
          `^${f.analyteGroup} analysed 2026-03-14 \\d\\d:\\d\\d UTC per the file, before the sample was received 20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`,
        ),
      );
    }
    expect(summary.warnings.filter((w) => /before the sample was received/.test(w))).toHaveLength(flags.length);
    expect(summary.qcFlagsRaised).toBe((await flagsOf(s.id)).length);

    await t.http().post(`/v1/samples/${s.id}/submit`).set(as(tech)).expect(200);
    const blocked = await t
      .http()
      .post(`/v1/samples/${s.id}/release`)
      .set(as(managerB))
      .send(await reviewedRelease(t, managerB, s.id));
    expect(blocked.status).toBe(403);
    expect((blocked.body as ErrorBody).message).toMatch(/unresolved QC flag\(s\): .*per the file, before the sample was received/);

    for (const f of await flagsOf(s.id)) {
      await t
        .http()
        .post(`/v1/samples/${s.id}/results/qc-flags/${f.id}/resolve`)
        .set(as(managerB))
        .send({ resolution: 'Instrument PC clock was a year behind; batch log confirms the run was after receipt' })
        .expect(204);
    }
    const released = await t
      .http()
      .post(`/v1/samples/${s.id}/release`)
      .set(as(managerB))
      .send(await reviewedRelease(t, managerB, s.id));
    expect(released.status).toBe(200);
  });

  it('raises no date flag for a sample received before the file’s date', async () => {
    const s = await receivedSample(t, tech.token, licensee, {}, { receivedAt: '2026-03-01T15:00:00Z' });
    const imported = await importAs(tech, massHunterFor([s.labCode]));
    expect(imported.status).toBe(201);
    expect((imported.body as ImportSummary).matched).toEqual([expect.objectContaining({ sampleId: s.id })]);
    expect((imported.body as ImportSummary).warnings.filter((w) => /analysed 2026-03-14/.test(w))).toEqual([]);
    expect((await flagsOf(s.id)).filter((f) => f.kind === 'analysis_date')).toEqual([]);
  });
  // (No "received before the COA" case: the COA fixtures, 2020 to 2023, predate the built-in panel set, so receiving a sample then is refused.)
  it('flags each group of a COA tested before the receipt, the COA’s day as printed', async () => {
    const pdf = readFileSync(join(__dirname, 'fixtures', 'coa-pdfs', 'sc-labs_Cherry_Punch.pdf'));
    const late = await receivedSample(t, tech.token, licensee);
    const res = await t.http().post('/v1/coa-imports').set(as(tech)).field('sampleId', late.id).attach('file', pdf, 'Cherry_Punch.pdf');
    expect(res.status).toBe(201);
    const answer = res.body as CoaImportAnswer;
    const testedAt = answer.coa.testedAt!;
    expect(testedAt).toMatch(/^20[12]\d-\d\d-\d\d/);
    const flags = (await flagsOf(late.id)).filter((f) => f.kind === 'analysis_date');
    expect(flags.length).toBeGreaterThan(0);
    expect(new Set(flags.map((f) => f.analyteGroup)).size).toBe(flags.length);
    for (const f of flags) {
      expect(f).toMatchObject({ importId: answer.id, analyte: null, resolvedAt: null });
      expect(f.message).toMatch(new RegExp(`^${f.analyteGroup} analysed \\d{4}-\\d\\d-\\d\\d.* per the COA, before the sample was received 20\\d\\d-`));
    }
    expect(answer.warnings.filter((w) => /per the COA, before the sample was received/.test(w))).toHaveLength(flags.length);
  });
});
