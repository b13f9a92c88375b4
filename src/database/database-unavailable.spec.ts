import { AxiosError } from 'axios';
import { Client, DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

function sqlError(code: string, message: string): DatabaseError {
  const e = new DatabaseError(message, message.length, 'error');
  e.code = code;
  return e;
}

describe('isDatabaseUnavailable', () => {
  it('knows a refused connection from pg itself (nothing listens on the port)', async () => {
    const client = new Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 1000 });
    const refused = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(refused)).toBe(true);
  });

  it('knows a server shutting down, crashed or starting up, wrapped by TypeORM or not', () => {
    for (const [code, message] of [
      ['57P01', 'terminating connection due to administrator command'],
      ['57P02', 'terminating connection because of crash of another server process'],
      ['57P03', 'the database system is starting up'],
      ['08006', 'connection failure'],
      ['53300', 'sorry, too many clients already'],
    ]) {
      const driver = sqlError(code, message);
      expect({ code, raw: isDatabaseUnavailable(driver), wrapped: isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], driver)) }).toEqual({
        code,
        raw: true,
        wrapped: true,
      });
    }
  });

  it('knows the code-less errors of a dead pooled connection and of a pool that cannot connect in time', () => {
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect',
      'Client has encountered a connection error and is not queryable',
    ]) {
      expect({ message, unavailable: isDatabaseUnavailable(new Error(message)) }).toEqual({ message, unavailable: true });
    }
  });

  it('knows an AggregateError whose every attempt was refused (a host name with several addresses)', () => {
    const attempt = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(new AggregateError([attempt('127.0.0.1:5432'), attempt('::1:5432')]))).toBe(true);
  });

  it('leaves real bugs and data errors alone: they stay 500s or their own answers', () => {
    expect(isDatabaseUnavailable(sqlError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT x', [], sqlError('42703', 'column "x" does not exist')))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });

  it('does not take another service refusing an HTTP call for the database', () => {
    expect(isDatabaseUnavailable(new AxiosError('connect ECONNREFUSED 127.0.0.1:8080', 'ECONNREFUSED'))).toBe(false);
  });
});
