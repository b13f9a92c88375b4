import type { AuditRecord } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import type { RejudgedRow } from './rejudged-rows';

/** The write that made LabTrace judge the version again. */
export interface RejudgeCause {
  /** The write's own audit action (results.entered, results.instrument_import, …). */
  action: string;
  /** The groups it wrote, in the order its own events are recorded. */
  groups: readonly string[];
  sourceId: string | null;
}

/**
 * The one extra audit event a write records per sample when composing the version changed the verdict,
 * limit or limit set of rows it did not carry (null when it changed none: no event). A separate event
 * rather than a field of the write's own events: those are one per written group and the re-judged rows
 * belong to none of them, and they stay exactly as before when nothing was re-judged.
 */
export function rejudgedAudit(args: {
  actor: Actor;
  sampleId: string;
  version: number;
  limitSet: { id: string; name: string };
  cause: RejudgeCause;
  rejudged: readonly RejudgedRow[];
  reason?: string;
}): (AuditRecord & { before: object; after: object }) | null {
  const { rejudged, cause, limitSet } = args;
  if (rejudged.length === 0) return null;
  const why = `judged again under limit set ${limitSet.name}, in force when ${cause.groups.join(', ')} ${cause.groups.length === 1 ? 'was' : 'were'} written`;
  return {
    actor: args.actor,
    action: 'results.rejudged',
    entityType: 'sample',
    entityId: args.sampleId,
    before: { version: args.version, limitSetIds: distinct(rejudged.map((r) => r.limitSetId.from)) },
    after: { version: args.version, limitSet: limitSet.name, limitSetId: limitSet.id, cause, rejudged },
    reason: args.reason ? `${args.reason} (${why})` : why,
  };
}

function distinct(ids: ReadonlyArray<string | null>): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))].sort();
}
