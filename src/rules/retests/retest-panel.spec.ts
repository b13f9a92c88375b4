import { deriveRetestPanel } from './retest-panel';
import { builtInRetestRules, validateRetestRules } from './retest-rules';

const rules = builtInRetestRules();

describe('the retest panel from the parent’s failures', () => {
  it('retests only the failed group', () => {
    expect(deriveRetestPanel({ failedGroups: ['metals'], failedAnalytes: ['lead'] }, rules)).toEqual({ allowed: true, groups: ['metals'], wholeGroups: [] });
  });

  it('retests the whole microbial group after a microbial failure', () => {
    expect(deriveRetestPanel({ failedGroups: ['microbials', 'metals'], failedAnalytes: ['aspergillus-niger', 'lead'] }, rules)).toEqual({
      allowed: true,
      groups: ['metals', 'microbials'],
      wholeGroups: ['microbials'],
    });
  });

  it('retests a pesticide failure that is not on the prohibited list', () => {
    expect(deriveRetestPanel({ failedGroups: ['pesticides'], failedAnalytes: ['myclobutanil'] }, rules)).toMatchObject({
      allowed: true,
      groups: ['pesticides'],
    });
  });

  it('refuses a retest after a prohibited pesticide failed, naming it and the source of the list', () => {
    const decision = deriveRetestPanel({ failedGroups: ['pesticides', 'microbials'], failedAnalytes: ['myclobutanil', 'daminozide', 'chlorpyrifos'] }, rules);
    expect(decision.allowed).toBe(false);
    if (decision.allowed) return;
    expect(decision.prohibited).toEqual([
      { analyte: 'chlorpyrifos', name: 'Chlorpyrifos' },
      { analyte: 'daminozide', name: 'Daminozide' },
    ]);
    expect(decision.reason).toMatch(/^Failed on prohibited pesticides Chlorpyrifos, Daminozide: a prohibited-pesticide failure cannot be remediated/);
    expect(decision.reason).toContain('STAND-IN');
  });

  it('checks the data: a prohibited "pesticide" that is not one is a data bug', () => {
    expect(() => validateRetestRules({ ...rules, prohibitedPesticides: { ...rules.prohibitedPesticides, analytes: ['lead'] } })).toThrow(
      /lead is not a pesticide in the vocabulary/,
    );
    expect(() =>
      validateRetestRules({ ...rules, failedGroupRetests: [{ group: 'microbials', retestGroups: ['mycotoxins'], wholeGroup: true, source: 's' }] }),
    ).toThrow(/a microbials failure must at least retest microbials/);
  });
});
