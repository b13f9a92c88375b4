import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';

/** Another laboratory that reported a source's rows (a COA import): its name and license as its certificate prints them. */
export interface SourceReporter {
  lab: string | null;
  license: string | null;
}

/**
 * `result_source_reporters`: who reported the rows of a source that is not this laboratory's own work.
 * The import stores it with the rows (inside its transaction); the certificate reads it by the rows'
 * source ids, so it names the other lab and its license without reading the import's record.
 */
@Injectable()
export class SourceReportersRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async record(source: { type: 'coa_import'; id: string }, reporter: SourceReporter): Promise<void> {
    await this.uow.query(
      `INSERT INTO result_source_reporters (source_type, source_id, lab_name, lab_license) VALUES ($1, $2, $3, $4)
       ON CONFLICT (source_type, source_id) DO NOTHING`,
      [source.type, source.id, reporter.lab, reporter.license],
    );
  }

  /** The reporters of these sources (coa_import source ids), by source id; sources without one are absent. */
  async reportersOf(sourceIds: readonly string[]): Promise<Map<string, SourceReporter>> {
    if (sourceIds.length === 0) return new Map();
    const rows = await this.uow.query<Array<{ id: string; lab: string | null; license: string | null }>>(
      `SELECT source_id AS id, lab_name AS lab, lab_license AS license FROM result_source_reporters
        WHERE source_type = 'coa_import' AND source_id = ANY($1::uuid[])`,
      [[...new Set(sourceIds)]],
    );
    return new Map(rows.map((r) => [r.id, { lab: r.lab, license: r.license }]));
  }
}
