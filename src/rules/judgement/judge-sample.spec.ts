import { WA_PESTICIDES } from '../analytes/pesticides';
import { builtInLimitSet } from '../limit-sets/built-in-limit-set';
import { LIMIT_SET_SCHEMA } from '../limit-sets/limit-set.schema';
import { judgeGroup, judgeSample, requiredAnalytesOf } from './judge-sample';
import { JudgementError } from './judgement.errors';
import type { AnalyteResultInput } from './judgement.types';

const FLOWER = LIMIT_SET_SCHEMA.toStoredRows(builtInLimitSet()).filter((r) => r.productType === 'flower');
const PESTICIDES = WA_PESTICIDES.map((p) => p.id);
const MYCOTOXINS = ['aflatoxin-b1', 'aflatoxin-b2', 'aflatoxin-g1', 'aflatoxin-g2', 'ochratoxin-a'];
const nd = (analyte: string, unit = 'µg/g'): AnalyteResultInput => ({ analyte, qualifier: 'ND', unit });
const THREE = [nd('abamectin'), nd('bifenazate'), { analyte: 'myclobutanil', value: '0.05', unit: 'µg/g' }];

describe('judgeGroup: complete panels', () => {
  it('judges three of 59 pesticides incomplete, naming the 56 missing, never pass', () => {
    const g = judgeGroup('pesticides', THREE, FLOWER, { requiredAnalytes: PESTICIDES });
    expect(g.status).toBe('incomplete');
    expect(g.missingAnalytes).toHaveLength(56);
    expect(g.missingAnalytes).toEqual(PESTICIDES.filter((id) => !['abamectin', 'bifenazate', 'myclobutanil'].includes(id)).sort());
    expect(g.missingAnalytes.slice(0, 3)).toEqual(['acephate', 'acequinocyl', 'acetamiprid']);
    expect(g.reason).toMatch(/^Missing 56: Acephate, Acequinocyl, Acetamiprid, /);
    expect(g.notTested).toEqual([]);
  });

  it('still requires every pesticide with a limit when the panel set names none (sets before v2)', () => {
    const g = judgeGroup('pesticides', THREE, FLOWER);
    expect(g).toMatchObject({ status: 'incomplete' });
    expect(g.missingAnalytes).toHaveLength(56);
  });

  it('a failure wins over missing analytes, which are still listed', () => {
    const g = judgeGroup('pesticides', [...THREE.slice(0, 2), { analyte: 'myclobutanil', value: '0.9', unit: 'µg/g' }], FLOWER, {
      requiredAnalytes: PESTICIDES,
    });
    expect(g.status).toBe('fail');
    expect(g.missingAnalytes).toHaveLength(56);
    expect(g.reason).toMatch(/^Failed: Myclobutanil\. Missing 56: Acephate/);
  });

  it('accounts for the rest with not-tested marks, and is still incomplete with the reasons', () => {
    const rest = PESTICIDES.filter((id) => !['abamectin', 'bifenazate', 'myclobutanil'].includes(id));
    const g = judgeGroup('pesticides', THREE, FLOWER, {
      requiredAnalytes: PESTICIDES,
      notTested: rest.map((analyte) => ({ analyte, reason: 'LC-MS/MS down; subcontracted' })),
    });
    expect(g.status).toBe('incomplete');
    expect(g.missingAnalytes).toEqual([]);
    expect(g.notTested).toHaveLength(56);
    expect(g.notTested[0]).toEqual({ analyte: 'acephate', reason: 'LC-MS/MS down; subcontracted' });
    expect(g.reason).toMatch(/^Not tested: Acephate \(LC-MS\/MS down; subcontracted\), Acequinocyl/);
  });

  it('passes a complete panel; a mark on an analyte that has a result is ignored', () => {
    const g = judgeGroup(
      'pesticides',
      PESTICIDES.map((id) => nd(id)),
      FLOWER,
      {
        requiredAnalytes: PESTICIDES,
        notTested: [{ analyte: 'abamectin', reason: 'marked before the result came back' }],
      },
    );
    expect(g).toMatchObject({ status: 'pass', missingAnalytes: [], notTested: [] });
  });

  it('requires the four aflatoxins and ochratoxin A; their total is computed, not asked for', () => {
    const four = ['aflatoxin-b1', 'aflatoxin-b2', 'aflatoxin-g1', 'aflatoxin-g2'].map((id) => nd(id, 'µg/kg'));
    const noOta = judgeGroup('mycotoxins', four, FLOWER, { requiredAnalytes: MYCOTOXINS });
    expect(noOta).toMatchObject({ status: 'incomplete', missingAnalytes: ['ochratoxin-a'] });
    const b1NotTested = judgeGroup('mycotoxins', [...four.slice(1), nd('ochratoxin-a', 'µg/kg')], FLOWER, {
      requiredAnalytes: MYCOTOXINS,
      notTested: [{ analyte: 'aflatoxin-b1', reason: 'standard expired' }],
    });
    expect(b1NotTested).toMatchObject({ status: 'incomplete', missingAnalytes: [], notTested: [{ analyte: 'aflatoxin-b1', reason: 'standard expired' }] });
    expect(b1NotTested.analytes.map((a) => a.analyte)).not.toContain('total-aflatoxins');
    const reportedTotalOnly = judgeGroup('mycotoxins', [{ analyte: 'total-aflatoxins', value: '2', unit: 'µg/kg' }, nd('ochratoxin-a', 'µg/kg')], FLOWER, {
      requiredAnalytes: MYCOTOXINS,
    });
    expect(reportedTotalOnly).toMatchObject({ status: 'incomplete', missingAnalytes: ['aflatoxin-b1', 'aflatoxin-b2', 'aflatoxin-g1', 'aflatoxin-g2'] });
  });

  it('does not require report-only analytes (flower: total aerobic count, yeast and mold)', () => {
    expect(requiredAnalytesOf('microbials', null, FLOWER)).toEqual([
      'aspergillus-flavus',
      'aspergillus-fumigatus',
      'aspergillus-niger',
      'aspergillus-terreus',
      'salmonella',
      'stec',
    ]);
  });

  it('refuses a mark of an unknown analyte, of another group, or without a reason', () => {
    expect(() => judgeGroup('pesticides', THREE, FLOWER, { notTested: [{ analyte: 'unobtainium', reason: 'x' }] })).toThrow(JudgementError);
    expect(() => judgeGroup('pesticides', THREE, FLOWER, { notTested: [{ analyte: 'lead', reason: 'x' }] })).toThrow(/Lead belongs to metals, not pesticides/);
    expect(() => judgeGroup('pesticides', THREE, FLOWER, { notTested: [{ analyte: 'acephate', reason: '  ' }] })).toThrow(/without a reason/);
  });
});

