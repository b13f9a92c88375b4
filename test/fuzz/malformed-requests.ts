import fc from 'fast-check';
import { jsonType, replaceAt, valueAt, valuePaths, WriteRoute } from './openapi-routes';

/** One generated request, before the route's credentials are filled in. */
export interface FuzzRequest {
  /** Raw (already percent-encoded) path parameter values. */
  params: Record<string, string>;
  /** Raw query string, without '?'. */
  query: string;
  /** 'valid': the route's credentials; a string: that Authorization header instead; null: none. */
  auth: string | null;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** What kind of malformation this is, for the failure report. */
  kind: string;
}

/** Text PostgreSQL or the driver must never see, and values of the wrong kind. */
const HOSTILE_TEXT = ['a\u0000b', '\u0000', 'x\ud800y', '\udc00', '\ud83d', '\u202e', "' OR '1'='1", '../../etc/passwd', '%00', '1e309', 'NaN', '-0', '\uFEFF'];

/** Path segments that must be refused or not found, never a 5xx: not UUIDs, bad escapes, NUL, overlong. */
const HOSTILE_SEGMENTS = [
  'not-a-uuid',
  '%00',
  '%ED%A0%80',
  '%C0%AF',
  '%E0%80%80',
  '%25',
  '%FF',
  '..',
  '%2e%2e',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'x'.repeat(2000),
  'null',
  '%20',
  '-1',
  '1e309',
];

const encode = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};

const segment = fc.oneof(fc.uuid().map(String), fc.constantFrom(...HOSTILE_SEGMENTS), fc.string({ unit: 'binary', maxLength: 40 }).map(encode));

const queryValue = fc.oneof(
  fc.string({ maxLength: 20 }).map(encode),
  fc.constantFrom('%', '%zz', '%00', '%ED%A0%80', 'true', 'false', '1', '-1', 'x'.repeat(3000), '%5B%5D', ''),
);
const query = fc
  .array(fc.tuple(fc.constantFrom('q', 'everywhere', 'dryRun', 'limit', 'cursor', 'status', 'x', 'a[b]', '__proto__', 'constructor'), queryValue), {
    maxLength: 4,
  })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&'));

const badAuth = fc.constantFrom(
  null,
  'Bearer ',
  'Bearer x',
  `Bearer ${'a'.repeat(6000)}`,
  'Basic YTpi',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIiwicm9sZSI6ImFkbWluIn0.',
  'Bearer a.b.c',
  'Token abc',
);
const auth = fc.oneof({ weight: 5, arbitrary: fc.constant<'valid'>('valid') }, { weight: 1, arbitrary: badAuth });

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=x-unknown',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/xml',
  'application/merge-patch+json',
  '*/*',
  'garbage',
];
const headers = fc.record(
  {
    'content-type': fc.constantFrom(...CONTENT_TYPES),
    'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip'),
    'x-request-id': fc.constantFrom('x'.repeat(500), 'a b', '../', ''),
    accept: fc.constantFrom('application/xml', '*/*', 'text/html', ''),
    'x-api-key': fc.constantFrom('', 'x', 'lt_' + 'a'.repeat(200)),
  },
  { requiredKeys: [] },
);

/** A value of another JSON type than `original` (or text the database cannot hold), so validation must refuse it. */
export function wrongValue(original: unknown): fc.Arbitrary<unknown> {
  const deep = (n: number): unknown => (n === 0 ? 'x' : { a: deep(n - 1) });
  const candidates: unknown[] = [null, true, 12345, -1.5, 1e308, {}, [], [null], { $ne: null }, deep(20)];
  const others = candidates.filter((c) => jsonType(c) !== jsonType(original));
  return fc.oneof(fc.constantFrom(...others), fc.constantFrom('a\u0000b', 'x\ud800y', '\udfff'));
}

