import { ArgumentsHost, Logger, NotFoundException } from '@nestjs/common';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter, ErrorBody } from './all-exceptions.filter';
import { RECORD_FROZEN_MESSAGE } from './database-refusal';

function answer(exception: unknown): { status: number; body: ErrorBody } {
  const sent: { status: number; body: ErrorBody } = { status: 0, body: {} as ErrorBody };
  const res = {
    headersSent: false,
    setHeader: () => undefined,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: ErrorBody) {
      sent.body = body;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ url: '/v1/samples/x/release', id: 'req-7' }) }),
  } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return sent;
}

function failed(code: string, message: string, where?: string): QueryFailedError {
  return new QueryFailedError('UPDATE …', [], Object.assign(new DatabaseError(message, message.length, 'error'), { code, where }));
}

describe('AllExceptionsFilter and the database', () => {
  let errors: jest.SpyInstance<void, [message: unknown, ...rest: unknown[]]>;
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers a guard trigger’s refusal with 409 RECORD_FROZEN, a fixed message and the request id; the guard and its words go to the log only', () => {
    const frozen = 'sample LT-2612-000042 is released at version 1: its verdict, version and release time change only as … (UPDATE refused)';
    const { status, body } = answer(failed('LTF01', frozen, 'PL/pgSQL function refuse_released_sample_change() line 22 at RAISE'));
    expect(status).toBe(409);
    expect(body).toEqual({
      statusCode: 409,
      error: 'RECORD_FROZEN',
      message: RECORD_FROZEN_MESSAGE,
      requestId: 'req-7',
    });
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0][0]).toMatchObject({
      msg: 'database guard refused a change',
      requestId: 'req-7',
      path: '/v1/samples/x/release',
      guard: 'refuse_released_sample_change',
      err: { message: frozen },
    });
  });

  it('keeps a privilege error (42501) a 500 with no detail for the client, logged as unhandled', () => {
    const { status, body } = answer(failed('42501', 'permission denied for table samples'));
    expect(status).toBe(500);
    expect(body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Unexpected error; quote the request id to support', requestId: 'req-7' });
    expect(errors.mock.calls[0][0]).toMatchObject({ msg: 'unhandled error', err: { message: 'permission denied for table samples' } });
  });

  it('answers a deadlock with 409 CONCURRENT_CHANGE; leaves Nest’s own exceptions as they were', () => {
    expect(answer(failed('40P01', 'deadlock detected'))).toMatchObject({ status: 409, body: { error: 'CONCURRENT_CHANGE' } });
    expect(answer(new NotFoundException('No such sample'))).toEqual({ status: 404, body: { statusCode: 404, error: 'Not Found', message: 'No such sample' } });
  });
});
