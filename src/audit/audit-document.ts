/**
 * An audit document already turned into the JSON text that is stored: a batch renders its documents
 * while PostgreSQL writes its result rows, so that the transaction does not wait for the rendering
 * afterwards. AuditRepository sends its text as it is, for one event or many.
 */
export class RenderedDocument {
  private constructor(readonly text: string) {}

  static of(document: unknown): RenderedDocument {
    return new RenderedDocument(JSON.stringify(document));
  }
}

/** A document as the JSON text PostgreSQL reads (null stays SQL NULL; a rendered one as it was rendered). */
export function documentText(document: unknown): string | null {
  if (document === null || document === undefined) return null;
  return document instanceof RenderedDocument ? document.text : JSON.stringify(document);
}
