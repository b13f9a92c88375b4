import type { SampleEntity } from '../../samples/entities/sample.entity';
import { InstrumentsError, InstrumentsErrorCode } from '../instruments.errors';
import type { NamedSample } from '../sample-matcher';
import type { CoaMatchedBy } from './coa-import.answer';
import type { ParsedCoa } from './coa-layout.types';

/** The sample a COA goes to, how it was found, and what the user should know about the choice. */
export interface CoaSample {
  sample: SampleEntity | null;
  matchedBy: CoaMatchedBy | null;
  warnings: string[];
  /** The one sample an import run locks and stores into (none when unmatched). */
  samples: SampleEntity[];
}

/**
 * Decides among the samples the COA's own ids name (SampleMatcher). `chosen` (the `sampleId` form
 * field), when sent, decides: results go where the user said, with a warning for each other sample
 * the COA names (a released COA re-imported into a retest, say); coaIdentityFindings then flags a COA
 * that names none of the chosen sample's own ids. Otherwise exactly one named sample
 * is needed; `required` (a store) refuses anything else, a dry run answers with why.
 */
export function chooseCoaSample(parsed: ParsedCoa, named: readonly NamedSample[], chosen: SampleEntity | undefined, required: boolean): CoaSample {
  const label = (s: { id: string; labCode: string | null }) => s.labCode ?? s.id;
  const found = (sample: SampleEntity, matchedBy: CoaMatchedBy, warnings: string[] = []): CoaSample => ({ sample, matchedBy, warnings, samples: [sample] });

  if (chosen) {
    const others = named.filter((n) => n.sample.id !== chosen.id);
    const warnings = others.map(
      (o) => `The COA names sample ${label(o.sample)} (by ${o.by}), not ${label(chosen)}; the results go to ${label(chosen)} as sampleId asks.`,
    );
    return found(chosen, named.find((n) => n.sample.id === chosen.id)?.by ?? 'sampleId', warnings);
  }
  if (named.length === 1) return found(named[0].sample, named[0].by);

  const ids = `sample ids ${parsed.sampleIds.join(', ') || 'none'}; inventory ids ${parsed.inventoryIds.join(', ') || 'none'}`;
  const details = {
    sampleIds: parsed.sampleIds,
    inventoryIds: parsed.inventoryIds,
    candidates: named.map((n) => ({ id: n.sample.id, labCode: n.sample.labCode, by: n.by })),
  };
  const why =
    named.length > 1
      ? `The COA's ids (${ids}) name several of our samples (${named.map((n) => label(n.sample)).join(', ')}); send sampleId to choose one.`
      : `None of the COA's ids (${ids}) names a sample of ours; send sampleId to attach it to one.`;
  if (required) throw new InstrumentsError(InstrumentsErrorCode.COA_SAMPLE_NOT_MATCHED, why, details);
  return { sample: null, matchedBy: null, warnings: [why], samples: [] };
}
