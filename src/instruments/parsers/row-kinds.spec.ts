import { duplicateOrSample, LabelRules, roleFromLabel, roleFromSampleType, SampleTypeColumn, wordTable } from './row-kinds';

const PLAIN: LabelRules = { calibrationBlankNames: false, calibrationPrefix: false };
const WITH_CALIBRATION_BLANKS: LabelRules = { calibrationBlankNames: true, calibrationPrefix: false };
const WITH_EVERYTHING: LabelRules = { calibrationBlankNames: true, calibrationPrefix: true };

describe('roleFromLabel', () => {
  it.each([
    ['LT-2611-000123 MS', 'spike', 'LT-2611-000123'],
    ['LT-2611-000123-MSD2', 'spike', 'LT-2611-000123'],
    ['LT-2611-000123-SPK', 'spike', 'LT-2611-000123'],
    ['LT-2611-000124 DUP', 'duplicate', 'LT-2611-000124'],
    ['LT-2611-000124-duplicate3', 'duplicate', 'LT-2611-000124'],
    ['Method Blank', 'blank', 'Method Blank'],
    ['MB-240514', 'blank', 'MB-240514'],
    ['CCV 5 ppb', 'check_standard', 'CCV 5 ppb'],
    ['LCS-1', 'check_standard', 'LCS-1'],
    ['LT-2611-000125', 'sample', 'LT-2611-000125'],
  ])('reads %p as %p of %p', (label, kind, ref) => {
    expect(roleFromLabel(label, PLAIN)).toEqual({ kind, ref });
  });

  it('reads a suffix joined by "_" too, and leaves a word that merely ends in the letters alone', () => {
    expect(roleFromLabel('LT-2611-000123_SPK', PLAIN)).toEqual({ kind: 'spike', ref: 'LT-2611-000123' });
    expect(duplicateOrSample('LT-2611-000123_DUP')).toEqual({ kind: 'duplicate', ref: 'LT-2611-000123' });
    expect(roleFromLabel('Pilot Farms', PLAIN)).toEqual({ kind: 'sample', ref: 'Pilot Farms' });
  });

  it('reads a spike suffix before a duplicate one and before blank words', () => {
    expect(roleFromLabel('LT-2611-000123 DUP MS', PLAIN)).toEqual({ kind: 'spike', ref: 'LT-2611-000123 DUP' });
    expect(roleFromLabel('MB MS', PLAIN)).toEqual({ kind: 'spike', ref: 'MB' });
  });

  it('counts CCB and ICB as blanks only when the parser says so', () => {
    expect(roleFromLabel('CCB', PLAIN)).toEqual({ kind: 'sample', ref: 'CCB' });
    expect(roleFromLabel('CCB', WITH_CALIBRATION_BLANKS)).toEqual({ kind: 'blank', ref: 'CCB' });
    expect(roleFromLabel('ICB 2', WITH_CALIBRATION_BLANKS).kind).toBe('blank');
  });

  it('reads a CAL / STD prefix as calibration only when the parser says so', () => {
    expect(roleFromLabel('Cal Std 3', WITH_CALIBRATION_BLANKS).kind).toBe('sample');
    expect(roleFromLabel('Cal Std 3', WITH_EVERYTHING)).toEqual({ kind: 'calibration', ref: 'Cal Std 3' });
    expect(roleFromLabel('STD-RS-500', WITH_EVERYTHING).kind).toBe('calibration');
    // Blank and check-standard words win over the prefix.
    expect(roleFromLabel('Cal Blank', WITH_EVERYTHING).kind).toBe('blank');
    expect(roleFromLabel('STD CCV', WITH_EVERYTHING).kind).toBe('check_standard');
  });
});

describe('duplicateOrSample', () => {
  it('knows only the duplicate suffix', () => {
    expect(duplicateOrSample('LT-2611-000123 DUP')).toEqual({ kind: 'duplicate', ref: 'LT-2611-000123' });
    expect(duplicateOrSample('LT-2611-000123 MS')).toEqual({ kind: 'sample', ref: 'LT-2611-000123 MS' });
    expect(duplicateOrSample('Method Blank')).toEqual({ kind: 'sample', ref: 'Method Blank' });
  });
});

describe('roleFromSampleType', () => {
  const column: SampleTypeColumn = {
    title: 'Sample Type',
    roles: wordTable({
      unknown: 'from_name',
      blank: 'blank',
      standard: 'calibration',
      qc: 'qc',
      spike: 'spike',
      dup: 'duplicate',
      rinse: 'not_a_result',
    }),
    key: (type) => type.trim().toLowerCase(),
    label: PLAIN,
  };
  const read = (type: string, label: string) => {
    const warnings: string[] = [];
    return { role: roleFromSampleType(column, type, label, warnings, 7), warnings };
  };

  it('gives a fixed kind with the name as the reference', () => {
    expect(read(' Blank ', 'Solvent 1')).toEqual({ role: { kind: 'blank', ref: 'Solvent 1' }, warnings: [] });
    expect(read('Standard', 'Cal L4 MS').role).toEqual({ kind: 'calibration', ref: 'Cal L4 MS' });
  });

  it('reads the name for a from_name type', () => {
    expect(read('Unknown', 'LT-2611-000124 DUP').role).toEqual({ kind: 'duplicate', ref: 'LT-2611-000124' });
  });

  it('makes a QC injection a check standard unless its name marks a spike', () => {
    expect(read('QC', 'CCV-1').role).toEqual({ kind: 'check_standard', ref: 'CCV-1' });
    expect(read('QC', 'LT-2611-000124 DUP').role).toEqual({ kind: 'check_standard', ref: 'LT-2611-000124 DUP' });
    expect(read('QC', 'LT-2611-000123 MS').role).toEqual({ kind: 'spike', ref: 'LT-2611-000123' });
  });

  it('refers a fixed spike or duplicate to its parent sample', () => {
    expect(read('Spike', 'LT-2611-000123 MS').role).toEqual({ kind: 'spike', ref: 'LT-2611-000123' });
    expect(read('Dup', 'LT-2611-000123-DUP').role).toEqual({ kind: 'duplicate', ref: 'LT-2611-000123' });
    expect(read('Dup', 'LT-2611-000123').role).toEqual({ kind: 'duplicate', ref: 'LT-2611-000123' });
  });

  it('gives no role to a type that is not a result', () => {
    expect(read('Rinse', 'Rinse 1')).toEqual({ role: undefined, warnings: [] });
  });

  it('falls back to the name for an unfamiliar type, with a warning naming the column', () => {
    expect(read('Verify2', 'CCV 5 ppb')).toEqual({
      role: { kind: 'check_standard', ref: 'CCV 5 ppb' },
      warnings: ['line 7: unfamiliar Sample Type "Verify2", role taken from the sample name'],
    });
  });
});
