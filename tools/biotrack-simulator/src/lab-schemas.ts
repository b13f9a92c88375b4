import { at, Checker } from './checker';
import {
  ANALYTE_UOMS,
  AnalyteUom,
  CATEGORIES,
  Category,
  QUALIFIERS,
  Qualifier,
  QUANTITY_UOMS,
  QuantityUom,
  SAMPLE_STATUSES,
  SampleStatus,
  STATUSES,
  TestStatus,
} from './vocabularies';

/** Readers for every NY-API request body and query; each throws one 422 listing all bad fields. */

export interface LoginBody {
  username: string;
  password: string;
  license: string;
}

export interface AcceptBody {
  receivedQuantity: string;
  uom: QuantityUom;
  receivedAt: string;
}

export interface ReportedAnalyte {
  analyte: string;
  value: string | null;
  qualifier: Qualifier;
  uom: AnalyteUom;
  loq: string | null;
  limit: string | null;
  status: TestStatus;
}

export interface ReportedCategory {
  category: Category;
  status: TestStatus;
  analytes: ReportedAnalyte[];
}

export interface ResultBody {
  externalId: string;
  sampleId: string;
  testedAt: string;
  overall: TestStatus;
  categories: ReportedCategory[];
}

export interface AmendBody {
  externalId: string;
  reason: string;
  overall: TestStatus;
  categories: ReportedCategory[];
}

export interface SampleListQuery {
  status?: SampleStatus;
  page: number;
  pageSize: number;
}

export type ResultLookupQuery = { sampleId: string } | { externalId: string };

export const MAX_PAGE_SIZE = 500;

export function readLogin(body: unknown): LoginBody {
  const c = new Checker();
  const o = c.shape(body, '', ['username', 'password', 'license']);
  const value = o && { username: c.text(o.username, 'username'), password: c.text(o.password, 'password'), license: c.text(o.license, 'license') };
  c.done();
  return value as LoginBody;
}

export function readAccept(body: unknown): AcceptBody {
  const c = new Checker();
  const o = c.shape(body, '', ['receivedQuantity', 'uom', 'receivedAt']);
  const value = o && {
    receivedQuantity: c.decimal(o.receivedQuantity, 'receivedQuantity'),
    uom: c.oneOf(o.uom, 'uom', QUANTITY_UOMS),
    receivedAt: c.utcTime(o.receivedAt, 'receivedAt'),
  };
  c.done();
  return value as AcceptBody;
}

export function readReason(body: unknown): { reason: string } {
  const c = new Checker();
  const o = c.shape(body, '', ['reason']);
  const value = o && { reason: c.text(o.reason, 'reason', 1000) };
  c.done();
  return value as { reason: string };
}

export function readResult(body: unknown): ResultBody {
  const c = new Checker();
  const o = c.shape(body, '', ['externalId', 'sampleId', 'testedAt', 'overall', 'categories']);
  const value = o && {
    externalId: c.text(o.externalId, 'externalId', 100),
    sampleId: c.tag(o.sampleId, 'sampleId'),
    testedAt: c.utcTime(o.testedAt, 'testedAt'),
    ...readOutcome(c, o.overall, o.categories),
  };
  c.done();
  return value as ResultBody;
}

export function readAmend(body: unknown): AmendBody {
  const c = new Checker();
  const o = c.shape(body, '', ['externalId', 'reason', 'overall', 'categories']);
  const value = o && {
    externalId: c.text(o.externalId, 'externalId', 100),
    reason: c.text(o.reason, 'reason', 1000),
    ...readOutcome(c, o.overall, o.categories),
  };
  c.done();
  return value as AmendBody;
}

function readOutcome(c: Checker, overallValue: unknown, categoriesValue: unknown) {
  const overall = c.oneOf(overallValue, 'overall', STATUSES);
  const list = c.array(categoriesValue, 'categories', 1);
  const categories = list?.map((item, i) => readCategory(c, item, at('categories', i)));
  const seen = new Set<string>();
  categories?.forEach((cat, i) => {
    if (!cat?.category) return;
    if (seen.has(cat.category)) c.fail(at(at('categories', i), 'category'), `repeats ${cat.category}`);
    seen.add(cat.category);
  });
  const failing = (categories ?? []).flatMap((cat, i) => (cat?.status === 'fail' ? [cat.category ?? `categories.${i}`] : []));
  if (overall && overall !== 'fail' && failing.length) c.fail('overall', `must be fail when a category fails (${failing.join(', ')})`);
  return { overall, categories };
}

