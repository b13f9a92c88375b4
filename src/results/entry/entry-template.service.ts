import { Injectable } from '@nestjs/common';
import { LimitSetsService } from '../../rules/limit-sets/limit-sets.service';
import { MethodSetsService } from '../../rules/methods/method-sets.service';
import { PanelSetsService } from '../../rules/panel-sets/panel-sets.service';
import { edibleMeasuresOf } from '../../samples/edible-facts';
import { SamplesService } from '../../samples/samples.service';
import { NotTestedRepository } from '../not-tested/not-tested.repository';
import { ResultsService } from '../results.service';
import { entryTemplate, type EntryTemplate } from './entry-template';

/** Loads the facts of a sample's entry template: the rules Save will judge with, today. */
@Injectable()
export class EntryTemplateService {
  constructor(
    private readonly samples: SamplesService,
    private readonly limitSets: LimitSetsService,
    private readonly panels: PanelSetsService,
    private readonly methods: MethodSetsService,
    private readonly notTested: NotTestedRepository,
  ) {}

  async templateOf(sampleId: string): Promise<EntryTemplate> {
    const sample = await this.samples.getSample(sampleId);
    const version = ResultsService.currentVersion(sample);
    const [limitSet, panelAnalytes, registry, marks] = await Promise.all([
      this.limitSets.inForce(sample.productType),
      this.panels.requiredAnalytes(sample),
      this.methods.registryInForce(),
      this.notTested.marksFor(sample.id, version),
    ]);
    return entryTemplate({
      sample,
      version,
      edible: edibleMeasuresOf(sample),
      limitSet,
      panelAnalytes,
      registry,
      marks: marks.map((m) => ({ group: m.analyteGroup, analyte: m.analyte, reason: m.reason })),
    });
  }
}
