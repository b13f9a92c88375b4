import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runtimeDbUrl } from '../../test/support/databases';
import { createTestDatabase, dropTestDatabase } from '../../test/support/test-app';
import { isDatabaseUnavailable } from './database-unavailable';
import { typeormOptions } from './typeorm-options';

/** PostgreSQL's ErrorResponse to a backend that a fast shutdown (or pg_terminate_backend) ends while it idles. */
function adminShutdown(): Buffer {
  const fields = ['SFATAL', 'VFATAL', 'C57P01', 'Mterminating connection due to administrator command'];
  const body = Buffer.from(`${fields.join('\0')}\0\0`);
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/**
 * The real database behind a relay that, while `shutting` is set, delivers a new connection's
 * ReadyForQuery together with the FATAL PostgreSQL sends when it stops just after that connection's
 * start-up: what a busy process reads in one go when a fast shutdown meets a connection being opened
 * (the database-outage test's moment on a loaded machine). Measured against a real `pg_ctl stop -m fast`,
 * with a new connection per query and the event loop busy 60 ms in every 100: 4 of 6 processes died
 * with pg's own Client, none of 10 with PooledClient. The relay makes that moment certain.
 */
async function shutdownRelay(target: URL): Promise<{ url: string; server: Server; shutting: boolean }> {
  const relay = { url: '', server: createServer(), shutting: false };
  relay.server.on('connection', (client: Socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    const shutting = relay.shutting;
    let startup = Buffer.alloc(0);
    let started = !shutting;
    client.pipe(upstream);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    upstream.on('end', () => client.end());
    upstream.on('data', (chunk: Buffer) => {
      if (started) return void client.write(chunk);
      startup = Buffer.concat([startup, chunk]);
      let at = 0;
      while (startup.length - at >= 5 && startup.length - at >= startup.readInt32BE(at + 1) + 1) {
        const type = String.fromCharCode(startup[at]);
        at += startup.readInt32BE(at + 1) + 1;
        if (type === 'Z') {
          started = true;
          client.end(Buffer.concat([startup.subarray(0, at), adminShutdown()]));
          upstream.destroy();
          return;
        }
      }
      // The authentication exchange goes through as it comes.
      client.write(startup.subarray(0, at));
      startup = startup.subarray(at);
    });
  });
  await new Promise<void>((resolve) => relay.server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target.toString());
  url.port = String((relay.server.address() as AddressInfo).port);
  relay.url = url.toString();
  return relay;
}

describe('the pool (typeormOptions) when the server ends a connection as it is handed out', () => {
  let name: string;
  let relay: Awaited<ReturnType<typeof shutdownRelay>>;
  let db: DataSource;

  beforeAll(async () => {
    name = await createTestDatabase();
    relay = await shutdownRelay(new URL(runtimeDbUrl(name)));
    db = new DataSource({ ...typeormOptions(relay.url), entities: [], migrations: [] });
    await db.initialize();
  });
  afterAll(async () => {
    await db?.destroy();
    relay?.server.close();
    if (name) await dropTestDatabase(name);
  });

  it('fails that query as "database unavailable" (no uncaught error event), and the pool serves the next one', async () => {
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    relay.shutting = true;
    // Two at once: the idle connection takes one, the other needs a new connection, which the server ends.
    const answers = await Promise.allSettled([db.query('SELECT 1 AS one'), db.query('SELECT 1 AS one')]);
    const refused = answers.filter((a): a is PromiseRejectedResult => a.status === 'rejected').map((a) => a.reason as Error);
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused)
      expect({ message: e.message, unavailable: isDatabaseUnavailable(e) }).toEqual({ message: expect.stringMatching(/not queryable/), unavailable: true });
    // Heard by nobody else, so said in the log, once per connection.
    expect(warned.mock.calls.map(([m]) => String(m))).toEqual(
      refused.map(() => expect.stringContaining('terminating connection due to administrator command')),
    );
    warned.mockRestore();

    relay.shutting = false;
    await expect(Promise.all([db.query('SELECT 1 AS one'), db.query('SELECT 2 AS one')])).resolves.toEqual([[{ one: 1 }], [{ one: 2 }]]);
  });
});
