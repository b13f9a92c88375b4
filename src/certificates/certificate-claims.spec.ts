import type { AnalyteResultDto, SampleResultsDto } from '../results/dto/results-response.dto';
import { claimsRefusal, refuseUnsupportedClaims, unsupportedClaims } from './certificate-claims';
import { CertificatesError, CertificatesErrorCode } from './certificates.errors';

const ICP_MS = 'Heavy metals by ICP-MS (SOP-CHEM-103 rev 3)';

function row(analyte: string, name: string, facts: Partial<AnalyteResultDto>): AnalyteResultDto {
  return {
    analyte,
    name,
    value: null,
    qualifier: null,
    unit: 'µg/g',
    lod: null,
    loq: null,
    dilution: null,
    method: null,
    instrument: null,
    analyst: null,
    analysedAt: null,
    sourceType: 'manual',
    sourceId: null,
    computed: false,
    status: 'pass',
    limit: null,
    reason: null,
    ...facts,
  };
}

function view(groups: Record<string, AnalyteResultDto[]>): Pick<SampleResultsDto, 'groups'> {
  return {
    groups: Object.entries(groups).map(([group, analytes]) => ({ group, status: 'pass', reason: '', missingAnalytes: [], notTested: [], analytes })),
  };
}

describe('unsupportedClaims', () => {
  it('names an ND with neither method nor detection limit, and a value with no method', () => {
    const claims = unsupportedClaims(
      view({
        metals: [row('lead', 'Lead', { qualifier: 'ND' }), row('arsenic', 'Arsenic', { value: '0.08' })],
      }),
    );
    expect(claims).toEqual([
      { group: 'metals', analyte: 'lead', name: 'Lead', missing: ['method', 'lod_or_loq'] },
      { group: 'metals', analyte: 'arsenic', name: 'Arsenic', missing: ['method'] },
    ]);
  });

  it('accepts rows whose method filled the LOD or LOQ, an LOD alone, an LOQ alone, and a COA import’s ND as that lab reported it', () => {
    const claims = unsupportedClaims(
      view({
        metals: [
          row('lead', 'Lead', { qualifier: 'ND', method: ICP_MS, lod: '0.02', loq: '0.05' }),
          row('mercury', 'Mercury', { qualifier: 'ND', method: ICP_MS, lod: '0.01' }),
          row('cadmium', 'Cadmium', { qualifier: '<LOQ', method: ICP_MS, loq: '0.05' }),
        ],
        microbials: [
          row('salmonella', 'Salmonella', {
            qualifier: 'ND',
            unit: 'CFU/g',
            method: 'as reported on the COA of SC Laboratories California LLC',
            sourceType: 'coa_import',
          }),
        ],
      }),
    );
    expect(claims).toEqual([]);
  });

  it('asks an LOD or LOQ of <LOQ rows even with a method, not of >ULOQ or measured values', () => {
    const claims = unsupportedClaims(
      view({
        metals: [
          row('cadmium', 'Cadmium', { qualifier: '<LOQ', method: 'ICP-MS run 12' }),
          row('copper', 'Copper', { qualifier: '>ULOQ', method: 'ICP-MS run 12' }),
          row('nickel', 'Nickel', { value: '0.4', method: 'ICP-MS run 12' }),
        ],
      }),
    );
    expect(claims).toEqual([{ group: 'metals', analyte: 'cadmium', name: 'Cadmium', missing: ['lod_or_loq'] }]);
  });

  it('still asks a COA import’s row for its method', () => {
    const claims = unsupportedClaims(view({ microbials: [row('stec', 'STEC', { qualifier: 'ND', unit: 'CFU/g', sourceType: 'coa_import' })] }));
    expect(claims).toEqual([{ group: 'microbials', analyte: 'stec', name: 'STEC', missing: ['method'] }]);
  });

  it('holds an instrument import’s rows to both rules: a vendor file states no method or LOD, its group’s named method does', () => {
    const MYCO = 'Mycotoxins by LC-MS/MS (SOP-CHEM-105 rev 2)';
    const imported = { sourceType: 'instrument_import', sourceId: 'run-1', instrument: 'Agilent 6470' };
    const claims = unsupportedClaims(
      view({
        // Imported without a method: neither the method nor the ND's limit is recorded.
        mycotoxins: [
          row('aflatoxin-b1', 'Aflatoxin B1', { ...imported, qualifier: 'ND', unit: 'µg/kg' }),
          row('ochratoxin-a', 'Ochratoxin A', { ...imported, qualifier: 'ND', unit: 'µg/kg', method: MYCO, lod: '0.5', loq: '1' }),
        ],
        // The file's own method text, with no LOD: the value stands, the ND does not.
        pesticides: [
          row('myclobutanil', 'Myclobutanil', { ...imported, value: '0.1234', method: 'Pest_QQQ.M' }),
          row('bifenazate', 'Bifenazate', { ...imported, qualifier: 'ND', method: 'Pest_QQQ.M' }),
        ],
      }),
    );
    expect(claims).toEqual([
      { group: 'mycotoxins', analyte: 'aflatoxin-b1', name: 'Aflatoxin B1', missing: ['method', 'lod_or_loq'] },
      { group: 'pesticides', analyte: 'bifenazate', name: 'Bifenazate', missing: ['lod_or_loq'] },
    ]);
  });

  it('skips computed totals and counts a blank method as none', () => {
    const claims = unsupportedClaims(
      view({
        cannabinoids: [
          row('total-thc', 'Total THC', { value: '21.96', unit: '%', computed: true, sourceType: 'computed' }),
          row('thca', 'THCA', { value: '24.10', unit: '%', method: '  ' }),
        ],
      }),
    );
    expect(claims).toEqual([{ group: 'cannabinoids', analyte: 'thca', name: 'THCA', missing: ['method'] }]);
  });
});

describe('refuseUnsupportedClaims', () => {
  it('throws CLAIMS_UNSUPPORTED (409) naming each row and what it lacks', () => {
    const bare = view({
      metals: [row('lead', 'Lead', { qualifier: 'ND' })],
      pesticides: [row('abamectin', 'Abamectin', { value: '0.05', method: 'LC-MS/MS' })],
    });
    let thrown: unknown;
    try {
      refuseUnsupportedClaims(bare, 'LT-2612-000001 cannot be released');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CertificatesError);
    const error = thrown as CertificatesError;
    expect(error.code).toBe(CertificatesErrorCode.CLAIMS_UNSUPPORTED);
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/^LT-2612-000001 cannot be released: 1 result\(s\) lack .*\(metals Lead: no method, no LOD or LOQ for its ND\/<LOQ\)/);
    expect(error.details).toEqual(claimsRefusal(unsupportedClaims(bare)).details);
    expect(error.details).toEqual({ unsupportedRows: [{ group: 'metals', analyte: 'lead', name: 'Lead', missing: ['method', 'lod_or_loq'] }] });
  });

  it('passes a view whose every row is supported', () => {
    expect(() => refuseUnsupportedClaims(view({ metals: [row('lead', 'Lead', { value: '0.12', method: ICP_MS })] }), 'x')).not.toThrow();
  });
});
