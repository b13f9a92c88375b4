import type { ErrorBody } from '../src/common/all-exceptions.filter';
import { announce, flowerSample, LicenseeHandle, registerLicensee, seedStateSample } from './support/lab';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Attacker review: a licensee can announce another licensee's tag before its sender does. Received as
 * announced, the package would be tested, certified and served (licensee API, webhooks) as the
 * announcer's. At receipt the state system's sender of a licensee-announced tag must be the licensee on
 * record, or nothing is received.
 */
describe('receipt confirms the sender of a licensee-announced sample with the state system', () => {
  let t: TestContext;
  let techToken: string;
  let alpha: LicenseeHandle;
  let beta: LicenseeHandle;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.userToken('admin');
    techToken = (await t.userToken('technician')).token;
    alpha = await registerLicensee(t, admin.token, 'Alpha Farms');
    beta = await registerLicensee(t, admin.token, 'Beta Growers LLC');
  });
  afterAll(() => t.close());

  const receive = (id: string) =>
    t
      .http()
      .post(`/v1/samples/${id}/receive`)
      .set('Authorization', `Bearer ${techToken}`)
      .send({ receivedQuantity: '7.0', unit: 'g', condition: 'acceptable', storageLocation: 'Fridge 1' });

  it("refuses to receive another licensee's tag announced first, names both senders, and writes nothing", async () => {
    const betas = flowerSample({ name: 'Beta Kush 3.5g' });
    await seedStateSample(t, beta.licenseNumber, betas, 'BETA-STATE-1');
    const { res, manifestId } = await announce(t, alpha, [betas], 'ALPHA-CLAIM-1');
    expect(res.status).toBe(201);
    const [id] = (res.body as { sampleIds: string[] }).sampleIds;
    const auditBefore = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE entity_id = $1`, [id]);

    const refused = await receive(id).expect(409);
    const body = refused.body as ErrorBody & { details: Record<string, string> };
    expect(body.error).toBe('SENDER_NOT_CONFIRMED');
    expect(body.message).toBe(
      `The state system lists ${betas.inventoryId} as sent by ${beta.licenseNumber} under manifest BETA-STATE-1, but ${alpha.licenseNumber} announced it ` +
        `(manifest ${manifestId}); nothing was received. Sync the inbound samples from the state system, which gives the sample to its sender, then receive it.`,
    );
    expect(body.details).toEqual({
      statedSender: beta.licenseNumber,
      statedManifest: 'BETA-STATE-1',
      announcedBy: alpha.licenseNumber,
      announcedManifest: 'ALPHA-CLAIM-1',
    });

    const [row] = await t.sql<{ status: string; lab_code: string | null; received_at: Date | null }>(
      `SELECT status, lab_code, received_at FROM samples WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ status: 'pending', lab_code: null, received_at: null });
    expect(await t.sql(`SELECT count(*) AS n FROM audit_events WHERE entity_id = $1`, [id])).toEqual(auditBefore);
    expect(await t.sql(`SELECT kind FROM custody_events WHERE sample_id = $1 ORDER BY id`, [id])).toEqual([{ kind: 'announced' }]);
    // The state was not told the package was received.
    const listed = (await t.sim!.control('/_sim/samples')) as { data: Array<{ sampleId: string; status: string }> };
    expect(listed.data.find((s) => s.sampleId === betas.inventoryId)?.status).toBe('pending');
  });

  it('receives a sample whose announcer is the sender the state system lists, and one the state does not list yet is left to the state', async () => {
    const own = flowerSample({ name: 'Alpha Haze 3.5g' });
    await seedStateSample(t, alpha.licenseNumber, own);
    const { res } = await announce(t, alpha, [own]);
    const [id] = (res.body as { sampleIds: string[] }).sampleIds;
    const received = await receive(id).expect(200);
    expect((received.body as { status: string }).status).toBe('received');

    // Unknown to the state: not refused for its sender; BioTrack's accept refuses the tag itself, and nothing is received.
    const unlisted = flowerSample({ name: 'Alpha Unlisted 3.5g' });
    const second = await announce(t, alpha, [unlisted]);
    const [unlistedId] = (second.res.body as { sampleIds: string[] }).sampleIds;
    const answer = await receive(unlistedId);
    expect((answer.body as ErrorBody).error).not.toBe('SENDER_NOT_CONFIRMED');
    expect(answer.status).toBeGreaterThanOrEqual(400);
    const [row] = await t.sql<{ status: string }>(`SELECT status FROM samples WHERE id = $1`, [unlistedId]);
    expect(row.status).toBe('pending');
  });
});
