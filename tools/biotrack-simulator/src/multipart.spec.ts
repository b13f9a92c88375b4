import { MultipartError, multipartBoundary, parseMultipart } from './multipart';

async function encode(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const req = new Request('http://local/upload', { method: 'POST', body: form });
  return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type')! };
}

describe('multipart', () => {
  it('reads the boundary from a plain or quoted parameter and ignores other types', () => {
    expect(multipartBoundary('multipart/form-data; boundary=----abc123')).toBe('----abc123');
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b:c"')).toBe('a b:c');
    expect(multipartBoundary('application/json')).toBeNull();
    expect(multipartBoundary('multipart/form-data')).toBeNull();
    expect(multipartBoundary(undefined)).toBeNull();
  });

  it('splits a platform FormData body into its parts, byte for byte', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 13, 10, 45, 45, 255]), Buffer.from('\r\n--not-the-boundary\r\n')]);
    const form = new FormData();
    form.append('note', 'COA v2');
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'LT-2025-000123 COA.pdf');
    const { body, contentType } = await encode(form);
    const parts = parseMultipart(body, multipartBoundary(contentType)!);
    expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['note', null, null],
      ['file', 'LT-2025-000123 COA.pdf', 'application/pdf'],
    ]);
    expect(parts[0].data.toString()).toBe('COA v2');
    expect(parts[1].data.equals(pdf)).toBe(true);
  });

  it('parses a hand-written body with a preamble and an empty part', () => {
    const body = Buffer.from(
      'ignored preamble\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1\r\n--XyZ\r\nContent-Disposition: form-data; name="empty"\r\n\r\n\r\n--XyZ--\r\n',
    );
    const parts = parseMultipart(body, 'XyZ');
    expect(parts.map((p) => [p.name, p.data.toString()])).toEqual([
      ['file', '%PDF-1'],
      ['empty', ''],
    ]);
  });

  it.each([
    ['no delimiter at all', 'just text', /no boundary/],
    ['no closing delimiter', '--B\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc', /without a closing/],
    ['headers that never end', '--B\r\nContent-Disposition: form-data; name="file"', /never end/],
    ['a part without a name', '--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--', /without a name/],
    ['a part that is not form-data', '--B\r\nContent-Disposition: attachment; name="file"\r\n\r\nx\r\n--B--', /form-data/],
  ])('refuses %s', (_, text, message) => {
    expect(() => parseMultipart(Buffer.from(text), 'B')).toThrow(MultipartError);
    expect(() => parseMultipart(Buffer.from(text), 'B')).toThrow(message);
  });
});
