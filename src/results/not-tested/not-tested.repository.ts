import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../database/unit-of-work';
import { NotTestedMarkEntity } from './not-tested-mark.entity';

export type NewNotTestedMark = Pick<
  NotTestedMarkEntity,
  'sampleId' | 'version' | 'analyteGroup' | 'analyte' | 'reason' | 'markedBy' | 'markedByLabel' | 'markedAt'
>;

/** Not-tested marks per sample and COA version; frozen marks refuse change by trigger. */
@Injectable()
export class NotTestedRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get marks() {
    return this.uow.manager.getRepository(NotTestedMarkEntity);
  }

  marksFor(sampleId: string, version: number): Promise<NotTestedMarkEntity[]> {
    return this.marks.find({ where: { sampleId, version }, order: { analyteGroup: 'ASC', analyte: 'ASC' } });
  }

  /** Several versions' marks in one query, keyed `sampleId:version`, each in marksFor's order. */
  async marksForMany(versions: ReadonlyArray<{ sampleId: string; version: number }>): Promise<Map<string, NotTestedMarkEntity[]>> {
    const out = new Map<string, NotTestedMarkEntity[]>();
    if (versions.length === 0) return out;
    const marks = await this.marks
      .createQueryBuilder('m')
      .where('(m.sample_id, m.version) IN (SELECT k.s, k.v FROM unnest(CAST(:ids AS uuid[]), CAST(:versions AS int[])) AS k(s, v))', {
        ids: versions.map((v) => v.sampleId),
        versions: versions.map((v) => v.version),
      })
      .orderBy('m.analyteGroup', 'ASC')
      .addOrderBy('m.analyte', 'ASC')
      .getMany();
    for (const mark of marks) {
      const key = `${mark.sampleId}:${mark.version}`;
      const list = out.get(key);
      if (list) list.push(mark);
      else out.set(key, [mark]);
    }
    return out;
  }

  /** Writes marks, replacing the reason of an analyte marked already in the version. */
  async upsert(marks: NewNotTestedMark[]): Promise<void> {
    if (marks.length > 0) await this.marks.upsert(marks, { conflictPaths: ['sampleId', 'version', 'analyte'] });
  }

  async remove(mark: NotTestedMarkEntity): Promise<void> {
    await this.marks.delete({ id: mark.id });
  }

  async freeze(sampleId: string, version: number): Promise<void> {
    await this.marks.update({ sampleId, version, frozen: false }, { frozen: true });
  }

  /** Makes a new version's marks exactly the given version's (an amendment starts from the released one). */
  async copy(sampleId: string, from: number, to: number): Promise<void> {
    await this.marks.delete({ sampleId, version: to, frozen: false });
    const marks = await this.marksFor(sampleId, from);
    await this.upsert(
      marks.map(({ analyteGroup, analyte, reason, markedBy, markedByLabel, markedAt }) => ({
        sampleId,
        version: to,
        analyteGroup,
        analyte,
        reason,
        markedBy,
        markedByLabel,
        markedAt,
      })),
    );
  }
}
