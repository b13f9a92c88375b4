import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { OpenAPIObject } from '@nestjs/swagger';
import { LoginResponseDto } from '../src/auth/dto/login.dto';
import { UserResponseDto } from '../src/auth/dto/user.dto';
import { ErrorBody } from '../src/common/all-exceptions.filter';
import { FieldError } from '../src/common/domain-error';
import { createTestApp, TEST_PASSWORD, TestContext } from './support/test-app';

describe('foundation: auth, roles, validation, audit, health, docs', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ simulator: false });
  });
  afterAll(() => t.close());

  describe('POST /v1/auth/login', () => {
    it('gives a short-lived bearer token for the right password', async () => {
      const admin = await t.userToken('admin');
      const res = await t.http().post('/v1/auth/login').send({ email: admin.email, password: TEST_PASSWORD }).expect(200);
      const { accessToken } = res.body as LoginResponseDto;
      const [, payload] = accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string; exp: number; iat: number };
      expect(claims.sub).toBe(admin.id);
      expect(claims.exp - claims.iat).toBe(t.config.jwt.ttlSeconds);
      await t.http().get('/v1/users').set('Authorization', `Bearer ${accessToken}`).expect(200);
    });

    it('answers a wrong password and an unknown email with the same 401', async () => {
      const tech = await t.userToken('technician');
      const wrong = await t.http().post('/v1/auth/login').send({ email: tech.email, password: 'not-the-password' }).expect(401);
      const unknown = await t.http().post('/v1/auth/login').send({ email: 'nobody@test.lab', password: 'not-the-password' }).expect(401);
      expect(wrong.body).toEqual(unknown.body);
      expect((wrong.body as ErrorBody).message).toBe('Email or password is incorrect');
    });

    it('refuses a disabled user, and a disabled user’s existing token stops working', async () => {
      const admin = await t.userToken('admin');
      const tech = await t.userToken('technician');
      await t.http().patch(`/v1/users/${tech.id}`).set('Authorization', `Bearer ${admin.token}`).send({ active: false }).expect(200);
      const res = await t.http().post('/v1/auth/login').send({ email: tech.email, password: TEST_PASSWORD }).expect(401);
      expect((res.body as ErrorBody).message).toBe('Email or password is incorrect');
      await t.http().get('/v1/licensees').set('Authorization', `Bearer ${tech.token}`).expect(401);
    });

    it('refuses requests without a token or with a forged one', async () => {
      await t.http().get('/v1/users').expect(401);
      await t.http().get('/v1/users').set('Authorization', 'Bearer not.a.token').expect(401);
    });
  });

  it('refuses a technician on an admin route with 403', async () => {
    const tech = await t.userToken('technician');
    const res = await t.http().get('/v1/users').set('Authorization', `Bearer ${tech.token}`).expect(403);
    expect((res.body as ErrorBody).message).toMatch(/admin/);
  });

  describe('validation', () => {
    it('answers an unknown field with 400 naming it', async () => {
      const admin = await t.userToken('admin');
      const res = await t
        .http()
        .post('/v1/users')
        .set('Authorization', `Bearer ${admin.token}`)
        .send({ email: 'new@test.lab', displayName: 'New', password: 'long-enough-pw', role: 'technician', isRoot: true })
        .expect(400);
      expect((res.body as ErrorBody).details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'isRoot' })]));
    });

    it('answers a bad email and a bad role with 400 and a message per field', async () => {
      const admin = await t.userToken('admin');
      const res = await t
        .http()
        .post('/v1/users')
        .set('Authorization', `Bearer ${admin.token}`)
        .send({ email: 'not-an-email', displayName: 'New', password: 'long-enough-pw', role: 'owner' })
        .expect(400);
      const body = res.body as ErrorBody & { details: FieldError[] };
      const fields = body.details.map((d) => d.field).sort();
      expect(fields).toEqual(['email', 'role']);
      expect(body.message).toEqual(expect.arrayContaining(['email must be an email address']));
    });

    it('answers a malformed JSON body with 400, not 500', async () => {
      const res = await t.http().post('/v1/auth/login').set('Content-Type', 'application/json').send('{"email":').expect(400);
      expect((res.body as ErrorBody).statusCode).toBe(400);
    });
  });

  it('writes an audit event, with who and what, when a user is created', async () => {
    const admin = await t.userToken('admin');
    const res = await t
      .http()
      .post('/v1/users')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ email: 'audited@test.lab', displayName: 'Audited', password: 'long-enough-pw', role: 'technician' })
      .expect(201);
    const rows = await t.sql<{ action: string; actor_id: string; after: Record<string, unknown> }>(
      `SELECT action, actor_id, after FROM audit_events WHERE entity_type = 'user' AND entity_id = $1`,
      [(res.body as UserResponseDto).id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'user.created', actor_id: admin.id });
    // A technician: granting manager or admin is a two-person request (test/two-person.e2e-spec.ts).
    expect(rows[0].after).toMatchObject({ email: 'audited@test.lab', role: 'technician' });
    expect(JSON.stringify(rows[0].after)).not.toMatch(/password/i);
  });

  it('keeps the audit trail append-only in the database itself', async () => {
    await expect(t.sql(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
  });

  it('reports up on /health (details to an admin), counts requests on /metrics, serves the OpenAPI document', async () => {
    const health = await t.http().get('/health').expect(200);
    expect(health.body).toEqual({ status: 'up' });
    const admin = await t.userToken('admin');
    const details = await t.http().get('/v1/health').set('Authorization', `Bearer ${admin.token}`).expect(200);
    expect(details.body).toEqual({ status: 'up', checks: { database: 'up', redis: 'up' } });
    // Development without METRICS_TOKEN: the metrics stay open (production requires the token).
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/text\/plain/);
    expect(metrics.text).toMatch(/labtrace_http_requests_total\{[^}]*route="\/health"/);
    expect(metrics.text).toMatch(/labtrace_http_request_duration_seconds_bucket/);
    const docs = await t.http().get('/docs/openapi.json').expect(200);
    const document = docs.body as OpenAPIObject;
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/auth/login', '/v1/users', '/v1/licensees']));
    expect(document.components?.schemas?.CreateUserDto).toHaveProperty('properties.email');
  });

  it('tags every response with a request id', async () => {
    const res = await t.http().get('/health').set('X-Request-Id', 'trace-me-123').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-me-123');
  });

  it('sends security headers, but HSTS only in production', async () => {
    const res = await t.http().get('/v1/users').expect(401);
    expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin', 'x-frame-options': 'SAMEORIGIN' });
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('configuration validated at boot', () => {
  it('stops the API process with a message naming a bad DATABASE_URL', () => {
    const root = join(__dirname, '..');
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, DATABASE_URL: 'mysql://nowhere', JWT_SECRET: 'x'.repeat(40) },
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/DATABASE_URL/);
  });

  it('stops the process when JWT_SECRET is missing', () => {
    const root = join(__dirname, '..');
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/JWT_SECRET/);
  });
});
