import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { AnalyteResultEntity } from './entities/analyte-result.entity';
import { QcFlagEntity } from './entities/qc-flag.entity';

export type NewResultRow = Omit<AnalyteResultEntity, 'id' | 'createdAt' | 'updatedAt' | 'frozen'>;

@Injectable()
export class ResultsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get results() {
    return this.uow.manager.getRepository(AnalyteResultEntity);
  }

  rowsFor(sampleId: string, version: number): Promise<AnalyteResultEntity[]> {
    return this.results.find({ where: { sampleId, version }, order: { analyteGroup: 'ASC', computed: 'ASC', analyte: 'ASC' } });
  }

  /** Replaces a working version's rows; frozen (released) rows refuse by trigger, so this cannot touch them. */
  async replaceRows(sampleId: string, version: number, rows: NewResultRow[]): Promise<void> {
    await this.results.delete({ sampleId, version });
    for (let i = 0; i < rows.length; i += 200) await this.results.insert(rows.slice(i, i + 200));
  }

  async freeze(sampleId: string, version: number): Promise<number> {
    const answer = await this.results.update({ sampleId, version, frozen: false }, { frozen: true });
    return answer.affected ?? 0;
  }

  /** Lab users who entered or imported any of the version's results (a releasing manager must not be one). */
  async contributors(sampleId: string, version: number): Promise<string[]> {
    const rows: Array<{ entered_by: string }> = await this.uow.query(
      `SELECT DISTINCT entered_by FROM analyte_results WHERE sample_id = $1 AND version = $2 AND entered_by IS NOT NULL`,
      [sampleId, version],
    );
    return rows.map((r) => r.entered_by);
  }

  openQcFlags(sampleId: string): Promise<QcFlagEntity[]> {
    return this.uow.manager.getRepository(QcFlagEntity).find({ where: { sampleId, resolvedAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  qcFlags(sampleId: string): Promise<QcFlagEntity[]> {
    return this.uow.manager.getRepository(QcFlagEntity).find({ where: { sampleId }, order: { createdAt: 'ASC' } });
  }

  findQcFlag(id: string): Promise<QcFlagEntity | null> {
    return this.uow.manager.getRepository(QcFlagEntity).findOneBy({ id });
  }

  saveQcFlag(flag: QcFlagEntity): Promise<QcFlagEntity> {
    return this.uow.manager.getRepository(QcFlagEntity).save(flag);
  }

  async insertQcFlags(flags: Array<Pick<QcFlagEntity, 'sampleId' | 'importId' | 'analyteGroup' | 'analyte' | 'kind' | 'message'>>): Promise<void> {
    if (flags.length > 0) await this.uow.manager.getRepository(QcFlagEntity).insert(flags);
  }
}
