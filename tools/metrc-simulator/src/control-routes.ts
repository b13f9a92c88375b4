import { isRecord } from './body';
import { RATE_KNOBS, readConfigPatch } from './config';
import { parseDate } from './dates';
import { InvalidInput } from './errors';
import { readFaultRequest } from './faults';
import { Reply, RequestContext } from './http-io';
import { readLabTestTypes } from './lab-test-types';
import { Route } from './router';
import { DEMO_SHIPPER, SimulatorState } from './state';
import { NewPackage, NewTransfer } from './store';

const LABEL = /^[0-9A-Z]{24}$/;
const CONTROL_BODY_LIMIT = 10 * 1024 * 1024;

/** A refused control call: 400 `{ message }` (camelCase, unlike Metrc's own answers). */
const ControlError = InvalidInput;

function json(ctx: RequestContext): unknown {
  if (!ctx.body.length) return {};
  try {
    return JSON.parse(ctx.body.toString('utf8'));
  } catch {
    throw new ControlError('body is not valid JSON');
  }
}

const strings = (value: unknown, field: string, pattern?: RegExp): string[] | undefined => {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || (pattern && !pattern.test(v))))
    throw new ControlError(`${field} must be an array of ${pattern ? '24-character labels ([0-9A-Z])' : 'strings'}`);
  return value as string[];
};

const text = (value: unknown, field: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !value.trim()) throw new ControlError(`${field} must be a non-empty string`);
  return value;
};

const PACKAGE_KEYS = [
  'label',
  'itemName',
  'itemCategoryName',
  'quantity',
  'unitOfMeasureName',
  'sourcePackageLabels',
  'requiredLabTestBatches',
  'productionBatchNumber',
];
const TRANSFER_KEYS = ['shipperLicense', 'recipientLicense', 'manifestNumber', 'shipmentTypeName', 'received', 'lastModified', 'packages'];

/** Metrc's PascalCase spelling (`SourcePackageLabels`) is accepted beside camelCase in seeds. */
function camelKeys(value: unknown): unknown {
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]));
}

/** Reads a `/_sim/transfers` body; labels must be new, and a sample may not be its own source. */
function readTransfer(state: SimulatorState, raw: unknown): NewTransfer & { received: boolean } {
  const body = camelKeys(raw);
  if (!isRecord(body)) throw new ControlError('body must be a JSON object');
  const unknown = Object.keys(body).filter((k) => !TRANSFER_KEYS.includes(k));
  if (unknown.length) throw new ControlError(`unknown fields: ${unknown.join(', ')}`);
  if (!Array.isArray(body.packages) || body.packages.length === 0) throw new ControlError('packages must be a non-empty array');
  const seen = new Set<string>();
  const packages = body.packages.map((raw: unknown, i: number): NewPackage => {
    const item = camelKeys(raw);
    if (!isRecord(item)) throw new ControlError(`packages[${i}] must be an object`);
    const extra = Object.keys(item).filter((k) => !PACKAGE_KEYS.includes(k));
    if (extra.length) throw new ControlError(`packages[${i}]: unknown fields: ${extra.join(', ')}`);
    const label = text(item.label, `packages[${i}].label`);
    if (label !== undefined) {
      if (!LABEL.test(label)) throw new ControlError(`packages[${i}].label must be 24 characters of [0-9A-Z]`);
      if (seen.has(label) || state.store.packageByLabel(label)) throw new ControlError(`packages[${i}].label ${label} already exists`);
      seen.add(label);
    }
    const sources = strings(item.sourcePackageLabels, `packages[${i}].sourcePackageLabels`, LABEL);
    if (sources?.some((s) => seen.has(s))) throw new ControlError(`packages[${i}].sourcePackageLabels may not name a package of this transfer`);
    if (item.quantity !== undefined && (typeof item.quantity !== 'number' || !(item.quantity > 0)))
      throw new ControlError(`packages[${i}].quantity must be a positive number`);
    const batches = strings(item.requiredLabTestBatches, `packages[${i}].requiredLabTestBatches`);
    const unknownBatch = batches?.find((b) => !state.labTestBatches.some((x) => x.Name === b));
    if (unknownBatch) throw new ControlError(`packages[${i}].requiredLabTestBatches: unknown batch ${unknownBatch}`);
    if (item.productionBatchNumber !== undefined && item.productionBatchNumber !== null)
      text(item.productionBatchNumber, `packages[${i}].productionBatchNumber`);
    return {
      label,
      itemName: text(item.itemName, `packages[${i}].itemName`),
      itemCategoryName: text(item.itemCategoryName, `packages[${i}].itemCategoryName`),
      quantity: item.quantity,
      unitOfMeasureName: text(item.unitOfMeasureName, `packages[${i}].unitOfMeasureName`),
      sourcePackageLabels: sources,
      requiredLabTestBatches: batches,
      productionBatchNumber: (item.productionBatchNumber as string | null | undefined) ?? null,
    };
  });
  let lastModified: number | undefined;
  if (body.lastModified !== undefined) {
    lastModified = typeof body.lastModified === 'string' ? parseDate(body.lastModified) : NaN;
    if (Number.isNaN(lastModified)) throw new ControlError('lastModified must be an ISO 8601 date-time');
  }
  if (body.received !== undefined && typeof body.received !== 'boolean') throw new ControlError('received must be true or false');
  return {
    shipperLicense: text(body.shipperLicense, 'shipperLicense') ?? DEMO_SHIPPER.license,
    recipientLicense: text(body.recipientLicense, 'recipientLicense') ?? state.labLicense,
    manifestNumber: text(body.manifestNumber, 'manifestNumber'),
    shipmentTypeName: text(body.shipmentTypeName, 'shipmentTypeName'),
    lastModified,
    packages,
    received: body.received ?? state.config.autoReceive,
  };
}

