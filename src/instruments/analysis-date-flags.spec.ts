import { analysisDateFlags, analysisDateWarnings, fileDateFindings, uploadDateFindings } from './analysis-date-flags';

const CLOCK = { timeZone: 'America/New_York', now: new Date('2026-12-05T13:30:00Z') };
const LATE = { id: 's-late', labCode: 'LT-2612-0007', receivedAt: new Date('2026-12-05T10:02:00Z') };
const EARLY = { id: 's-early', labCode: 'LT-2603-0001', receivedAt: new Date('2026-03-01T15:00:00Z') };

describe('fileDateFindings', () => {
  it('finds each group of a sample received after the file’s date (read on the lab’s clock), once per group', () => {
    const samples = [
      { sample: LATE, groups: [{ group: 'pesticides' }, { group: 'pesticides' }, { group: 'mycotoxins' }] },
      { sample: EARLY, groups: [{ group: 'pesticides' }] },
    ];
    // 03:54 in New York on 14 March is 07:54 UTC (daylight saving began on 8 March 2026).
    const findings = fileDateFindings(samples, '2026-03-14T03:54:00', CLOCK, 'the file');
    expect(findings).toEqual([
      {
        sampleId: 's-late',
        labCode: 'LT-2612-0007',
        group: 'pesticides',
        message: 'pesticides analysed 2026-03-14 07:54 UTC per the file, before the sample was received 2026-12-05 10:02 UTC',
      },
      {
        sampleId: 's-late',
        labCode: 'LT-2612-0007',
        group: 'mycotoxins',
        message: 'mycotoxins analysed 2026-03-14 07:54 UTC per the file, before the sample was received 2026-12-05 10:02 UTC',
      },
    ]);
    expect(analysisDateFlags(findings, 'run-1').map((f) => [f.sampleId, f.importId, f.analyteGroup, f.analyte, f.kind])).toEqual([
      ['s-late', 'run-1', 'pesticides', null, 'analysis_date'],
      ['s-late', 'run-1', 'mycotoxins', null, 'analysis_date'],
    ]);
  });

  it('reads a COA’s day alone as the whole day: the day of receipt is no finding, a later day is', () => {
    const samples = [{ sample: LATE, groups: [{ group: 'cannabinoids' }] }];
    expect(fileDateFindings(samples, '2026-12-05', CLOCK, 'the COA')).toEqual([]);
    const future = fileDateFindings(samples, '2026-12-09', CLOCK, 'the COA');
    expect(future.map((f) => f.message)).toEqual(['cannabinoids analysed 2026-12-09 per the COA, after now (2026-12-05 13:30 UTC)']);
    expect(analysisDateWarnings(future)).toEqual([
      'LT-2612-0007: cannabinoids analysed 2026-12-09 per the COA, after now (2026-12-05 13:30 UTC); a QC flag holds the sample back from release until it is resolved.',
    ]);
  });

  it('finds nothing for an undated or unreadable file', () => {
    const samples = [{ sample: LATE, groups: [{ group: 'metals' }] }];
    expect(fileDateFindings(samples, undefined, CLOCK, 'the file')).toEqual([]);
    expect(fileDateFindings(samples, 'last Tuesday', CLOCK, 'the file')).toEqual([]);
  });
});

describe('uploadDateFindings', () => {
  it('finds each group of each sample of a file dated at the upload, once per group, raised as analysis_date flags', () => {
    const findings = uploadDateFindings([{ sample: LATE, groups: [{ group: 'metals' }, { group: 'metals' }, { group: 'microbials' }] }], '2026-12-05');
    expect(findings).toEqual([
      { sampleId: 's-late', labCode: 'LT-2612-0007', group: 'metals', message: 'metals: the file states no analysis date; dated at the upload 2026-12-05' },
      {
        sampleId: 's-late',
        labCode: 'LT-2612-0007',
        group: 'microbials',
        message: 'microbials: the file states no analysis date; dated at the upload 2026-12-05',
      },
    ]);
    expect(analysisDateFlags(findings, 'run-1').map((f) => [f.kind, f.analyteGroup, f.importId])).toEqual([
      ['analysis_date', 'metals', 'run-1'],
      ['analysis_date', 'microbials', 'run-1'],
    ]);
  });
});
