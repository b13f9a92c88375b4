import { bioRadCfxCqParser as parser, cqCutoffProblem, isInternalControlTarget } from './biorad-cfx-cq.parser';
import { loadFixture, otherFixtures, rowFinder } from './parser-spec-kit';
import { ParseError } from './parser.types';

const OWN_FIXTURES = ['biorad-cfx-cq-results.csv', 'biorad-cfx-cq-cannabis.csv', 'qpcr-cfx-process-br002605-cq-results.csv'];

const GAPDH = 'Cg_GAPDH_205_F-355_R (SR IDs: 1172/3)';

describe('bioRadCfxCqParser', () => {
  describe('real CFX Maestro export (excerpt)', () => {
    const result = parser.parse(loadFixture('biorad-cfx-cq-results.csv'));

    it('combines triplicate wells into one row per sample and target, reporting the lowest Cq and naming the wells', () => {
      expect(result.rows).toEqual([
        { line: 2, sampleRef: '270', analyte: GAPDH, value: '24.8014662728823', raw: '24.8014662728823', unit: 'Cq', kind: 'sample', well: 'A01, A02, A03' },
        { line: 5, sampleRef: '271', analyte: GAPDH, value: '24.2727422806217', raw: '24.2727422806217', unit: 'Cq', kind: 'sample', well: 'A04, A05, A06' },
        {
          line: 8,
          sampleRef: '316',
          analyte: GAPDH,
          value: '23.9492575650857',
          raw: '23.9492575650857',
          unit: 'Cq',
          kind: 'sample',
          flags: ['replicate_disagreement', 'cq_at_or_above_cutoff'],
          well: 'F04, F05, F06',
        },
      ]);
    });

    it('accounts for the other wells as skipped, naming the line they were combined into', () => {
      expect(result.skipped).toEqual([
        { line: 3, reason: 'replicate well A02, combined into line 2' },
        { line: 4, reason: 'replicate well A03, combined into line 2' },
        { line: 6, reason: 'replicate well A05, combined into line 5' },
        { line: 7, reason: 'replicate well A06, combined into line 5' },
        { line: 9, reason: 'replicate well F05, combined into line 8' },
        { line: 10, reason: 'replicate well F06, combined into line 8' },
      ]);
      expect(result.meta).toEqual({ cqCutoff: '35', cqCutoffSource: 'default' });
    });

    it('with a cut-off above the late well, the triplicate agrees', () => {
      const relaxed = parser.parse(loadFixture('biorad-cfx-cq-results.csv'), { cqCutoff: 40 });
      expect(relaxed.rows[2].flags).toBeUndefined();
    });
  });

  describe('cannabis microbial run (BOM, CRLF, controls)', () => {
    const result = parser.parse(loadFixture('biorad-cfx-cq-cannabis.csv'));
    const row = rowFinder(result.rows);

    it('reads NaN (no amplification) as ND, never zero', () => {
      expect(row('LT-2611-000123', 'Salmonella')).toEqual({
        line: 2,
        sampleRef: 'LT-2611-000123',
        analyte: 'Salmonella',
        qualifier: 'ND',
        raw: 'NaN',
        kind: 'sample',
        well: 'A01',
      });
    });

    it('reads a Cq below the default cut-off of 35 as detected, with the Cq as the value', () => {
      expect(row('LT-2611-000124', 'Salmonella')).toEqual({
        line: 4,
        sampleRef: 'LT-2611-000124',
        analyte: 'Salmonella',
        value: '31.5230118843071',
        raw: '31.5230118843071',
        unit: 'Cq',
        kind: 'sample',
        well: 'A02',
      });
    });

    it("reads a well's internal amplification control as a spike row of that well, whatever the well's role, never combining replicates", () => {
      expect(row('LT-2611-000123', 'IAC')).toEqual({
        line: 3,
        sampleRef: 'LT-2611-000123',
        analyte: 'IAC',
        value: '27.1184520945273',
        raw: '27.1184520945273',
        unit: 'Cq',
        kind: 'spike',
        well: 'A01',
      });
      const text = [
        ',Well,Fluor,Target,Content,Sample,Cq',
        ',B01,FAM,STEC,Unkn-04,LT-2611-000126,NaN',
        ',B01,HEX,IAC,Unkn-04,LT-2611-000126,28.1',
        ',B02,FAM,STEC,Unkn-04,LT-2611-000126,NaN',
        ',B02,HEX,IAC,Unkn-04,LT-2611-000126,NaN',
        ',H01,HEX,Internal  Control,NTC,,27.9',
      ].join('\n');
      const rows = parser.parse(text).rows;
      expect(rows.map((r) => [r.line, r.sampleRef, r.analyte, r.kind, r.well, r.value ?? r.qualifier])).toEqual([
        [2, 'LT-2611-000126', 'STEC', 'sample', 'B01, B02', 'ND'],
        [3, 'LT-2611-000126', 'IAC', 'spike', 'B01', '28.1'],
        [5, 'LT-2611-000126', 'IAC', 'spike', 'B02', 'ND'],
        // An NTC's amplified IAC is no contamination: it is not read as the negative control of a target "Internal Control".
        [6, 'NTC', 'Internal  Control', 'spike', 'H01', '27.9'],
      ]);
      expect(['IAC', 'ipc', 'Internal Amplification Control', 'internal positive control'].every(isInternalControlTarget)).toBe(true);
      expect(['Salmonella', 'IC', 'IACS'].some(isInternalControlTarget)).toBe(false);
    });

    it('reads a Cq at or above the cut-off as ND, keeping the Cq in raw and a flag', () => {
      expect(row('LT-2611-000125', 'Salmonella')).toEqual({
        line: 6,
        sampleRef: 'LT-2611-000125',
        analyte: 'Salmonella',
        qualifier: 'ND',
        raw: '36.8041276510388',
        kind: 'sample',
        flags: ['cq_at_or_above_cutoff'],
        well: 'A03',
      });
    });

    it("honours the method's cut-off from options", () => {
      const late = parser.parse(loadFixture('biorad-cfx-cq-cannabis.csv'), { cqCutoff: 38 });
      expect(late.rows.find((r) => r.sampleRef === 'LT-2611-000125' && r.analyte === 'Salmonella')).toMatchObject({
        value: '36.8041276510388',
        unit: 'Cq',
      });
      expect(() => parser.parse(loadFixture('biorad-cfx-cq-cannabis.csv'), { cqCutoff: -1 })).toThrow(ParseError);
    });

    it('records the cut-off used and where it came from in meta and says so in a warning: the default, the form, a method', () => {
      expect(result.meta).toEqual({ cqCutoff: '35', cqCutoffSource: 'default' });
      expect(result.warnings[0]).toBe('Cq cut-off 35 applied (the default)');
      const late = parser.parse(loadFixture('biorad-cfx-cq-cannabis.csv'), { cqCutoff: 37.5 });
      expect(late.meta).toEqual({ cqCutoff: '37.5', cqCutoffSource: 'form' });
      expect(late.warnings[0]).toBe('Cq cut-off 37.5 applied, given by the upload instead of the default 35: wells at Cq 37.5 or later are not detected');
      const asDefault = parser.parse(loadFixture('biorad-cfx-cq-cannabis.csv'), { cqCutoff: 35 });
      expect(asDefault.warnings[0]).toBe('Cq cut-off 35 applied (the default)');
      expect(asDefault.meta).toEqual({ cqCutoff: '35', cqCutoffSource: 'form' });
      const byMethod = parser.parse(loadFixture('biorad-cfx-cq-cannabis.csv'), { cqCutoff: 40, cqCutoffMethod: 'LT-M-MICRO-01' });
      expect(byMethod.meta).toEqual({ cqCutoff: '40', cqCutoffSource: 'method', cqCutoffMethod: 'LT-M-MICRO-01' });
      expect(byMethod.warnings[0]).toBe(
        "Cq cut-off 40 applied, method LT-M-MICRO-01's (validated, in the method registry): wells at Cq 40 or later are not detected",
      );
    });

    it('refuses a cut-off outside 35-40, which would call the detection at Cq 31.5 not detected', () => {
      expect(cqCutoffProblem(30)).toBe('the Cq cut-off must be from 35 to 40 (a validated qPCR cut-off; the default is 35), got 30');
      expect(cqCutoffProblem(40.5)).toMatch(/got 40.5$/);
      expect(cqCutoffProblem(Number.NaN)).toMatch(/got NaN$/);
      expect(cqCutoffProblem(35)).toBeUndefined();
      expect(cqCutoffProblem(40)).toBeUndefined();
      expect(() => parser.parse(loadFixture('biorad-cfx-cq-cannabis.csv'), { cqCutoff: 30 })).toThrow(/must be from 35 to 40/);
      expect(() => parser.parse(loadFixture('biorad-cfx-cq-cannabis.csv'), { cqCutoff: 1 })).toThrow(ParseError);
    });

    it('combines replicate wells and flags wells that disagree', () => {
      expect(row('LT-2611-000126', 'STEC')).toMatchObject({ line: 8, value: '22.4187735329181' });
      expect(row('LT-2611-000126', 'STEC')?.flags).toBeUndefined();
      expect(row('LT-2611-000123', 'Aspergillus')).toMatchObject({
        line: 10,
        value: '33.9240179988131',
        flags: ['replicate_disagreement'],
      });
      expect(result.skipped).toEqual([
        { line: 9, reason: 'replicate well B02, combined into line 8' },
        { line: 11, reason: 'replicate well C02, combined into line 10' },
      ]);
    });

    it('maps NTC and negative controls to blanks and positive controls to check standards', () => {
      expect(row('NTC', 'Salmonella')).toMatchObject({ kind: 'blank', qualifier: 'ND', line: 12 });
      expect(row('NC-0314', 'Salmonella')).toMatchObject({ kind: 'blank', qualifier: 'ND' });
      expect(row('PC-SAL-0314', 'Salmonella')).toMatchObject({ kind: 'check_standard', value: '24.7058633221918', well: 'H02' });
      expect(result.rows).toHaveLength(11);
    });
  });

  describe('decimal-comma locale', () => {
    it('reads ";" separated cells with decimal commas', () => {
      const text = ';Well;Fluor;Target;Content;Sample;Cq\n;A01;FAM;Salmonella;Unkn-01;LT-2611-000123;31,52\n';
      expect(parser.parse(text).rows[0]).toMatchObject({ value: '31.52', raw: '31,52', unit: 'Cq' });
    });
  });

  describe('malformed files', () => {
    const text = loadFixture('biorad-cfx-cq-cannabis.csv');

    it('rejects a row cut off mid-way with its line number', () => {
      const cut = text.slice(0, text.indexOf(',NaN', text.indexOf('C01')));
      expect(() => parser.parse(cut)).toThrow(/^line 10: expected 16 cells, found 7/);
    });

    it('rejects a header without the Cq column', () => {
      expect(() => parser.parse(',Well,Fluor,Target,Content,Sample\n,A01,FAM,X,Unkn-01,S\n')).toThrow(/^line 1: header lacks/);
    });
  });

  describe('detect', () => {
    it('recognises both CFX fixtures', () => {
      expect(parser.detect(loadFixture('biorad-cfx-cq-results.csv'))).toBe(true);
      expect(parser.detect(loadFixture('biorad-cfx-cq-cannabis.csv'))).toBe(true);
    });

    it.each(otherFixtures(OWN_FIXTURES))('does not claim %s', (name) => {
      expect(parser.detect(loadFixture(name))).toBe(false);
    });
  });
});
