import { ImportTarget, planImport } from './import-plan';
import { bioRadCfxCqParser } from './parsers/biorad-cfx-cq.parser';
import { loadFixture } from './parsers/parser-spec-kit';
import { failedControlFlags, qpcrControlVerdict } from './qpcr-controls';

const CODES = ['LT-2611-000123', 'LT-2611-000124', 'LT-2611-000125', 'LT-2611-000126'];
const targets = new Map<string, ImportTarget>(
  CODES.map((code) => [code, { id: `id-${code}`, labCode: code, sampleInventoryId: '1234567890123456', acceptsResults: true, status: 'in_testing' }]),
);
const FIXTURE = loadFixture('biorad-cfx-cq-cannabis.csv');

/** The cannabis run with one control line's Cq replaced. */
function withControlCq(content: 'NTC' | 'Pos Ctrl', cq: string): string {
  const lines = FIXTURE.split('\n');
  const at = lines.findIndex((l) => l.split(',')[4] === content);
  const cells = lines[at].split(',');
  cells[7] = cq;
  lines[at] = cells.join(',');
  return lines.join('\n');
}

const planOf = (text: string, cqCutoff?: number) => planImport(bioRadCfxCqParser.parse(text, { cqCutoff }), (ref) => targets.get(ref));

describe('qPCR run controls', () => {
  it('passes a positive control that amplified before the cut-off and negative controls that did not', () => {
    const plan = planOf(FIXTURE);
    expect(plan.qc.filter((q) => q.kind !== 'calibration')).toEqual([
      {
        line: 12,
        kind: 'blank',
        sampleRef: 'NTC',
        analyte: 'Salmonella',
        verdict: 'pass',
        detail: 'negative control (well H01) did not amplify before the cut-off 35',
      },
      {
        line: 13,
        kind: 'check_standard',
        sampleRef: 'PC-SAL-0314',
        analyte: 'Salmonella',
        verdict: 'pass',
        detail: 'positive control (well H02) amplified at Cq 24.7058633221918, before the cut-off 35',
      },
      {
        line: 14,
        kind: 'blank',
        sampleRef: 'NC-0314',
        analyte: 'Salmonella',
        verdict: 'pass',
        detail: 'negative control (well H03) did not amplify before the cut-off 35',
      },
    ]);
    expect(plan.failedControls).toEqual([]);
  });

  it('fails a positive control that did not amplify, holding back every sample with results of its target only', () => {
    const plan = planOf(withControlCq('Pos Ctrl', 'NaN'));
    expect(plan.qc.find((q) => q.line === 13)).toMatchObject({ verdict: 'fail', detail: 'positive control (well H02) did not amplify (Cq "NaN"; cut-off 35)' });
    expect(plan.failedControls).toEqual([
      {
        line: 13,
        role: 'positive',
        control: 'PC-SAL-0314',
        well: 'H02',
        target: 'Salmonella',
        analyte: 'salmonella',
        group: 'microbials',
        cq: null,
        cutoff: '35',
        detail: 'positive control (well H02) did not amplify (Cq "NaN"; cut-off 35)',
        // LT-2611-000126 has STEC results only: the Salmonella control says nothing about them.
        samples: [
          { sampleId: 'id-LT-2611-000123', ref: 'LT-2611-000123' },
          { sampleId: 'id-LT-2611-000124', ref: 'LT-2611-000124' },
          { sampleId: 'id-LT-2611-000125', ref: 'LT-2611-000125' },
        ],
      },
    ]);
    expect(plan.warnings).toContain(
      'line 13: the Salmonella positive control PC-SAL-0314 failed: positive control (well H02) did not amplify (Cq "NaN"; cut-off 35); ' +
        'the Salmonella results of LT-2611-000123, LT-2611-000124, LT-2611-000125 cannot be trusted: each sample gets a qpcr_control_failed QC flag a second person must resolve before release',
    );
    expect(failedControlFlags(plan.failedControls, 'run-0314.csv')[0]).toEqual({
      sampleId: 'id-LT-2611-000123',
      analyteGroup: 'microbials',
      analyte: 'salmonella',
      kind: 'qpcr_control_failed',
      message:
        'positive control PC-SAL-0314 for Salmonella at line 13 failed: positive control (well H02) did not amplify (Cq "NaN"; cut-off 35); the Salmonella results from run-0314.csv need review',
    });
  });

  it('judges a late positive control by the cut-off in force: at or after it fails, before it passes', () => {
    const late = withControlCq('Pos Ctrl', '36.2');
    expect(planOf(late).failedControls[0]).toMatchObject({
      cq: '36.2',
      detail: 'positive control (well H02) amplified only at Cq 36.2, at or after the cut-off 35',
    });
    expect(planOf(late, 40).qc.find((q) => q.line === 13)).toMatchObject({ verdict: 'pass' });
  });

  it('fails a no-template control that amplified before the cut-off, and passes one that amplified only after it', () => {
    const contaminated = planOf(withControlCq('NTC', '33.1'));
    expect(contaminated.failedControls).toMatchObject([
      {
        line: 12,
        role: 'negative',
        control: 'NTC',
        well: 'H01',
        cq: '33.1',
        detail: 'negative control (well H01) amplified at Cq 33.1, before the cut-off 35',
      },
    ]);
    expect(contaminated.failedControls[0].samples).toHaveLength(3);
    expect(planOf(withControlCq('NTC', '38.9')).qc.find((q) => q.line === 12)).toMatchObject({
      verdict: 'pass',
      detail: 'negative control (well H01) amplified only at Cq 38.9, at or after the cut-off 35',
    });
  });

  it('fails a positive control whose replicate well did not amplify, and leaves controls of files without a cut-off to the generic judgement', () => {
    const replicate = FIXTURE.replace(/\r?\n$/, '') + '\n,H04,FAM,Salmonella,Pos Ctrl,PC-SAL-0314,,NaN,0,0,NaN,NaN,NaN,NaN,60,\n';
    expect(planOf(replicate).qc.find((q) => q.line === 13)).toMatchObject({
      verdict: 'fail',
      detail: 'a replicate well of the positive control (wells H02, H04) did not amplify before the cut-off 35 (earliest Cq 24.7058633221918)',
    });
    const control = { line: 3, sampleRef: 'PC', analyte: 'Salmonella', raw: 'NaN', qualifier: 'ND' as const, kind: 'check_standard' as const };
    expect(qpcrControlVerdict(control, {})).toBeUndefined();
  });
});
