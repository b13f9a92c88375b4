import { isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { refusedAddressKind } from './address-policy';
import { ResolvedAddress, WebhookResolver } from './webhook-resolver';
import { WebhookError, WebhookErrorCode } from './webhooks.errors';

/** A webhook URL that passed the rules needing no DNS. `host` is bare (no IPv6 brackets), lower case. */
export interface WebhookTarget {
  url: URL;
  host: string;
  allowListed: boolean;
}

/** A target with the addresses it was checked against: the only ones a request may connect to. */
export interface CheckedTarget extends WebhookTarget {
  addresses: ResolvedAddress[];
}

const PUBLIC_ONLY = 'Webhook URL must point at a public internet address';
/** How long a registration waits for DNS; a send waits no longer than its own deadline. */
const REGISTRATION_DNS_TIMEOUT_MS = 5000;

/**
 * Where a webhook may go: https on 443 to public unicast addresses, checked at registration and again
 * before every send. Hosts in WEBHOOK_ALLOWED_HOSTS (development only) may use http, any port and
 * private addresses, for local receivers. A name that does not resolve and one that resolves to a
 * refused address get the same answer, so registration cannot probe the lab's internal DNS.
 */
@Injectable()
export class WebhookTargets {
  constructor(
    private readonly config: AppConfig,
    private readonly resolver: WebhookResolver,
  ) {}

  parse(raw: string): WebhookTarget {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw invalid('url is not a valid URL', 'must be an absolute https URL');
    }
    if (url.username || url.password) throw invalid('url must not carry credentials', 'must not contain user:password');
    const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
    const allowListed = this.config.webhooks.allowedHosts.includes(host);
    if (allowListed && (url.protocol === 'http:' || url.protocol === 'https:')) return { url, host, allowListed };
    if (url.protocol !== 'https:') throw invalid('Webhook URLs must use HTTPS', 'must use https');
    if (url.port !== '') throw invalid('Webhook URLs must use the standard HTTPS port 443', 'must not name a port other than 443');
    return { url, host, allowListed };
  }

  /** Resolves the host by `deadline`; refuses it unless every address is public (allow-listed hosts excepted). */
  async check(target: WebhookTarget, deadline = Date.now() + REGISTRATION_DNS_TIMEOUT_MS): Promise<CheckedTarget> {
    const family = isIP(target.host);
    if (family !== 0) {
      const kind = target.allowListed ? null : refusedAddressKind(target.host);
      if (kind) throw refused(`${PUBLIC_ONLY}; ${target.host} is a ${kind} address`);
      return { ...target, addresses: [{ address: target.host, family: family === 6 ? 6 : 4 }] };
    }
    const unresolvable = () => refused(`${PUBLIC_ONLY}; ${target.host} does not resolve to public addresses only`);
    let addresses: ResolvedAddress[];
    try {
      addresses = await beforeDeadline(this.resolver.resolveHost(target.host), deadline);
    } catch {
      throw unresolvable();
    }
    if (addresses.length === 0) throw unresolvable();
    if (!target.allowListed && addresses.some((a) => refusedAddressKind(a.address) !== null)) throw unresolvable();
    return { ...target, addresses };
  }
}

function invalid(message: string, fieldMessage: string): WebhookError {
  return new WebhookError(WebhookErrorCode.INVALID_URL, message, [{ field: 'url', message: fieldMessage }]);
}

function refused(message: string): WebhookError {
  return new WebhookError(WebhookErrorCode.ADDRESS_NOT_ALLOWED, message, [{ field: 'url', message: 'must resolve to public internet addresses only' }]);
}

/** getaddrinfo has no timeout of its own; a slow answer counts as none. */
function beforeDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('DNS answer too late')), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
