/** The parts of a served OpenAPI 3 document the route fuzzer reads. */
export interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  allOf?: SchemaObject[];
  minimum?: number;
}

interface Operation {
  parameters?: { name: string; in: 'path' | 'query' | 'header' | 'cookie'; schema?: SchemaObject }[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export type WriteMethod = 'post' | 'put' | 'patch' | 'delete';
export const WRITE_METHODS: readonly WriteMethod[] = ['post', 'put', 'patch', 'delete'];

export interface WriteRoute {
  method: WriteMethod;
  /** OpenAPI template, `/v1/samples/{id}/results`. */
  template: string;
  pathParams: string[];
  queryParams: string[];
  /** The JSON body's schema, when the route declares one. */
  jsonBody?: SchemaObject;
  auth: 'bearer' | 'licensee-key' | 'none';
}

/** Every POST/PUT/PATCH/DELETE of the document, with what it takes. */
export function writeRoutes(doc: OpenApiDocument): WriteRoute[] {
  return Object.entries(doc.paths).flatMap(([template, ops]) =>
    WRITE_METHODS.filter((m) => ops[m]).map((method) => {
      const op = ops[method];
      const params = op.parameters ?? [];
      const security = (op.security ?? []).flatMap((s) => Object.keys(s));
      return {
        method,
        template,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        jsonBody: op.requestBody?.content?.['application/json']?.schema,
        auth: security.includes('licensee-key') ? 'licensee-key' : security.includes('bearer') ? 'bearer' : 'none',
      } satisfies WriteRoute;
    }),
  );
}

export function resolve(doc: OpenApiDocument, schema: SchemaObject): SchemaObject {
  let s = schema;
  for (let hops = 0; s.$ref && hops < 20; hops++) s = doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')] ?? {};
  if (s.allOf) return s.allOf.reduce<SchemaObject>((acc, part) => ({ ...acc, ...resolve(doc, part) }), {});
  return s;
}

/**
 * A plausible value for a schema: its example, first enum value, or a value of its type (every
 * property, one array item). Mutating one property of it gives a body that is wrong in exactly one
 * place, so validation deep inside the DTO is reached.
 */
export function exampleOf(doc: OpenApiDocument, schema: SchemaObject, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  if (depth > 6) return null;
  switch (s.type) {
    case 'string':
      if (s.format === 'uuid') return '6f1c2b1e-0000-4000-8000-000000000000';
      if (s.format === 'date-time') return '2026-11-30T14:00:00Z';
      if (s.format === 'email') return 'fuzz@example.com';
      return 'x';
    case 'number':
    case 'integer':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return s.items ? [exampleOf(doc, s.items, depth + 1)] : [];
    default:
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, exampleOf(doc, v, depth + 1)]));
  }
}

/** Paths (property names and array indexes) to every value inside `value`, the root excluded. */
export function valuePaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...valuePaths(v, [...prefix, i])]);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...valuePaths(v, [...prefix, k])]);
  return [];
}

export function valueAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, key) => (v as Record<string | number, unknown>)[key], value);
}

/** A deep copy of `value` with the value at `path` replaced. */
export function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(value);
  const parent = valueAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]] = replacement;
  return copy;
}

/** JSON's name for a value's type (null and array apart from object). */
export function jsonType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
