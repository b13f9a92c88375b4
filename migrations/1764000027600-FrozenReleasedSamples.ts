import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Defence in depth behind the API (audit2 F-8): even the runtime role cannot rewrite what a released
 * certificate rests on, nor a QC flag's resolution.
 *
 * samples, once released (status `released`, or a released_at or coa_version set), column by column:
 * - Stated by the certificate or the basis of its judgement, fixed for good: id, transfer_id,
 *   licensee_id (the client), sample_inventory_id, inventory_ids (the lots), product_type (which limits
 *   apply), name, quantity, unit, requested_tests, solvent_extracted (residual solvents in the panel),
 *   collected_at, collection_site, status (`released` is final), lab_code, received_at, received_by,
 *   received_quantity, received_unit, condition, rejection_reason, notes (the receipt record), panel,
 *   panel_set_id, parent_sample_id, retest_groups, servings_per_package, package_net_weight_g,
 *   serving_weight_g, claim_total_thc_mg, claim_total_cbd_mg, claim_basis (per-serving judgement),
 *   created_at. So is any column added later and not named below.
 * - Moved only by an approved amendment's release (AmendmentsService.releaseAmendment): result_status,
 *   failed_groups, failed_analytes, coa_version, released_at. That release first writes the new
 *   judgement (coa_version still N), then coa_version N+1 with its released_at, after storing version
 *   N+1's COA document and deciding its amendment `released`. So these change only while that document
 *   and amendment exist: coa_version exactly one up, released_at the document's, result_status the
 *   document's overall verdict.
 * - Bookkeeping that goes on after release: storage_location (custody `moved`), updated_at and
 *   row_version (every touch: delivery hooks, webhooks, licensee ETags). Delivery status lives in
 *   biotrack_submissions, not here.
 *
 * qc_flags: a flag is resolved once (resolved_at, resolved_by, resolution) and nothing else of it
 * changes; a resolved flag is neither changed nor deleted.
 *
 * Refusals are SQLSTATE 42501 (insufficient_privilege), as the frozen analyte results' trigger raises.
 */
export class FrozenReleasedSamples1764000027600 implements MigrationInterface {
  name = 'FrozenReleasedSamples1764000027600';

