import { SimError } from './errors';
import { header, RequestContext } from './http-io';
import { MultipartError, multipartBoundary, parseMultipart } from './multipart';
import { StoredDocument } from './store';

export const DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;
/** Room for the multipart framing around a file at the limit. */
export const DOCUMENT_BODY_LIMIT = DOCUMENT_MAX_BYTES + 64 * 1024;

const PDF_MAGIC = Buffer.from('%PDF-');

/** The COA upload: exactly one multipart part, `file`, holding a PDF of at most 5 MB. */
export function readDocument(ctx: RequestContext): Omit<StoredDocument, 'uploadedAt'> {
  const boundary = multipartBoundary(header(ctx.headers, 'content-type'));
  if (!boundary)
    throw new SimError(415, 'validation', 'the document must be sent as multipart/form-data', [{ field: 'body', message: 'must be multipart/form-data' }]);
  let parts;
  try {
    parts = parseMultipart(ctx.body, boundary);
  } catch (e) {
    const reason = e instanceof MultipartError ? e.message : 'unreadable';
    throw new SimError(422, 'validation', `malformed multipart body: ${reason}`, [{ field: 'body', message: reason }]);
  }
  const details = parts.filter((p) => p.name !== 'file').map((p) => ({ field: p.name, message: 'is not a known field' }));
  const files = parts.filter((p) => p.name === 'file');
  if (files.length !== 1) details.push({ field: 'file', message: files.length ? 'must be sent once' : 'is required' });
  if (details.length) throw new SimError(422, 'validation', `invalid upload: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`, details);
  const file = files[0];
  if (file.data.length > DOCUMENT_MAX_BYTES) {
    throw new SimError(413, 'validation', `file is ${file.data.length} bytes; the limit is ${DOCUMENT_MAX_BYTES}`, [
      { field: 'file', message: 'must be at most 5 MB' },
    ]);
  }
  if (!file.data.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) {
    throw new SimError(415, 'validation', 'file is not a PDF', [{ field: 'file', message: 'must be a PDF (starting with %PDF-)' }]);
  }
  return { filename: file.filename ?? 'document.pdf', contentType: 'application/pdf', size: file.data.length, bytes: Buffer.from(file.data) };
}
