import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Actor } from '../../common/actor';
import { UnitOfWork } from '../../database/unit-of-work';
import { getAnalyte, resolveAnalyte } from '../../rules/analytes/vocabulary';
import { requiredAnalytesOf } from '../../rules/judgement/judge-sample';
import { LimitSetsService } from '../../rules/limit-sets/limit-sets.service';
import { PanelSetsService } from '../../rules/panel-sets/panel-sets.service';
import type { SampleEntity } from '../../samples/entities/sample.entity';
import { acceptsResults } from '../../samples/sample-status';
import { SamplesService } from '../../samples/samples.service';
import type { SampleResultsDto } from '../dto/results-response.dto';
import { ResultsError, ResultsErrorCode } from '../results.errors';
import { ResultsRepository } from '../results.repository';
import { ResultsService } from '../results.service';
import { NotTestedRepository } from './not-tested.repository';

/**
 * A manager marks required analytes "not tested, because …" in the working version, or withdraws a
 * mark, until the sample is submitted; each step is audited with who, when and why. Marks account for
 * a group (it can be submitted) but never make it pass: the certificate becomes partial (INCOMPLETE).
 */
@Injectable()
export class NotTestedService {
  constructor(
    private readonly marks: NotTestedRepository,
    private readonly rows: ResultsRepository,
    private readonly results: ResultsService,
    private readonly samples: SamplesService,
    private readonly panels: PanelSetsService,
    private readonly limitSets: LimitSetsService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  mark(sampleId: string, names: string[], reason: string, actor: Actor): Promise<SampleResultsDto> {
    return this.uow.run(async () => {
      const sample = await this.openSample(sampleId);
      const version = ResultsService.currentVersion(sample);
      const required = await this.requiredOf(sample);
      const reported = new Set((await this.rows.rowsFor(sample.id, version)).map((r) => r.analyte));
      const errors: Array<{ field: string; message: string }> = [];
      const chosen = new Map<string, string>();
      names.forEach((name, i) => {
        const analyte = getAnalyte(name.trim()) ?? resolveAnalyte(name);
        const field = `analytes[${i}]`;
        if (!analyte) errors.push({ field, message: `unknown analyte "${name}"` });
        else if (!required.get(analyte.group)?.has(analyte.id)) errors.push({ field, message: `${analyte.name} is not required by this sample's panel` });
        else if (reported.has(analyte.id)) errors.push({ field, message: `${analyte.name} has a result; remove the result first` });
        else chosen.set(analyte.id, analyte.group);
      });
      if (errors.length > 0)
        throw new ResultsError(ResultsErrorCode.INVALID_RESULTS, `${errors.length} analyte(s) cannot be marked not tested; nothing was saved`, errors);

      const before = (await this.marks.marksFor(sample.id, version)).filter((m) => chosen.has(m.analyte));
      const markedAt = new Date();
      await this.marks.upsert(
        [...chosen].map(([analyte, analyteGroup]) => ({
          sampleId: sample.id,
          version,
          analyteGroup,
          analyte,
          reason,
          markedBy: actor.type === 'user' ? actor.id : null,
          markedByLabel: actor.label,
          markedAt,
        })),
      );
      await this.audit.record({
        actor,
        action: 'results.not_tested_marked',
        entityType: 'sample',
        entityId: sample.id,
        before: before.length > 0 ? { version, analytes: before.map((m) => ({ analyte: m.analyte, reason: m.reason })) } : undefined,
        after: { version, analytes: [...chosen].map(([analyte, group]) => ({ group, analyte })) },
        reason,
      });
      return this.results.refreshJudgement(sample);
    });
  }

  withdraw(sampleId: string, name: string, reason: string, actor: Actor): Promise<SampleResultsDto> {
    return this.uow.run(async () => {
      const sample = await this.openSample(sampleId);
      const version = ResultsService.currentVersion(sample);
      const analyte = getAnalyte(name.trim()) ?? resolveAnalyte(name);
      const mark = analyte && (await this.marks.marksFor(sample.id, version)).find((m) => m.analyte === analyte.id);
      if (!mark) throw new ResultsError(ResultsErrorCode.NOT_TESTED_MARK_NOT_FOUND, `No not-tested mark for ${analyte?.name ?? name} on this sample`);
      await this.marks.remove(mark);
      await this.audit.record({
        actor,
        action: 'results.not_tested_withdrawn',
        entityType: 'sample',
        entityId: sample.id,
        before: { version, group: mark.analyteGroup, analyte: mark.analyte, reason: mark.reason, markedBy: mark.markedByLabel },
        after: { version, group: mark.analyteGroup, analyte: mark.analyte, withdrawn: true },
        reason,
      });
      return this.results.refreshJudgement(sample);
    });
  }

  /** Marks change with the results: only while the sample is received or in testing (not once submitted). */
  private async openSample(sampleId: string): Promise<SampleEntity> {
    const sample = await this.samples.lockSample(sampleId);
    if (!acceptsResults(sample.status)) {
      throw new ResultsError(
        ResultsErrorCode.SAMPLE_NOT_OPEN,
        `Sample ${sample.labCode ?? sample.id} is ${sample.status}; not-tested marks can only change while it is received or in testing`,
        { status: sample.status },
      );
    }
    return sample;
  }

  /** Per required group, the analytes a complete test must report (panel list plus pass/fail limits). */
  private async requiredOf(sample: SampleEntity): Promise<Map<string, Set<string>>> {
    const listed = await this.panels.requiredAnalytes(sample);
    const { rules } = await this.limitSets.inForce(sample.productType);
    return new Map(sample.panel.map((group) => [group, new Set(requiredAnalytesOf(group, listed[group], rules))]));
  }
}
