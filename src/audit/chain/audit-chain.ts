import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson, JsonValue, parseJson } from './canonical-json';

/**
 * One audit_events row as the chain hashes it. `at` is UTC with microseconds (PostgreSQL's precision);
 * `before` / `after` are the jsonb columns' text (null when SQL NULL).
 */
export interface AuditEventContent {
  id: string;
  at: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  beforeJson: string | null;
  afterJson: string | null;
  reason: string | null;
  requestId: string | null;
}

/** The chain hash before position 1. */
export const GENESIS_CHAIN_HASH = '0'.repeat(64);

/** Canonical content v1: the row's twelve columns under their column names, as canonical JSON. */
export function canonicalEventContent(e: AuditEventContent): string {
  const json = (text: string | null): JsonValue => (text === null ? null : parseJson(text));
  return canonicalJson({
    id: e.id,
    at: e.at,
    actor_type: e.actorType,
    actor_id: e.actorId,
    actor_label: e.actorLabel,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    before: json(e.beforeJson),
    after: json(e.afterJson),
    reason: e.reason,
    request_id: e.requestId,
  });
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function contentHash(e: AuditEventContent): string {
  return sha256Hex(canonicalEventContent(e));
}

/** sha256(previous chain hash || content hash), over the 32-byte digests, not their hex. */
export function nextChainHash(previousHex: string, contentHex: string): string {
  return createHash('sha256').update(Buffer.from(previousHex, 'hex')).update(Buffer.from(contentHex, 'hex')).digest('hex');
}

/** A stored link with the event it names (null when the event row is gone). */
export interface StoredLink {
  position: number;
  eventId: string;
  contentHash: string;
  chainHash: string;
  event: AuditEventContent | null;
}

export type ChainBreakKind = 'position_gap' | 'event_missing' | 'event_altered' | 'link_altered' | 'start_altered';

export interface ChainBreak {
  position: number;
  eventId: string | null;
  kind: ChainBreakKind;
  detail: string;
}

/**
 * Walks links in position order from a trusted point (genesis, or a position verified before with its
 * chain hash). `accept` returns the first break, after which the walker stays broken.
 */
export class ChainWalker {
  private broken: ChainBreak | null = null;

  constructor(
    private lastPosition = 0,
    private lastChainHash = GENESIS_CHAIN_HASH,
  ) {}

  get position(): number {
    return this.lastPosition;
  }

  get chainHash(): string {
    return this.lastChainHash;
  }

  get firstBreak(): ChainBreak | null {
    return this.broken;
  }

  accept(link: StoredLink): ChainBreak | null {
    if (this.broken) return this.broken;
    const expected = this.lastPosition + 1;
    const fail = (kind: ChainBreakKind, detail: string, position = link.position, eventId: string | null = link.eventId) =>
      (this.broken = { position, eventId, kind, detail });
    if (link.position !== expected) return fail('position_gap', `expected position ${expected}, found ${link.position}`, expected, null);
    if (!link.event) return fail('event_missing', `audit event ${link.eventId} is gone`);
    if (link.event.id !== link.eventId) return fail('event_missing', `link names event ${link.eventId}, row is ${link.event.id}`);
    const content = contentHash(link.event);
    if (content !== link.contentHash) return fail('event_altered', `content hash is ${content}, the link recorded ${link.contentHash}`);
    const chain = nextChainHash(this.lastChainHash, link.contentHash);
    if (chain !== link.chainHash) return fail('link_altered', `chain hash should be ${chain}, the link has ${link.chainHash}`);
    this.lastPosition = link.position;
    this.lastChainHash = chain;
    return null;
  }
}

/** A chain head: the chain hash at a position, at a time. Signed with a key kept outside the database. */
export interface ChainHead {
  position: number;
  chainHash: string;
  /** ISO 8601 with milliseconds, UTC. */
  signedAt: string;
}

export interface SignedChainHead extends ChainHead {
  keyId: string;
  signature: string;
}

/** Names a key without revealing it, so a head says which key signed it (keys can be rotated). */
export function headKeyId(key: string): string {
  return sha256Hex(`labtrace.audit-head-key\n${key}`).slice(0, 16);
}

function headMessage(h: ChainHead): string {
  return `labtrace.audit-head.v1\n${h.position}\n${h.chainHash}\n${h.signedAt}`;
}

export function signHead(key: string, head: ChainHead): SignedChainHead {
  return { ...head, keyId: headKeyId(key), signature: createHmac('sha256', key).update(headMessage(head)).digest('hex') };
}

export function headSignatureValid(key: string, head: SignedChainHead): boolean {
  const expected = Buffer.from(signHead(key, head).signature, 'hex');
  const given = Buffer.from(head.signature, 'hex');
  return head.keyId === headKeyId(key) && given.length === expected.length && timingSafeEqual(given, expected);
}
