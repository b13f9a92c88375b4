import { Worker } from 'node:worker_threads';
import { CoaParseError } from './coa-layout.types';
import { assertReadableText } from './coa-text';

/** The text of a PDF, pages joined by pdf-parse's page markers. */
export interface PdfText {
  text: string;
  pages: number;
}

/** Behind an interface so tests and the import service can feed text without a real PDF. */
export interface PdfTextExtractor {
  extract(bytes: Buffer): Promise<PdfText>;
}

export interface PdfTextLimits {
  maxBytes: number;
  maxPages: number;
  /** Wall-clock limit for one PDF; a hostile or broken file must not hold the process. */
  timeoutMs: number;
  /** Heap cap of the thread that parses. */
  maxHeapMb: number;
}

/** A COA is a few pages; anything far larger is not one. */
export const DEFAULT_PDF_TEXT_LIMITS: PdfTextLimits = { maxBytes: 20 * 1024 * 1024, maxPages: 40, timeoutMs: 30_000, maxHeapMb: 256 };

const PDF_MAGIC = '%PDF-';
/** The PDF spec lets the header sit anywhere in the first 1024 bytes. */
const MAGIC_SEARCH_WINDOW = 1024;

export function assertPdfBytes(bytes: Buffer, limits: Pick<PdfTextLimits, 'maxBytes'> = DEFAULT_PDF_TEXT_LIMITS): void {
  if (bytes.length === 0) throw new CoaParseError('The file is empty.');
  if (bytes.length > limits.maxBytes) {
    throw new CoaParseError(`The file is ${bytes.length} bytes; a COA PDF may be at most ${limits.maxBytes} bytes.`);
  }
  const head = bytes.subarray(0, MAGIC_SEARCH_WINDOW).toString('latin1');
  if (!head.includes(PDF_MAGIC)) throw new CoaParseError('The file is not a PDF (no %PDF- header).');
}

/** What the parsing thread posts back. */
export type WorkerReply = { ok: true; text: string; pages: number } | { ok: false; name: string; message: string; pages?: number };

/**
 * Runs pdf-parse's `new PDFParse({ data })`, `getInfo()`, `getText()`, `destroy()` in a worker thread.
 * The thread gives a timeout and heap cap over untrusted files, and it is plain Node, where pdf.js can
 * load its own worker module (a dynamic import that jest's module system cannot run in-process).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PDFParse } = require(workerData.pdfParsePath);
(async () => {
  const parser = new PDFParse({ data: workerData.bytes, verbosity: 0 });
  try {
    const info = await parser.getInfo();
    if (info.total > workerData.maxPages) {
      parentPort.postMessage({ ok: false, name: 'PageLimit', message: '', pages: info.total });
      return;
    }
    const result = await parser.getText();
    parentPort.postMessage({ ok: true, text: result.text, pages: result.total });
  } catch (error) {
    parentPort.postMessage({ ok: false, name: String(error && error.name), message: String(error && error.message) });
  } finally {
    await parser.destroy().catch(() => undefined);
  }
})();
`;

export class PdfParseTextExtractor implements PdfTextExtractor {
  private readonly limits: PdfTextLimits;

  constructor(limits: Partial<PdfTextLimits> = {}) {
    this.limits = { ...DEFAULT_PDF_TEXT_LIMITS, ...limits };
  }

  async extract(bytes: Buffer): Promise<PdfText> {
    assertPdfBytes(bytes, this.limits);
    const reply = await this.runWorker(bytes);
    if (!reply.ok) throw toCoaParseError(reply, this.limits);
    assertReadableText(reply.text);
    return { text: reply.text, pages: reply.pages };
  }

  private runWorker(bytes: Buffer): Promise<WorkerReply> {
    const workerData = { bytes: new Uint8Array(bytes), maxPages: this.limits.maxPages, pdfParsePath: pdfParseEntry() };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData, resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb } });
    return new Promise<WorkerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new CoaParseError(`Reading the PDF took longer than ${this.limits.timeoutMs} ms; it may be damaged.`));
      }, this.limits.timeoutMs);
      const settle = (action: () => void) => {
        clearTimeout(timer);
        action();
        void worker.terminate();
      };
      worker.once('message', (reply: WorkerReply) => settle(() => resolve(reply)));
      worker.once('error', (error: Error) =>
        settle(() => reject(new CoaParseError(`The PDF could not be read (${error.message}); it may be too large or damaged.`))),
      );
      worker.once('exit', (code) => settle(() => reject(new CoaParseError(`The PDF reader stopped unexpectedly (exit code ${code}).`))));
    });
  }
}

/** Resolved here, where the project's module resolution applies; the eval'd thread has no project root. */
function pdfParseEntry(): string {
  return require.resolve('pdf-parse');
}

export function toCoaParseError(reply: Extract<WorkerReply, { ok: false }>, limits: PdfTextLimits): CoaParseError {
  switch (reply.name) {
    case 'PageLimit':
      return new CoaParseError(`The PDF has ${reply.pages} pages; a COA may have at most ${limits.maxPages}.`);
    case 'PasswordException':
      return new CoaParseError('The PDF is password-protected; upload an unprotected copy.');
    case 'InvalidPDFException':
    case 'FormatError':
      return new CoaParseError(`The PDF is damaged or truncated and cannot be read (${reply.message}).`);
    default:
      return new CoaParseError(`The PDF could not be read (${reply.message}).`);
  }
}
