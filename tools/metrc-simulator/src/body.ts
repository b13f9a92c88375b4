import { SimConfig } from './config';
import { badRequest, MetrcError, messageError, NO_DATA, RowError, rowErrors } from './errors';
import { header, RequestContext } from './http-io';

/** The JSON array body every Metrc write takes: 415 for another media type, 400 when absent, 413 over the object limit. */
export function arrayBody(ctx: RequestContext, config: Pick<SimConfig, 'maxObjectsPerRequest'>): unknown[] {
  const type = header(ctx.headers, 'content-type');
  if (ctx.body.length && type && !/^(application|text)\/json\s*(;|$)/i.test(type))
    throw messageError(415, `The request entity's media type '${type.split(';')[0]}' is not supported for this resource.`);
  let parsed: unknown;
  try {
    parsed = ctx.body.length ? JSON.parse(ctx.body.toString('utf8')) : undefined;
  } catch {
    throw badRequest(NO_DATA);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw badRequest(NO_DATA);
  if (parsed.length > config.maxObjectsPerRequest)
    throw messageError(413, `The request contains ${parsed.length} objects; at most ${config.maxObjectsPerRequest} may be submitted at once.`);
  return parsed;
}

/** Collects Metrc's `[{row, message}]` problems; several per row are allowed. */
export class RowProblems {
  readonly rows: RowError[] = [];

  add(row: number, message: string): void {
    this.rows.push({ row, message });
  }

  has(row?: number): boolean {
    return row === undefined ? this.rows.length > 0 : this.rows.some((r) => r.row === row);
  }

  throwIfAny(): void {
    if (this.rows.length) throw rowErrors(this.rows);
  }

  error(): MetrcError {
    return rowErrors(this.rows);
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A COA given as file name + base64: both null (none), or a `.pdf` name and base64 of bytes starting `%PDF`
 * no larger than the limit. Returns the bytes, null for none, or undefined after adding the problem.
 */
export function readDocument(
  name: unknown,
  base64: unknown,
  row: number,
  problems: RowProblems,
  maxBytes: number,
): { fileName: string; bytes: Buffer } | null | undefined {
  if ((name === null || name === undefined) && (base64 === null || base64 === undefined)) return null;
  if (typeof name !== 'string' || !name.trim() || typeof base64 !== 'string' || !base64.trim()) {
    problems.add(row, 'DocumentFileName and DocumentFileBase64 must be given together.');
    return undefined;
  }
  const compact = base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    problems.add(row, 'DocumentFileBase64 is not valid base64.');
    return undefined;
  }
  const bytes = Buffer.from(compact, 'base64');
  if (!/\.pdf$/i.test(name) || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    problems.add(row, 'Only PDF documents may be uploaded.');
    return undefined;
  }
  if (bytes.length > maxBytes) {
    problems.add(row, `The document may not be larger than ${maxBytes % 1048576 === 0 ? `${maxBytes / 1048576} MB` : `${maxBytes} bytes`}.`);
    return undefined;
  }
  return { fileName: name, bytes };
}
