import { useQuery } from '@tanstack/react-query';
import { keys } from '../../api/queries';
import type { VocabularyAnalyte } from './grid-model';

/**
 * The analyte vocabulary (GET /v1/analytes): it names the analytes a limit set expects and suggests
 * names as they are typed. Without it the grid still works: the API resolves names and aliases.
 */
export function useAnalyteVocabulary() {
  return useQuery({
    queryKey: keys.analytes,
    staleTime: Infinity,
    retry: false,
    queryFn: async (): Promise<VocabularyAnalyte[] | null> => {
      const res = await fetch('/v1/analytes', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!res.ok) return null;
      const body = (await res.json()) as unknown;
      return Array.isArray(body) ? (body as VocabularyAnalyte[]) : null;
    },
  });
}
