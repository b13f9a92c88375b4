import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setLabTimeZone } from '../../lib/dates';
import { EMPTY_INTAKE_FILTERS, hasIntakeFilters, intakeFiltersFromParams, intakeFiltersToParams, intakeQuery } from './intake-filters';

describe('intake filters', () => {
  it('round-trips through the address bar, dropping blanks', () => {
    const f = { ...EMPTY_INTAKE_FILTERS, q: ' Wedding Cake ', manifestId: 'M-123', announcedFrom: '2026-12-01' };
    const params = intakeFiltersToParams(f);
    assert.equal(params.toString(), 'q=Wedding+Cake&manifestId=M-123&announcedFrom=2026-12-01');
    assert.deepEqual(intakeFiltersFromParams(params), { ...f, q: 'Wedding Cake' });
    assert.equal(hasIntakeFilters(EMPTY_INTAKE_FILTERS), false);
    assert.equal(hasIntakeFilters(f), true);
  });

  it('asks the API for one page of pending transfers, days as instants in the lab zone', () => {
    setLabTimeZone('America/New_York');
    const query = intakeQuery(
      { q: 'cake', licenseNumber: 'OCM-CULT-24-000123', productType: 'flower', manifestId: 'M-1', announcedFrom: '2026-12-01', announcedTo: '2026-12-01' },
      'abc',
    );
    assert.deepEqual(query, {
      status: ['pending'],
      limit: 25,
      q: 'cake',
      licenseNumber: 'OCM-CULT-24-000123',
      productType: 'flower',
      manifestId: 'M-1',
      announcedFrom: '2026-12-01T05:00:00.000Z',
      announcedTo: '2026-12-02T05:00:00.000Z',
      cursor: 'abc',
    });
  });

  it('ignores a product type or a day it does not know', () => {
    assert.deepEqual(intakeQuery({ ...EMPTY_INTAKE_FILTERS, productType: 'gummies', announcedFrom: '12/01/2026' }), { status: ['pending'], limit: 25 });
  });
});
