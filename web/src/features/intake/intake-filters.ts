import type { SampleListQuery } from '../worklist/worklist-filters';
import { labDayEndIso, labDayStartIso } from '../../lib/dates';
import { PRODUCT_TYPES } from '../../lib/vocabulary';

/** What the intake list is narrowed to; kept in the address bar so a reload or a link keeps it. */
export interface IntakeFilters {
  q: string;
  licenseNumber: string;
  productType: string;
  manifestId: string;
  /** Calendar days (YYYY-MM-DD) in the lab's zone, both inclusive. */
  announcedFrom: string;
  announcedTo: string;
}

export const EMPTY_INTAKE_FILTERS: IntakeFilters = { q: '', licenseNumber: '', productType: '', manifestId: '', announcedFrom: '', announcedTo: '' };
const FIELDS = Object.keys(EMPTY_INTAKE_FILTERS) as Array<keyof IntakeFilters>;
export const INTAKE_PAGE_SIZE = 25;

export function intakeFiltersFromParams(p: URLSearchParams): IntakeFilters {
  const f = { ...EMPTY_INTAKE_FILTERS };
  for (const k of FIELDS) f[k] = p.get(k) ?? '';
  return f;
}

export function intakeFiltersToParams(f: IntakeFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of FIELDS) if (f[k].trim()) p.set(k, f[k].trim());
  return p;
}

export function hasIntakeFilters(f: IntakeFilters): boolean {
  return FIELDS.some((k) => f[k].trim() !== '');
}

/**
 * The API's query for one page of pending transfers. The list is narrowed on the server (GET /v1/samples
 * with q, licenseNumber, productType, manifestId, announcedFrom/To), so 1 000 transfers page like 10.
 */
export function intakeQuery(f: IntakeFilters, cursor?: string): SampleListQuery {
  const productType = PRODUCT_TYPES.find((t) => t === f.productType);
  const day = /^\d{4}-\d{2}-\d{2}$/;
  return {
    status: ['pending'],
    limit: INTAKE_PAGE_SIZE,
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
    ...(f.licenseNumber ? { licenseNumber: f.licenseNumber } : {}),
    ...(productType ? { productType } : {}),
    ...(f.manifestId.trim() ? { manifestId: f.manifestId.trim() } : {}),
    ...(day.test(f.announcedFrom) ? { announcedFrom: labDayStartIso(f.announcedFrom) } : {}),
    ...(day.test(f.announcedTo) ? { announcedTo: labDayEndIso(f.announcedTo) } : {}),
    ...(cursor ? { cursor } : {}),
  };
}
