import { describeBytes, parserErrorBody } from './request-body';

describe('request body errors', () => {
  it('states limits as people read them, with the exact figure', () => {
    expect(describeBytes(1024 * 1024)).toBe('1 MiB (1048576 bytes)');
    expect(describeBytes(16 * 1024)).toBe('16 KiB (16384 bytes)');
    expect(describeBytes(1000)).toBe('1000 bytes');
  });

  it("turns body-parser's errors into 400/413/415 that say what is wrong", () => {
    expect(parserErrorBody({ type: 'entity.too.large', status: 413, limit: 1048576 })).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'The request body is larger than the limit of 1 MiB (1048576 bytes).',
      details: { maxBytes: 1048576 },
    });
    const parse = (message: string, body: string) => parserErrorBody({ type: 'entity.parse.failed', status: 400, message, body }).message;
    expect(parse('Unexpected end of JSON input', '{"a":')).toBe('The request body is not valid JSON (it ends before the JSON is complete).');
    expect(parse("Expected ',' or '}' after property value in JSON at position 6", '{"a":1')).toBe(
      'The request body is not valid JSON (it ends before the JSON is complete).',
    );
    expect(parse("Expected ':' after property name in JSON at position 5", '{"a" 1}')).toBe(
      'The request body is not valid JSON (unexpected character at position 5).',
    );
    expect(parserErrorBody({ type: 'charset.unsupported', status: 415, message: 'unsupported charset "UTF-16"' })).toMatchObject({ statusCode: 415 });
    expect(parserErrorBody({ type: 'request.size.invalid', status: 400 })).toMatchObject({ statusCode: 400 });
    expect(parserErrorBody(undefined)).toMatchObject({ statusCode: 400, message: 'The request body could not be read.' });
  });
});
