import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../database/unit-of-work';
import { ImportRunEntity } from '../entities/import-run.entity';
import { isInventoryId } from '../../traceability/inventory-id';

export type NewImportRun = Pick<ImportRunEntity, 'format' | 'filename' | 'sha256' | 'byteSize' | 'uploadedBy' | 'meta' | 'summary'>;

/** COA imports live in `instrument_imports` with kind 'coa_pdf'. */
@Injectable()
export class CoaImportRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get runs() {
    return this.uow.manager.getRepository(ImportRunEntity);
  }

  findById(id: string): Promise<ImportRunEntity | null> {
    return this.runs.findOneBy({ id, kind: 'coa_pdf' });
  }

  findByHash(sha256: string): Promise<ImportRunEntity | null> {
    return this.runs.findOne({ where: { sha256, kind: 'coa_pdf' }, order: { createdAt: 'ASC' } });
  }

  /** Serialises imports of the same bytes until the caller's transaction ends, so a race cannot store a file twice. */
  async lockHash(sha256: string): Promise<void> {
    await this.uow.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`coa-import:${sha256}`]);
  }

  async insert(run: NewImportRun): Promise<ImportRunEntity> {
    return this.runs.save(this.runs.create({ ...run, kind: 'coa_pdf' }));
  }

  async saveSummary(id: string, summary: Record<string, unknown>): Promise<void> {
    await this.uow.query(`UPDATE instrument_imports SET summary = $2::jsonb WHERE id = $1`, [id, JSON.stringify(summary)]);
  }

  /** Samples taken from any of these lots (sampled inventory ids); a fallback when no sample id matches. */
  async samplesOfLots(inventoryIds: string[]): Promise<Array<{ id: string; labCode: string | null }>> {
    const lots = inventoryIds.filter((id) => isInventoryId(id));
    if (lots.length === 0) return [];
    const rows = await this.uow.query<Array<{ id: string; lab_code: string | null }>>(
      `SELECT id, lab_code FROM samples WHERE inventory_ids && $1::text[] ORDER BY created_at`,
      [lots],
    );
    return rows.map((r) => ({ id: r.id, labCode: r.lab_code }));
  }
}
