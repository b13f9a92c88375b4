import { documentText, RenderedDocument } from './audit-document';

describe('documentText', () => {
  const document = { group: 'pesticides', analytes: [{ analyte: 'bifenazate', value: '0.012', note: 'quote " and µ' }] };

  it('gives a rendered document the very text it was rendered to', () => {
    const rendered = RenderedDocument.of(document);
    expect(documentText(rendered)).toBe(JSON.stringify(document));
    expect(JSON.parse(documentText(rendered)!)).toEqual(document);
  });

  it('renders a plain document as it is given, and keeps null and undefined as SQL NULL', () => {
    expect(documentText(document)).toBe(JSON.stringify(document));
    expect(documentText(null)).toBeNull();
    expect(documentText(undefined)).toBeNull();
  });

  it('takes a rendered document as text once: changing the source afterwards changes nothing', () => {
    const source = { status: 'received' };
    const rendered = RenderedDocument.of(source);
    source.status = 'in_testing';
    expect(documentText(rendered)).toBe('{"status":"received"}');
  });
});
