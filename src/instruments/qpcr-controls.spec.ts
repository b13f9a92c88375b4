import { ImportTarget, planImport } from './import-plan';
import { bioRadCfxCqParser } from './parsers/biorad-cfx-cq.parser';
import { loadFixture } from './parsers/parser-spec-kit';
import { failedControlFlags, failedQpcrControls, qpcrControlVerdict } from './qpcr-controls';

const CODES = ['LT-2611-000123', 'LT-2611-000124', 'LT-2611-000125', 'LT-2611-000126'];
const targets = new Map<string, ImportTarget>(
  CODES.map((code) => [code, { id: `id-${code}`, labCode: code, sampleInventoryId: '1234567890123456', acceptsResults: true, status: 'in_testing' }]),
);
const FIXTURE = loadFixture('biorad-cfx-cq-cannabis.csv');

/** The cannabis run without the lines whose Content is one of `contents`. */
function without(...contents: string[]): string {
  return FIXTURE.split('\n')
    .filter((l) => !contents.includes(l.split(',')[4]))
    .join('\n');
}

/** The cannabis run with the IAC reading of one well replaced. */
function withIacCq(well: string, cq: string): string {
  return FIXTURE.split('\n')
    .map((l) => {
      const cells = l.split(',');
      if (cells[1] !== well || cells[3] !== 'IAC') return l;
      cells[7] = cq;
      return cells.join(',');
    })
    .join('\n');
}

/** The cannabis run with one control line's Cq replaced. */
function withControlCq(content: 'NTC' | 'Pos Ctrl', cq: string): string {
  const lines = FIXTURE.split('\n');
  const at = lines.findIndex((l) => l.split(',')[4] === content);
  const cells = lines[at].split(',');
  cells[7] = cq;
  lines[at] = cells.join(',');
  return lines.join('\n');
}

/** The fixture's STEC wells (LT-2611-000126) have no positive and no negative control in the run. */
const STEC_MISSING = {
  problem: 'missing',
  line: null,
  roles: ['positive', 'negative'],
  target: 'STEC',
  analyte: 'stec',
  group: 'microbials',
  samples: [{ sampleId: 'id-LT-2611-000126', ref: 'LT-2611-000126' }],
};

const planOf = (text: string, cqCutoff?: number) => planImport(bioRadCfxCqParser.parse(text, { cqCutoff }), (ref) => targets.get(ref));

