import { claimsOtherLabReport, otherLabClaims, reportingLab } from './other-lab';

describe('other-lab provenance', () => {
  it('names the lab of a COA import’s row from its method line, and nobody for this lab’s rows', () => {
    expect(reportingLab({ sourceType: 'coa_import', method: 'as reported on the COA of SC Laboratories California LLC' })).toBe(
      'SC Laboratories California LLC',
    );
    expect(reportingLab({ sourceType: 'coa_import', method: 'as reported on an imported sc-labs COA' })).toBe('another laboratory');
    expect(reportingLab({ sourceType: 'coa_import', method: null })).toBe('another laboratory');
    // Typed text is no import: the source decides, never the words.
    expect(reportingLab({ sourceType: 'manual', method: 'as reported on the COA of Kaycha Labs' })).toBeNull();
    expect(reportingLab({ sourceType: 'amendment', method: 'HPLC-DAD' })).toBeNull();
  });

  it('finds a claim of another lab’s report in any case, spacing or compatibility form, and not in a method name', () => {
    for (const text of [
      'as reported on the COA of Kaycha Labs',
      'AS REPORTED ON THE COA OF Kaycha',
      '  As\u00a0reported\ton the\u200b COA of X',
      'as_reported_by Kaycha',
      'Pesticides, as reported in the certificate of Kaycha',
      'reported on the Kaycha COA',
      'ａｓ ｒｅｐｏｒｔｅｄ ｏｎ the COA of X',
    ]) {
      expect([text, claimsOtherLabReport(text)]).toEqual([text, true]);
    }
    for (const text of ['Heavy metals by ICP-MS (SOP-CHEM-103 rev 3)', 'HPLC-DAD in-house re-test', 'reported value checked', '', null, undefined]) {
      expect([text, claimsOtherLabReport(text)]).toEqual([text, false]);
    }
  });

  it('names each hand-entered row that claims another lab’s report by its method field', () => {
    const groups = [
      { analytes: [{ method: 'ICP-MS' }, { method: 'as reported on the COA of Kaycha Labs' }] },
      { analytes: [{}, { method: 'As Reported By Kaycha' }] },
    ];
    expect(otherLabClaims(groups).map((e) => e.field)).toEqual(['groups[0].analytes[1].method', 'groups[1].analytes[1].method']);
    expect(otherLabClaims(groups)[0].message).toBe(
      `method "as reported on the COA of Kaycha Labs" claims another laboratory's report; only a COA import (POST /v1/coa-imports) brings another lab's results, with its certificate kept: name this laboratory's method`,
    );
  });
});
