import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { UnitOfWork } from '../database/unit-of-work';
import { MethodSetsService } from '../rules/methods/method-sets.service';
import { ColumnMappingEntity } from './entities/column-mapping.entity';
import { importMethod } from './import-method';
import { InstrumentsError, InstrumentsErrorCode } from './instruments.errors';
import type { GenericColumnMapping } from './parsers/parser.types';

/** What an upload naming an instrument reads its file with: the saved columns and the instrument's method. */
export interface InstrumentMapping {
  columns: GenericColumnMapping;
  methodId: string | null;
}

/**
 * Saved mappings, one per instrument: the generic long CSV's columns (the escape hatch for any export)
 * and, optionally, the method the instrument runs, which its imports' results then carry.
 */
@Injectable()
export class ColumnMappingsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly methods: MethodSetsService,
  ) {}

  private get repo() {
    return this.uow.manager.getRepository(ColumnMappingEntity);
  }

  list(): Promise<ColumnMappingEntity[]> {
    return this.repo.find({ order: { instrument: 'ASC' } });
  }

  async mappingFor(instrument: string): Promise<InstrumentMapping> {
    const saved = await this.repo.findOneBy({ instrument });
    if (!saved)
      throw new InstrumentsError(InstrumentsErrorCode.MAPPING_NOT_FOUND, `No column mapping is saved for instrument "${instrument}"`, [
        { field: 'instrument', message: 'has no saved mapping' },
      ]);
    return { columns: saved.mapping, methodId: saved.methodId };
  }

  /** A method named must be in the method set in force (imports check it again: the set may change). */
  saveMapping(
    instrument: string,
    mapping: GenericColumnMapping,
    methodId: string | null,
    actor: Extract<Actor, { type: 'user' }>,
  ): Promise<ColumnMappingEntity> {
    return this.uow.run(async () => {
      if (methodId !== null) {
        const method = importMethod(await this.methods.registryInForce(), methodId, `the mapping of instrument "${instrument}"`);
        if ('problem' in method)
          throw new InstrumentsError(InstrumentsErrorCode.UNKNOWN_METHOD, method.problem, [{ field: 'methodId', message: method.problem }]);
      }
      const before = await this.repo.findOneBy({ instrument });
      await this.repo.save(this.repo.create({ instrument, mapping, methodId, updatedBy: actor.id }));
      // Read back: save() skips the UPDATE of an unchanged row and then returns it without updated_at.
      const saved = await this.repo.findOneByOrFail({ instrument });
      await this.audit.record({
        actor,
        action: 'instrument_mapping.saved',
        entityType: 'instrument',
        entityId: instrument,
        before: before ? { ...before.mapping, methodId: before.methodId } : null,
        after: { ...mapping, methodId },
      });
      return saved;
    });
  }
}
