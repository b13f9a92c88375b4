import type { paths } from '../../api/schema';
import { labDayEndIso, labDayStartIso } from '../../lib/dates';
import { PRODUCT_TYPES } from '../../lib/vocabulary';

export type SampleListQuery = NonNullable<paths['/v1/samples']['get']['parameters']['query']>;

export interface WorklistFilters {
  status: string[];
  licenseNumber: string;
  productType: string;
  receivedFrom: string;
  receivedTo: string;
  q: string;
}

export const EMPTY_FILTERS: WorklistFilters = { status: [], licenseNumber: '', productType: '', receivedFrom: '', receivedTo: '', q: '' };

/** Filters live in the address bar, so a link, a reload or a sign-in round trip keeps them. */
export function filtersFromParams(p: URLSearchParams): WorklistFilters {
  return {
    status: (p.get('status') ?? '').split(',').filter(Boolean),
    licenseNumber: p.get('licenseNumber') ?? '',
    productType: p.get('productType') ?? '',
    receivedFrom: p.get('receivedFrom') ?? '',
    receivedTo: p.get('receivedTo') ?? '',
    q: p.get('q') ?? '',
  };
}

export function filtersToParams(f: WorklistFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.status.length) p.set('status', f.status.join(','));
  for (const k of ['licenseNumber', 'productType', 'receivedFrom', 'receivedTo', 'q'] as const) if (f[k]) p.set(k, f[k]);
  return p;
}

/** The API's query: calendar days in the lab's zone become instants; the "to" day is inclusive. */
export function filtersToQuery(f: WorklistFilters): SampleListQuery {
  const productType = PRODUCT_TYPES.find((t) => t === f.productType);
  return {
    ...(f.status.length ? { status: f.status } : {}),
    ...(f.licenseNumber ? { licenseNumber: f.licenseNumber } : {}),
    ...(productType ? { productType } : {}),
    ...(f.receivedFrom ? { receivedFrom: labDayStartIso(f.receivedFrom) } : {}),
    ...(f.receivedTo ? { receivedTo: labDayEndIso(f.receivedTo) } : {}),
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
  };
}
