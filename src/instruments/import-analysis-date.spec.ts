import { labDay } from '../common/lab-instant';
import { analysedAtBeforeReceipt, analysedAtFieldProblem, analysisDateAuditText, analysisDateWarning, importAnalysisDate } from './import-analysis-date';

const clock = { timeZone: 'America/New_York', now: new Date('2026-12-06T02:30:00Z') };
const run = (id: string, createdAt: string, meta: Record<string, unknown> = {}) => ({ id, createdAt: new Date(createdAt), meta });

describe('importAnalysisDate', () => {
  it("takes the file's own date, and refuses another analysedAt for a dated file on the field", () => {
    expect(importAnalysisDate('2026-12-01T09:30:00', undefined, [], clock)).toEqual({ from: 'file', at: '2026-12-01T14:30:00.000Z' });
    // The same day or the same instant is no conflict.
    expect(importAnalysisDate('2026-12-01T09:30:00', '2026-12-01', [], clock)).toMatchObject({ from: 'file' });
    expect(importAnalysisDate('2026-12-01T09:30:00', '2026-12-01T09:30', [], clock)).toMatchObject({ from: 'file' });
    expect(importAnalysisDate('2026-12-01T09:30:00', '2026-11-30', [], clock)).toEqual({
      problem: {
        field: 'analysedAt',
        message: expect.stringMatching(/^the file states its own analysis date \(2026-12-01T09:30:00\); analysedAt 2026-11-30 differs/),
      },
    });
  });

  it("dates an undated file by the upload's analysedAt (a day: its start on the lab clock), else an earlier import's date, else the upload", () => {
    expect(importAnalysisDate(undefined, '2026-12-01', [], clock)).toEqual({ from: 'form', at: '2026-12-01T05:00:00.000Z' });
    const first = run('run-1', '2026-12-02T15:00:00Z', { analysisDate: { from: 'upload', at: '2026-12-02T14:59:59.000Z' } });
    const legacy = run('run-0', '2026-11-20T15:00:00Z');
    expect(importAnalysisDate(undefined, undefined, [first], clock)).toEqual({ from: 'earlier_import', at: '2026-12-02T14:59:59.000Z', importId: 'run-1' });
    expect(importAnalysisDate(undefined, undefined, [legacy, first], clock)).toEqual({
      from: 'earlier_import',
      at: '2026-11-20T15:00:00.000Z',
      importId: 'run-0',
    });
    // A date a person gave an earlier import of the bytes wins over the first import's upload instant.
    const given = run('run-2', '2026-12-04T15:00:00Z', { analysisDate: { from: 'form', at: '2026-12-01T05:00:00.000Z' } });
    expect(importAnalysisDate(undefined, undefined, [first, given], clock)).toMatchObject({
      from: 'earlier_import',
      importId: 'run-2',
      at: '2026-12-01T05:00:00.000Z',
    });
    expect(importAnalysisDate(undefined, undefined, [], clock)).toEqual({ from: 'upload', at: '2026-12-06T02:30:00.000Z' });
  });
});

describe('the upload analysedAt checks', () => {
  it('refuses an unreadable or future date, and one before a sample was received (beyond 15 minutes)', () => {
    expect(analysedAtFieldProblem('2026-02-30', clock)).toMatchObject({ field: 'analysedAt' });
    expect(analysedAtFieldProblem('2026-12-07', clock)?.message).toMatch(/^analysedAt 2026-12-07 is in the future/);
    // The lab's today (5 December in New York, 21:30) is not the future.
    expect(analysedAtFieldProblem('2026-12-05', clock)).toBeNull();
    const sample = { labCode: 'LT-2612-000001', sampleInventoryId: '1', receivedAt: new Date('2026-12-03T15:00:00Z') };
    expect(analysedAtBeforeReceipt('2026-12-02', [sample], clock)?.message).toMatch(/^LT-2612-000001: analysedAt 2026-12-02 is before the sample was received/);
    expect(analysedAtBeforeReceipt('2026-12-03', [sample], clock)).toBeNull();
    expect(analysedAtBeforeReceipt('2026-12-03T09:50', [sample], clock)).toBeNull();
    expect(analysedAtBeforeReceipt('2026-12-03T09:40', [sample], clock)).not.toBeNull();
  });

  it('warns of a date the file did not state, by the lab day', () => {
    expect(labDay('2026-12-06T02:30:00.000Z', clock.timeZone)).toBe('2026-12-05');
    expect(analysisDateWarning({ from: 'upload', at: '2026-12-06T02:30:00.000Z' }, clock.timeZone)).toBe(
      'the file states no analysis date; rows are dated at the upload, 2026-12-05; send analysedAt with the day the run was analysed',
    );
    expect(analysisDateWarning({ from: 'file', at: '2026-12-06T02:30:00.000Z' }, clock.timeZone)).toBeNull();
    expect(analysisDateWarning({ from: 'earlier_import', at: '2026-12-02T15:00:00.000Z', importId: 'run-1' }, clock.timeZone)).toBe(
      'the file states no analysis date; rows keep the date of its earlier import run-1, 2026-12-02',
    );
  });
});

describe('analysisDateAuditText', () => {
  it('names the day (lab clock) and where it came from, whatever the source', () => {
    const at = '2026-12-02T03:00:00.000Z'; // 22:00 on 1 December in New York
    expect(analysisDateAuditText({ from: 'file', at }, clock.timeZone)).toBe('analysed 2026-12-01, as the file states');
    expect(analysisDateAuditText({ from: 'form', at }, clock.timeZone)).toBe('analysed 2026-12-01, given by the upload');
    expect(analysisDateAuditText({ from: 'earlier_import', at, importId: 'run-1' }, clock.timeZone)).toBe(
      'analysed 2026-12-01, the date of its earlier import run-1',
    );
    expect(analysisDateAuditText({ from: 'upload', at }, clock.timeZone)).toBe('dated at the upload 2026-12-01: the file states no analysis date');
  });
});