describe('qPCR run controls', () => {
  it('passes a positive control that amplified before the cut-off and negative controls that did not', () => {
    const plan = planOf(FIXTURE);
    expect(plan.qc.filter((q) => q.kind !== 'calibration' && q.kind !== 'spike')).toEqual([
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
    // Salmonella has both controls; STEC (LT-2611-000126) has neither (Aspergillus is no analyte LabTrace stores: rejected).
    expect(plan.failedControls).toEqual([STEC_MISSING]);
  });

  it('fails a positive control that did not amplify, holding back every sample with results of its target only', () => {
    const plan = planOf(withControlCq('Pos Ctrl', 'NaN'));
    expect(plan.qc.find((q) => q.line === 13)).toMatchObject({ verdict: 'fail', detail: 'positive control (well H02) did not amplify (Cq "NaN"; cut-off 35)' });
    expect(plan.failedControls).toEqual([
      {
        problem: 'failed',
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
      STEC_MISSING,
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
        problem: 'failed',
        line: 12,
        role: 'negative',
        control: 'NTC',
        well: 'H01',
        cq: '33.1',
        detail: 'negative control (well H01) amplified at Cq 33.1, before the cut-off 35',
      },
      STEC_MISSING,
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

  describe('a target without a control in the run', () => {
    it('holds back every sample with results of a target whose positive control line is gone, with a warning and a flag naming it', () => {
      const plan = planOf(without('Pos Ctrl'));
      expect(plan.failedControls[0]).toEqual({
        problem: 'missing',
        line: null,
        roles: ['positive'],
        target: 'Salmonella',
        analyte: 'salmonella',
        group: 'microbials',
        samples: CODES.slice(0, 3).map((code) => ({ sampleId: `id-${code}`, ref: code })),
      });
      expect(plan.warnings).toContain(
        'no positive control for Salmonella in this run: nothing shows the run could detect it (its NDs are unproven); ' +
          'the Salmonella results of LT-2611-000123, LT-2611-000124, LT-2611-000125 cannot be trusted: each sample gets a qpcr_control_missing QC flag a second person must resolve before release',
      );
      expect(failedControlFlags(plan.failedControls, 'run-0314.csv')[0]).toEqual({
        sampleId: 'id-LT-2611-000123',
        analyteGroup: 'microbials',
        analyte: 'salmonella',
        kind: 'qpcr_control_missing',
        message:
          'no positive control for Salmonella in this run (run-0314.csv): nothing shows the run could detect it (its NDs are unproven); the Salmonella result needs review',
      });
    });

    it('counts any no-template or negative control line as the negative control, and names both roles when neither is there', () => {
      expect(planOf(without('Neg Ctrl')).failedControls).toEqual([STEC_MISSING]);
      const bare = planOf(without('Neg Ctrl', 'NTC', 'Pos Ctrl'));
      expect(bare.failedControls.map((c) => [c.problem, c.target, 'roles' in c && c.roles])).toEqual([
        ['missing', 'Salmonella', ['positive', 'negative']],
        ['missing', 'STEC', ['positive', 'negative']],
      ]);
      expect(failedControlFlags(bare.failedControls, 'run.csv').find((f) => f.sampleId === 'id-LT-2611-000126')?.message).toBe(
        'no positive control and no negative (no-template) control for STEC in this run (run.csv): nothing shows the run could detect it (its NDs are unproven), ' +
          'and nothing shows the wells were clean (its detections are suspect); the STEC result needs review',
      );
    });

    it('asks nothing of a target none of whose results is stored, nor of a file without a cut-off', () => {
      // LT-2611-000126 takes no more results: its STEC row is rejected, so STEC needs no control.
      const closed = (ref: string) => (ref === 'LT-2611-000126' ? { ...targets.get(ref)!, acceptsResults: false, status: 'reported' } : targets.get(ref));
      const one = planImport(bioRadCfxCqParser.parse(FIXTURE), closed);
      expect(one.failedControls).toEqual([]);
      const generic = {
        format: 'generic-long-csv' as const,
        meta: {},
        rows: [{ line: 2, sampleRef: 'LT-2611-000126', analyte: 'STEC', qualifier: 'ND' as const, raw: 'ND', kind: 'sample' as const }],
        skipped: [],
        warnings: [],
      };
      expect(failedQpcrControls(generic, [], planImport(generic, (ref) => targets.get(ref)).samples)).toEqual([]);
    });
  });

  describe('internal amplification control (IAC)', () => {
    it('is judged per well, kept out of the results and of the unknown analytes', () => {
      const plan = planOf(FIXTURE);
      expect(plan.qc.filter((q) => q.kind === 'spike').map((q) => [q.line, q.sampleRef, q.verdict, q.detail])).toEqual([
        [3, 'LT-2611-000123', 'pass', 'internal amplification control (well A01) amplified at Cq 27.1184520945273, before the cut-off 35'],
        [5, 'LT-2611-000124', 'pass', 'internal amplification control (well A02) amplified at Cq 26.9910243385871, before the cut-off 35'],
        [7, 'LT-2611-000125', 'pass', 'internal amplification control (well A03) amplified at Cq 27.3302197146602, before the cut-off 35'],
      ]);
      expect(plan.unknownAnalytes).toEqual(['Aspergillus']);
      expect(plan.rejected.map((r) => r.analyte)).toEqual(['Aspergillus']);
      expect(plan.samples.flatMap((p) => p.groups.flatMap((g) => g.analytes.map((a) => a.analyte))).sort()).toEqual([
        'salmonella',
        'salmonella',
        'salmonella',
        'stec',
      ]);
    });

    it("flags the sample whose well's IAC did not amplify when a target of that well was called not detected (inhibition)", () => {
      const plan = planOf(withIacCq('A01', 'NaN'), 40);
      expect(plan.qc.find((q) => q.line === 3)).toMatchObject({
        verdict: 'fail',
        detail: 'internal amplification control (well A01) did not amplify (Cq "NaN"; cut-off 40)',
      });
      const inhibited = plan.failedControls.find((c) => c.problem === 'inhibited');
      expect(inhibited).toEqual({
        problem: 'inhibited',
        line: 3,
        role: 'internal',
        control: 'LT-2611-000123',
        well: 'A01',
        target: 'IAC',
        cq: null,
        cutoff: '40',
        detail: 'internal amplification control (well A01) did not amplify (Cq "NaN"; cut-off 40)',
        notDetected: [{ target: 'Salmonella', analyte: 'salmonella', group: 'microbials' }],
        samples: [{ sampleId: 'id-LT-2611-000123', ref: 'LT-2611-000123' }],
      });
      expect(plan.warnings).toContain(
        'line 3: the internal amplification control (IAC) of LT-2611-000123 failed: internal amplification control (well A01) did not amplify (Cq "NaN"; cut-off 40); ' +
          'the not-detected Salmonella of LT-2611-000123 may be inhibition rather than absence: the sample gets a qpcr_inhibition QC flag a second person must resolve before release',
      );
      expect(failedControlFlags([inhibited!], 'run-0314.csv')).toEqual([
        {
          sampleId: 'id-LT-2611-000123',
          analyteGroup: 'microbials',
          analyte: 'salmonella',
          kind: 'qpcr_inhibition',
          message:
            'internal amplification control (well A01) did not amplify (Cq "NaN"; cut-off 40) at line 3 of run-0314.csv: the not-detected Salmonella of well A01 may be inhibition rather than absence; review (re-extract or dilute and re-run)',
        },
      ]);
    });

    it('fails an IAC that amplified at or after the cut-off; a detection in its well needs no IAC, so nothing is held back', () => {
      const late = planOf(withIacCq('A03', '37.2'));
      expect(late.qc.find((q) => q.line === 7)).toMatchObject({
        verdict: 'fail',
        detail: 'internal amplification control (well A03) amplified only at Cq 37.2, at or after the cut-off 35',
      });
      expect(late.failedControls.find((c) => c.problem === 'inhibited')?.samples).toEqual([{ sampleId: 'id-LT-2611-000125', ref: 'LT-2611-000125' }]);
      // LT-2611-000124's Salmonella amplified at Cq 31.5 in well A02: its IAC does not matter.
      const detected = planOf(withIacCq('A02', 'NaN'));
      expect(detected.failedControls.find((c) => c.problem === 'inhibited')).toMatchObject({ notDetected: [], samples: [] });
      expect(detected.warnings).toContain(
        'line 5: the internal amplification control (IAC) of LT-2611-000124 failed: internal amplification control (well A02) did not amplify (Cq "NaN"; cut-off 35); ' +
          'no result of that well was called not detected, so none is held back',
      );
      expect(failedControlFlags(detected.failedControls, 'run.csv').filter((f) => f.kind === 'qpcr_inhibition')).toEqual([]);
    });

    it('pairs the IAC of one replicate well with the ND read across the replicates', () => {
      const text = [
        ',Well,Fluor,Target,Content,Sample,Cq',
        ',B01,FAM,STEC,Unkn-04,LT-2611-000126,NaN',
        ',B01,HEX,IAC,Unkn-04,LT-2611-000126,28.1',
        ',B02,FAM,STEC,Unkn-04,LT-2611-000126,NaN',
        ',B02,HEX,IAC,Unkn-04,LT-2611-000126,NaN',
        ',H01,FAM,STEC,NTC,,NaN',
        ',H02,FAM,STEC,Pos Ctrl,PC-STEC-01,23.4',
      ].join('\n');
      expect(planOf(text).failedControls).toEqual([
        expect.objectContaining({
          problem: 'inhibited',
          line: 5,
          well: 'B02',
          notDetected: [{ target: 'STEC', analyte: 'stec', group: 'microbials' }],
          samples: [{ sampleId: 'id-LT-2611-000126', ref: 'LT-2611-000126' }],
        }),
      ]);
    });
  });
});
