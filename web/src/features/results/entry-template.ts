import { useQuery } from '@tanstack/react-query';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

/** GET /v1/samples/:id/entry-template (EntryTemplateDto in src/results/entry/entry-template.dto.ts). */
export type EntryTemplate = Schemas['EntryTemplateDto'];
export type TemplateGroup = Schemas['TemplateGroupDto'];
export type TemplateLimit = Schemas['TemplateLimitDto'];
export type TemplateMethod = Schemas['TemplateMethodDto'];
export type TemplateMethodAnalyte = Schemas['TemplateMethodAnalyteDto'];

export const templateKey = (sampleId: string) => ['samples', 'entry-template', sampleId] as const;

/** The sample's entry template; null when it cannot be had (an admin, an older server): the grid then starts from the results alone. */
export function useEntryTemplate(sampleId: string) {
  return useQuery({
    queryKey: templateKey(sampleId),
    staleTime: 60_000,
    retry: false,
    queryFn: async (): Promise<EntryTemplate | null> => {
      const res = await fetch(`/v1/samples/${encodeURIComponent(sampleId)}/entry-template`, {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      });
      return res.ok ? ((await res.json()) as EntryTemplate) : null;
    },
  });
}
