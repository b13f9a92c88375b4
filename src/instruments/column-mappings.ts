import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { UnitOfWork } from '../database/unit-of-work';
import { ColumnMappingEntity } from './entities/column-mapping.entity';
import { InstrumentsError, InstrumentsErrorCode } from './instruments.errors';
import type { GenericColumnMapping } from './parsers/parser.types';

/** Saved column mappings of the generic long CSV, one per instrument (the escape hatch for any export). */
@Injectable()
export class ColumnMappingsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  private get repo() {
    return this.uow.manager.getRepository(ColumnMappingEntity);
  }

  list(): Promise<ColumnMappingEntity[]> {
    return this.repo.find({ order: { instrument: 'ASC' } });
  }

  async mappingFor(instrument: string): Promise<GenericColumnMapping> {
    const saved = await this.repo.findOneBy({ instrument });
    if (!saved)
      throw new InstrumentsError(InstrumentsErrorCode.MAPPING_NOT_FOUND, `No column mapping is saved for instrument "${instrument}"`, [
        { field: 'instrument', message: 'has no saved mapping' },
      ]);
    return saved.mapping;
  }

  saveMapping(instrument: string, mapping: GenericColumnMapping, actor: Extract<Actor, { type: 'user' }>): Promise<ColumnMappingEntity> {
    return this.uow.run(async () => {
      const before = await this.repo.findOneBy({ instrument });
      const saved = await this.repo.save(this.repo.create({ instrument, mapping, updatedBy: actor.id }));
      await this.audit.record({
        actor,
        action: 'instrument_mapping.saved',
        entityType: 'instrument',
        entityId: instrument,
        before: before?.mapping ?? null,
        after: mapping,
      });
      return saved;
    });
  }
}
