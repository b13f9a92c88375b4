import type { FieldError } from '../common/domain-error';
import type { SampleResultsDto } from '../results/dto/results-response.dto';
import type { LimitRuleEntity } from '../rules/entities/limit-set.entity';
import { EDIBLE_AMOUNT_ANALYTES } from '../rules/judgement/edible-potency';
import { hasNumericLimit } from '../rules/limit-units';
import type { ReportedAnalyte, ReportProblem, ResultReport, TraceabilityAdapter } from '../traceability/traceability.adapter';
import { CertificatesError, CertificatesErrorCode } from './certificates.errors';

/** The idempotency key of a COA version's state report: unique per lab sample and version. */
export function reportExternalId(labCode: string, version: number): string {
  return `${labCode}-v${version}`;
}

/**
 * When the version was tested, for the state: the latest analysis instant recorded on this lab's own rows
 * (any source but another lab's COA), or on another lab's rows when none of ours is dated, or `releasedAt`
 * when no row records one (hand entry may omit the date). Another lab's later date must not stand for when
 * this lab tested: the state report is this lab's. Not the release instant: BioTrack's
 * `testedAt` (biotrack-ny-api.md: `POST /v1/lab/results`, times ISO 8601 UTC) and Metrc's `ResultDate`
 * (metrc-ny-api.md: Record body, example `…T00:00:00Z`; Metrc shows it as the result's `TestPerformedDate (date)`)
 * say when testing was done, and the COA prints the analysis days. A day-only analysis date is stored as
 * the start of that day on the lab's clock, so this reads as the day testing finished in the lab's zone;
 * the Metrc adapter sends that day. Read from stored rows only, so every build of a version's report
 * (the outbox stores it once; retries send the stored one) gives the same value.
 */
export function testedAtOf(results: Pick<SampleResultsDto, 'groups'>, releasedAt: Date): string {
  const rows = results.groups.flatMap((g) => g.analytes);
  const latest = (of: typeof rows) => {
    const instants = of.map((a) => (a.analysedAt ? Date.parse(a.analysedAt) : NaN)).filter((t) => !Number.isNaN(t));
    return instants.length > 0 ? Math.max(...instants) : null;
  };
  const at = latest(rows.filter((a) => a.sourceType !== 'coa_import')) ?? latest(rows) ?? releasedAt.getTime();
  return new Date(at).toISOString();
}

/**
 * A released version's results as the state report: every judged group with its analytes and the
 * numeric limit each was judged against, dated by `testedAtOf`. The adapter maps groups and units to the state's terms.
 */
export function buildStateReport(
  sample: { labCode: string; sampleInventoryId: string },
  version: number,
  results: SampleResultsDto,
  rules: readonly LimitRuleEntity[],
  releasedAt: Date,
): ResultReport {
  const ruleOf = new Map(rules.map((r) => [r.analyte, r]));
  return {
    externalId: reportExternalId(sample.labCode, version),
    sampleId: sample.sampleInventoryId,
    testedAt: testedAtOf(results, releasedAt),
    // Only a clean pass is a pass: a partial certificate (not-tested analytes) goes out as incomplete.
    overall: results.status === 'fail' ? 'fail' : results.status === 'pass' ? 'pass' : 'incomplete',
    groups: results.groups.map((g) => ({
      group: g.group,
      status: g.status as 'pass' | 'fail' | 'incomplete',
      analytes: stateReportable(g.analytes).map((a): ReportedAnalyte => {
        const rule = ruleOf.get(a.analyte);
        const limit = rule && hasNumericLimit(rule.operator) ? (rule.limitMin ? `${rule.limitMin}-${rule.limitMax}` : rule.limitMax) : null;
        return {
          analyte: a.name,
          ...(a.value !== null ? { value: a.value } : {}),
          ...(a.qualifier ? { qualifier: a.qualifier as 'ND' | '<LOQ' | '>ULOQ' } : {}),
          unit: a.unit,
          ...(a.loq ? { loq: a.loq } : {}),
          ...(limit ? { limit } : {}),
          status: a.status as ReportedAnalyte['status'],
        };
      }),
    })),
  };
}

/** The state's units have no per-serving or per-package amount: those rows stay off the report (the group's status still carries a cap's verdict). */
function stateReportable<A extends { analyte: string }>(analytes: readonly A[]): A[] {
  return analytes.filter((a) => !EDIBLE_AMOUNT_ANALYTES.has(a.analyte));
}

/** One problem of a refused report, for the 422's details: the analyte and group it is about, and why. */
export type UnreportableField = FieldError & Pick<ReportProblem, 'analyte' | 'group'>;

/**
 * Refuses (422 NOT_REPORTABLE) a report the state system in force could not take, so that a COA is
 * never released whose state report would only go dead at delivery. Call it under the sample's lock,
 * before anything is written. `lead` says what is refused, `remedy` what to do instead.
 */
export function refuseUnreportable(
  state: Pick<TraceabilityAdapter, 'displayName' | 'reportProblems'>,
  report: ResultReport,
  lead: string,
  remedy: string,
): void {
  const problems = state.reportProblems(report);
  if (problems.length === 0) return;
  throw new CertificatesError(
    CertificatesErrorCode.NOT_REPORTABLE,
    `${lead}: ${state.displayName} could not take its report: ${problems.map((p) => p.message).join('; ')}. ${remedy}`,
    problems.map(toFieldError),
  );
}

function toFieldError(p: ReportProblem): UnreportableField {
  const path = [p.group, p.analyte, p.field === 'group' ? undefined : p.field].filter((part) => part !== undefined);
  const field = p.field === 'sampleId' ? 'sampleInventoryId' : path.length > 0 ? path.join('.') : 'report';
  return { field, message: p.message, ...(p.group !== undefined ? { group: p.group } : {}), ...(p.analyte !== undefined ? { analyte: p.analyte } : {}) };
}
