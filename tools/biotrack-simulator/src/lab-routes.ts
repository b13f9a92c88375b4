import { readDocument, DOCUMENT_BODY_LIMIT } from './documents';
import { SimError } from './errors';
import { JSON_BODY_LIMIT, jsonBody, RequestContext } from './http-io';
import { readAccept, readAmend, readLogin, readReason, readResult, readResultLookupQuery, readSampleListQuery, readTagParam } from './lab-schemas';
import { Route } from './router';
import { SimulatorState } from './state';
import { resultView, sampleView } from './store';

/** The NY-API calls of the working contract (shared/biotrack-ny-api.md). */
export function labRoutes(state: SimulatorState): Route[] {
  const { store, options } = state;
  const allowDuplicate = (ctx: RequestContext) => () => !!state.faults.take(ctx.path, ['accept_duplicates']);
  const json = (pattern: string, handle: Route['handle'], method: Route['method'] = 'POST'): Route => ({
    method,
    pattern,
    auth: 'session',
    bodyLimit: JSON_BODY_LIMIT,
    handle,
  });

  return [
    {
      method: 'POST',
      pattern: '/v1/user/login',
      auth: 'api_key',
      bodyLimit: JSON_BODY_LIMIT,
      handle: (ctx) => {
        const body = readLogin(jsonBody(ctx));
        if (body.username !== options.username || body.password !== options.password) throw new SimError(401, 'unauthorized', 'bad username or password');
        if (body.license !== options.labLicense) throw new SimError(401, 'unauthorized', `user ${body.username} may not act for license ${body.license}`);
        const session = state.sessions.open(body.license);
        return { status: 200, body: { sessionToken: session.token, expiresAt: new Date(session.expiresAt).toISOString() } };
      },
    },
    json(
      '/v1/lab/samples',
      (ctx) => {
        const query = readSampleListQuery(ctx.query);
        const all = store.samplesFor(ctx.license, query.status);
        const start = (query.page - 1) * query.pageSize;
        return {
          status: 200,
          body: { data: all.slice(start, start + query.pageSize).map(sampleView), page: query.page, pageSize: query.pageSize, total: all.length },
        };
      },
      'GET',
    ),
    json('/v1/lab/samples/:sampleId/accept', (ctx) => {
      const sampleId = readTagParam(ctx.params.sampleId, 'sampleId');
      const sample = store.accept(ctx.license, sampleId, readAccept(jsonBody(ctx)));
      return {
        status: 200,
        body: { ...sampleView(sample), receivedQuantity: sample.receivedQuantity, receivedUom: sample.receivedUom, receivedAt: sample.receivedAt },
      };
    }),
    json('/v1/lab/samples/:sampleId/reject', (ctx) => {
      const sampleId = readTagParam(ctx.params.sampleId, 'sampleId');
      const sample = store.reject(ctx.license, sampleId, readReason(jsonBody(ctx)).reason);
      return { status: 200, body: { ...sampleView(sample), rejectionReason: sample.rejectionReason } };
    }),
    json('/v1/lab/results', (ctx) => {
      const result = store.postResult(ctx.license, readResult(jsonBody(ctx)), allowDuplicate(ctx));
      return { status: 201, body: { resultId: result.resultId } };
    }),
    json('/v1/lab/results', (ctx) => ({ status: 200, body: { data: store.lookup(ctx.license, readResultLookupQuery(ctx.query)).map(resultView) } }), 'GET'),
    {
      method: 'POST',
      pattern: '/v1/lab/results/:resultId/document',
      auth: 'session',
      bodyLimit: DOCUMENT_BODY_LIMIT,
      handle: (ctx) => {
        const resultId = readTagParam(ctx.params.resultId, 'resultId');
        const document = readDocument(ctx);
        const result = store.attachDocument(ctx.license, resultId, document);
        return { status: 201, body: { resultId, document: resultView(result).document } };
      },
    },
    json('/v1/lab/results/:resultId/amend', (ctx) => {
      const resultId = readTagParam(ctx.params.resultId, 'resultId');
      const result = store.amend(ctx.license, resultId, readAmend(jsonBody(ctx)), allowDuplicate(ctx));
      return { status: 200, body: { resultId, version: result.current.version, externalId: result.current.externalId } };
    }),
    json('/v1/lab/results/:resultId/void', (ctx) => {
      const resultId = readTagParam(ctx.params.resultId, 'resultId');
      const result = store.voidResult(ctx.license, resultId, readReason(jsonBody(ctx)).reason);
      return { status: 200, body: { resultId, status: result.status, voidedAt: result.voidedAt } };
    }),
    json('/v1/inventory/:inventoryId', (ctx) => ({ status: 200, body: store.inventory(readTagParam(ctx.params.inventoryId, 'inventoryId')) }), 'GET'),
  ];
}
