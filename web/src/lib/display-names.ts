import { useQuery } from '@tanstack/react-query';

/**
 * Names people read for the API's identifiers: analyte groups ("foreign_matter" -> "Foreign matter")
 * and analytes ("d9-thc" -> "Δ9-THC", from GET /v1/analytes). Every screen outside the entry grid uses
 * these, so no internal id reaches the person.
 */
const GROUP_NAMES: Record<string, string> = {
  cannabinoids: 'Cannabinoids',
  terpenes: 'Terpenes',
  metals: 'Heavy metals',
  pesticides: 'Pesticides',
  mycotoxins: 'Mycotoxins',
  microbials: 'Microbials',
  residual_solvents: 'Residual solvents',
  moisture: 'Moisture',
  water_activity: 'Water activity',
  foreign_matter: 'Foreign matter',
};

export interface NamedAnalyte {
  id: string;
  name: string;
}

export function groupName(group: string): string {
  return GROUP_NAMES[group] ?? group.replace(/_/g, ' ');
}

/** An analyte id's name from the vocabulary; an id the vocabulary does not know is shown as it came. */
export function analyteName(id: string, vocabulary?: readonly NamedAnalyte[] | null): string {
  return vocabulary?.find((a) => a.id === id)?.name ?? id;
}

/** Group ids that are not words (foreign_matter, water_activity, …) inside an API message, in words. */
export function humanizeMessage(text: string): string {
  return text.replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (id) => (id in GROUP_NAMES ? groupName(id) : id));
}

/** The same, bound to the analyte vocabulary (fetched once, shared with the entry grid's query key). */
export function useDisplayNames(): { group: (group: string) => string; analyte: (id: string) => string } {
  const vocabulary = useQuery({
    // keys.analytes (not imported: api/errors uses this module, and api/queries imports api/errors).
    queryKey: ['analytes'],
    staleTime: Infinity,
    retry: false,
    queryFn: async (): Promise<NamedAnalyte[] | null> => {
      const res = await fetch('/v1/analytes', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!res.ok) return null;
      const body = (await res.json()) as unknown;
      return Array.isArray(body) ? (body as NamedAnalyte[]) : null;
    },
  });
  return { group: groupName, analyte: (id) => analyteName(id, vocabulary.data) };
}
