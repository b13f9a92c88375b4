import { createSimulator } from './simulator';

/** The simulator in the caller's process on a free port, with a client for its `/_sim/` control routes. */
export interface InProcessMetrc {
  url: string;
  close(): Promise<void>;
  /** GET the control path, or POST `body` as JSON; the answer's JSON (undefined when empty). */
  control<T = unknown>(path: string, body?: unknown): Promise<T>;
}

/** For tests and benches: no demo data, a port the OS picks, loopback only. */
export async function startInProcess(): Promise<InProcessMetrc> {
  const sim = createSimulator({ seedDemo: false });
  const { url } = await sim.listen(0, '127.0.0.1');
  return { url, close: () => sim.close(), control: (path, body) => controlCall(url, path, body) };
}

async function controlCall<T>(url: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(`${url}${path}`, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`Metrc simulator ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