const countBy = (map: Map<string, number>, label: string | null) => (label === null ? Object.fromEntries(map) : { [label]: map.get(label) ?? 0 });

/** `{label: {typeName: count}}`: more than 1 for a type means it was recorded twice. */
function recordsByLabel(state: SimulatorState, label: string | null) {
  const out: Record<string, Record<string, number>> = {};
  for (const r of state.store.results.values()) {
    if (label !== null && r.label !== label) continue;
    const types = (out[r.label] ??= {});
    for (const d of r.details) types[d.typeName] = (types[d.typeName] ?? 0) + 1;
  }
  if (label !== null) out[label] ??= {};
  return out;
}

function resultList(state: SimulatorState, label: string | null) {
  return [...state.store.results.values()]
    .filter((r) => label === null || r.label === label)
    .flatMap((r) =>
      r.details.map((d) => ({
        label: r.label,
        packageId: r.packageId,
        license: r.license,
        labTestResultId: r.id,
        typeName: d.typeName,
        quantity: d.quantity,
        passed: d.passed,
        notes: d.notes,
        resultDate: new Date(r.resultDate).toISOString(),
        recordedAt: new Date(r.recordedAt).toISOString(),
        releasedAt: r.releasedAt === null ? null : new Date(r.releasedAt).toISOString(),
        documentFileId: r.documentFileId,
      })),
    );
}

function stateSummary(state: SimulatorState, label: string | null) {
  return {
    recordsByLabel: recordsByLabel(state, label),
    recordPostsByLabel: countBy(state.store.recordPostsByLabel, label),
    refusedRecordPostsByLabel: countBy(state.store.refusedRecordPostsByLabel, label),
    releases: state.store.releases.filter((r) => label === null || r.label === label).map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
    documents: [...state.store.documents.values()]
      .filter((d) => label === null || d.label === label)
      .map((d) => ({ fileId: d.fileId, labTestResultId: d.labTestResultId, label: d.label, fileName: d.fileName, bytes: d.bytes.length })),
  };
}

function packageDump(state: SimulatorState, label: string) {
  const p = state.store.packageByLabel(label);
  if (!p) return undefined;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    ...p,
    labTestingStateAt: iso(p.labTestingStateAt),
    labTestingPerformedAt: iso(p.labTestingPerformedAt),
    labTestingRecordedAt: iso(p.labTestingRecordedAt),
    packagedAt: iso(p.packagedAt),
    lastModified: iso(p.lastModified),
    receivedAt: iso(p.receivedAt),
    released: state.store.isReleased(p.id),
    overallPassed: state.store.resultsOf(p.id).length ? state.store.overallPassed(p.id) : null,
  };
}

function stats(state: SimulatorState) {
  return {
    peakRequestsPerSecond: state.peaks.peak('all'),
    peakGetsPerSecondByFacility: state.peaks.peaksWithPrefix('facility:'),
    peakGetsPerSecondByVendorKey: state.peaks.peaksWithPrefix('vendor:'),
    peakConcurrentGets: state.peaks.peak('concurrent'),
    ...state.counters,
  };
}

const rateView = (state: SimulatorState) => Object.fromEntries(RATE_KNOBS.map((k) => [k, state.config[k]]));

