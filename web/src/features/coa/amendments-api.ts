import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { Amendment, RequestAmendment } from '../../api/types';

/** A pending (or decided) COA version N+1 and its per-analyte diff against N. */
export type { Amendment };
export type AnalyteChange = Amendment['diff']['groups'][number]['analytes'][number];
export type AnalyteSide = NonNullable<AnalyteChange['before']>;

export const amendmentKeys = { list: (sampleId: string) => ['samples', 'amendments', sampleId] as const };

const path = (id: string, amendmentId: string) => ({ params: { path: { id, amendmentId } } });

/** The amendment routes: request (manager A), reject (another manager), withdraw (A); the signed release is in ../review/signature-api. */
export const amendmentsApi = {
  list: (id: string) => call<Amendment[]>(api.GET('/v1/samples/{id}/amendments', { params: { path: { id } } })),
  request: (id: string, body: RequestAmendment) => call<Amendment>(api.POST('/v1/samples/{id}/amendments', { params: { path: { id } }, body })),
  withdraw: (id: string, amendmentId: string, reason: string) =>
    call<Amendment>(api.POST('/v1/samples/{id}/amendments/{amendmentId}/withdraw', { ...path(id, amendmentId), body: { reason } })),
  reject: (id: string, amendmentId: string, reason: string) =>
    call<Amendment>(api.POST('/v1/samples/{id}/amendments/{amendmentId}/reject', { ...path(id, amendmentId), body: { reason } })),
};

export function useAmendments(sampleId: string, enabled = true) {
  return useQuery({ queryKey: amendmentKeys.list(sampleId), enabled, queryFn: () => amendmentsApi.list(sampleId) });
}
