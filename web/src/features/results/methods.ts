import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import type { AnalyteGroup, SampleResults } from '../../api/types';
import { labDay, labDayStartIso } from '../../lib/dates';

export type MethodSet = components['schemas']['MethodSetDto'];
export type Method = MethodSet['methods'][number];

/** What hand entry says about a group besides its rows: the method it was run by and the day it was analysed. */
export interface GroupMeta {
  /** The method's id in the set in force; '' when none is picked. */
  methodId: string;
  /** YYYY-MM-DD in the lab's zone; '' leaves the API's default (the entry date). */
  analysedOn: string;
  /** The stored instant, re-sent unchanged while the day is not changed. */
  storedAt?: string;
}

export const methodKeys = { inForce: ['method-sets', 'in-force'] as const };

/** The methods in force (GET /v1/method-sets/in-force); null when no set is in force, so entry still works. */
export function useMethodsInForce() {
  return useQuery({
    queryKey: methodKeys.inForce,
    staleTime: 5 * 60_000,
    retry: false,
    queryFn: async (): Promise<MethodSet | null> => {
      try {
        return await call<MethodSet>(api.GET('/v1/method-sets/in-force'));
      } catch {
        return null;
      }
    },
  });
}

/** How results and the COA name a method: "Pesticides by LC-MS/MS (SOP-CHEM-104 rev 5)". */
export function methodLabel(m: { name: string; sopRef: string }): string {
  return `${m.name} (${m.sopRef})`;
}

export function methodsOfGroup(set: MethodSet | null | undefined, group: string): Method[] {
  return (set?.methods ?? []).filter((m) => m.group === group);
}

/**
 * The instant sent for an analysed day: now for today (the API refuses a future time), else noon of that
 * day in the lab's zone, so the printed date is the day picked whatever the reader's zone; never before
 * the receipt (the API refuses an analysis before the lab held the sample).
 */
export function analysedAtIso(day: string, now = new Date(), receivedAt?: string | null): string {
  if (day === labDay(now)) return now.toISOString();
  const noon = new Date(new Date(labDayStartIso(day)).getTime() + 12 * 3_600_000);
  return receivedAt && noon < new Date(receivedAt) ? new Date(receivedAt).toISOString() : noon.toISOString();
}

/**
 * Each group's method and analysed day as stored: the method whose label the entered rows carry, the
 * day of their analysis. A group with nothing entered yet starts on its only method, when there is one.
 */
export function metaFromResults(results: SampleResults, set: MethodSet | null | undefined): Map<AnalyteGroup, GroupMeta> {
  const meta = new Map<AnalyteGroup, GroupMeta>();
  const groups = [...new Set<string>([...results.requiredGroups, ...results.groups.map((g) => g.group)])] as AnalyteGroup[];
  for (const group of groups) {
    const entered = (results.groups.find((g) => g.group === group)?.analytes ?? []).filter((a) => !a.computed);
    const ofGroup = methodsOfGroup(set, group);
    let methodId = '';
    if (entered.length === 0) methodId = ofGroup.length === 1 ? ofGroup[0].methodId : '';
    else {
      const label = entered.find((a) => a.method)?.method;
      methodId = ofGroup.find((m) => methodLabel(m) === label || m.methodId === label)?.methodId ?? '';
    }
    const analysed = entered.find((a) => a.analysedAt)?.analysedAt;
    meta.set(group, analysed ? { methodId, analysedOn: labDay(analysed), storedAt: analysed } : { methodId, analysedOn: '' });
  }
  return meta;
}

/** The group fields of the PUT body: the method picked, and the analysed instant when a day is given. */
export function metaPayload(
  meta: Map<AnalyteGroup, GroupMeta>,
  now = new Date(),
  receivedAt?: string | null,
): Map<AnalyteGroup, { methodId?: string; analysedAt?: string }> {
  const out = new Map<AnalyteGroup, { methodId?: string; analysedAt?: string }>();
  for (const [group, m] of meta) {
    const analysedAt = !m.analysedOn
      ? undefined
      : m.storedAt && labDay(m.storedAt) === m.analysedOn
        ? m.storedAt
        : analysedAtIso(m.analysedOn, now, receivedAt);
    out.set(group, { ...(m.methodId ? { methodId: m.methodId } : {}), ...(analysedAt ? { analysedAt } : {}) });
  }
  return out;
}

/** Groups whose method or analysed day differ from what is stored. */
export function changedMeta(meta: Map<AnalyteGroup, GroupMeta>, initial: Map<AnalyteGroup, GroupMeta>): Set<AnalyteGroup> {
  const changed = new Set<AnalyteGroup>();
  for (const [group, m] of meta) {
    const was = initial.get(group);
    if (!was || was.methodId !== m.methodId || was.analysedOn !== m.analysedOn) changed.add(group);
  }
  return changed;
}

/** The method's validated LOD and LOQ for an analyte id, with their unit. */
export function figuresOf(method: Method | undefined, analyteId: string | undefined): { lod: string | null; loq: string | null; unit: string } | null {
  if (!method || !analyteId) return null;
  return method.analytes.find((a) => a.analyte === analyteId) ?? null;
}
