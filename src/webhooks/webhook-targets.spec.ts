import { AppConfig } from '../config/app-config';
import { ResolvedAddress } from './webhook-resolver';
import { WebhookTargets } from './webhook-targets';
import { WebhookError } from './webhooks.errors';

const DNS: Record<string, ResolvedAddress[]> = {
  'erp.example.com': [{ address: '93.184.215.14', family: 4 }],
  'metadata.evil.example': [{ address: '169.254.169.254', family: 4 }],
  'mixed.evil.example': [
    { address: '93.184.215.14', family: 4 },
    { address: '10.0.0.1', family: 4 },
  ],
  'mapped.evil.example': [{ address: '::ffff:127.0.0.1', family: 6 }],
  'dev.local': [{ address: '192.168.1.20', family: 4 }],
};

const resolver = {
  resolveHost: (host: string) =>
    DNS[host] ? Promise.resolve(DNS[host]) : Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })),
};

const targets = (allowedHosts: string[] = []) => new WebhookTargets({ webhooks: { allowedHosts } } as unknown as AppConfig, resolver);

async function refusal(url: string, allowedHosts: string[] = []): Promise<{ status: number; message: string }> {
  const t = targets(allowedHosts);
  try {
    await t.check(t.parse(url));
  } catch (e) {
    if (e instanceof WebhookError) return { status: e.status, message: e.message };
    throw e;
  }
  throw new Error(`${url} was accepted`);
}

describe('webhook targets', () => {
  it('accepts https on 443 to a name resolving to public addresses, with the addresses to connect to', async () => {
    const t = targets();
    const checked = await t.check(t.parse('https://ERP.example.com:443/hooks?x=1'));
    expect(checked).toMatchObject({ host: 'erp.example.com', allowListed: false, addresses: [{ address: '93.184.215.14', family: 4 }] });
  });

  it.each([
    ['http://erp.example.com/hook', 400, 'Webhook URLs must use HTTPS'],
    ['https://erp.example.com:8443/hook', 400, 'Webhook URLs must use the standard HTTPS port 443'],
    ['https://user:pw@erp.example.com/hook', 400, 'url must not carry credentials'],
    ['ftp://erp.example.com/', 400, 'Webhook URLs must use HTTPS'],
    ['not a url', 400, 'url is not a valid URL'],
    ['https://127.0.0.1/hook', 422, 'Webhook URL must point at a public internet address; 127.0.0.1 is a loopback address'],
    ['https://10.0.0.1/hook', 422, 'Webhook URL must point at a public internet address; 10.0.0.1 is a private address'],
    ['https://169.254.169.254/latest/meta-data/', 422, 'Webhook URL must point at a public internet address; 169.254.169.254 is a link-local address'],
    ['https://[::1]/hook', 422, 'Webhook URL must point at a public internet address; ::1 is a loopback address'],
    ['https://[::ffff:a00:1]/hook', 422, 'Webhook URL must point at a public internet address; ::ffff:a00:1 is a private address'],
    ['https://[fd00::5]/hook', 422, 'Webhook URL must point at a public internet address; fd00::5 is a unique local address'],
    ['https://100.64.1.1/hook', 422, 'Webhook URL must point at a public internet address; 100.64.1.1 is a carrier-grade NAT address'],
    // The URL parser's own IPv4 spellings end as dotted quads before the check.
    ['https://2130706433/hook', 422, 'Webhook URL must point at a public internet address; 127.0.0.1 is a loopback address'],
    ['https://0x7f.1/hook', 422, 'Webhook URL must point at a public internet address; 127.0.0.1 is a loopback address'],
    [
      'https://metadata.evil.example/hook',
      422,
      'Webhook URL must point at a public internet address; metadata.evil.example does not resolve to public addresses only',
    ],
    [
      'https://mixed.evil.example/hook',
      422,
      'Webhook URL must point at a public internet address; mixed.evil.example does not resolve to public addresses only',
    ],
    [
      'https://mapped.evil.example/hook',
      422,
      'Webhook URL must point at a public internet address; mapped.evil.example does not resolve to public addresses only',
    ],
    // Unknown names answer exactly like refused ones: registration is no oracle for internal DNS.
    ['https://db.internal.lab/hook', 422, 'Webhook URL must point at a public internet address; db.internal.lab does not resolve to public addresses only'],
  ])('refuses %s with %i', async (url, status, message) => {
    expect(await refusal(url)).toEqual({ status, message });
  });

  it('lets allow-listed development hosts use http, any port and private addresses, and nothing else', async () => {
    const t = targets(['127.0.0.1', 'dev.local', '::1']);
    await expect(t.check(t.parse('http://127.0.0.1:4999/hook'))).resolves.toMatchObject({ allowListed: true, addresses: [{ address: '127.0.0.1' }] });
    await expect(t.check(t.parse('http://dev.local:8080/hook'))).resolves.toMatchObject({ addresses: [{ address: '192.168.1.20' }] });
    await expect(t.check(t.parse('http://[::1]:8080/hook'))).resolves.toMatchObject({ host: '::1', addresses: [{ address: '::1', family: 6 }] });
    expect(await refusal('http://10.0.0.1:8080/hook', ['127.0.0.1'])).toEqual({ status: 400, message: 'Webhook URLs must use HTTPS' });
    expect(await refusal('https://localhost/hook', ['127.0.0.1'])).toMatchObject({ status: 422 });
  });
});

describe('WEBHOOK_ALLOWED_HOSTS', () => {
  const secret = { JWT_SECRET: 'unit-secret-unit-secret-unit-secret-0123' };

  it('is read as bare lower-case hosts', () => {
    const config = AppConfig.fromEnvironment({ ...secret, WEBHOOK_ALLOWED_HOSTS: ' 127.0.0.1, [::1] ,Receiver.Test,' });
    expect(config.webhooks.allowedHosts).toEqual(['127.0.0.1', '::1', 'receiver.test']);
  });

  it('is refused in production', () => {
    expect(() =>
      AppConfig.fromEnvironment({ ...secret, LABTRACE_ENV: 'production', METRICS_TOKEN: 'm'.repeat(32), WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }),
    ).toThrow(/WEBHOOK_ALLOWED_HOSTS must be empty when LABTRACE_ENV=production/);
  });
});
