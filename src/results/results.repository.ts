import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { arrayInsert, type ArrayColumn } from './batch/array-insert';
import type { RowWriter } from './contributors';
import { AnalyteResultEntity, type ResultSourceType } from './entities/analyte-result.entity';
import { QcFlagEntity } from './entities/qc-flag.entity';
import type { StoredRowOrigin } from './row-origins';

export type NewResultRow = Omit<AnalyteResultEntity, 'createdAt' | 'updatedAt' | 'frozen'>;

/** A built INSERT of result rows (rowsInsert), run by insertRows. */
export interface RowsInsert {
  readonly rows: number;
  readonly sql: string;
  readonly params: unknown[];
}

/** A sample's version, as a map key. */
export function versionKey(sampleId: string, version: number): string {
  return `${sampleId}:${version}`;
}

/** The columns a new row is written with (insertRows), their SQL types, and where each comes from. */
const ROW_COLUMNS: ReadonlyArray<ArrayColumn<NewResultRow>> = [
  ['sample_id', 'uuid', (r) => r.sampleId],
  ['version', 'int', (r) => r.version],
  ['analyte_group', 'text', (r) => r.analyteGroup],
  ['analyte', 'text', (r) => r.analyte],
  ['analyte_name', 'text', (r) => r.analyteName],
  ['value', 'numeric', (r) => r.value],
  ['qualifier', 'text', (r) => r.qualifier],
  ['unit', 'text', (r) => r.unit],
  ['lod', 'numeric', (r) => r.lod],
  ['loq', 'numeric', (r) => r.loq],
  ['dilution', 'numeric', (r) => r.dilution],
  ['method', 'text', (r) => r.method],
  ['method_id', 'text', (r) => r.methodId],
  ['method_set_id', 'uuid', (r) => r.methodSetId],
  ['instrument', 'text', (r) => r.instrument],
  ['analyst', 'text', (r) => r.analyst],
  ['analysed_at', 'timestamptz', (r) => r.analysedAt],
  ['source_type', 'text', (r) => r.sourceType],
  ['source_id', 'uuid', (r) => r.sourceId],
  ['entered_by', 'uuid', (r) => r.enteredBy],
  ['computed', 'boolean', (r) => r.computed],
  ['limit_set_id', 'uuid', (r) => r.limitSetId],
  ['status', 'text', (r) => r.status],
  ['limit_text', 'text', (r) => r.limitText],
  ['judgement_reason', 'text', (r) => r.judgementReason],
];