describe('judgeSample: accounted for', () => {
  const complete = {
    pesticides: PESTICIDES.map((id) => nd(id)),
    mycotoxins: MYCOTOXINS.map((id) => nd(id, 'µg/kg')),
  };
  const required = { pesticides: PESTICIDES, mycotoxins: MYCOTOXINS };

  it('passes when every required analyte of every required group is reported', () => {
    const verdict = judgeSample(['pesticides', 'mycotoxins'], complete, FLOWER, { requiredAnalytes: required });
    expect(verdict).toMatchObject({ status: 'pass', accountedFor: true, missingGroups: [], missingAnalytes: {} });
  });

  it('is incomplete and not accounted for with 3 pesticides; an untouched required group lists all it needs', () => {
    const verdict = judgeSample(['metals', 'mycotoxins', 'pesticides'], { pesticides: THREE, mycotoxins: complete.mycotoxins }, FLOWER, {
      requiredAnalytes: { ...required, metals: ['lead', 'arsenic'] },
    });
    expect(verdict).toMatchObject({ status: 'incomplete', accountedFor: false, missingGroups: ['metals'] });
    expect(verdict.missingAnalytes.pesticides).toHaveLength(56);
    expect(verdict.missingAnalytes.metals).toEqual(['antimony', 'arsenic', 'cadmium', 'chromium', 'copper', 'lead', 'mercury', 'nickel']);
    expect(verdict.groups.map((g) => [g.group, g.status])).toEqual([
      ['metals', 'incomplete'],
      ['mycotoxins', 'pass'],
      ['pesticides', 'incomplete'],
    ]);
    expect(verdict.reason).toMatch(/^No results for: metals\. pesticides missing 56: Acephate/);
  });

  it('with only not-tested gaps it is accounted for (may be submitted) and judged incomplete, a partial certificate', () => {
    const rest = PESTICIDES.filter((id) => !['abamectin', 'bifenazate', 'myclobutanil'].includes(id));
    const verdict = judgeSample(['mycotoxins', 'pesticides'], { pesticides: THREE, mycotoxins: complete.mycotoxins }, FLOWER, {
      requiredAnalytes: required,
      notTested: rest.map((analyte) => ({ group: 'pesticides', analyte, reason: 'instrument down' })),
    });
    expect(verdict).toMatchObject({ status: 'incomplete', accountedFor: true, missingGroups: [], missingAnalytes: {} });
    expect(verdict.reason).toMatch(/^Partial: not tested in pesticides \(Acephate, /);
  });

  it('a group marked not tested throughout has no results but is accounted for', () => {
    const verdict = judgeSample(['mycotoxins'], {}, FLOWER, {
      requiredAnalytes: required,
      notTested: MYCOTOXINS.map((analyte) => ({ group: 'mycotoxins', analyte, reason: 'subcontracted; results pending' })),
    });
    expect(verdict).toMatchObject({ status: 'incomplete', accountedFor: true, missingGroups: [] });
    expect(verdict.groups[0]).toMatchObject({ group: 'mycotoxins', status: 'incomplete', analytes: [] });
  });

  it('fail wins over incomplete, and the gaps still block submission', () => {
    const verdict = judgeSample(
      ['mycotoxins', 'pesticides'],
      { pesticides: [nd('abamectin'), { analyte: 'myclobutanil', value: '3', unit: 'µg/g' }] },
      FLOWER,
      {
        requiredAnalytes: required,
      },
    );
    expect(verdict).toMatchObject({ status: 'fail', accountedFor: false, failedGroups: ['pesticides'], missingGroups: ['mycotoxins'] });
    expect(verdict.reason).toMatch(/^Failed: pesticides\. Still missing: No results for: mycotoxins\. pesticides missing 57: /);
  });

  it('a non-required group that was reported must be complete too', () => {
    const verdict = judgeSample(['mycotoxins'], { mycotoxins: complete.mycotoxins, pesticides: THREE }, FLOWER, { requiredAnalytes: required });
    expect(verdict).toMatchObject({ status: 'incomplete', accountedFor: false });
    expect(Object.keys(verdict.missingAnalytes)).toEqual(['pesticides']);
  });
});
