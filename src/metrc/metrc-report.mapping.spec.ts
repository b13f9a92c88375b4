import type { ReportedAnalyte, ReportedGroup, ResultReport } from '../traceability/traceability.adapter';
import { planReport, UnreportableError } from './metrc-report.mapping';
import { loadTestTypeMaps, mapInForce } from './test-types/test-type-map';

const MAP = mapInForce(loadTestTypeMaps(), 'ny-metrc-assumed-2025-12');
const LABEL = '1A4060300002199000003445';

const analyte = (name: string, over: Partial<ReportedAnalyte> = {}): ReportedAnalyte => ({ analyte: name, value: '0.1', unit: '%', status: 'pass', ...over });
const group = (name: string, analytes: ReportedAnalyte[], status: ReportedGroup['status'] = 'pass'): ReportedGroup => ({ group: name, status, analytes });
const report = (groups: ReportedGroup[], overall: ResultReport['overall'] = 'pass'): ResultReport => ({
  externalId: 'LT-2612-000001-v1',
  sampleId: LABEL,
  testedAt: '2026-12-01T15:00:00.000Z',
  overall,
  groups,
});

function problemsOf(r: ResultReport): string[] {
  try {
    planReport(r, MAP);
  } catch (e) {
    if (e instanceof UnreportableError) return e.problems;
    throw e;
  }
  return [];
}

describe('planReport', () => {
  it('maps analytes by their printed names to Metrc types, values converted exactly to the type unit', () => {
    const plan = planReport(
      report([
        group('cannabinoids', [analyte('Total THC', { value: '22.10' }), analyte('Δ9-THC', { value: '0.85', loq: '0.05' })]),
        group('metals', [analyte('Lead', { value: '0.12', unit: 'ppm', limit: '0.5' }), analyte('Cadmium', { value: '50', unit: 'ppb' })]),
      ]),
      MAP,
    );
    expect(plan).toEqual({
      label: LABEL,
      release: true,
      results: expect.arrayContaining([
        { type: 'Total THC (%)', quantity: '22.1', passed: true, notes: '', analytes: ['total-thc'] },
        { type: 'THC (%)', quantity: '0.85', passed: true, notes: 'LOQ 0.05 %', analytes: ['d9-thc'] },
        { type: 'Lead (µg/g)', quantity: '0.12', passed: true, notes: 'limit 0.5 ppm', analytes: ['lead'] },
        { type: 'Cadmium (µg/g)', quantity: '0.05', passed: true, notes: '', analytes: ['cadmium'] },
      ]),
    });
    expect(plan.results).toHaveLength(4);
  });

  it('reports ND and <LOQ as 0 with the qualifier in the notes, and prefers the analyte id when given', () => {
    const plan = planReport(
      report([group('metals', [{ analyte: 'Pb (as printed)', analyteId: 'lead', qualifier: 'ND', unit: 'µg/g', loq: '0.05', status: 'pass' }])]),
      MAP,
    );
    expect(plan.results).toEqual([{ type: 'Lead (µg/g)', quantity: '0', passed: true, notes: 'ND; LOQ 0.05 µg/g', analytes: ['lead'] }]);
  });

  it('makes one presence result of the four aspergillus species, detected when any one is', () => {
    const plan = planReport(
      report(
        [
          group(
            'microbials',
            [
              analyte('A. fumigatus', { qualifier: 'ND', value: undefined, unit: 'CFU/g' }),
              analyte('A. flavus', { value: '1', unit: 'CFU/g', status: 'fail' }),
              analyte('A. niger', { qualifier: 'ND', value: undefined, unit: 'CFU/g' }),
              analyte('A. terreus', { qualifier: 'ND', value: undefined, unit: 'CFU/g' }),
            ],
            'fail',
          ),
        ],
        'fail',
      ),
      MAP,
    );
    expect(plan.results).toEqual([
      {
        type: 'Aspergillus (presence in 1 g)',
        quantity: '1',
        passed: false,
        notes: 'detected: A. flavus',
        analytes: ['aspergillus-fumigatus', 'aspergillus-flavus', 'aspergillus-niger', 'aspergillus-terreus'],
      },
    ]);
  });

  it('reports a pesticide group as one pass/fail type counting the failures, and sums terpenes', () => {
    const plan = planReport(
      report(
        [
          group(
            'pesticides',
            [analyte('Abamectin', { value: '0.6', unit: 'µg/g', status: 'fail' }), analyte('Bifenazate', { qualifier: 'ND', value: undefined, unit: 'µg/g' })],
            'fail',
          ),
          group(
            'terpenes',
            [analyte('Limonene', { value: '0.41', status: 'report_only' }), analyte('Linalool', { value: '0.092', status: 'report_only' })],
            'report_only',
          ),
        ],
        'fail',
      ),
      MAP,
    );
    expect(plan.results).toEqual([
      {
        type: 'Pesticides (pass/fail)',
        quantity: '1',
        passed: false,
        notes: '2 analyte(s) tested; failed: Abamectin 0.6 µg/g',
        analytes: ['abamectin', 'bifenazate'],
      },
      { type: 'Total Terpenes (%)', quantity: '0.502', passed: true, notes: 'sum of 2 analyte(s)', analytes: ['limonene', 'linalool'] },
    ]);
  });

  it('stops a report naming an analyte with no Metrc type and no stated reason (never a silent drop)', () => {
    const map = { ...MAP, types: MAP.types.filter((t) => t.type !== 'Lead (µg/g)') };
    expect(() => planReport(report([group('metals', [analyte('Lead', { unit: 'µg/g' })])]), map)).toThrow(
      /cannot report LT-2612-000001-v1 to Metrc with test-type map ny-metrc-assumed-2025-12: no Metrc lab test type is mapped for Lead \(lead, metals\)/,
    );
  });

  it('stops a report whose failing analyte is one Metrc would not receive', () => {
    expect(problemsOf(report([group('cannabinoids', [analyte('CBN', { status: 'fail' })], 'fail')], 'fail'))).toEqual([
      'CBN (cbn) failed but is not reported to Metrc (No Metrc test type for minor cannabinoids is known for NY; they are printed on the attached COA.)',
    ]);
  });

  it('stops a failed report whose every Metrc result would read passed (the package would show TestPassed)', () => {
    expect(problemsOf(report([group('metals', [analyte('Lead', { unit: 'µg/g' })], 'fail')], 'fail'))).toEqual([
      'the report failed but every result Metrc would receive passes: the failing analyte has no Metrc lab test type',
    ]);
  });

  it('stops on units that do not convert and on names LabTrace does not know', () => {
    expect(problemsOf(report([group('metals', [analyte('Lead', { unit: 'CFU/g' })]), group('metals', [analyte('Kryptonite')])]))).toEqual([
      'Kryptonite (metals) is not an analyte LabTrace knows',
      'Lead is in CFU/g, which does not convert to µg/g for Metrc type "Lead (µg/g)"',
    ]);
  });

  it('records an incomplete certificate without releasing it, leaving out what was not tested', () => {
    const plan = planReport(
      report(
        [
          group(
            'metals',
            [analyte('Lead', { unit: 'µg/g' }), { analyte: 'Mercury', unit: 'µg/g', status: 'not_tested' as ReportedAnalyte['status'] }],
            'incomplete',
          ),
        ],
        'incomplete',
      ),
      MAP,
    );
    expect(plan.release).toBe(false);
    expect(plan.results.map((r) => r.type)).toEqual(['Lead (µg/g)']);
  });
});
