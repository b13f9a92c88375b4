import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every committed change to a sample row is announced on the `labtrace_sample_version` channel, so
 * that each API process can answer licensee polls from memory (src/licensee-api/poll) and still see a
 * change made by any other process within milliseconds. A trigger rather than the writers: it cannot be
 * forgotten by a new writer or a set-based statement, and PostgreSQL delivers the notification only
 * when (and if) the writing transaction commits.
 *
 * Payload: `<sample id> <row_version> <1 when which sample a licensee's inventory id names may have
 * changed (insert, delete, licensee or inventory ids changed), else 0>`.
 */
export class SampleVersionNotify1764000023500 implements MigrationInterface {
  name = 'SampleVersionNotify1764000023500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_sample_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM pg_notify('labtrace_sample_version', OLD.id::text || ' ' || OLD.row_version || ' 1');
          RETURN OLD;
        END IF;
        PERFORM pg_notify('labtrace_sample_version', NEW.id::text || ' ' || NEW.row_version || ' ' ||
          CASE WHEN TG_OP = 'INSERT'
                 OR NEW.licensee_id IS DISTINCT FROM OLD.licensee_id
                 OR NEW.sample_inventory_id IS DISTINCT FROM OLD.sample_inventory_id
                 OR NEW.inventory_ids IS DISTINCT FROM OLD.inventory_ids
               THEN '1' ELSE '0' END);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER samples_notify_version AFTER INSERT OR UPDATE OR DELETE ON samples
      FOR EACH ROW EXECUTE FUNCTION notify_sample_version()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER samples_notify_version ON samples`);
    await q.query(`DROP FUNCTION notify_sample_version()`);
  }
}
