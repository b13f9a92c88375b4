import { CoaAnalyteRow, ParsedCoa } from './coa-layout.types';
import { reconcileCoa } from './coa-reconcile';

function coa(analytes: CoaAnalyteRow[], reportedGroups: ParsedCoa['reportedGroups'], reportedOverall?: 'pass' | 'fail'): ParsedCoa {
  return { layout: 'sc-labs', sampleIds: ['S-1'], inventoryIds: [], reportedGroups, analytes, warnings: [], reportedOverall };
}

const lead = (value: string, status: 'pass' | 'fail'): CoaAnalyteRow => ({
  group: 'metals',
  analyte: 'Lead',
  value,
  unit: 'µg/g',
  limit: '0.5',
  reportedStatus: status,
});
const arsenicNd: CoaAnalyteRow = { group: 'metals', analyte: 'Arsenic', qualifier: 'ND', unit: 'µg/g', limit: '0.2', reportedStatus: 'pass' };

describe('reconcileCoa', () => {
  it('finds nothing when rows, groups and overall agree', () => {
    expect(reconcileCoa(coa([lead('0.12', 'pass'), arsenicNd], { metals: 'pass' }, 'pass'))).toEqual([]);
    expect(reconcileCoa(coa([lead('0.72', 'fail'), arsenicNd], { metals: 'fail' }, 'fail'))).toEqual([]);
  });

  it('flags a failed row inside a group the COA passes, and the overall pass', () => {
    expect(reconcileCoa(coa([lead('0.72', 'fail')], { metals: 'pass' }, 'pass'))).toEqual([
      { code: 'row_fail_in_passing_group', group: 'metals', analyte: 'Lead', message: 'Lead is marked fail but the COA passes metals.' },
      { code: 'overall_pass_with_failure', message: 'The COA passes overall but fails row(s) Lead.' },
    ]);
  });

  it('flags a failed group whose rows all pass, and an overall pass despite it', () => {
    expect(reconcileCoa(coa([lead('0.12', 'pass'), arsenicNd], { metals: 'fail' }, 'pass'))).toEqual([
      { code: 'group_fail_without_failing_row', group: 'metals', message: 'The COA fails metals but every metals row it lists passes.' },
      { code: 'overall_pass_with_failure', message: 'The COA passes overall but fails group(s) metals.' },
    ]);
  });

  it('flags an overall fail that nothing in the COA supports', () => {
    expect(reconcileCoa(coa([lead('0.12', 'pass')], { metals: 'pass' }, 'fail'))).toEqual([
      { code: 'overall_fail_without_failure', message: 'The COA fails overall but no group or row it lists fails.' },
    ]);
  });

  it('compares values and limits exactly as decimals: equal to the limit passes, over it does not', () => {
    expect(reconcileCoa(coa([lead('0.500', 'pass')], {}))).toEqual([]);
    expect(reconcileCoa(coa([lead('0.5000001', 'pass')], {})).map((i) => i.code)).toEqual(['row_pass_over_limit']);
    expect(reconcileCoa(coa([lead('0.4999', 'fail')], {})).map((i) => i.code)).toEqual(['row_fail_within_limit']);
  });

  it('flags a not-detected row marked fail, but not a <LOQ one (the limit may sit below the LOQ)', () => {
    const ndFail: CoaAnalyteRow = { ...arsenicNd, reportedStatus: 'fail' };
    const belowLoqFail: CoaAnalyteRow = { ...arsenicNd, qualifier: '<LOQ', reportedStatus: 'fail' };
    expect(reconcileCoa(coa([ndFail], {})).map((i) => i.code)).toEqual(['row_fail_within_limit']);
    expect(reconcileCoa(coa([belowLoqFail], {}))).toEqual([]);
  });

  it('does not judge rows without a verdict or groups that are only "tested"', () => {
    const thca: CoaAnalyteRow = { group: 'cannabinoids', analyte: 'THCA', value: '21.4', unit: '%' };
    expect(reconcileCoa(coa([thca], { cannabinoids: 'tested' }, 'pass'))).toEqual([]);
  });
});
