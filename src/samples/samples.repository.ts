import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { Actor } from '../common/actor';
import { KeysetPosition } from '../common/cursor';
import { UnitOfWork } from '../database/unit-of-work';
import { ProductType } from '../rules/product-types';
import { CustodyEventEntity, CustodyKind } from './entities/custody-event.entity';
import { SampleTransferEntity } from './entities/sample-transfer.entity';
import { SampleEntity } from './entities/sample.entity';
import { SampleStatus } from './sample-status';

export interface SampleFilter {
  statuses?: SampleStatus[];
  licenseeId?: string;
  productType?: ProductType;
  receivedFrom?: string;
  receivedTo?: string;
  announcedFrom?: string;
  announcedTo?: string;
  manifestId?: string;
  text?: string;
}

/**
 * When the sample entered its current status: its latest status change, else its announcement. The
 * review queue reads it as the submission time.
 */
const STATUS_SINCE = `COALESCE((SELECT max(c.at) FROM custody_events c WHERE c.sample_id = s.id AND c.kind = 'status_changed'), s.created_at)`;

export interface CustodyInput {
  kind: CustodyKind;
  location?: string | null;
  quantity?: string | null;
  unit?: string | null;
  note?: string | null;
  details?: Record<string, unknown> | null;
}

@Injectable()
export class SamplesRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get samples() {
    return this.uow.manager.getRepository(SampleEntity);
  }

  private get transfers() {
    return this.uow.manager.getRepository(SampleTransferEntity);
  }

  private get custody() {
    return this.uow.manager.getRepository(CustodyEventEntity);
  }

  /** Manifest ids are the sender's: two licensees may use the same one. */
  findTransferByManifest(licenseeId: string, manifestId: string): Promise<SampleTransferEntity | null> {
    return this.transfers.findOneBy({ licenseeId, manifestId });
  }

  findTransferById(id: string): Promise<SampleTransferEntity | null> {
    return this.transfers.findOneBy({ id });
  }

  saveTransfer(t: Partial<SampleTransferEntity>): Promise<SampleTransferEntity> {
    return this.transfers.save(this.transfers.create(t));
  }

  findById(id: string): Promise<SampleEntity | null> {
    return this.samples.findOneBy({ id });
  }

  /** Row lock for state changes: two technicians receiving the same sample serialise here. */
  findByIdForUpdate(id: string): Promise<SampleEntity | null> {
    return this.samples.createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id }).getOne();
  }

  /** Row locks on many samples in one statement, taken in id order so two batches naming the same samples cannot deadlock. */
  /** The row versions of the samples, locked as findByIdsForUpdate locks them, without reading whole rows. */
  async lockVersions(ids: readonly string[]): Promise<Array<{ id: string; rowVersion: number }>> {
    if (ids.length === 0) return [];
    const rows = await this.uow.query<Array<{ id: string; row_version: number }>>(
      `SELECT id, row_version FROM samples WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return rows.map((r) => ({ id: r.id, rowVersion: r.row_version }));
  }

  findByIdsForUpdate(ids: readonly string[]): Promise<SampleEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.samples
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = ANY(CAST(:ids AS uuid[]))', { ids })
      .orderBy('s.id', 'ASC')
      .getMany();
  }

  /**
   * Status, judgement and row version of many samples in one statement (a batch of results): each row's
   * version goes up by `bumps`, as the saves and the bump of the one-sample path would have moved it.
   */
  async applyResults(
    changes: ReadonlyArray<{ id: string; status: string; resultStatus: string | null; failedGroups: string[]; failedAnalytes: string[]; bumps: number }>,
  ): Promise<Map<string, { rowVersion: number; updatedAt: Date }>> {
    if (changes.length === 0) return new Map();
    const rows = await this.uow.query<Array<{ id: string; row_version: number; updated_at: Date }>>(
      `UPDATE samples s
          SET status = c.status, result_status = c.result_status,
              failed_groups = ARRAY(SELECT jsonb_array_elements_text(c.failed_groups::jsonb)),
              failed_analytes = ARRAY(SELECT jsonb_array_elements_text(c.failed_analytes::jsonb)),
              row_version = s.row_version + c.bumps, updated_at = clock_timestamp()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) AS c(id, status, result_status, failed_groups, failed_analytes, bumps)
        WHERE s.id = c.id
      RETURNING s.id, s.row_version, s.updated_at`,
      [
        changes.map((c) => c.id),
        changes.map((c) => c.status),
        changes.map((c) => c.resultStatus),
        changes.map((c) => JSON.stringify(c.failedGroups)),
        changes.map((c) => JSON.stringify(c.failedAnalytes)),
        changes.map((c) => c.bumps),
      ],
    );
    return new Map(rows.map((r) => [r.id, { rowVersion: r.row_version, updatedAt: r.updated_at }]));
  }

  /** The same custody event for many samples, in one statement, in the order given. */
  async appendCustodyMany(entries: ReadonlyArray<{ sampleId: string; event: CustodyInput }>, actor: Actor): Promise<void> {
    if (entries.length === 0) return;
    await this.uow.query(
      `INSERT INTO custody_events (sample_id, kind, actor_type, actor_id, actor_label, location, quantity, unit, note, details)
         SELECT s, k, $3::text, $4::text, $5::text, l, q, u, n, d::jsonb
           FROM unnest($1::uuid[], $2::text[], $6::text[], $7::numeric[], $8::text[], $9::text[], $10::text[]) WITH ORDINALITY AS c(s, k, l, q, u, n, d, o)
          ORDER BY o`,
      [
        entries.map((e) => e.sampleId),
        entries.map((e) => e.event.kind),
        actor.type,
        actor.id ?? null,
        actor.label,
        entries.map((e) => e.event.location ?? null),
        entries.map((e) => e.event.quantity ?? null),
        entries.map((e) => e.event.unit ?? null),
        entries.map((e) => e.event.note ?? null),
        entries.map((e) => (e.event.details ? JSON.stringify(e.event.details) : null)),
      ],
    );
  }

  findByInventoryIds(ids: string[]): Promise<SampleEntity[]> {
    return ids.length ? this.samples.createQueryBuilder('s').where('s.sample_inventory_id = ANY(:ids)', { ids }).getMany() : Promise.resolve([]);
  }

  findByTransfer(transferId: string): Promise<SampleEntity[]> {
    return this.samples.find({ where: { transferId }, order: { sampleInventoryId: 'ASC' } });
  }

  findByLabCodes(labCodes: readonly string[]): Promise<SampleEntity[]> {
    return labCodes.length ? this.samples.createQueryBuilder('s').where('s.lab_code = ANY(:labCodes)', { labCodes }).getMany() : Promise.resolve([]);
  }

  findByLabCode(labCode: string): Promise<SampleEntity | null> {
    return this.samples.findOneBy({ labCode });
  }

  /** An entity is saved in place, so the caller's object keeps the new row version for its next save. */
  save(sample: Partial<SampleEntity>): Promise<SampleEntity> {
    return this.samples.save(sample instanceof SampleEntity ? sample : this.samples.create(sample));
  }

  /** Marks the row changed (version and update time) even when no column of it changed. */
  async bump(sample: SampleEntity): Promise<void> {
    const [row] = await this.uow.query<Array<{ row_version: number; updated_at: Date }>>(
      `UPDATE samples SET row_version = row_version + 1, updated_at = clock_timestamp() WHERE id = $1 RETURNING row_version, updated_at`,
      [sample.id],
    );
    sample.rowVersion = row.row_version;
    sample.updatedAt = row.updated_at;
  }

  async nextLabCodeNumber(): Promise<number> {
    const [row] = await this.uow.query<Array<{ n: string }>>(`SELECT nextval('sample_lab_code_seq') AS n`);
    return Number(row.n);
  }

  async appendCustody(sampleId: string, actor: Actor, e: CustodyInput): Promise<void> {
    await this.custody.insert({
      sampleId,
      kind: e.kind,
      actorType: actor.type,
      actorId: actor.id ?? null,
      actorLabel: actor.label,
      location: e.location ?? null,
      quantity: e.quantity ?? null,
      unit: e.unit ?? null,
      note: e.note ?? null,
      details: (e.details ?? null) as never,
    });
  }

  /** Each sample's latest `announced` custody event's details (what the sender last said about it). */
  async latestAnnouncements(sampleIds: string[]): Promise<Map<string, Record<string, unknown> | null>> {
    if (sampleIds.length === 0) return new Map();
    const rows = await this.uow.query<Array<{ sample_id: string; details: Record<string, unknown> | null }>>(
      `SELECT DISTINCT ON (sample_id) sample_id, details FROM custody_events WHERE sample_id = ANY($1::uuid[]) AND kind = 'announced' ORDER BY sample_id, id DESC`,
      [sampleIds],
    );
    return new Map(rows.map((r) => [r.sample_id, r.details]));
  }

  custodyOf(sampleId: string): Promise<CustodyEventEntity[]> {
    return this.custody.find({ where: { sampleId }, order: { id: 'ASC' } });
  }

  /**
   * One page, newest first, by (created_at, id) keyset. The timestamp travels as text with its
   * microseconds so the cursor never skips or repeats rows that share a millisecond.
   */
  async page(
    filter: SampleFilter,
    after: KeysetPosition | undefined,
    limit: number,
    sort: 'newest' | 'oldest_in_status' = 'newest',
  ): Promise<Array<{ sample: SampleEntity; position: KeysetPosition }>> {
    const oldestInStatus = sort === 'oldest_in_status';
    const key = oldestInStatus ? STATUS_SINCE : 's.created_at';
    const qb = this.samples
      .createQueryBuilder('s')
      .addSelect(`to_char((${key}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_at')
      .limit(limit);
    if (oldestInStatus) qb.orderBy(STATUS_SINCE, 'ASC').addOrderBy('s.id', 'ASC');
    else qb.orderBy('s.created_at', 'DESC').addOrderBy('s.id', 'DESC');
    if (filter.statuses?.length) qb.andWhere('s.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.licenseeId) qb.andWhere('s.licensee_id = :licenseeId', { licenseeId: filter.licenseeId });
    if (filter.productType) qb.andWhere('s.product_type = :productType', { productType: filter.productType });
    if (filter.receivedFrom) qb.andWhere('s.received_at >= :from', { from: filter.receivedFrom });
    if (filter.receivedTo) qb.andWhere('s.received_at < :to', { to: filter.receivedTo });
    if (filter.announcedFrom) qb.andWhere('s.created_at >= :announcedFrom', { announcedFrom: filter.announcedFrom });
    if (filter.announcedTo) qb.andWhere('s.created_at < :announcedTo', { announcedTo: filter.announcedTo });
    if (filter.manifestId) {
      qb.andWhere('s.transfer_id IN (SELECT t.id FROM sample_transfers t WHERE t.manifest_id = :manifestId)', { manifestId: filter.manifestId.trim() });
    }
    if (filter.text) {
      const text = filter.text.trim();
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('s.lab_code = :exact', { exact: text.toUpperCase() })
            .orWhere('s.sample_inventory_id = :exact2', { exact2: text })
            .orWhere(':exact2 = ANY(s.inventory_ids)')
            .orWhere('s.name ILIKE :like', { like: `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` }),
        ),
      );
    }
    if (after) {
      const position = { afterAt: after.at, afterId: after.id };
      if (oldestInStatus) qb.andWhere(`(${STATUS_SINCE}, s.id) > (:afterAt::timestamptz, :afterId::uuid)`, position);
      else qb.andWhere('(s.created_at, s.id) < (:afterAt::timestamptz, :afterId::uuid)', position);
    }
    const { entities, raw } = await qb.getRawAndEntities<{ cursor_at: string; s_id: string }>();
    const atById = new Map(raw.map((r) => [r.s_id, r.cursor_at]));
    return entities.map((sample) => ({ sample, position: { at: atById.get(sample.id)!, id: sample.id } }));
  }

  /** When each sample entered its current status (see STATUS_SINCE). */
  async statusSince(sampleIds: string[]): Promise<Map<string, Date>> {
    if (sampleIds.length === 0) return new Map();
    const rows = await this.uow.query<Array<{ id: string; since: Date }>>(`SELECT s.id, ${STATUS_SINCE} AS since FROM samples s WHERE s.id = ANY($1::uuid[])`, [
      sampleIds,
    ]);
    return new Map(rows.map((r) => [r.id, r.since]));
  }

  /** A licensee's sample by its own tag, or the newest sample of a lot it sent. Indexed either way. */
  async findForLicensee(licenseeId: string, inventoryId: string): Promise<SampleEntity | null> {
    const own = await this.samples.findOneBy({ sampleInventoryId: inventoryId, licenseeId });
    if (own) return own;
    return this.samples
      .createQueryBuilder('s')
      .where('s.licensee_id = :licenseeId AND :inventoryId = ANY(s.inventory_ids)', { licenseeId, inventoryId })
      .orderBy('s.created_at', 'DESC')
      .getOne();
  }

  /** Licensee polling: oldest change first by (updated_at, id), so a poller resumes where it stopped. */
  async changedSince(licenseeId: string, since: string | undefined, after: KeysetPosition | undefined, limit: number) {
    const qb = this.samples
      .createQueryBuilder('s')
      .addSelect(`to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_at')
      .where('s.licensee_id = :licenseeId', { licenseeId })
      .orderBy('s.updated_at', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(limit);
    if (since) qb.andWhere('s.updated_at >= :since::timestamptz', { since });
    if (after) qb.andWhere('(s.updated_at, s.id) > (:afterAt::timestamptz, :afterId::uuid)', { afterAt: after.at, afterId: after.id });
    const { entities, raw } = await qb.getRawAndEntities<{ cursor_at: string; s_id: string }>();
    const atById = new Map(raw.map((r) => [r.s_id, r.cursor_at]));
    return entities.map((sample) => ({ sample, position: { at: atById.get(sample.id)!, id: sample.id } }));
  }

  async countByStatus(licenseeId?: string): Promise<Record<string, number>> {
    const rows = await this.uow.query<Array<{ status: string; n: string }>>(
      `SELECT status, count(*) AS n FROM samples ${licenseeId ? 'WHERE licensee_id = $1' : ''} GROUP BY status`,
      licenseeId ? [licenseeId] : [],
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
