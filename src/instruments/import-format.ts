import type { AuditRecord } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import type { SampleResultsDto } from '../results/dto/results-response.dto';
import type { GroupEntry } from '../results/entry/check-entries';
import type { SampleEntity } from '../samples/entities/sample.entity';
import type { ImportRunEntity } from './entities/import-run.entity';
import type { ImportRunKind } from './import-runs.repository';

/** A file as uploaded. */
export interface ImportFile {
  bytes: Buffer;
  filename: string;
  /** Plan and judge, write nothing: no import row, no results, no audit, no locks. */
  dryRun: boolean;
  /**
   * What the upload chose besides its bytes that changes what is stored (an instrument upload's
   * methods). The same bytes with the same choices, or with none, are the earlier import of them;
   * with other choices they are another import (ImportRunner, ImportRunsRepository.findEarlier).
   */
  choices?: Readonly<Record<string, string>>;
}

/** The samples a file names, matched (see SampleMatcher) but not yet locked. */
export interface SamplesNamed {
  readonly samples: readonly SampleEntity[];
}

/** One sample's share of a plan: the result groups stored into (or previewed in) its working version. */
export interface SampleGroups {
  sample: SampleEntity;
  groups: GroupEntry[];
}

/** What an answer is built from besides the plan. */
export interface ImportOutcome {
  /** The import run's id; null in a dry run. */
  id: string | null;
  dryRun: boolean;
  /** A sample's results as stored, or as a dry run judged they would be; null when not judged. */
  judged(sampleId: string): Promise<SampleResultsDto | null>;
}

/**
 * The parts of an import that differ by kind of file. ImportRunner owns the rest: the hash, the lock,
 * the duplicate rule, locking the samples named, storing through ResultsService and the import row.
 */
export interface ImportFormat<Parsed, Named extends SamplesNamed, Plan, Answer> {
  readonly kind: ImportRunKind;
  /** How results from it are sourced on each row and in the audit trail. */
  readonly source: 'instrument_import' | 'coa_import';
  /** "instrument import", "COA import": how errors name a run. */
  readonly label: string;
  /** The saved instrument mapping's last saver, when the file is read through one: the results' audit events name them (a contributor). */
  readonly mappingSavedBy?: { id: string; label: string };
  /** Parses the file; throws the module's error when it cannot. */
  read(file: ImportFile): Promise<Parsed>;
  /** Which of our samples the file names. `required` (a store): refuse a file that cannot be placed. */
  match(parsed: Parsed, required: boolean): Promise<Named>;
  /**
   * Rows to results, against the samples as locked (a store) or as read (a dry run). `earlier`: every
   * stored run of the same bytes (any choices), oldest first; empty for a file not seen before.
   */
  plan(parsed: Parsed, named: Named, samples: ReadonlyMap<string, SampleEntity>, required: boolean, earlier: readonly ImportRunEntity[]): Promise<Plan>;
  /** Per sample, the groups the plan stores. */
  results(plan: Plan): SampleGroups[];
  /** The import row's format name and facts. */
  record(parsed: Parsed, named: Named, plan: Plan): { format: string; meta: Record<string, unknown> };
  /** The audit reason of the stored results (the plan: what it was dated and called by). */
  reason(file: ImportFile, parsed: Parsed, plan: Plan): string;
  /** Audit events of the run besides its results' (rows left as they are), written in the results' own INSERT. */
  audits?(plan: Plan, runId: string, actor: Actor): AuditRecord[];
  /** Whatever else a stored run writes, after its results and its import row (QC flags name the row); inside the transaction. */
  afterStore?(plan: Plan, runId: string, file: ImportFile, actor: Actor): Promise<void>;
  /** The run's answer; a stored run's is given once its results are written and before its import row is (which keeps its summary). */
  answer(parsed: Parsed, named: Named, plan: Plan, outcome: ImportOutcome): Promise<Answer>;
  /** What the import row keeps of an answer. */
  summary(answer: Answer): Record<string, unknown>;
  /**
   * The samples a stored run wrote rows into. Given, an upload naming choices is answered by its earlier
   * run only while no row of these samples comes from a run of the same bytes with other choices (see
   * ImportRunner.duplicateOf); absent, the earlier run always answers.
   */
  samplesOf?(run: ImportRunEntity): readonly string[];
  /** A stored run's answer, as given again for a duplicate or a GET. */
  fromRun(run: ImportRunEntity, as: { duplicate: boolean; dryRun: boolean }): Answer | Promise<Answer>;
}
