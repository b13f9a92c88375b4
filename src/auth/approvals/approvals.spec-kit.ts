import type { AuditRecord, AuditService } from '../../audit/audit.service';
import type { UnitOfWork } from '../../database/unit-of-work';
import type { ApprovalRequestEntity, ApprovalStatus } from './approval-request.entity';
import type { RequesterStanding } from './approval-rules';
import type { ApprovalDecision, ApprovalsRepository, NewApprovalRow } from './approvals.repository';
import { ApprovalsService } from './approvals.service';

/** The approvals table in memory, with the database's one-pending-per-subject rule, for unit tests. */
export class InMemoryApprovals {
  readonly rows: ApprovalRequestEntity[] = [];
  /** Requesters' accounts by id; one not listed is an active admin. */
  readonly standings = new Map<string, RequesterStanding | null>();

  async requesterStanding(userId: string): Promise<RequesterStanding | null> {
    return this.standings.has(userId) ? (this.standings.get(userId) ?? null) : { role: 'admin', active: true };
  }

  async insert(row: NewApprovalRow): Promise<ApprovalRequestEntity> {
    if (this.rows.some((r) => r.kind === row.kind && r.subjectId === row.subjectId && r.status === 'pending')) {
      throw Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    }
    const n = this.rows.length + 1;
    const saved: ApprovalRequestEntity = {
      ...row,
      id: `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`,
      status: 'pending',
      decidedById: null,
      decidedByLabel: null,
      reason: null,
      requestedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
      decidedAt: null,
    };
    this.rows.push(saved);
    return { ...saved };
  }

  async findById(id: string) {
    const found = this.rows.find((r) => r.id === id);
    return found ? { ...found } : null;
  }

  async list(status?: ApprovalStatus, kind?: string) {
    return this.rows.filter((r) => (!status || r.status === status) && (!kind || r.kind === kind)).reverse();
  }

  async findPending(kind: string, subjectId: string) {
    return this.rows.find((r) => r.kind === kind && r.subjectId === subjectId && r.status === 'pending') ?? null;
  }

  async pendingByRequester(userId: string) {
    return this.rows.filter((r) => r.requestedById === userId && r.status === 'pending').map((r) => ({ ...r }));
  }

  async latestFor(kind: string, subjectId: string) {
    return (
      this.rows
        .filter((r) => r.kind === kind && r.subjectId === subjectId)
        .reverse()
        .at(0) ?? null
    );
  }

  async decide(id: string, decision: ApprovalDecision) {
    const row = this.rows.find((r) => r.id === id && r.status === 'pending');
    if (row) Object.assign(row, decision);
  }
}

/** A transaction-less unit of work and a recording audit, as the in-memory services use them. */
export function inMemoryInfrastructure(audits: AuditRecord[] = []): { uow: UnitOfWork; audit: AuditService; audits: AuditRecord[] } {
  const uow = { run: <T>(work: () => Promise<T>) => work() } as unknown as UnitOfWork;
  const audit = { record: async (r: AuditRecord) => void audits.push(r) } as unknown as AuditService;
  return { uow, audit, audits };
}

/** The real ApprovalsService over the in-memory table. */
export function inMemoryApprovalsService(audits: AuditRecord[] = []): { approvals: ApprovalsService; table: InMemoryApprovals; audits: AuditRecord[] } {
  const table = new InMemoryApprovals();
  const { uow, audit } = inMemoryInfrastructure(audits);
  return { approvals: new ApprovalsService(table as unknown as ApprovalsRepository, uow, audit), table, audits };
}