  async up(q: QueryRunner): Promise<void> {
    const columns = (await q.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'samples' ORDER BY 1`,
    )) as Array<{ column_name: string }>;
    const classified = new Set([...STATED, ...AMENDED, ...BOOKKEEPING]);
    const unclassified = columns.map((c) => c.column_name).filter((c) => !classified.has(c));
    if (unclassified.length > 0) throw new Error(`samples columns not classified for release: ${unclassified.join(', ')}`);

    await q.query(`
      CREATE FUNCTION refuse_released_sample_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        sample text := coalesce(OLD.lab_code, OLD.id::text);
        fixed text[];
        verdict_changed boolean := NEW.result_status IS DISTINCT FROM OLD.result_status
          OR NEW.failed_groups IS DISTINCT FROM OLD.failed_groups OR NEW.failed_analytes IS DISTINCT FROM OLD.failed_analytes;
        released record;
      BEGIN
        IF OLD.status <> 'released' AND OLD.released_at IS NULL AND OLD.coa_version IS NULL THEN
          RETURN NEW;
        END IF;
        SELECT array_agg(n.key ORDER BY n.key) INTO fixed
          FROM jsonb_each(to_jsonb(NEW) - ${sqlArray([...AMENDED, ...BOOKKEEPING])}) n
         WHERE n.value IS DISTINCT FROM to_jsonb(OLD) -> n.key;
        IF fixed IS NOT NULL THEN
          RAISE EXCEPTION 'sample % is released: its certificate rests on % (UPDATE refused)', sample, array_to_string(fixed, ', ')
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.coa_version IS NOT DISTINCT FROM OLD.coa_version AND NEW.released_at IS NOT DISTINCT FROM OLD.released_at AND NOT verdict_changed THEN
          RETURN NEW;
        END IF;
        -- Only the release of the next version, amended and approved, moves the verdict or the version.
        SELECT d.overall, d.released_at INTO released
          FROM coa_documents d
          JOIN coa_amendments a ON a.sample_id = d.sample_id AND a.version = d.version AND a.status = 'released'
         WHERE d.sample_id = OLD.id AND d.version = OLD.coa_version + 1;
        IF NOT FOUND
           OR (NEW.coa_version IS DISTINCT FROM OLD.coa_version AND NEW.coa_version IS DISTINCT FROM OLD.coa_version + 1)
           OR (NEW.coa_version = OLD.coa_version AND NEW.released_at IS DISTINCT FROM OLD.released_at)
           OR (NEW.coa_version <> OLD.coa_version AND NEW.released_at IS DISTINCT FROM released.released_at)
           OR (CASE NEW.result_status WHEN 'pass' THEN 'pass' WHEN 'fail' THEN 'fail' ELSE 'incomplete' END) <> released.overall THEN
          RAISE EXCEPTION 'sample % is released at version %: its verdict, version and release time change only as the approved amendment to version % was released (UPDATE refused)',
            sample, OLD.coa_version, OLD.coa_version + 1
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER samples_released_frozen BEFORE UPDATE ON samples
      FOR EACH ROW EXECUTE FUNCTION refuse_released_sample_change()`);

    await q.query(`
      CREATE FUNCTION qc_flags_resolve_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.resolved_at IS NOT NULL THEN
          RAISE EXCEPTION 'QC flag % was resolved at %; a resolution is recorded once (% refused)', OLD.id, OLD.resolved_at, TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF TG_OP = 'DELETE' THEN
          RETURN OLD;
        END IF;
        IF (to_jsonb(NEW) - ${sqlArray(RESOLUTION)}) IS DISTINCT FROM (to_jsonb(OLD) - ${sqlArray(RESOLUTION)}) THEN
          RAISE EXCEPTION 'QC flag %: only its resolution may be recorded (UPDATE refused)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER qc_flags_resolve_once BEFORE UPDATE OR DELETE ON qc_flags
      FOR EACH ROW EXECUTE FUNCTION qc_flags_resolve_once()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER qc_flags_resolve_once ON qc_flags`);
    await q.query(`DROP FUNCTION qc_flags_resolve_once()`);
    await q.query(`DROP TRIGGER samples_released_frozen ON samples`);
    await q.query(`DROP FUNCTION refuse_released_sample_change()`);
  }
}

/** What a released sample's certificate states or was judged on (the trigger freezes every column not in the two lists below). */
const STATED = [
  'id',
  'transfer_id',
  'licensee_id',
  'sample_inventory_id',
  'inventory_ids',
  'product_type',
  'name',
  'quantity',
  'unit',
  'requested_tests',
  'solvent_extracted',
  'collected_at',
  'collection_site',
  'status',
  'lab_code',
  'received_at',
  'received_by',
  'received_quantity',
  'received_unit',
  'condition',
  'rejection_reason',
  'notes',
  'panel',
  'panel_set_id',
  'parent_sample_id',
  'retest_groups',
  'servings_per_package',
  'package_net_weight_g',
  'serving_weight_g',
  'claim_total_thc_mg',
  'claim_total_cbd_mg',
  'claim_basis',
  'created_at',
];

/** What an approved amendment's release writes. */
const AMENDED = ['result_status', 'failed_groups', 'failed_analytes', 'coa_version', 'released_at'];

/** Bookkeeping that changes after release. */
const BOOKKEEPING = ['storage_location', 'updated_at', 'row_version'];

/** A QC flag's resolution, written once. */
const RESOLUTION = ['resolved_at', 'resolved_by', 'resolution'];

const sqlArray = (names: readonly string[]) => `ARRAY[${names.map((n) => `'${n}'`).join(', ')}]::text[]`;
