import { arrayBody, isRecord, readDocument, RowProblems } from './body';
import { parseDate } from './dates';
import { badRequest, messageError, unauthorized } from './errors';
import { Reply, RequestContext } from './http-io';
import { page, readPaging } from './paging';
import { Route } from './router';
import { SimulatorState } from './state';
import { LAB_TESTING_STATES, LabTestResult, Package, ResultDetail } from './store';
import { batchView, labTestTypeView, resultRows } from './views';

const LABEL = /^[0-9A-Z]{24}$/;
/** Ten 5 MB COAs in base64 plus JSON around them. */
const WRITE_BODY_LIMIT = 80 * 1024 * 1024;

interface RecordItem {
  pkg: Package;
  resultDate: number;
  document: { fileName: string; bytes: Buffer } | null;
  details: ResultDetail[];
}

/** Reads and checks a `record` body against the store; all or nothing, every problem reported by row. */
function readRecord(state: SimulatorState, ctx: RequestContext): RecordItem[] {
  const body = arrayBody(ctx, state.config);
  const c = state.config;
  const problems = new RowProblems();
  const typesThisCall = new Map<number, Set<string>>();
  const items = body.map((item, row): RecordItem | undefined => {
    if (!isRecord(item)) {
      problems.add(row, 'The record is not valid.');
      return undefined;
    }
    const label = item.Label;
    let pkg: Package | undefined;
    if (typeof label !== 'string' || !label) problems.add(row, 'Label is required.');
    else if (!LABEL.test(label)) problems.add(row, `Label ${label} is not a valid package label.`);
    else {
      pkg = state.store.packageByLabel(label);
      if (!pkg || pkg.license !== ctx.license) {
        problems.add(row, `Package ${label} is not available in the current Facility.`);
        pkg = undefined;
      }
    }
    const resultDate = typeof item.ResultDate === 'string' ? parseDate(item.ResultDate) : NaN;
    if (item.ResultDate === undefined || item.ResultDate === null) problems.add(row, 'ResultDate is required.');
    else if (Number.isNaN(resultDate))
      problems.add(row, `ResultDate '${typeof item.ResultDate === 'string' ? item.ResultDate : JSON.stringify(item.ResultDate)}' is not a valid date.`);
    const document = readDocument(item.DocumentFileName, item.DocumentFileBase64, row, problems, c.maxDocumentBytes);

    const details: ResultDetail[] = [];
    if (!Array.isArray(item.Results) || item.Results.length === 0) problems.add(row, 'At least one lab test result is required.');
    else {
      const seen = new Set<string>();
      for (const result of item.Results as unknown[]) {
        if (!isRecord(result)) {
          problems.add(row, 'A lab test result is not valid.');
          continue;
        }
        const name = result.LabTestTypeName;
        const type = typeof name === 'string' ? state.labTestTypes.find((t) => t.Name === name) : undefined;
        if (!type) {
          problems.add(row, `Lab Test Type Name '${String(name)}' is not valid.`);
          continue;
        }
        const { Quantity: quantity, Passed: passed, Notes: notes } = result;
        if (typeof quantity !== 'number' || !Number.isFinite(quantity)) problems.add(row, `Quantity must be a number for Lab Test Type '${type.Name}'.`);
        if (typeof passed !== 'boolean') problems.add(row, `Passed must be true or false for Lab Test Type '${type.Name}'.`);
        if (notes !== undefined && notes !== null && typeof notes !== 'string') problems.add(row, `Notes must be text for Lab Test Type '${type.Name}'.`);
        if (seen.has(type.Name)) problems.add(row, `Lab Test Type '${type.Name}' appears more than once.`);
        seen.add(type.Name);
        if (typeof quantity !== 'number' || typeof passed !== 'boolean') continue;
        const min = type.LabTestResultMinimum;
        const max = type.LabTestResultMaximum;
        if (c.enforceLimits && passed && ((min !== null && quantity < min) || (max !== null && quantity > max)))
          problems.add(row, `Lab Test Type '${type.Name}' cannot pass with a result of ${quantity}; the allowed range is ${min ?? '-∞'} to ${max ?? '∞'}.`);
        details.push({
          typeName: type.Name,
          informationalOnly: type.InformationalOnly,
          alwaysPasses: type.AlwaysPasses,
          quantity,
          passed,
          notes: typeof notes === 'string' ? notes : '',
        });
      }
    }

    if (pkg) {
      if (c.lockAfterRelease && state.store.isReleased(pkg.id))
        problems.add(row, `Lab test results for Package ${pkg.label} have been released and can no longer be changed.`);
      if (c.oneResultPerType) {
        const recorded = state.store.typesRecorded(pkg.id);
        const earlier = typesThisCall.get(pkg.id) ?? new Set<string>();
        for (const d of details)
          if (recorded.has(d.typeName) || earlier.has(d.typeName))
            problems.add(row, `Package ${pkg.label} already has a result for Lab Test Type '${d.typeName}'.`);
        for (const d of details) earlier.add(d.typeName);
        typesThisCall.set(pkg.id, earlier);
      }
    }
    return pkg && document !== undefined ? { pkg, resultDate, document, details } : undefined;
  });
  if (problems.has()) {
    for (const item of body) if (isRecord(item) && typeof item.Label === 'string') state.store.refused(item.Label);
    throw problems.error();
  }
  return items as RecordItem[];
}

function record(state: SimulatorState, ctx: RequestContext): Reply {
  const items = readRecord(state, ctx);
  const ids = items.map((i) => state.store.addResult(i.pkg, i.resultDate, i.details, i.document).id);
  return { status: 200, json: { Ids: ids, Warnings: null } };
}

