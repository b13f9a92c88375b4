import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { ImportRunEntity } from './entities/import-run.entity';

@Injectable()
export class InstrumentImportsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get imports() {
    return this.uow.manager.getRepository(ImportRunEntity);
  }

  findByHash(kind: ImportRunEntity['kind'], sha256: string): Promise<ImportRunEntity | null> {
    return this.imports.findOneBy({ kind, sha256 });
  }

  findById(id: string): Promise<ImportRunEntity | null> {
    return this.imports.findOneBy({ id });
  }

  insert(run: Omit<ImportRunEntity, 'id' | 'createdAt'>): Promise<ImportRunEntity> {
    return this.imports.save(this.imports.create(run));
  }

  update(run: ImportRunEntity): Promise<ImportRunEntity> {
    return this.imports.save(run);
  }

  /** Serialises imports of the same content, so two simultaneous uploads store it once. */
  async lockHash(sha256: string): Promise<void> {
    await this.uow.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`import:${sha256}`]);
  }
}
