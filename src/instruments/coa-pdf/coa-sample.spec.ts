import type { SampleEntity } from '../../samples/entities/sample.entity';
import { InstrumentsError, InstrumentsErrorCode } from '../instruments.errors';
import type { ParsedCoa } from './coa-layout.types';
import { chooseCoaSample } from './coa-sample';

const sample = (id: string, labCode: string) => ({ id, labCode }) as SampleEntity;
const coa = { sampleIds: ['LT-2611-000001'], inventoryIds: ['1000000000000001'] } as ParsedCoa;
const original = sample('a', 'LT-2611-000001');
const retest = sample('b', 'LT-2611-000002');

describe('chooseCoaSample', () => {
  it('takes the one sample the COA names, with how it was found', () => {
    expect(chooseCoaSample(coa, [{ sample: original, by: 'lab sample code' }], undefined, true)).toEqual({
      sample: original,
      matchedBy: 'lab sample code',
      warnings: [],
      samples: [original],
    });
  });

  it('lets sampleId decide, warning about each other sample the COA names', () => {
    const chosen = chooseCoaSample(coa, [{ sample: original, by: 'lab sample code' }], retest, true);
    expect(chosen).toEqual({
      sample: retest,
      matchedBy: 'sampleId',
      samples: [retest],
      warnings: ['The COA names sample LT-2611-000001 (by lab sample code), not LT-2611-000002; the results go to LT-2611-000002 as sampleId asks.'],
    });
    expect(chooseCoaSample(coa, [{ sample: original, by: 'sampled lot' }], original, true).matchedBy).toBe('sampled lot');
  });

  it('refuses a store it cannot place, and tells a dry run why', () => {
    const several = [
      { sample: original, by: 'sampled lot' as const },
      { sample: retest, by: 'sampled lot' as const },
    ];
    const error = (() => {
      try {
        chooseCoaSample(coa, several, undefined, true);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InstrumentsError);
    expect(error).toMatchObject({
      code: InstrumentsErrorCode.COA_SAMPLE_NOT_MATCHED,
      message: expect.stringMatching(/name several of our samples \(LT-2611-000001, LT-2611-000002\); send sampleId/),
    });
    expect(chooseCoaSample(coa, [], undefined, false)).toEqual({
      sample: null,
      matchedBy: null,
      samples: [],
      warnings: [
        "None of the COA's ids (sample ids LT-2611-000001; inventory ids 1000000000000001) names a sample of ours; send sampleId to attach it to one.",
      ],
    });
  });
});