/** A multipart body (with its content type): fields and files that are wrong in number, name, value or framing. */
const multipart = fc
  .record({
    boundary: fc.constantFrom('fuzzboundary', 'x'.repeat(80), 'a b'),
    parts: fc.array(
      fc.record({
        name: fc.oneof(
          fc.constantFrom('file', 'dryRun', 'format', 'sampleId', 'instrument', 'columnMapping', 'cqCutoff', 'a[b]', 'a[0][1][2]', 'x'.repeat(200), ''),
          fc.string({ maxLength: 10 }),
        ),
        file: fc.boolean(),
        filename: fc.constantFrom(
          'filename="f.csv"',
          'filename=""',
          'filename="../../etc/passwd"',
          "filename*=UTF-8''a%00b.csv",
          "filename*=UTF-8''%ED%A0%80.pdf",
          `filename="${'x'.repeat(300)}"`,
        ),
        value: fc.oneof(
          fc.constantFrom(...HOSTILE_TEXT, 'true', 'generic-long-csv', '{"sample":'),
          fc.string({ maxLength: 30 }),
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
        ),
      }),
      { maxLength: 14 },
    ),
    cut: fc.constantFrom('none', 'no-close', 'half'),
  })
  .map(({ boundary, parts, cut }) => {
    const chunks = parts.map(
      (p) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.file ? `; ${p.filename}\r\nContent-Type: text/csv` : ''}\r\n\r\n${p.value}\r\n`,
    );
    let text = chunks.join('') + (cut === 'no-close' ? '' : `--${boundary}--\r\n`);
    if (cut === 'half') text = text.slice(0, Math.floor(text.length / 2));
    return { body: Buffer.from(text, 'latin1'), contentType: `multipart/form-data; boundary=${boundary}` };
  });

/**
 * Requests to `route` (its valid `example` body the starting point) with garbage path parameters (never a real record, so a request that is
 * accidentally well-formed still changes nothing): malformed bodies of every kind, hostile query
 * strings, wrong or missing content types and encodings, bad credentials.
 */
export function malformedRequest(route: WriteRoute, example: unknown): fc.Arbitrary<FuzzRequest> {
  const exampleJson = JSON.stringify(example);
  const paths = valuePaths(example);
  const mutated =
    paths.length > 0
      ? fc
          .constantFrom(...paths)
          .chain((path) =>
            wrongValue(valueAt(example, path)).map((v) => ({ body: JSON.stringify(replaceAt(example, path, v)), kind: `json ${path.join('.')}` })),
          )
      : fc.constant({ body: exampleJson, kind: 'json example' });
  const body = fc.oneof(
    { weight: 4, arbitrary: mutated.map((b) => ({ ...b, contentType: 'application/json' })) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ body: JSON.stringify(v), kind: 'json random', contentType: 'application/json' })) },
    {
      weight: 2,
      arbitrary: fc
        .nat({ max: Math.max(exampleJson.length - 1, 0) })
        .map((n) => ({ body: exampleJson.slice(0, n), kind: 'json truncated', contentType: 'application/json' })),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((s) => ({ body: s, kind: 'text random', contentType: 'application/json' })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          { body: '['.repeat(5000) + ']'.repeat(5000), kind: 'json deep array' },
          { body: '{"a":'.repeat(3000) + '1' + '}'.repeat(3000), kind: 'json deep object' },
          { body: `{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}`, kind: 'json prototype keys' },
          { body: `{"a":1,"a":2,"groups":null}`, kind: 'json duplicate keys' },
          { body: `"${'x'.repeat(1_100_000)}"`, kind: 'json over the limit' },
          { body: '\uFEFF{}', kind: 'json bom' },
          { body: '{"x":"\\ud800"}', kind: 'json lone surrogate escape' },
          { body: '{"x":"\\u0000"}', kind: 'json nul escape' },
        )
        .map((b) => ({ ...b, contentType: 'application/json' })),
    },
    { weight: 2, arbitrary: multipart.map((m) => ({ body: m.body, contentType: m.contentType, kind: 'multipart' })) },
    { weight: 1, arbitrary: fc.constant({ body: undefined, kind: 'no body', contentType: undefined }) },
  );
  return fc
    .record({
      params: fc.record(Object.fromEntries(route.pathParams.map((p) => [p, segment]))),
      query,
      auth,
      headers,
      body,
      overrideType: fc.boolean(),
    })
    .map(({ params, query: q, auth: a, headers: h, body: b, overrideType }) => {
      const chosen = { ...h };
      // Mostly the body's own content type; sometimes a wrong one from the header set.
      if (!overrideType || !chosen['content-type']) {
        if (b.contentType) chosen['content-type'] = b.contentType;
        else delete chosen['content-type'];
      }
      return { params, query: q, auth: a, headers: chosen, body: b.body, kind: b.kind };
    });
}

/**
 * A valid example body wrong in exactly one property (another JSON type, NUL, an unpaired
 * surrogate), sent with the route's credentials to real records: validation must refuse it (4xx).
 */
export function invalidBodyForRealRecord(example: unknown, params: Record<string, string>): fc.Arbitrary<FuzzRequest> | null {
  const paths = valuePaths(example);
  if (paths.length === 0) return null;
  return fc.constantFrom(...paths).chain((path) =>
    wrongValue(valueAt(example, path)).map((v) => ({
      params,
      query: '',
      auth: 'valid' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(replaceAt(example, path, v)),
      kind: `real record, json ${path.join('.')} = ${JSON.stringify(v)?.slice(0, 40)}`,
    })),
  );
}

/** Strings at the edges of what fields take: empty, blank, signs, exponents, huge, impossible dates, look-alike digits. */
const EDGE_STRINGS = [
  '',
  ' ',
  '0',
  '-0',
  '-1',
  '0.0',
  '1e5',
  '9'.repeat(40),
  `0.${'0'.repeat(40)}1`,
  'x'.repeat(10_000),
  '2026-02-30T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '１２',
  '٣',
  'NaN',
  'Infinity',
  'null',
  '<LOQ',
  'ND',
  '🧪'.repeat(300),
];
const EDGE_NUMBERS = [0, -1, 0.5, 2 ** 31, 2 ** 53 + 1, 1e21, -0.0001];

/**
 * A valid example body with one value at an edge of its type (well-formed JSON of the right
 * type, which the route may accept or refuse), sent to real records: only a 5xx is wrong here.
 */
export function edgeValueForRealRecord(example: unknown, params: Record<string, string>): fc.Arbitrary<FuzzRequest> | null {
  const paths = valuePaths(example).filter((p) => ['string', 'number', 'array'].includes(jsonType(valueAt(example, p))));
  if (paths.length === 0) return null;
  return fc.constantFrom(...paths).chain((path) => {
    const original = valueAt(example, path);
    const edge: fc.Arbitrary<unknown> =
      typeof original === 'string'
        ? fc.constantFrom(...EDGE_STRINGS)
        : typeof original === 'number'
          ? fc.constantFrom(...EDGE_NUMBERS)
          : fc.constantFrom(
              [],
              Array.from({ length: 400 }, () => (original as unknown[])[0] ?? 'x'),
            );
    return edge.map((v) => ({
      params,
      query: '',
      auth: 'valid' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(replaceAt(example, path, v)),
      kind: `edge value, json ${path.join('.')} = ${JSON.stringify(v).slice(0, 40)}`,
    }));
  });
}