function readCategory(c: Checker, value: unknown, field: string): Partial<ReportedCategory> | undefined {
  const o = c.shape(value, field, ['category', 'status', 'analytes']);
  if (!o) return undefined;
  const status = c.oneOf(o.status, at(field, 'status'), STATUSES);
  // A category marked na (not required) may come without analytes; a judged one must show its work.
  const analytes = c.array(o.analytes, at(field, 'analytes'), status === 'na' ? 0 : 1);
  return {
    category: c.oneOf(o.category, at(field, 'category'), CATEGORIES),
    status,
    analytes: analytes?.map((a, i) => readAnalyte(c, a, at(at(field, 'analytes'), i))) as ReportedAnalyte[],
  };
}

function readAnalyte(c: Checker, value: unknown, field: string): Partial<ReportedAnalyte> | undefined {
  const o = c.shape(value, field, ['analyte', 'value', 'qualifier', 'uom', 'loq', 'limit', 'status']);
  if (!o) return undefined;
  const qualifier = c.oneOf(o.qualifier, at(field, 'qualifier'), QUALIFIERS);
  const measured = c.decimal(o.value, at(field, 'value'), { nullable: true });
  if (measured === null && qualifier !== undefined && qualifier !== 'ND' && qualifier !== '<LOQ') {
    c.fail(at(field, 'value'), 'may be null only with qualifier ND or <LOQ');
  }
  return {
    analyte: c.text(o.analyte, at(field, 'analyte'), 100),
    value: measured,
    qualifier,
    uom: c.oneOf(o.uom, at(field, 'uom'), ANALYTE_UOMS),
    loq: c.decimal(o.loq, at(field, 'loq'), { nullable: true }),
    limit: c.decimal(o.limit, at(field, 'limit'), { nullable: true }),
    status: c.oneOf(o.status, at(field, 'status'), STATUSES),
  };
}

export function readSampleListQuery(query: URLSearchParams): SampleListQuery {
  const c = new Checker();
  refuseUnknownParams(c, query, ['status', 'page', 'pageSize']);
  const status = query.has('status') ? c.oneOf(query.get('status'), 'status', SAMPLE_STATUSES) : undefined;
  const page = readPositiveInt(c, query, 'page', 1, Number.MAX_SAFE_INTEGER);
  const pageSize = readPositiveInt(c, query, 'pageSize', 50, MAX_PAGE_SIZE);
  c.done();
  return { status, page, pageSize };
}

export function readResultLookupQuery(query: URLSearchParams): ResultLookupQuery {
  const c = new Checker();
  refuseUnknownParams(c, query, ['sampleId', 'externalId']);
  const sampleId = query.get('sampleId');
  const externalId = query.get('externalId');
  if ((sampleId === null) === (externalId === null)) c.fail('query', 'give exactly one of sampleId or externalId');
  else if (sampleId !== null) c.tag(sampleId, 'sampleId');
  else c.text(externalId, 'externalId', 100);
  c.done();
  return sampleId !== null ? { sampleId } : { externalId: externalId! };
}

export function readTagParam(value: string, field: string): string {
  const c = new Checker();
  c.tag(value, field);
  c.done();
  return value;
}

function refuseUnknownParams(c: Checker, query: URLSearchParams, known: string[]): void {
  for (const key of new Set(query.keys())) {
    if (!known.includes(key)) c.fail(key, 'is not a known query parameter');
    else if (query.getAll(key).length > 1) c.fail(key, 'must be given once');
  }
}

function readPositiveInt(c: Checker, query: URLSearchParams, key: string, fallback: number, max: number): number {
  const raw = query.get(key);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    c.fail(key, `must be an integer from 1 to ${max}`);
    return fallback;
  }
  return Number(raw);
}
