import { useQuery } from '@tanstack/react-query';

/**
 * GET /v1/samples/:id/entry-template, typed by hand until web/src/api/schema.d.ts is regenerated
 * (EntryTemplateDto in src/results/entry/entry-template.dto.ts).
 */
export interface TemplateLimit {
  analyte: string;
  group: string;
  operator: 'lte' | 'range' | 'not_detected' | 'report_only';
  limitMin: string | null;
  limitMax: string | null;
  unit: string | null;
  /** As the COA prints it: "≤ 0.5 µg/g", "Not detected". */
  limit: string;
}

export interface TemplateMethodAnalyte {
  analyte: string;
  name: string;
  lod: string | null;
  loq: string | null;
  unit: string;
}

export interface TemplateMethod {
  methodId: string;
  name: string;
  sopRef: string;
  technique: string;
  instrument: string;
  analytes: TemplateMethodAnalyte[];
}

export interface TemplateGroup {
  group: string;
  required: boolean;
  /** The panel set's list for the group (null: it names none). */
  panelAnalytes: string[] | null;
  /** The panel's list plus every analyte with a pass/fail limit: what a complete test must report. */
  requiredAnalytes: string[];
  notTested: { analyte: string; reason: string }[];
  methods: TemplateMethod[];
}

export interface EntryTemplate {
  sampleId: string;
  productType: string;
  version: number;
  limitSet: { id: string; name: string; effectiveDate: string };
  methodSet: { id: string; name: string; effectiveDate: string } | null;
  edible: { servingsPerPackage: string; packageNetWeightG: string; servingWeightG: string | null } | null;
  limits: TemplateLimit[];
  groups: TemplateGroup[];
}

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
