import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Edibles and retests. An edible's package facts (servings per package, net weight of a package,
 * weight of one serving, all in grams) and the licensee's labelled potency claim are kept on the
 * sample, so per-serving and per-package potency and the claim comparison can be computed from them.
 * Samples also keep which analytes failed (beside failed_groups), so a retest can be refused when a
 * prohibited pesticide failed.
 */
export class EdiblesRetests1764000015000 implements MigrationInterface {
  name = 'EdiblesRetests1764000015000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE samples
        ADD COLUMN servings_per_package numeric CHECK (servings_per_package > 0),
        ADD COLUMN package_net_weight_g numeric CHECK (package_net_weight_g > 0),
        ADD COLUMN serving_weight_g numeric CHECK (serving_weight_g > 0),
        ADD COLUMN claim_total_thc_mg numeric CHECK (claim_total_thc_mg >= 0),
        ADD COLUMN claim_total_cbd_mg numeric CHECK (claim_total_cbd_mg >= 0),
        ADD COLUMN claim_basis text CHECK (claim_basis IN ('serving', 'package')),
        ADD COLUMN failed_analytes text[] NOT NULL DEFAULT '{}',
        ADD CONSTRAINT samples_serving_within_package CHECK (serving_weight_g IS NULL OR package_net_weight_g IS NULL OR serving_weight_g <= package_net_weight_g),
        ADD CONSTRAINT samples_claim_has_basis CHECK ((claim_total_thc_mg IS NULL AND claim_total_cbd_mg IS NULL) = (claim_basis IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE samples
        DROP CONSTRAINT samples_claim_has_basis,
        DROP CONSTRAINT samples_serving_within_package,
        DROP COLUMN failed_analytes,
        DROP COLUMN claim_basis,
        DROP COLUMN claim_total_cbd_mg,
        DROP COLUMN claim_total_thc_mg,
        DROP COLUMN serving_weight_g,
        DROP COLUMN package_net_weight_g,
        DROP COLUMN servings_per_package`);
  }
}