/** The test-facing surface under /_sim/: seed, receive, look inside, configure, inject faults, reset. */
export function controlRoutes(state: SimulatorState): Route[] {
  const route = (method: Route['method'], pattern: string, handle: (ctx: RequestContext) => Reply): Route => ({
    method,
    pattern,
    scope: 'control',
    bodyLimit: CONTROL_BODY_LIMIT,
    handle: (ctx) => {
      try {
        return handle(ctx);
      } catch (e) {
        if (e instanceof InvalidInput) return { status: 400, json: { message: e.message } };
        throw e;
      }
    },
  });
  const ok = (body: unknown, status = 200): Reply => ({ status, json: body });

  return [
    route('POST', '/_sim/reset', () => {
      state.reset();
      return ok({ reset: true });
    }),
    route('POST', '/_sim/transfers', (ctx) => {
      const spec = readTransfer(state, json(ctx));
      for (const license of [spec.shipperLicense, spec.recipientLicense])
        state.store.addFacility({ license, name: `Facility ${license}`, facilityType: license === spec.recipientLicense ? 'Laboratory' : 'Cultivator' });
      const { transfer, packages } = state.store.createTransfer(spec);
      if (spec.received) state.store.receive(transfer);
      return ok(
        {
          transferId: transfer.id,
          deliveryId: transfer.deliveryId,
          manifestNumber: transfer.manifestNumber,
          received: transfer.receivedAt !== null,
          packages: packages.map((p) => ({ id: p.id, label: p.label, sourcePackageLabels: p.sourcePackageLabels })),
        },
        201,
      );
    }),
    route('POST', '/_sim/transfers/:transferId/receive', (ctx) => {
      const transfer = state.store.transfers.get(Number(ctx.params.transferId));
      if (!transfer) return { status: 404, json: { message: `transfer ${ctx.params.transferId} not found` } };
      return ok({ received: true, changed: state.store.receive(transfer) });
    }),
    route('GET', '/_sim/transfers', () =>
      ok({
        data: [...state.store.transfers.values()].map((t) => ({
          transferId: t.id,
          deliveryId: t.deliveryId,
          manifestNumber: t.manifestNumber,
          shipperLicense: t.shipperLicense,
          recipientLicense: t.recipientLicense,
          lastModified: new Date(t.lastModified).toISOString(),
          receivedAt: t.receivedAt === null ? null : new Date(t.receivedAt).toISOString(),
          packageLabels: t.packageIds.map((id) => state.store.packages.get(id)!.label),
        })),
      }),
    ),
    route('GET', '/_sim/packages', () => ok({ data: [...state.store.packages.values()].map((p) => packageDump(state, p.label)) })),
    route('GET', '/_sim/packages/:label', (ctx) => {
      const dump = packageDump(state, ctx.params.label);
      return dump ? ok(dump) : { status: 404, json: { message: `package ${ctx.params.label} not found` } };
    }),
    route('GET', '/_sim/state', () => ok(stateSummary(state, null))),
    route('GET', '/_sim/results', (ctx) => {
      const label = ctx.query.get('label');
      return ok({ data: resultList(state, label), ...stateSummary(state, label) });
    }),
    route('GET', '/_sim/documents/:fileId', (ctx) => {
      const doc = state.store.documents.get(Number(ctx.params.fileId));
      return doc
        ? { status: 200, raw: { bytes: doc.bytes, contentType: 'application/pdf' } }
        : { status: 404, json: { message: `document ${ctx.params.fileId} not found` } };
    }),
    route('POST', '/_sim/faults', (ctx) => {
      const request = readFaultRequest(json(ctx));
      if (request.mode === 'clear') return ok({ cleared: state.faults.clear(request.match) });
      return ok(state.faults.add(request, state.iso()), 201);
    }),
    route('GET', '/_sim/faults', () => ok({ data: state.faults.list() })),
    route('GET', '/_sim/requests', (ctx) => {
      const method = ctx.query.get('method');
      const path = ctx.query.get('path');
      return ok({ data: state.requests.list().filter((r) => (!method || r.method === method) && (!path || r.path.startsWith(path))) });
    }),
    route('GET', '/_sim/config', () => ok(state.config)),
    route('POST', '/_sim/config', (ctx) => {
      state.config = { ...state.config, ...readConfigPatch(json(ctx)) };
      state.buckets.reset();
      return ok(state.config);
    }),
    route('GET', '/_sim/rate-limits', () => ok(rateView(state))),
    route('POST', '/_sim/rate-limits', (ctx) => {
      state.config = { ...state.config, ...readConfigPatch(json(ctx), RATE_KNOBS) };
      state.buckets.reset();
      return ok(rateView(state));
    }),
    route('GET', '/_sim/stats', () => ok(stats(state))),
    route('POST', '/_sim/stats/reset', () => {
      state.resetStats();
      return ok(stats(state));
    }),
    route('GET', '/_sim/lab-test-types', () => ok({ types: state.labTestTypes })),
    route('POST', '/_sim/lab-test-types', (ctx) => {
      const body = json(ctx);
      state.labTestTypes = readLabTestTypes(isRecord(body) ? body.types : undefined);
      return ok({ types: state.labTestTypes });
    }),
  ];
}
