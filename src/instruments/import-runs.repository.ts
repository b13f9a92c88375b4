import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { UnitOfWork } from '../database/unit-of-work';
import { ImportRunEntity } from './entities/import-run.entity';

export type ImportRunKind = ImportRunEntity['kind'];
export type NewImportRun = Omit<ImportRunEntity, 'id' | 'createdAt'>;

/** The advisory-lock key of one file's content: the duplicate rule is "same bytes of the same kind". */
export function importLockKey(kind: ImportRunKind, sha256: string): string {
  return `import-run:${kind}:${sha256}`;
}

/** Where a run's meta keeps the upload's choices (ImportFile.choices). */
export const CHOICES_KEY = 'choices';

/** `instrument_imports`: every file import, instrument exports and COA PDFs alike (told apart by kind). */
@Injectable()
export class ImportRunsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get runs() {
    return this.uow.manager.getRepository(ImportRunEntity);
  }

  findById(kind: ImportRunKind, id: string): Promise<ImportRunEntity | null> {
    return this.runs.findOneBy({ id, kind });
  }

  /**
   * The first import of these bytes as this kind of file; given `choices` (see ImportFile), the last
   * one made with the same choices (kept in its meta), so the same file naming other methods is stored
   * again (and one imported again with the same choices after another's, see ImportRunner.duplicateOf,
   * is answered by that latest run). Without choices any earlier import of the bytes answers: sending a
   * file again without naming methods never replaces what an import naming them stored.
   */
  findByHash(kind: ImportRunKind, sha256: string, choices?: Readonly<Record<string, string>>): Promise<ImportRunEntity | null> {
    if (!choices) return this.runs.findOne({ where: { kind, sha256 }, order: { createdAt: 'ASC' } });
    return this.runs
      .createQueryBuilder('run')
      .where('run.kind = :kind AND run.sha256 = :sha256', { kind, sha256 })
      .andWhere(`run.meta -> '${CHOICES_KEY}' = CAST(:choices AS jsonb)`, { choices: JSON.stringify(choices) })
      .orderBy('run.createdAt', 'DESC')
      .addOrderBy('run.id', 'DESC')
      .getOne();
  }

  /** Every import of these bytes as this kind of file, whatever its choices, oldest first (a re-import's rule, see reimportPlan). */
  runsOfBytes(kind: ImportRunKind, sha256: string): Promise<ImportRunEntity[]> {
    return this.runs.find({ where: { kind, sha256 }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * `id` when the caller needs it before the row exists (rows judged before the transaction carry it).
   * An INSERT (its generated columns returned into the entity), not `save`, which reads the id first.
   */
  async insert(run: NewImportRun & { id?: string }): Promise<ImportRunEntity> {
    const entity = this.runs.create(run);
    await this.runs.insert(entity as QueryDeepPartialEntity<ImportRunEntity>);
    return entity;
  }

  /** Serialises imports of the same content until the caller's transaction ends, so a race cannot store a file twice. */
  async lockContent(kind: ImportRunKind, sha256: string): Promise<void> {
    await this.uow.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [importLockKey(kind, sha256)]);
  }
}