function uploadDocuments(state: SimulatorState, ctx: RequestContext): Reply {
  const body = arrayBody(ctx, state.config);
  const problems = new RowProblems();
  const uploads = body.map((item, row) => {
    if (!isRecord(item)) return problems.add(row, 'The document is not valid.');
    const id = item.LabTestResultId;
    const result = typeof id === 'number' ? state.store.results.get(id) : undefined;
    if (!result || result.license !== ctx.license) problems.add(row, `Lab Test Result ${String(id)} was not found in the current Facility.`);
    else if (state.config.lockAfterRelease && result.releasedAt !== null)
      problems.add(row, `Lab test results for Package ${result.label} have been released; no document may be added.`);
    const doc = readDocument(item.DocumentFileName ?? undefined, item.DocumentFileBase64 ?? undefined, row, problems, state.config.maxDocumentBytes);
    if (doc === null) problems.add(row, 'DocumentFileName and DocumentFileBase64 are required.');
    return result && doc ? { result, doc } : undefined;
  });
  problems.throwIfAny();
  for (const u of uploads as Array<{ result: LabTestResult; doc: { fileName: string; bytes: Buffer } }>)
    state.store.attachDocument(u.result, u.doc.fileName, u.doc.bytes);
  return { status: 200 };
}

function release(state: SimulatorState, ctx: RequestContext): Reply {
  const body = arrayBody(ctx, state.config);
  const problems = new RowProblems();
  const packages = body.map((item, row) => {
    const label = isRecord(item) ? item.PackageLabel : undefined;
    if (typeof label !== 'string' || !label) return problems.add(row, 'PackageLabel is required.');
    const pkg = state.store.packageByLabel(label);
    if (!pkg || pkg.license !== ctx.license) return problems.add(row, `Package ${label} is not available in the current Facility.`);
    const results = state.store.resultsOf(pkg.id);
    if (!results.length) return problems.add(row, `Package ${label} has no lab test results to release.`);
    if (state.config.requireDocumentForRelease && !results.some((r) => r.documentFileId !== null))
      return problems.add(row, `Package ${label} has no lab test document; upload the COA before releasing.`);
    return pkg;
  });
  problems.throwIfAny();
  for (const pkg of packages as Package[]) state.store.release(pkg);
  return { status: 200 };
}

function results(state: SimulatorState, ctx: RequestContext): Reply {
  const paging = readPaging(ctx.query, state.config);
  const idText = ctx.query.get('packageId');
  if (!idText) throw badRequest('No packageId was specified.');
  if (!/^\d+$/.test(idText)) throw badRequest(`The value '${idText}' is not valid for packageId.`);
  const pkg = state.store.packages.get(Number(idText));
  if (!pkg) return { status: 200, json: page([], paging) };
  if (pkg.license !== ctx.license) throw unauthorized(`Package ${idText} is not valid for license number ${ctx.license}.`);
  return { status: 200, json: page(resultRows(state, pkg), paging) };
}

function document(state: SimulatorState, ctx: RequestContext): Reply {
  const doc = /^\d+$/.test(ctx.params.id) ? state.store.documents.get(Number(ctx.params.id)) : undefined;
  if (!doc) throw messageError(404, `Lab test document ${ctx.params.id} was not found.`);
  const result = state.store.results.get(doc.labTestResultId)!;
  if (result.license !== ctx.license) throw unauthorized(`Lab test document ${ctx.params.id} is not valid for license number ${ctx.license}.`);
  return {
    status: 200,
    raw: { bytes: doc.bytes, contentType: 'application/pdf' },
    headers: { 'content-disposition': `attachment; filename="${doc.fileName}"` },
  };
}

/** `/labtests/v2/*`: reference lists, then the lab's record → document → release cycle and the read-back. */
export function labRoutes(state: SimulatorState): Route[] {
  return [
    { method: 'GET', pattern: '/labtests/v2/states', scope: 'none', handle: () => ({ status: 200, json: [...LAB_TESTING_STATES] }) },
    {
      method: 'GET',
      pattern: '/labtests/v2/types',
      scope: 'none',
      handle: (ctx) => ({
        status: 200,
        json: page(
          state.labTestTypes.map((t, i) => labTestTypeView(state, t, i)),
          readPaging(ctx.query, state.config),
        ),
      }),
    },
    {
      method: 'GET',
      pattern: '/labtests/v2/batches',
      scope: 'none',
      handle: (ctx) => ({
        status: 200,
        json: page(
          state.labTestBatches.map((b, i) => batchView(state, b, i)),
          readPaging(ctx.query, state.config),
        ),
      }),
    },
    { method: 'POST', pattern: '/labtests/v2/record', scope: 'required', bodyLimit: WRITE_BODY_LIMIT, handle: (ctx) => record(state, ctx) },
    { method: 'PUT', pattern: '/labtests/v2/labtestdocument', scope: 'required', bodyLimit: WRITE_BODY_LIMIT, handle: (ctx) => uploadDocuments(state, ctx) },
    { method: 'PUT', pattern: '/labtests/v2/results/release', scope: 'required', handle: (ctx) => release(state, ctx) },
    { method: 'GET', pattern: '/labtests/v2/results', scope: 'required', handle: (ctx) => results(state, ctx) },
    { method: 'GET', pattern: '/labtests/v2/labtestdocument/:id', scope: 'required', handle: (ctx) => document(state, ctx) },
  ];
}
