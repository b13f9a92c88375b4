import { ErrorBody } from '../src/common/all-exceptions.filter';
import { FieldError } from '../src/common/domain-error';
import { createTestApp, TestContext } from './support/test-app';

/** Every `:id`-style parameter goes through one pipe: a malformed id is a 400 naming the field, before any lookup. */
describe('route parameters', () => {
  let t: TestContext;
  let manager: string;
  beforeAll(async () => {
    t = await createTestApp({ simulator: false });
    manager = (await t.userToken('manager')).token;
  });
  afterAll(() => t.close());

  const BAD = 'not-a-uuid';
  const SOME = '6f1c2b1e-0000-4000-8000-000000000000';
  const routes: Array<[method: 'get' | 'post' | 'put', path: string, field: string]> = [
    ['get', `/v1/samples/${BAD}`, 'id'],
    ['get', `/v1/samples/${BAD}/audit`, 'id'],
    ['post', `/v1/samples/${BAD}/receive`, 'id'],
    ['get', `/v1/samples/${BAD}/results`, 'id'],
    ['put', `/v1/samples/${BAD}/results`, 'id'],
    ['get', `/v1/samples/${BAD}/results/qc-flags`, 'id'],
    ['post', `/v1/samples/${SOME}/results/qc-flags/${BAD}/resolve`, 'flagId'],
    ['post', `/v1/samples/${BAD}/submit`, 'id'],
    ['post', `/v1/samples/${BAD}/release`, 'id'],
    ['get', `/v1/samples/${BAD}/coa`, 'id'],
    ['get', `/v1/samples/${BAD}/coa/versions`, 'id'],
    ['get', `/v1/limit-sets/${BAD}`, 'id'],
    ['get', `/v1/instrument-imports/${BAD}`, 'id'],
    ['get', `/v1/coa-imports/${BAD}`, 'id'],
    ['post', `/v1/biotrack/submissions/${BAD}/retry`, 'id'],
  ];

  it.each(routes)('%s %s refuses a malformed %s with 400 and the field named', async (method, path, field) => {
    const res = await t.http()[method](path).set('Authorization', `Bearer ${manager}`).send({});
    expect(res.status).toBe(400);
    const body = res.body as ErrorBody & { details: FieldError[] };
    expect(body.details).toEqual([{ field, message: `${field} must be a UUID` }]);
  });

  it('lets a well-formed unknown id through to the owner, which answers 404', async () => {
    const res = await t.http().get(`/v1/samples/${SOME}`).set('Authorization', `Bearer ${manager}`);
    expect(res.status).toBe(404);
  });
});
