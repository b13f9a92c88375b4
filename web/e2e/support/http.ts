import { randomInt } from 'node:crypto';
import { BASE_URL, DEMO_PASSWORD, SIM_URL } from './env';

/** The API as a machine sees it (bearer token): arranging data the browser steps then work on. */
export class ApiSession {
  private constructor(readonly token: string) {}

  static async signIn(email: string, password = DEMO_PASSWORD): Promise<ApiSession> {
    const res = await fetch(`${BASE_URL}/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    return new ApiSession(((await res.json()) as { accessToken: string }).accessToken);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${BASE_URL}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** A fresh 16-digit inventory tag. */
export function inventoryId(): string {
  let s = String(randomInt(1, 10));
  while (s.length < 16) s += String(randomInt(0, 10));
  return s;
}

export interface StateSample {
  sampleId: string;
  name: string;
  productType: string;
  quantity: string;
  uom: string;
}

/** Puts a transfer to the lab into the simulated state system, as a licensee's shipment would. */
export async function seedStateSamples(samples: Array<Omit<StateSample, 'sampleId'>>, senderLicense = 'OCM-CULT-24-000123'): Promise<StateSample[]> {
  const manifestId = `E2E-${inventoryId().slice(0, 10)}`;
  const seeded = samples.map((s) => ({ ...s, sampleId: inventoryId() }));
  const res = await fetch(`${SIM_URL}/_sim/samples`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ samples: seeded.map((s) => ({ ...s, parentInventoryIds: [inventoryId()], manifestId, senderLicense })) }),
  });
  if (!res.ok) throw new Error(`simulator seed: ${res.status} ${await res.text()}`);
  return seeded;
}

export async function waitForApp(timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(`${BASE_URL}/health`);
      const page = await fetch(`${BASE_URL}/`);
      if (res.ok && page.ok && (await page.text()).includes('<div id="root">')) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${BASE_URL} does not serve the console (is the app running with web/dist built?)`);
}
