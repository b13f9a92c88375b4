import { Injectable } from '@nestjs/common';
import { IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { UnitOfWork } from '../database/unit-of-work';
import { MethodSetsService } from '../rules/methods/method-sets.service';
import { ColumnMappingEntity } from './entities/column-mapping.entity';
import { importMethod } from './import-method';
import { InstrumentsError, InstrumentsErrorCode } from './instruments.errors';
import type { GenericColumnMapping, ParseResult } from './parsers/parser.types';

/** What an upload naming an instrument reads its file with: the saved columns and the instrument's method. */
export interface InstrumentMapping {
  instrument: string;
  columns: GenericColumnMapping;
  methodId: string | null;
  /** Who saved it last, as the audit trail names them: their choice (the method, and so the LOD and LOQ printed) is in every import through it. */
  savedBy: { id: string; label: string };
  /** How the upload came to it: it named the instrument, or sent the same columns as a one-off columnMapping. */
  matchedBy: 'instrument' | 'columns';
}

/** The columns that say what a row is (sample, analyte, value): every mapping names them. */
const ROW_COLUMNS = ['sample', 'analyte', 'value'] as const;

/** A column name as the generic CSV parser matches it: trimmed, case-insensitive. */
function columnKey(name: string | undefined): string {
  return (name ?? '').trim().toLowerCase();
}

/** Two mappings read a row the same way: the same sample, analyte and value columns (as the parser matches names). */
export function sameRowColumns(a: GenericColumnMapping, b: GenericColumnMapping): boolean {
  return ROW_COLUMNS.every((key) => columnKey(a[key]) === columnKey(b[key]));
}

/**
 * The saved mapping with a method whose columns a one-off `columnMapping` repeats: an upload sending a
 * saved mapping's columns instead of naming its instrument gets that mapping's method all the same (a
 * technician cannot step around the manager's method by copying the columns). Several with different
 * methods: the upload must name its instrument. Mappings without a method are passed over (nothing of
 * theirs is left to apply).
 */
export function mappingMatching(
  columns: GenericColumnMapping,
  saved: ReadonlyArray<Pick<ColumnMappingEntity, 'instrument' | 'mapping' | 'methodId'>>,
): { instrument: string; methodId: string } | { ambiguous: string } | undefined {
  const matches = saved.filter((m) => m.methodId !== null && sameRowColumns(columns, m.mapping)).sort((a, b) => a.instrument.localeCompare(b.instrument));
  if (matches.length === 0) return undefined;
  const methods = new Set(matches.map((m) => m.methodId));
  if (methods.size > 1)
    return {
      ambiguous: `its sample, analyte and value columns are those of the saved mappings of ${matches.map((m) => `instrument "${m.instrument}" (method ${m.methodId})`).join(', ')}; name the instrument instead`,
    };
  return { instrument: matches[0].instrument, methodId: matches[0].methodId! };
}

/** The parse, with a warning saying which saved mapping a one-off columnMapping was taken for (its method applies). */
export function withMappingWarning(parsed: ParseResult, mapping: InstrumentMapping | undefined): ParseResult {
  if (mapping?.matchedBy !== 'columns') return parsed;
  const said = `the upload's columnMapping has the sample, analyte and value columns of instrument "${mapping.instrument}"'s saved mapping: its method ${mapping.methodId} applies, as if instrument "${mapping.instrument}" were named`;
  return { ...parsed, warnings: [said, ...parsed.warnings] };
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
    return { instrument, columns: saved.mapping, methodId: saved.methodId, savedBy: await this.savedBy(saved), matchedBy: 'instrument' };
  }

  /** The saved mapping (with a method) a one-off columnMapping repeats the columns of (see mappingMatching); 400 when several methods would apply. */
  async mappingRepeatedBy(columns: GenericColumnMapping): Promise<InstrumentMapping | undefined> {
    const found = mappingMatching(columns, await this.repo.find({ where: { methodId: Not(IsNull()) } }));
    if (!found) return undefined;
    if ('ambiguous' in found)
      throw new InstrumentsError(InstrumentsErrorCode.INVALID_IMPORT_REQUEST, `columnMapping: ${found.ambiguous}; nothing was stored`, [
        { field: 'columnMapping', message: found.ambiguous },
      ]);
    return { ...(await this.mappingFor(found.instrument)), matchedBy: 'columns' };
  }

  /** The last saver as they were named when they saved it (the audit's label); their id alone if the trail lacks it. */
  private async savedBy(saved: ColumnMappingEntity): Promise<{ id: string; label: string }> {
    const trail = await this.audit.trail([{ entityType: 'instrument', entityId: saved.instrument }]);
    const event = trail.filter((e) => e.action === 'instrument_mapping.saved' && e.actor.id === saved.updatedBy).at(-1);
    return { id: saved.updatedBy, label: event?.actor.label ?? saved.updatedBy };
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
