import type { IncomingMessage, ServerResponse } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import type { ApiKeyVerifier } from '../../auth/api-key-verifier';
import type { SignInThrottle } from '../../auth/throttle/sign-in-throttle.service';
import { clientAddress } from '../../auth/throttle/throttle-policy';
import { requestIdOf } from '../../common/request-id.middleware';
import { recordHttpRequest } from '../../health/http-metrics.middleware';
import { type LicenseeRateLimitGuard, markTokenTaken } from '../licensee-rate-limit.guard';
import type { LicenseeSamplesService, PollAnswer } from '../licensee-samples.service';

/** The route it answers, as Express names it (metrics label, logs). */
export const POLL_ROUTE = '/v1/licensee/samples/:inventoryId';
/** BioTrack inventory ids (16 digits) and Metrc labels (24 characters); anything else goes to Express. */
const POLL_PATH = /^\/v1\/licensee\/samples\/([A-Za-z0-9]{1,64})$/;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** What a poll asks for: the sample, the key presented, the client's address and the tag it holds. */
interface PollRequest {
  inventoryId: string;
  key: string;
  address: string;
  ifNoneMatch: string | undefined;
}

export interface PollFastPathDeps {
  samples: LicenseeSamplesService;
  rateLimit: LicenseeRateLimitGuard;
  throttle: SignInThrottle;
  apiKeys: ApiKeyVerifier;
  trustedProxyHops: number;
  /** The headers every response carries (helmet's, as configured for the app), captured once: name, value, name, value… */
  securityHeaders: string[];
}

/**
 * `GET /v1/licensee/samples/:inventoryId` answered on node:http, before Express, with the services
 * the Nest route uses (the same key check and lock-out, the same per-key limit, the same
 * LicenseeSamplesService.poll): no router, no middleware chain, no guards or interceptors, and no
 * database round trip when this process's version map knows the sample.
 *
 * It answers only 200 and 304 for a valid key within its limit; every other request, and every poll
 * it cannot answer (no or wrong key, locked-out address, 429, unknown sample, any error, an unusual
 * URL or method) goes to Express untouched, whose route then answers it exactly as before — so the
 * house error format and the 401/404/429 bodies have one implementation. A request it hands over has
 * no header set and no failure counted, so Express's answer is the only one (a token of the key's
 * budget already taken is marked on the request, and Express's guard does not take another).
 * What it does answer carries what the Express middleware would add: the security headers,
 * X-Request-Id, the HTTP metrics under the route's name, and the request log line.
 */
export class PollFastPath {
  constructor(private readonly deps: PollFastPathDeps) {}

  /** The server's request listener: `express` is Express's own. */
  listener(express: Handler): Handler {
    return (req, res) => {
      const poll = this.candidate(req);
      if (poll === undefined) return express(req, res);
      const started = process.hrtime.bigint();
      const known = this.answerFromMemory(req, poll);
      if (known) return this.sendOrHandOver(req, res, known, started, express);
      this.answer(req, poll)
        .then(
          (answer) => (answer ? this.sendOrHandOver(req, res, answer, started, express) : express(req, res)),
          () => express(req, res),
        )
        .catch(() => res.destroy());
    };
  }

  private sendOrHandOver(req: IncomingMessage, res: ServerResponse, answer: PollAnswer, started: bigint, express: Handler): void {
    try {
      this.send(req, res, answer, started);
    } catch {
      if (res.headersSent) res.destroy();
      else express(req, res);
    }
  }

  /** What a plain poll this path may answer asks for (read once, for either path), else undefined. */
  private candidate(req: IncomingMessage): PollRequest | undefined {
    if (req.method !== 'GET' || req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) return undefined;
    const key = req.headers['x-api-key'];
    if (typeof key !== 'string' || key.trim() === '') return undefined;
    const inventoryId = POLL_PATH.exec(req.url ?? '')?.[1];
    if (inventoryId === undefined) return undefined;
    const ifNoneMatch = req.headers['if-none-match'];
    return {
      inventoryId,
      key: key.trim(),
      address: clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.deps.trustedProxyHops),
      ifNoneMatch: typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined,
    };
  }

  /**
   * The answer when all of it is in this process's memory: a key verified recently, an address known
   * clear, a sample version the map knows (and its body, for a 200), and a token already leased. Then no
   * promise is made at all (with async hooks on, each costs bookkeeping: about a tenth of a hit's CPU).
   * Undefined otherwise, and nothing taken: the token is spent last, only when the answer is there.
   */
  private answerFromMemory(req: IncomingMessage, poll: PollRequest): PollAnswer | undefined {
    const { throttle, apiKeys, samples, rateLimit } = this.deps;
    try {
      const actor = apiKeys.verifiedRecently(poll.key);
      if (!actor || !throttle.apiKeyAddressKnownClear(poll.address)) return undefined;
      const answer = samples.pollFromMemory(actor.id, poll.inventoryId, poll.ifNoneMatch);
      if (!answer || !rateLimit.takeLeasedToken(actor.apiKeyId)) return undefined;
      markTokenTaken(req);
      return answer;
    } catch {
      // Thrown in the request listener it would end the process: the full path decides instead.
      return undefined;
    }
  }

  /** The answer, or null to hand the request to Express (which then decides it alone). */
  private async answer(req: IncomingMessage, poll: PollRequest): Promise<PollAnswer | null> {
    const { throttle, apiKeys, samples, rateLimit } = this.deps;
    // A wrong key is handed over before anything is counted: Express counts it against the address.
    const actor = await apiKeys.verify(poll.key);
    if (!actor) return null;
    // The address's lock-out, the sample and the key's budget are looked up together (each answers from
    // memory when it can). A poll handed to Express after its token was taken carries the mark, so the
    // guard there does not take a second one.
    const [clear, answer, decision] = await Promise.allSettled([
      throttle.assertMayTryApiKey(poll.address),
      samples.poll(actor.id, poll.inventoryId, poll.ifNoneMatch),
      rateLimit.decide(actor.apiKeyId),
    ]);
    if (decision.status === 'rejected' || !decision.value.allowed) return null;
    markTokenTaken(req);
    return clear.status === 'fulfilled' && answer.status === 'fulfilled' ? answer.value : null;
  }

  private send(req: IncomingMessage, res: ServerResponse, answer: PollAnswer, started: bigint): void {
    // What the Express middleware would set (security headers, X-Request-Id), written in one go.
    const requestId = requestIdOf(req.headers);
    // (A flat list: names and values alternate, as node's writeHead takes them without copying.)
    const headers = [...this.deps.securityHeaders, 'X-Request-Id', requestId, 'ETag', answer.etag, 'Cache-Control', 'private, no-cache'];
    if (answer.notModified) {
      res.writeHead(304, headers);
      res.end();
    } else {
      headers.push('Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(answer.body.json.length));
      res.writeHead(200, headers);
      res.end(answer.body.json);
    }
    recordHttpRequest('GET', POLL_ROUTE, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    logCompleted(req, requestId, res.statusCode, started);
  }
}

/** The line pino-http writes for a request Express answered. */
function logCompleted(req: IncomingMessage, id: string, statusCode: number, started: bigint): void {
  const root = PinoLogger.root as typeof PinoLogger.root | undefined;
  if (!root?.isLevelEnabled('info')) return;
  const responseTime = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  root.info({ requestId: id, req: { id, method: req.method, url: req.url }, res: { statusCode }, responseTime }, 'request completed');
}
