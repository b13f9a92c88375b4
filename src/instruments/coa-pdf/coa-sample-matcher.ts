import { Injectable } from '@nestjs/common';
import type { SampleEntity } from '../../samples/entities/sample.entity';
import { SamplesService } from '../../samples/samples.service';
import { InstrumentsError, InstrumentsErrorCode } from '../instruments.errors';
import type { SampleMatchedBy } from './coa-import.answer';
import { CoaImportRepository } from './coa-import.repository';
import type { ParsedCoa } from './coa-layout.types';
import { isInventoryId } from '../../traceability/inventory-id';

export interface SampleMatch {
  sample: SampleEntity | null;
  matchedBy: SampleMatchedBy | null;
  warnings: string[];
}

/** Which of our samples a COA is about. */
@Injectable()
export class CoaSampleMatcher {
  constructor(
    private readonly samples: SamplesService,
    private readonly runs: CoaImportRepository,
  ) {}

  /**
   * The COA's own ids first (lab sample code, then sample inventory id, then sampled lots). The
   * `sampleId` field, when sent, decides: results go where the user said, with a warning when the
   * COA names another of our samples (a released COA re-imported into a retest, say).
   */
  async match(parsed: ParsedCoa, sampleId: string | undefined, required: boolean): Promise<SampleMatch> {
    const named = new Map<string, { sample: SampleEntity | { id: string; labCode: string | null }; via: SampleMatchedBy }>();
    for (const ref of parsed.sampleIds) {
      const s = await this.samples.findByLabCodeOrInventoryId(ref);
      if (s && !named.has(s.id)) named.set(s.id, { sample: s, via: 'lab sample code' });
    }
    for (const ref of parsed.inventoryIds) {
      const s = isInventoryId(ref) ? await this.samples.findByLabCodeOrInventoryId(ref) : null;
      if (s && !named.has(s.id)) named.set(s.id, { sample: s, via: 'sample inventory id' });
    }
    if (named.size === 0) {
      for (const s of await this.runs.samplesOfLots(parsed.inventoryIds)) named.set(s.id, { sample: s, via: 'sampled lot' });
    }
    const label = (s: { id: string; labCode: string | null }) => s.labCode ?? s.id;

    if (sampleId !== undefined) {
      const sample = await this.samples.getSample(sampleId);
      const others = [...named.values()].filter((n) => n.sample.id !== sample.id);
      const warnings = others.map((o) => `The COA names sample ${label(o.sample)} (by ${o.via}), not ${label(sample)}; the results go to ${label(sample)} as sampleId asks.`);
      return { sample, matchedBy: named.get(sample.id)?.via ?? 'sampleId', warnings };
    }
    if (named.size === 1) {
      const [{ sample, via }] = named.values();
      return { sample: await this.samples.getSample(sample.id), matchedBy: via, warnings: [] };
    }
    const ids = `sample ids ${parsed.sampleIds.join(', ') || 'none'}; inventory ids ${parsed.inventoryIds.join(', ') || 'none'}`;
    const details = { sampleIds: parsed.sampleIds, inventoryIds: parsed.inventoryIds, candidates: [...named.values()].map((n) => ({ id: n.sample.id, labCode: n.sample.labCode, by: n.via })) };
    const why =
      named.size > 1
        ? `The COA's ids (${ids}) name several of our samples (${[...named.values()].map((n) => label(n.sample)).join(', ')}); send sampleId to choose one.`
        : `None of the COA's ids (${ids}) names a sample of ours; send sampleId to attach it to one.`;
    if (required) throw new InstrumentsError(InstrumentsErrorCode.COA_SAMPLE_NOT_MATCHED, why, details);
    return { sample: null, matchedBy: null, warnings: [why] };
  }
}
