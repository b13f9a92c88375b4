import { at, Checker } from './checker';
import { notFound } from './errors';
import { readFaultRequest } from './faults';
import { JSON_BODY_LIMIT, jsonBody, RequestContext } from './http-io';
import { Route } from './router';
import { SimulatorState } from './state';
import { resultView, SeedSample } from './store';

const SAMPLE_KEYS = ['sampleId', 'parentInventoryIds', 'manifestId', 'senderLicense', 'productType', 'name', 'quantity', 'uom'];

/**
 * Seeds are checked for shape and ids, not vocabulary: a test may want the state to hand the lab
 * a product type or unit it does not expect.
 */
function readSeed(body: unknown): { labLicense?: string; samples: SeedSample[] } {
  const c = new Checker();
  const o = c.shape(body, '', ['samples'], ['labLicense']);
  const labLicense = o && c.text(o.labLicense, 'labLicense');
  const samples = (c.array(o?.samples, 'samples', 1) ?? []).map((item, i) => {
    const field = at('samples', i);
    const s = c.shape(item, field, SAMPLE_KEYS, ['createdAt']);
    return (
      s && {
        sampleId: c.tag(s.sampleId, at(field, 'sampleId')),
        parentInventoryIds: c.tags(s.parentInventoryIds, at(field, 'parentInventoryIds')),
        manifestId: c.text(s.manifestId, at(field, 'manifestId')),
        senderLicense: c.text(s.senderLicense, at(field, 'senderLicense')),
        productType: c.text(s.productType, at(field, 'productType')),
        name: c.text(s.name, at(field, 'name')),
        quantity: c.decimal(s.quantity, at(field, 'quantity')),
        uom: c.text(s.uom, at(field, 'uom')),
        ...(s.createdAt !== undefined && { createdAt: c.utcTime(s.createdAt, at(field, 'createdAt')) }),
      }
    );
  });
  c.done();
  return { labLicense, samples: samples as SeedSample[] };
}

/** The test-facing surface under /_sim/: seed, read back, inject faults, reset. Never faulted itself. */
export function controlRoutes(state: SimulatorState): Route[] {
  const route = (method: Route['method'], pattern: string, handle: Route['handle']): Route => ({
    method,
    pattern,
    auth: 'control',
    bodyLimit: JSON_BODY_LIMIT,
    handle,
  });
  const counts = (map: Map<string, number>, inventoryId: string | null) =>
    inventoryId === null ? Object.fromEntries(map) : { [inventoryId]: map.get(inventoryId) ?? 0 };

  return [
    route('POST', '/_sim/reset', () => {
      state.reset();
      return { status: 200, body: { reset: true } };
    }),
    route('POST', '/_sim/samples', (ctx) => {
      const seed = readSeed(jsonBody(ctx));
      return { status: 201, body: { sampleIds: state.seed(seed.labLicense ?? state.options.labLicense, seed.samples) } };
    }),
    route('GET', '/_sim/samples', () => ({ status: 200, body: { data: [...state.store.samples.values()] } })),
    route('GET', '/_sim/results', (ctx: RequestContext) => {
      const inventoryId = ctx.query.get('inventoryId');
      const results = inventoryId === null ? [...state.store.results.values()] : state.store.resultsForInventory(inventoryId);
      return {
        status: 200,
        body: {
          data: results.map((r) => ({ ...resultView(r), labLicense: r.labLicense })),
          postsByInventoryId: counts(state.store.postsByInventoryId, inventoryId),
          amendsByInventoryId: counts(state.store.amendsByInventoryId, inventoryId),
        },
      };
    }),
    route('GET', '/_sim/results/:resultId/document', (ctx) => {
      const document = state.store.results.get(ctx.params.resultId)?.document;
      if (!document) throw notFound(`document of result ${ctx.params.resultId}`);
      return { status: 200, raw: { bytes: document.bytes, contentType: document.contentType } };
    }),
    route('POST', '/_sim/faults', (ctx) => {
      const request = readFaultRequest(jsonBody(ctx));
      if (request.mode === 'clear') return { status: 200, body: { cleared: state.faults.clear(request.match) } };
      if (request.mode === 'expire_sessions') return { status: 200, body: { expired: state.sessions.expireAll() } };
      return { status: 201, body: state.faults.add(request, state.iso()) };
    }),
    route('GET', '/_sim/faults', () => ({ status: 200, body: { data: state.faults.list() } })),
    route('GET', '/_sim/requests', () => ({ status: 200, body: { data: state.requests.list() } })),
  ];
}
