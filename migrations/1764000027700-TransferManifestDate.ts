import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the state system says a manifest was made (its earliest sample's date, BioTrack's createdAt or
 * Metrc's CreatedDateTime), kept for transfers taken in by state sync. A lab often receives a sample
 * before it syncs: a receipt entered after the fact may go back to the manifest's date, not only to
 * when the lab first synced (the receipt check in src/samples/receipt-date.ts). Null when the state gave none.
 */
export class TransferManifestDate1764000027700 implements MigrationInterface {
  name = 'TransferManifestDate1764000027700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sample_transfers ADD COLUMN manifest_at timestamptz NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sample_transfers DROP COLUMN manifest_at`);
  }
}
