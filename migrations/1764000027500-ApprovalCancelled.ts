import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An approval request can end without a decision: `cancelled`, either withdrawn by its requester or
 * cancelled because the requester stopped being an admin. It reuses the decision columns: who closed
 * it (the requester, for a withdrawal), when, and why (required, as for a rejection). The second-person
 * check keeps binding approvals and rejections only, since a withdrawal is the requester's own act.
 */
export class ApprovalCancelled1764000027500 implements MigrationInterface {
  name = 'ApprovalCancelled1764000027500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE approval_requests
        DROP CONSTRAINT approval_requests_status_check,
        DROP CONSTRAINT approval_requests_reason_check,
        DROP CONSTRAINT approval_requests_second_person_check`);
    await q.query(`
      ALTER TABLE approval_requests
        ADD CONSTRAINT approval_requests_status_check CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
        ADD CONSTRAINT approval_requests_reason_check
          CHECK (status NOT IN ('rejected', 'cancelled') OR length(btrim(coalesce(reason, ''))) > 0),
        ADD CONSTRAINT approval_requests_second_person_check
          CHECK (status = 'cancelled' OR decided_by_id IS NULL OR requested_by_id IS NULL OR decided_by_id <> requested_by_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Without the status, a request closed unapplied reads as rejected, its reason and closer's name kept.
    // The closer's id goes (it may be the requester's own, which a rejection may not be). Decided rows are
    // frozen by trigger, so it is lifted for this one rewrite.
    await q.query(`ALTER TABLE approval_requests DISABLE TRIGGER approval_requests_decide_once`);
    await q.query(`UPDATE approval_requests SET status = 'rejected', decided_by_id = NULL WHERE status = 'cancelled'`);
    await q.query(`ALTER TABLE approval_requests ENABLE TRIGGER approval_requests_decide_once`);
    await q.query(`
      ALTER TABLE approval_requests
        DROP CONSTRAINT approval_requests_status_check,
        DROP CONSTRAINT approval_requests_reason_check,
        DROP CONSTRAINT approval_requests_second_person_check`);
    await q.query(`
      ALTER TABLE approval_requests
        ADD CONSTRAINT approval_requests_status_check CHECK (status IN ('pending', 'approved', 'rejected')),
        ADD CONSTRAINT approval_requests_reason_check CHECK (status <> 'rejected' OR length(btrim(coalesce(reason, ''))) > 0),
        ADD CONSTRAINT approval_requests_second_person_check
          CHECK (decided_by_id IS NULL OR requested_by_id IS NULL OR decided_by_id <> requested_by_id)`);
  }
}
