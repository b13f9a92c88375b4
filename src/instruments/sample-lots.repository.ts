import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';

/** The one sample query the import matcher needs that the samples module does not offer. */
@Injectable()
export class SampleLotsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Ids of the samples taken from any of these lots (sampled inventory ids), oldest first. */
  async sampleIdsOfLots(lots: readonly string[]): Promise<string[]> {
    if (lots.length === 0) return [];
    const rows = await this.uow.query<Array<{ id: string }>>(`SELECT id FROM samples WHERE inventory_ids && $1::text[] ORDER BY created_at`, [lots]);
    return rows.map((r) => r.id);
  }
}
