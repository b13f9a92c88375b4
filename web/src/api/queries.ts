import { useQuery } from '@tanstack/react-query';
import { api, call } from './client';
import { ApiError } from './errors';
import type {
  ApiKey,
  AuditEntry,
  CoaVersion,
  LimitSetDetail,
  LimitSetSummary,
  Licensee,
  QcFlag,
  SampleDetail,
  SampleResults,
  StatusCounts,
  Submission,
  User,
} from './types';

/** Query keys in one place, so a mutation can invalidate exactly what it changed. */
export const keys = {
  samples: ['samples'] as const,
  sampleList: (filters: object) => ['samples', 'list', filters] as const,
  counts: ['samples', 'counts'] as const,
  sample: (id: string) => ['samples', 'detail', id] as const,
  results: (id: string, version?: number) => ['samples', 'results', id, version ?? 'current'] as const,
  audit: (id: string) => ['samples', 'audit', id] as const,
  qcFlags: (id: string) => ['samples', 'qc-flags', id] as const,
  coaVersions: (id: string) => ['samples', 'coa-versions', id] as const,
  submissions: (status?: string) => ['submissions', status ?? 'all'] as const,
  licensees: ['licensees'] as const,
  apiKeys: (license: string) => ['licensees', license, 'api-keys'] as const,
  users: ['users'] as const,
  limitSets: ['limit-sets'] as const,
  limitSet: (id: string) => ['limit-sets', id] as const,
  analytes: ['analytes'] as const,
};

export function useSample(id: string) {
  return useQuery({ queryKey: keys.sample(id), queryFn: () => call<SampleDetail>(api.GET('/v1/samples/{id}', { params: { path: { id } } })) });
}

export function useResults(id: string, version?: number, enabled = true) {
  return useQuery({
    queryKey: keys.results(id, version),
    enabled,
    queryFn: () => call<SampleResults>(api.GET('/v1/samples/{id}/results', { params: { path: { id }, query: version ? { version: String(version) } : {} } })),
  });
}

export function useAudit(id: string) {
  return useQuery({ queryKey: keys.audit(id), queryFn: () => call<AuditEntry[]>(api.GET('/v1/samples/{id}/audit', { params: { path: { id } } })) });
}

/** A route the running API does not have yet (Nest's own 404), as opposed to a missing record. */
export function isMissingRoute(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE) /.test(e.message);
}

/** QC findings of a sample, open and resolved. */
export function useQcFlags(id: string) {
  return useQuery({
    queryKey: keys.qcFlags(id),
    queryFn: async () => {
      try {
        return await call<QcFlag[]>(api.GET('/v1/samples/{id}/results/qc-flags', { params: { path: { id } } }));
      } catch (e) {
        if (isMissingRoute(e)) return [] as QcFlag[];
        throw e;
      }
    },
  });
}

export function useCoaVersions(id: string, enabled = true) {
  return useQuery({
    queryKey: keys.coaVersions(id),
    enabled,
    queryFn: () => call<CoaVersion[]>(api.GET('/v1/samples/{id}/coa/versions', { params: { path: { id } } })),
  });
}

export function useCounts() {
  return useQuery({ queryKey: keys.counts, queryFn: () => call<StatusCounts>(api.GET('/v1/samples/counts')) });
}

export function useSubmissions(status?: 'pending' | 'delivered' | 'dead') {
  return useQuery({
    queryKey: keys.submissions(status),
    queryFn: () => call<Submission[]>(api.GET('/v1/biotrack/submissions', { params: { query: status ? { status } : {} } })),
  });
}

export function useLicensees() {
  return useQuery({ queryKey: keys.licensees, queryFn: () => call<Licensee[]>(api.GET('/v1/licensees')), staleTime: 60_000 });
}

export function useApiKeys(licenseNumber: string) {
  return useQuery({
    queryKey: keys.apiKeys(licenseNumber),
    queryFn: () => call<ApiKey[]>(api.GET('/v1/licensees/{licenseNumber}/api-keys', { params: { path: { licenseNumber } } })),
  });
}

export function useUsers() {
  return useQuery({ queryKey: keys.users, queryFn: () => call<User[]>(api.GET('/v1/users')) });
}

export function useLimitSets() {
  return useQuery({ queryKey: keys.limitSets, queryFn: () => call<LimitSetSummary[]>(api.GET('/v1/limit-sets')) });
}

/** A set with all its rules; a set never changes, so what was fetched once stays true. */
export function useLimitSet(id: string) {
  return useQuery({
    queryKey: keys.limitSet(id),
    staleTime: Infinity,
    queryFn: () => call<LimitSetDetail>(api.GET('/v1/limit-sets/{id}', { params: { path: { id } } })),
  });
}
