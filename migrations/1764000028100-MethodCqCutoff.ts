import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A qPCR method's validated Cq cut-off, kept in the method registry (approved by a second admin) so
 * that imports through the method call wells by it instead of an upload's choice. Repeated on each of
 * the method's rows, as its name and SOP are. Null for methods without one (every method loaded so
 * far): their imports keep the upload's cut-off or the default.
 */
export class MethodCqCutoff1764000028100 implements MigrationInterface {
  name = 'MethodCqCutoff1764000028100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE method_analytes ADD COLUMN cq_cutoff numeric NULL CHECK (cq_cutoff >= 35 AND cq_cutoff <= 40)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE method_analytes DROP COLUMN cq_cutoff`);
  }
}
