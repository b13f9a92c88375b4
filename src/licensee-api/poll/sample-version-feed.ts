import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { counter } from '../../common/metrics';
import { AppConfig } from '../../config/app-config';
import { SampleVersionMap } from './sample-version-map';

const feedLost = counter(
  'labtrace_poll_version_feed_lost_total',
  'Times the sample-version LISTEN connection was lost (polls then read the database until it is back)',
);

/** The channel migrations/1764000023500-SampleVersionNotify.ts announces every committed sample change on. */
export const SAMPLE_VERSION_CHANNEL = 'labtrace_sample_version';

/** How often the listening connection is proved alive, and how long an answer may take. */
const HEARTBEAT_MS = 400;
const HEARTBEAT_TIMEOUT_MS = 500;
const RECONNECT_MS = 500;

/**
 * Feeds this process's SampleVersionMap from PostgreSQL LISTEN/NOTIFY on its own connection (outside
 * the pool). The map is trusted only while the connection is listening: on any error, close or a
 * heartbeat that does not come back within HEARTBEAT_TIMEOUT_MS, the map is emptied and bypassed (every
 * poll reads the database) until a new connection is listening again. A notification lost in a broken
 * connection can therefore never leave a stale version behind: the worst case is the heartbeat's
 * ~0.9 s on a silently dead connection.
 */
@Injectable()
export class SampleVersionFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SampleVersionFeed.name);
  readonly map = new SampleVersionMap();
  private client: Client | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private stopped = false;
  private beating = false;

  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    void this.listen();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.reconnect);
    this.drop();
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.databaseUrl, keepAlive: true, application_name: 'labtrace-poll-listener' });
    this.client = client;
    client.on('error', (e) => this.lost(client, e.message));
    client.on('end', () => this.lost(client, 'connection ended'));
    client.on('notification', (n) => {
      if (n.channel === SAMPLE_VERSION_CHANNEL && n.payload) this.map.heard(n.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${SAMPLE_VERSION_CHANNEL}`);
    } catch (e) {
      this.lost(client, (e as Error).message);
      return;
    }
    if (this.client !== client || this.stopped) return;
    // Everything committed from here on is announced: reads that start now may be remembered.
    this.map.listening();
    this.heartbeat = setInterval(() => this.beat(client), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private beat(client: Client): void {
    if (this.beating) return;
    this.beating = true;
    const timer = setTimeout(() => this.lost(client, `no heartbeat answer within ${HEARTBEAT_TIMEOUT_MS} ms`), HEARTBEAT_TIMEOUT_MS);
    client.query('SELECT 1').then(
      () => {
        clearTimeout(timer);
        this.beating = false;
      },
      (e: Error) => {
        clearTimeout(timer);
        this.beating = false;
        this.lost(client, e.message);
      },
    );
  }

  private lost(client: Client, why: string): void {
    if (this.client !== client) return;
    if (this.map.live && !this.stopped) {
      feedLost.inc();
      this.logger.warn(`lost the sample-version channel (${why}): polls read the database until it is back`);
    }
    this.drop();
    if (this.stopped) return;
    this.reconnect = setTimeout(() => void this.listen(), RECONNECT_MS);
    this.reconnect.unref();
  }

  private drop(): void {
    this.map.deaf();
    this.beating = false;
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners('notification');
      client.on('error', () => undefined);
      client.end().catch(() => undefined);
    }
  }
}
