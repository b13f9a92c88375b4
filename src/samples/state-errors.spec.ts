import { TraceabilityError, TraceabilityErrorKind } from '../traceability/traceability.errors';
import { SampleError, SampleErrorCode } from './samples.errors';
import { isAlreadyDone, stateFailure } from './state-errors';

const stateError = (kind: TraceabilityErrorKind, message: string, system = 'BioTrack') =>
  new TraceabilityError(kind, message, { system, stateCode: 'whatever-the-state-calls-it' });

describe('state failures as the technician sees them', () => {
  it('transient: 503, the system unavailable, try again', () => {
    const e = stateFailure('accept sample 1234567890123456', stateError('transient', 'simulated 503'));
    expect(e).toBeInstanceOf(SampleError);
    expect(e).toMatchObject({ code: SampleErrorCode.STATE_SYSTEM_UNAVAILABLE, status: 503 });
    expect(e.message).toBe('BioTrack could not accept sample 1234567890123456 right now: simulated 503. Nothing was changed; try again.');
  });

  it.each<TraceabilityErrorKind>(['refused', 'duplicate', 'not_found', 'conflict'])('%s: 502, refused with the state message', (kind) => {
    const e = stateFailure('reject sample 1234567890123456', stateError(kind, 'sample 1234567890123456 is already accepted'));
    expect(e).toMatchObject({ code: SampleErrorCode.STATE_SYSTEM_REFUSED, status: 502 });
    expect(e.message).toBe('BioTrack refused to reject sample 1234567890123456: sample 1234567890123456 is already accepted. Nothing was changed.');
  });

  it('names the state system the adapter names', () => {
    expect(stateFailure('list inbound samples', stateError('transient', 'down for maintenance', 'Metrc')).message).toBe(
      'Metrc could not list inbound samples right now: down for maintenance. Nothing was changed; try again.',
    );
  });

  it('returns a fault that is not the state answer unchanged, whatever fields it carries', () => {
    const bug = Object.assign(new Error('already accepted'), { retryable: true, stateCode: 'conflict' });
    expect(stateFailure('accept sample 1234567890123456', bug)).toBe(bug);
  });

  it('already done means the kind duplicate, and nothing else', () => {
    expect(isAlreadyDone(stateError('duplicate', 'sample is already accepted'))).toBe(true);
    for (const kind of ['transient', 'refused', 'not_found', 'conflict'] as const)
      expect(isAlreadyDone(stateError(kind, 'sample is already accepted'))).toBe(false);
    expect(isAlreadyDone({ stateCode: 'conflict', code: 'CONFLICT', message: 'sample is already accepted' })).toBe(false);
  });
});
