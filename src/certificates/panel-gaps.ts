import type { SampleResultsDto } from '../results/dto/results-response.dto';
import { getAnalyte } from '../rules/analytes/vocabulary';

/** What keeps a sample from being accounted for, for a 409: each group without results and each missing analyte by name. */
export function panelGaps(view: Pick<SampleResultsDto, 'missingGroups' | 'missingAnalytes'>): { text: string; details: Record<string, unknown> } {
  const missingAnalytes = Object.entries(view.missingAnalytes).filter(([group]) => !view.missingGroups.includes(group));
  const parts = [
    ...(view.missingGroups.length > 0 ? [`no results for ${view.missingGroups.join(', ')}`] : []),
    ...missingAnalytes.map(([group, ids]) => `${group} is missing ${ids.length}: ${ids.map((id) => getAnalyte(id)?.name ?? id).join(', ')}`),
  ];
  return {
    text: `${parts.join('; ')}. Enter them, or have a manager mark them not tested with a reason`,
    details: { missingGroups: view.missingGroups, missingAnalytes: view.missingAnalytes },
  };
}
