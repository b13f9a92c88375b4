import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { WebhookResolver } from '../src/webhooks/webhook-resolver';
import { verifyWebhook } from '../src/webhooks/webhook-signature';
import { WebhookDeliveryView, WebhookEndpointView, WebhookEventPayload } from '../src/webhooks/webhooks.service';
import { LicenseeHandle, registerLicensee } from './support/lab';
import { eventually, releasedSample } from './support/release';
import { createTestApp, TestContext } from './support/test-app';

type Registered = WebhookEndpointView & { secret: string };
type Received = { headers: IncomingMessage['headers']; body: string; answered: number };

/** A licensee's receiver: answers 500 to the first `failures` tries of each event, then 200. */
async function receiver(failures: number) {
  const got: Received[] = [];
  const tries = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = String(req.headers['x-labtrace-delivery']);
      tries.set(id, (tries.get(id) ?? 0) + 1);
      const answered = tries.get(id)! <= failures ? 500 : 200;
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('webhooks', () => {
  let t: TestContext;
  let tech: { token: string; id: string };
  let manager: { token: string; id: string };
  let admin: { token: string };

  beforeAll(async () => {
    // Receivers listen on 127.0.0.1, allowed for development; the one public name resolves without a network.
    t = await createTestApp({ worker: true, env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
    jest
      .spyOn(t.app.get(WebhookResolver), 'resolveHost')
      .mockImplementation((host) =>
        host === 'erp.example.com' ? Promise.resolve([{ address: '93.184.215.14', family: 4 }]) : Promise.reject(new Error(`ENOTFOUND ${host}`)),
      );
    tech = await t.userToken('technician');
    manager = await t.userToken('manager');
    admin = await t.userToken('admin');
  });
  afterAll(() => t.close());

  const register = (l: LicenseeHandle, body: object) => t.http().post('/v1/licensee/webhooks').set('X-API-Key', l.apiKey).send(body);

  it('signs every event with the documented recipe and retries a failing receiver until it takes the event, once', async () => {
    const hook = await receiver(2);
    const warned = jest.spyOn(Logger.prototype, 'warn');
    try {
      const l = await registerLicensee(t, admin.token);
      const reg = await register(l, { url: hook.url, events: ['coa.released', 'sample.reported'] });
      expect(reg.status).toBe(201);
      const { id: endpointId, secret } = reg.body as Registered;
      expect(secret).toMatch(/^whsec_/);
      const listed = await t.http().get('/v1/licensee/webhooks').set('X-API-Key', l.apiKey).expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(secret);

      const s = await releasedSample(t, tech, manager, l);
      await eventually(async () => hook.got.filter((g) => g.answered === 200).length >= 2, 20_000, 'both events accepted');
      const accepted = hook.got.filter((g) => g.answered === 200);
      const types = accepted.map((g) => g.headers['x-labtrace-event']).sort();
      expect(types).toEqual(['coa.released', 'sample.reported']);
      for (const g of hook.got) {
        const header = String(g.headers['x-labtrace-signature']);
        expect(verifyWebhook(secret, header, g.body)).toBe(true);
        // The recipe by hand, as a licensee would write it.
        const [, ts] = /t=(\d+)/.exec(header)!;
        expect(header).toContain(`v1=${createHmac('sha256', secret).update(`${ts}.${g.body}`).digest('hex')}`);
      }
      const released = JSON.parse(accepted.find((g) => g.headers['x-labtrace-event'] === 'coa.released')!.body) as WebhookEventPayload;
      expect(released).toMatchObject({ type: 'coa.released', data: { inventoryId: s.sampleInventoryId, labCode: s.labCode, overall: 'pass', coaVersion: 1 } });

      // Two failures then success: each event was sent three times and accepted exactly once.
      await new Promise((r) => setTimeout(r, 500));
      const firstId = String(hook.got[0].headers['x-labtrace-delivery']);
      for (const id of new Set(hook.got.map((g) => g.headers['x-labtrace-delivery']))) {
        expect(hook.got.filter((g) => g.headers['x-labtrace-delivery'] === id).map((g) => g.answered)).toEqual([500, 500, 200]);
      }

      const log = (await t.http().get(`/v1/licensee/webhooks/${endpointId}/deliveries`).set('X-API-Key', l.apiKey).expect(200)).body as WebhookDeliveryView[];
      expect(log.every((d) => d.status === 'delivered')).toBe(true);
      expect(log.find((d) => d.eventId === firstId)).toMatchObject({ attempts: 3, lastStatus: 200 });
      // Each failed send is logged for the lab's IT, by event and endpoint id (never the URL).
      const failures = warned.mock.calls.map(([message]) => String(message)).filter((m) => m.startsWith('webhook ') && m.includes(endpointId));
      expect(failures.filter((m) => m.startsWith(`webhook ${firstId} `))).toEqual([
        `webhook ${firstId} to endpoint ${endpointId}: attempt 1 failed (HTTP 500); will retry`,
        `webhook ${firstId} to endpoint ${endpointId}: attempt 2 failed (HTTP 500); will retry`,
      ]);
      expect(failures.join('\n')).not.toContain(hook.url);
    } finally {
      warned.mockRestore();
      await hook.close();
    }
  });

  it('announces receiving to a subscriber of sample.received only', async () => {
    const hook = await receiver(0);
    try {
      const l = await registerLicensee(t, admin.token);
      await register(l, { url: hook.url, events: ['sample.received'] }).expect(201);
      const s = await releasedSample(t, tech, manager, l);
      await eventually(async () => hook.got.length >= 1, 10_000, 'the received event');
      await new Promise((r) => setTimeout(r, 500));
      expect(hook.got.map((g) => g.headers['x-labtrace-event'])).toEqual(['sample.received']);
      expect((JSON.parse(hook.got[0].body) as WebhookEventPayload).data).toMatchObject({
        inventoryId: s.sampleInventoryId,
        status: 'received',
        labCode: s.labCode,
      });
    } finally {
      await hook.close();
    }
  });

  it('refuses plain-http and malformed URLs, other licensees’ endpoints, and stops after disabling', async () => {
    const a = await registerLicensee(t, admin.token);
    const b = await registerLicensee(t, admin.token);
    const http = await register(a, { url: 'http://erp.example.com/hook' });
    expect(http.status).toBe(400);
    expect(JSON.stringify(http.body)).toMatch(/https/);
    expect((await register(a, { url: 'not a url' })).status).toBe(400);
    expect((await register(a, { url: 'https://erp.example.com/hook', events: ['coa.exploded'] })).status).toBe(400);
    const ok = (await register(a, { url: 'https://erp.example.com/hook' }).expect(201)).body as Registered;
    expect(ok.events).toEqual(['sample.received', 'coa.released', 'coa.amended', 'sample.reported', 'sample.reassigned']);
    await t.http().get(`/v1/licensee/webhooks/${ok.id}/deliveries`).set('X-API-Key', b.apiKey).expect(404);
    await t.http().delete(`/v1/licensee/webhooks/${ok.id}`).set('X-API-Key', b.apiKey).expect(404);
    await t.http().delete(`/v1/licensee/webhooks/${ok.id}`).set('X-API-Key', a.apiKey).expect(204);
    const listed = await t.http().get('/v1/licensee/webhooks').set('X-API-Key', a.apiKey).expect(200);
    expect((listed.body as WebhookEndpointView[])[0]).toMatchObject({ id: ok.id, active: false });
  });
});
