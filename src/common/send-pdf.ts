import type { Response } from 'express';

/** A stored COA: immutable bytes, so its hash is a perfect strong ETag. */
export function sendPdf(res: Response, pdf: Buffer, filename: string, sha256: string): void {
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `inline; filename="${filename}"`);
  res.setHeader('ETag', `"${sha256}"`);
  res.setHeader('X-Content-SHA256', sha256);
  res.setHeader('Cache-Control', 'private, max-age=0, must-revalidate');
  res.end(pdf);
}
