import { SimConfig } from './config';
import { parseDate } from './dates';
import { badRequest } from './errors';

export interface Paging {
  pageNumber: number;
  /** null: paging off, every row on one page. */
  pageSize: number | null;
}

const positiveInt = (text: string) => (/^\d+$/.test(text) ? Number(text) : NaN);

/** `pageSize` switches paging on and may not exceed the maximum; `pageNumber` is 1-based. */
export function readPaging(query: URLSearchParams, config: Pick<SimConfig, 'maxPageSize'>): Paging {
  const sizeText = query.get('pageSize');
  const numberText = query.get('pageNumber');
  let pageSize: number | null = null;
  if (sizeText !== null && sizeText !== '') {
    pageSize = positiveInt(sizeText);
    if (!(pageSize >= 1)) throw badRequest(`The value '${sizeText}' is not valid for pageSize.`);
    if (pageSize > config.maxPageSize) throw badRequest(`The page size cannot exceed ${config.maxPageSize}.`);
  }
  let pageNumber = 1;
  if (numberText !== null && numberText !== '') {
    pageNumber = positiveInt(numberText);
    if (!(pageNumber >= 1)) throw badRequest(`The value '${numberText}' is not valid for pageNumber.`);
  }
  return { pageNumber, pageSize };
}

/** Metrc's v2 envelope; the duplicate pairs (Total/TotalRecords, Page/CurrentPage) always agree. */
export function page<T>(rows: T[], paging: Paging) {
  const size = paging.pageSize ?? rows.length;
  const pageNumber = paging.pageSize === null ? 1 : paging.pageNumber;
  const data = paging.pageSize === null ? rows : rows.slice((pageNumber - 1) * size, pageNumber * size);
  return {
    Data: data,
    Total: rows.length,
    TotalRecords: rows.length,
    PageSize: size,
    RecordsOnPage: data.length,
    Page: pageNumber,
    CurrentPage: pageNumber,
    TotalPages: size === 0 ? 0 : Math.ceil(rows.length / size),
  };
}

export interface Window {
  start: number;
  end: number;
}

/** `lastModifiedStart/End`: both or neither, end after start, at most `maxWindowHours` apart. */
export function readWindow(query: URLSearchParams, config: Pick<SimConfig, 'maxWindowHours'>): Window | null {
  const startText = query.get('lastModifiedStart');
  const endText = query.get('lastModifiedEnd');
  if (!startText && !endText) return null;
  if (!startText || !endText) throw badRequest('Both lastModifiedStart and lastModifiedEnd must be specified.');
  const start = parseDate(startText);
  const end = parseDate(endText);
  if (Number.isNaN(start)) throw badRequest(`The value '${startText}' is not valid for lastModifiedStart.`);
  if (Number.isNaN(end)) throw badRequest(`The value '${endText}' is not valid for lastModifiedEnd.`);
  if (end <= start) throw badRequest('lastModifiedEnd must be after lastModifiedStart.');
  if (end - start > config.maxWindowHours * 3600_000)
    throw badRequest(`The time span between lastModifiedStart and lastModifiedEnd cannot exceed ${config.maxWindowHours} hours.`);
  return { start, end };
}

export const inWindow = (at: number, window: Window | null) => window === null || (at >= window.start && at <= window.end);
