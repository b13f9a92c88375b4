import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20: a manifest id is unique per sender, not lab-wide. Lab-wide, a licensee re-using another's
 * manifest id was answered from the other licensee's transfer (their license, tags and quantities).
 */
export class TransferManifestPerLicensee1764000019000 implements MigrationInterface {
  name = 'TransferManifestPerLicensee1764000019000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sample_transfers DROP CONSTRAINT sample_transfers_manifest_id_key`);
    await q.query(`ALTER TABLE sample_transfers ADD CONSTRAINT sample_transfers_licensee_manifest_key UNIQUE (licensee_id, manifest_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Fails, as it should, once two licensees share a manifest id.
    await q.query(`ALTER TABLE sample_transfers DROP CONSTRAINT sample_transfers_licensee_manifest_key`);
    await q.query(`ALTER TABLE sample_transfers ADD CONSTRAINT sample_transfers_manifest_id_key UNIQUE (manifest_id)`);
  }
}
