import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  AuditEventContent,
  canonicalEventContent,
  ChainWalker,
  contentHash,
  GENESIS_CHAIN_HASH,
  headKeyId,
  headSignatureValid,
  nextChainHash,
  signHead,
  StoredLink,
} from './audit-chain';
import { canonicalJson, JsonNumber, parseJson } from './canonical-json';

const event = (over: Partial<AuditEventContent> = {}): AuditEventContent => ({
  id: '42',
  at: '2026-12-02T05:10:11.123456Z',
  actorType: 'user',
  actorId: 'b1c5a3e0-0000-4000-8000-000000000001',
  actorLabel: 'Mina Manager',
  action: 'coa.released',
  entityType: 'sample',
  entityId: 'c2d6b4f1-0000-4000-8000-000000000002',
  beforeJson: null,
  // jsonb's own text form: keys ordered by length, a space after ':' and ','.
  afterJson: '{"sha256": "ab12", "overall": "pass", "version": 1}',
  reason: null,
  requestId: 'req-7',
  ...over,
});

describe('canonical JSON', () => {
  it('sorts keys by code unit, drops whitespace and keeps number lexemes', () => {
    expect(canonicalJson(parseJson('{ "b": 1.50, "a": [true, null, "x"], "B": -0.0e+3 }'))).toBe('{"B":-0.0e+3,"a":[true,null,"x"],"b":1.50}');
  });

  it('keeps digits a JS number would lose', () => {
    const parsed = parseJson('{"thc": 0.10000000000000000001}') as { thc: JsonNumber };
    expect(parsed.thc.lexeme).toBe('0.10000000000000000001');
    expect(canonicalJson(parsed)).not.toBe(canonicalJson(parseJson('{"thc": 0.1}')));
  });

  it('escapes strings as JSON.stringify does and keeps __proto__ as an ordinary key', () => {
    expect(canonicalJson(parseJson('{"__proto__": "a\\u0001\\"µ", "é": "\\ud83d\\ude00"}'))).toBe('{"__proto__":"a\\u0001\\"µ","é":"😀"}');
  });

  it('refuses text that is not JSON', () => {
    for (const bad of ['{"a":1,}', '[1 2]', '01', '"\u0001"', '{"a":1} x', 'NaN']) expect(() => parseJson(bad)).toThrow(SyntaxError);
  });

  it('gives the same text for any key order and whitespace (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))), (obj) => {
        const shuffled = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(parseJson(JSON.stringify(shuffled, null, 2)))).toBe(canonicalJson(parseJson(JSON.stringify(obj))));
      }),
    );
  });
});

describe('audit event content', () => {
  it('is the twelve columns under their names, sorted, with jsonb parsed', () => {
    expect(canonicalEventContent(event())).toBe(
      '{"action":"coa.released","actor_id":"b1c5a3e0-0000-4000-8000-000000000001","actor_label":"Mina Manager","actor_type":"user",' +
        '"after":{"overall":"pass","sha256":"ab12","version":1},"at":"2026-12-02T05:10:11.123456Z","before":null,' +
        '"entity_id":"c2d6b4f1-0000-4000-8000-000000000002","entity_type":"sample","id":"42","reason":null,"request_id":"req-7"}',
    );
  });

  it('changes with any field, including a microsecond of the time and a released COA hash', () => {
    const base = contentHash(event());
    expect(contentHash(event({ at: '2026-12-02T05:10:11.123457Z' }))).not.toBe(base);
    expect(contentHash(event({ afterJson: '{"sha256": "ab13", "overall": "pass", "version": 1}' }))).not.toBe(base);
    expect(contentHash(event({ reason: '' }))).not.toBe(base);
    expect(contentHash(event({ afterJson: '{"version": 1, "overall": "pass", "sha256": "ab12"}' }))).toBe(base);
  });

  it('chains as sha256 of the two 32-byte digests', () => {
    const content = contentHash(event());
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.alloc(32), Buffer.from(content, 'hex')]))
      .digest('hex');
    expect(nextChainHash(GENESIS_CHAIN_HASH, content)).toBe(expected);
  });
});

describe('ChainWalker', () => {
  const chain = (n: number): StoredLink[] => {
    let prev = GENESIS_CHAIN_HASH;
    return Array.from({ length: n }, (_, i) => {
      const e = event({ id: String(100 + i), reason: `step ${i}` });
      const content = contentHash(e);
      prev = nextChainHash(prev, content);
      return { position: i + 1, eventId: e.id, contentHash: content, chainHash: prev, event: e };
    });
  };

  it('accepts an intact chain and ends on its last hash', () => {
    const links = chain(5);
    const w = new ChainWalker();
    for (const l of links) expect(w.accept(l)).toBeNull();
    expect(w.position).toBe(5);
    expect(w.chainHash).toBe(links[4].chainHash);
  });

  it('names the position and event of an altered row, and stays broken', () => {
    const links = chain(5);
    links[2] = { ...links[2], event: { ...links[2].event!, reason: 'step two, quietly edited' } };
    const w = new ChainWalker();
    const breaks = links.map((l) => w.accept(l));
    expect(breaks[2]).toEqual(expect.objectContaining({ position: 3, eventId: '102', kind: 'event_altered' }));
    expect(breaks[4]).toBe(breaks[2]);
    expect(w.position).toBe(2);
  });

  it('catches a recomputed content hash by the chain hash, a deleted link by the gap, a deleted row by its absence', () => {
    const links = chain(4);
    const forged = { ...links[1].event!, reason: 'forged' };
    const w1 = new ChainWalker();
    w1.accept(links[0]);
    expect(w1.accept({ ...links[1], event: forged, contentHash: contentHash(forged) })?.kind).toBe('link_altered');

    const w2 = new ChainWalker();
    w2.accept(links[0]);
    expect(w2.accept(links[2])).toEqual(expect.objectContaining({ position: 2, eventId: null, kind: 'position_gap' }));

    const w3 = new ChainWalker();
    expect(w3.accept({ ...links[0], event: null })).toEqual(expect.objectContaining({ position: 1, eventId: '100', kind: 'event_missing' }));
  });

  it('resumes from a verified position', () => {
    const links = chain(6);
    const w = new ChainWalker(3, links[2].chainHash);
    for (const l of links.slice(3)) expect(w.accept(l)).toBeNull();
    expect(w.position).toBe(6);
  });
});

describe('signed heads', () => {
  const key = 'k'.repeat(40);
  const head = { position: 120, chainHash: 'a'.repeat(64), signedAt: '2026-12-02T05:00:00.000Z' };

  it('verifies with the key that signed it, and not after any field changes', () => {
    const signed = signHead(key, head);
    expect(signed.keyId).toBe(headKeyId(key));
    expect(signed.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(headSignatureValid(key, signed)).toBe(true);
    expect(headSignatureValid(key, { ...signed, position: 121 })).toBe(false);
    expect(headSignatureValid(key, { ...signed, chainHash: 'b'.repeat(64) })).toBe(false);
    expect(headSignatureValid(key, { ...signed, signedAt: '2026-12-02T05:00:00.001Z' })).toBe(false);
    expect(headSignatureValid('x'.repeat(40), signed)).toBe(false);
  });
});
