import { AxiosError, AxiosHeaders } from 'axios';
import { JsonDecimal, stringifyWithDecimals } from './metrc-json';
import { toMetrcError } from './transport-errors';

function answered(status: number, data: unknown, headers: Record<string, string> = {}): AxiosError {
  const config = { headers: new AxiosHeaders() };
  return new AxiosError('failed', 'ERR_BAD_REQUEST', config, null, { status, statusText: '', data, headers, config });
}

describe('toMetrcError', () => {
  it('reads row errors ([{row, message}]) with their rows, several for one row', () => {
    const e = toMetrcError(
      answered(400, [
        { row: 0, message: "Lab Test Type 'Lead (ug/g)' does not exist." },
        { row: 0, message: 'Quantity must be a number.' },
      ]),
      'POST',
    );
    expect(e.code).toBe('validation');
    expect(e.details).toEqual([
      { row: 0, message: "Lab Test Type 'Lead (ug/g)' does not exist." },
      { row: 0, message: 'Quantity must be a number.' },
    ]);
    expect(e.message).toBe("row 0: Lab Test Type 'Lead (ug/g)' does not exist.; row 0: Quantity must be a number.");
    expect(e.retryable).toBe(false);
    expect(e.outcomeUnknown).toBe(false);
  });

  it('reads {Message} and a plain-text 401 (as text or as an unparsed string body)', () => {
    expect(toMetrcError(answered(400, { Message: 'No data was submitted.' })).message).toBe('No data was submitted.');
    const plain = toMetrcError(answered(401, 'Authorization has been denied for this request.'));
    expect([plain.code, plain.message]).toEqual(['unauthorized', 'Authorization has been denied for this request.']);
  });

  it('makes 429 retryable with Retry-After when sent, and without when not', () => {
    const withHeader = toMetrcError(answered(429, { Message: 'The limit of API calls allowed has been exceeded.' }, { 'retry-after': '2' }));
    expect([withHeader.code, withHeader.retryable, withHeader.retryAfterMs]).toEqual(['rate_limited', true, 2000]);
    expect(toMetrcError(answered(429, {})).retryAfterMs).toBeNull();
  });

  it('leaves a 5xx on a write with an unknown outcome, and on a read without one', () => {
    expect(toMetrcError(answered(500, { Message: 'An error has occurred.' }), 'POST').outcomeUnknown).toBe(true);
    expect(toMetrcError(answered(503, {}), 'GET').outcomeUnknown).toBe(false);
  });

  it('tells a timeout (outcome unknown) from a refused connection (certainly not sent)', () => {
    const timeout = toMetrcError(new AxiosError('timeout of 1000ms exceeded', 'ECONNABORTED'), 'POST');
    expect([timeout.code, timeout.outcomeUnknown, timeout.retryable]).toEqual(['timeout', true, true]);
    const refused = toMetrcError(new AxiosError('connect ECONNREFUSED', 'ECONNREFUSED'), 'POST');
    expect([refused.code, refused.outcomeUnknown]).toEqual(['connection', false]);
  });
});

describe('stringifyWithDecimals', () => {
  it('writes decimal strings as exact JSON numbers', () => {
    const body = stringifyWithDecimals([{ Quantity: new JsonDecimal('0.1000000000000000055'), Notes: 'ND' }, { Quantity: new JsonDecimal('-3') }]);
    expect(body).toBe('[{"Quantity":0.1000000000000000055,"Notes":"ND"},{"Quantity":-3}]');
  });

  it('refuses what is not a decimal', () => {
    expect(() => new JsonDecimal('1e5')).toThrow(/not a decimal/);
  });
});