/** Every column of a stored row, aliased to the entity's property names (rowsForMany). */
const STORED_COLUMNS = [...ROW_COLUMNS.map(([column]) => column), 'frozen', 'created_at', 'updated_at']
  .map((column) => `r.${column} AS "${column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}"`)
  .join(', ');

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

  /**
   * Several versions' rows in one query, each version's in rowsFor's order. Read with plain SQL and
   * aliased columns (node-pg's own type parsing: numeric as text, timestamptz as Date), not hydrated
   * by TypeORM: a re-import reads back every row it merges into, tens of thousands.
   */
  async rowsForMany(versions: ReadonlyArray<{ sampleId: string; version: number }>): Promise<Map<string, AnalyteResultEntity[]>> {
    const out = new Map<string, AnalyteResultEntity[]>();
    if (versions.length === 0) return out;
    const rows = await this.uow.query<AnalyteResultEntity[]>(
      `SELECT ${STORED_COLUMNS} FROM analyte_results r
        WHERE (r.sample_id, r.version) IN (SELECT k.s, k.v FROM unnest($1::uuid[], $2::int[]) AS k(s, v))
        ORDER BY r.analyte_group ASC, r.computed ASC, r.analyte ASC`,
      [versions.map((v) => v.sampleId), versions.map((v) => v.version)],
    );
    for (const raw of rows) {
      const row = Object.assign(new AnalyteResultEntity(), raw);
      const key = versionKey(row.sampleId, row.version);
      const list = out.get(key);
      if (list) list.push(row);
      else out.set(key, [row]);
    }
    return out;
  }

  /**
   * The INSERT of `rows`, in the given order, from array parameters (see arrayInsert: a fraction of the
   * bytes of one JSON recordset). Built apart from `insertRows` so a batch builds it before its
   * transaction opens: for 20,000 rows the building is tens of milliseconds the locks need not wait for.
   */
  async rowsInsert(rows: readonly NewResultRow[], turnTaken?: () => Promise<void>): Promise<RowsInsert> {
    return { rows: rows.length, ...(await arrayInsert('analyte_results', ROW_COLUMNS, rows, turnTaken)) };
  }

  /**
   * Removes several working versions' rows in one statement, before insertRows writes their new ones
   * (no parameter limit, no round trip per version). Frozen rows refuse by trigger, as in replaceRows.
   */
  async deleteVersions(versions: ReadonlyArray<{ sampleId: string; version: number }>): Promise<void> {
    if (versions.length === 0) return;
    await this.uow.query(
      `DELETE FROM analyte_results a USING unnest($1::uuid[], $2::int[]) AS k(sample_id, version) WHERE a.sample_id = k.sample_id AND a.version = k.version`,
      [versions.map((v) => v.sampleId), versions.map((v) => v.version)],
    );
  }

  /** Writes a built INSERT (rowsInsert): every row of a batch in one statement, however many. */
  async insertRows(insert: RowsInsert): Promise<void> {
    if (insert.rows > 0) await this.uow.query(insert.sql, insert.params);
  }

  /**
   * Changes whenever a rule set (limits, panels, methods) is loaded or decided: the sets and their rows
   * are append-only and decided once, so a batch judged before its transaction can tell it still holds.
   */
  async rulesFingerprint(): Promise<string> {
    const [row] = await this.uow.query<Array<{ n: string; decided: string }>>(`SELECT count(*) AS n, count(decided_at) AS decided FROM rule_sets`);
    return `${row.n}/${row.decided}`;
  }

  async freeze(sampleId: string, version: number): Promise<number> {
    const answer = await this.results.update({ sampleId, version, frozen: false }, { frozen: true });
    return answer.affected ?? 0;
  }

  /** Lab users who entered or imported any of the version's results, per source and group (see contributorsOf). */
  async writersOfVersion(sampleId: string, version: number): Promise<RowWriter[]> {
    const rows: Array<{ entered_by: string; analyst: string | null; source_type: ResultSourceType; analyte_group: string }> = await this.uow.query(
      `SELECT DISTINCT entered_by, analyst, source_type, analyte_group FROM analyte_results WHERE sample_id = $1 AND version = $2 AND entered_by IS NOT NULL`,
      [sampleId, version],
    );
    return rows.map((r) => ({ userId: r.entered_by, label: r.analyst, sourceType: r.source_type, group: r.analyte_group }));
  }

  /** Who uploaded an import run (instrument export or COA PDF; the instruments module writes instrument_imports). */
  async importUploader(importId: string): Promise<string | null> {
    const rows: Array<{ uploaded_by: string }> = await this.uow.query(`SELECT uploaded_by FROM instrument_imports WHERE id = $1`, [importId]);
    return rows[0]?.uploaded_by ?? null;
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

  /** The flags stored, each with its id (as returned by the INSERT, so each id goes with its own row whatever the order). */
  async insertQcFlags(
    flags: Array<Pick<QcFlagEntity, 'sampleId' | 'importId' | 'analyteGroup' | 'analyte' | 'kind' | 'message'>>,
  ): Promise<Array<Pick<QcFlagEntity, 'id' | 'sampleId' | 'importId' | 'analyteGroup' | 'analyte' | 'kind' | 'message'>>> {
    // From arrays, in the given order: a 400-sample batch with failing QC rows is thousands of flags.
    if (flags.length === 0) return [];
    return this.uow.query(
      `INSERT INTO qc_flags (sample_id, import_id, analyte_group, analyte, kind, message)
           SELECT s, i, g, a, k, m FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS f(s, i, g, a, k, m, n) ORDER BY n
         RETURNING id, sample_id AS "sampleId", import_id AS "importId", analyte_group AS "analyteGroup", analyte, kind, message`,
      [
        flags.map((f) => f.sampleId),
        flags.map((f) => f.importId),
        flags.map((f) => f.analyteGroup),
        flags.map((f) => f.analyte),
        flags.map((f) => f.kind),
        flags.map((f) => f.message),
      ],
    );
  }

  /**
   * Where each stored row of these sample versions came from (computed rows left out): what a re-import
   * may write over and what it must leave, and what it reports and who wrote it (an import changing a
   * row written by hand needs a reason, see handRowsChanged). Only those columns, read with plain SQL.
   */
  async rowOrigins(versions: ReadonlyArray<{ sampleId: string; version: number }>): Promise<StoredRowOrigin[]> {
    if (versions.length === 0) return [];
    return this.uow.query<StoredRowOrigin[]>(
      `SELECT r.sample_id AS "sampleId", r.analyte, r.analyte_group AS "analyteGroup", r.source_type AS "sourceType",
              r.source_id AS "sourceId", to_char(r.analysed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "analysedAt",
              r.value::text AS value, r.qualifier, r.unit, r.analyst
         FROM analyte_results r
        WHERE (r.sample_id, r.version) IN (SELECT k.s, k.v FROM unnest($1::uuid[], $2::int[]) AS k(s, v)) AND NOT r.computed`,
      [versions.map((v) => v.sampleId), versions.map((v) => v.version)],
    );
  }

  /** rowOrigins of each sample's latest version that has rows (a duplicate's answer checks its rows are still its own). */
  async latestRowOrigins(sampleIds: readonly string[]): Promise<StoredRowOrigin[]> {
    if (sampleIds.length === 0) return [];
    const latest = await this.uow.query<Array<{ sampleId: string; version: number }>>(
      `SELECT sample_id AS "sampleId", max(version)::int AS version FROM analyte_results WHERE sample_id = ANY($1::uuid[]) GROUP BY sample_id`,
      [[...sampleIds]],
    );
    return this.rowOrigins(latest);
  }
}
