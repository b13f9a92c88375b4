import { useQuery } from '@tanstack/react-query';
import { keys } from '../../api/queries';
import type { VocabularyAnalyte } from './grid-model';

/**
 * The analyte vocabulary, when the API offers it (GET /v1/analytes, not there yet): it pre-fills empty
 * groups and suggests names. Without it the grid asks for names, which the API resolves with aliases.
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
