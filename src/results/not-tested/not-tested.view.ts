import { getAnalyte } from '../../rules/analytes/vocabulary';
import type { NotTestedMark } from '../../rules/judgement/judgement.types';
import type { NotTestedAnalyteDto } from '../dto/results-response.dto';
import type { NotTestedMarkEntity } from './not-tested-mark.entity';

/** A group's not-tested analytes as judged, with who marked each and when (unsaved marks have neither). */
export function notTestedView(judged: readonly NotTestedMark[], marks: readonly NotTestedMarkEntity[]): NotTestedAnalyteDto[] {
  const stored = new Map(marks.map((m) => [m.analyte, m]));
  return judged.map((m) => ({
    analyte: m.analyte,
    name: getAnalyte(m.analyte)?.name ?? m.analyte,
    reason: m.reason,
    markedBy: stored.get(m.analyte)?.markedByLabel ?? null,
    markedAt: stored.get(m.analyte)?.markedAt.toISOString() ?? null,
  }));
}
