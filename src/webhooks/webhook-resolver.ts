import { lookup } from 'node:dns/promises';
import { Injectable } from '@nestjs/common';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * DNS for webhook hosts through the system resolver (getaddrinfo, what an HTTP client would use).
 * Its own class so that tests can point a name at any address without a network.
 */
@Injectable()
export class WebhookResolver {
  async resolveHost(hostname: string): Promise<ResolvedAddress[]> {
    const found = await lookup(hostname, { all: true, verbatim: true });
    return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  }
}
