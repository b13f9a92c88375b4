import { LoginResponseDto } from '../src/auth/dto/login.dto';
import { SamplePageDto } from '../src/samples/dto/sample-response.dto';
import { seedDemo } from '../src/scripts/demo-seed';
import { eventually } from './support/release';
import { createTestApp, TestContext } from './support/test-app';

describe('demo seed (what scripts/start.sh loads)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ worker: true });
  });
  afterAll(() => t.close());

  it('creates the demo users, licensee and a lab day at every stage, once', async () => {
    await seedDemo(t.app, 'labtrace-demo', t.config);
    const counts = async () =>
      Object.fromEntries(
        (await t.sql<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM samples GROUP BY status`)).map((r) => [r.status, r.n]),
      );
    expect(await counts()).toEqual({ pending: 3, in_testing: 1, submitted: 1, released: 1 });
    const login = await t.http().post('/v1/auth/login').send({ email: 'manager2@demo.lab', password: 'labtrace-demo' }).expect(200);
    const queue = await t
      .http()
      .get('/v1/samples?status=submitted')
      .set('Authorization', `Bearer ${(login.body as LoginResponseDto).accessToken}`)
      .expect(200);
    expect((queue.body as SamplePageDto).items).toHaveLength(1);
    await eventually(
      async () => (await t.sql(`SELECT 1 FROM biotrack_submissions WHERE status = 'delivered'`)).length === 1,
      20_000,
      'the demo release to reach the simulator',
    );

    // A restart seeds fresh transfers into the (forgetful) simulator but does not redo the day.
    await seedDemo(t.app, 'labtrace-demo', t.config);
    expect(await counts()).toEqual({ pending: 3, in_testing: 1, submitted: 1, released: 1 });
    const state = (await t.sim!.control('/_sim/samples')) as { data: Array<{ status: string }> };
    // Three left from the first seed (this simulator did not restart) and six new.
    expect(state.data.filter((s) => s.status === 'pending')).toHaveLength(9);
  });
});
