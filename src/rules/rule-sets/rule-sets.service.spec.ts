import type { Actor } from '../../common/actor';
import { LIMIT_SETS } from '../limit-sets/limit-sets.service';
import { PANEL_SETS } from '../panel-sets/panel-sets.service';
import { RulesError, RulesErrorCode } from '../rules.errors';
import { inMemoryRuleSetsService } from './rule-sets.spec-kit';

const ADMIN: Actor = { type: 'user', id: 'u-1', label: 'admin@lab.example', role: 'admin' };
const limitsCsv = (name: string, effectiveDate: string, lead: string) =>
  [
    `# name: ${name}`,
    `# effectiveDate: ${effectiveDate}`,
    '# source: OCM rev. B',
    'product_types,group,analyte,operator,limit_min,limit_max,unit,source_tag,source',
    `flower,metals,lead,lte,,${lead},µg/g,NY,rev B`,
  ].join('\n');

async function refusal(work: Promise<unknown>): Promise<RulesError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RulesError);
  return error as RulesError;
}

describe('RuleSetsService (the core every kind uses)', () => {
  it('stores an upload whole, audited under the kind’s names, with the loader recorded', async () => {
    const { service, repo, audits } = inMemoryRuleSetsService();
    const set = await service.upload(LIMIT_SETS, limitsCsv('rev-b', '2026-01-01', '0.4'), 'csv', ADMIN);
    expect(set).toMatchObject({ kind: 'limits', name: 'rev-b', effectiveDate: '2026-01-01', source: 'OCM rev. B', loadedBy: 'admin@lab.example' });
    expect(await service.rowsOf(LIMIT_SETS, set.id)).toEqual([
      {
        ruleSetId: set.id,
        productType: 'flower',
        analyteGroup: 'metals',
        analyte: 'lead',
        operator: 'lte',
        limitMin: null,
        limitMax: '0.4',
        unit: 'µg/g',
        sourceTag: 'NY',
        source: 'rev B',
      },
    ]);
    expect(audits).toEqual([
      {
        actor: ADMIN,
        action: 'limit_set.loaded',
        entityType: 'limit_set',
        entityId: set.id,
        after: { name: 'rev-b', effectiveDate: '2026-01-01', source: 'OCM rev. B', rules: 1 },
      },
    ]);
    expect(repo.locks).toEqual(['limits:rev-b']);
  });

  it('refuses an invalid upload with the kind’s code and every field error, storing nothing', async () => {
    const { service, repo } = inMemoryRuleSetsService();
    const error = await refusal(service.upload(LIMIT_SETS, limitsCsv('bad', '2026-02-30', 'much'), 'csv', ADMIN));
    expect([error.code, error.status, error.message]).toEqual([RulesErrorCode.INVALID_LIMIT_SET, 400, 'The limit set has 3 error(s)']);
    expect(error.details).toEqual([
      { field: 'effectiveDate', message: 'effectiveDate must be a date written YYYY-MM-DD' },
      { field: 'rows[0].limitMax', message: 'limitMax must be a decimal number; got "much"', row: 1, line: 5 },
      { field: 'rows[0].limitMax', message: 'an lte row needs limitMax', row: 1, line: 5 },
    ]);
    expect(repo.sets).toEqual([]);
  });

  it('never replaces a set: an upload under a used name is refused; a seed of it is a no-op', async () => {
    const { service, repo, audits } = inMemoryRuleSetsService();
    const first = await service.upload(LIMIT_SETS, limitsCsv('rev-b', '2026-01-01', '0.4'), 'csv', ADMIN);
    const error = await refusal(service.upload(LIMIT_SETS, limitsCsv('rev-b', '2026-01-01', '0.1'), 'csv', ADMIN));
    expect([error.code, error.status, error.details]).toEqual([RulesErrorCode.LIMIT_SET_EXISTS, 409, [{ field: 'name', message: 'already exists' }]]);
    const seeded = await service.seed(LIMIT_SETS, { name: 'rev-b', effectiveDate: '2026-01-01', source: 'x', rows: [] });
    expect(seeded).toEqual({ set: first, created: false });
    expect(repo.sets).toHaveLength(1);
    expect(audits).toHaveLength(1);
  });

  it('keeps kinds apart: names are unique per kind, and an id of one kind is not found as another', async () => {
    const { service } = inMemoryRuleSetsService();
    const limits = await service.upload(LIMIT_SETS, limitsCsv('ocm-2026', '2026-01-01', '0.4'), 'csv', ADMIN);
    const panels = await service.seed(PANEL_SETS, {
      name: 'ocm-2026',
      effectiveDate: '2026-01-01',
      source: 's',
      rows: [{ productTypes: ['flower'], group: 'metals', requirement: 'required', source: null }],
    });
    expect(panels.created).toBe(true);
    expect((await service.list(LIMIT_SETS)).map((s) => s.id)).toEqual([limits.id]);
    expect(await service.find(PANEL_SETS, limits.id)).toBeNull();
    const error = await refusal(service.get(LIMIT_SETS, panels.set.id));
    expect([error.code, error.status, error.message]).toEqual([RulesErrorCode.LIMIT_SET_NOT_FOUND, 404, `No limit set ${panels.set.id}`]);
    expect(await service.rowsOf(PANEL_SETS, panels.set.id)).toEqual([
      { ruleSetId: panels.set.id, productType: 'flower', analyteGroup: 'metals', requirement: 'required', source: null },
    ]);
  });

  it('puts in force the latest set effective on or before the day; the newest load wins a tie', async () => {
    const { service } = inMemoryRuleSetsService();
    const older = await service.upload(LIMIT_SETS, limitsCsv('a', '2026-01-01', '0.4'), 'csv', ADMIN);
    const tieFirst = await service.upload(LIMIT_SETS, limitsCsv('b', '2026-06-01', '0.3'), 'csv', ADMIN);
    const tieSecond = await service.upload(LIMIT_SETS, limitsCsv('c', '2026-06-01', '0.2'), 'csv', ADMIN);
    expect(tieFirst.createdAt.getTime()).toBeLessThan(tieSecond.createdAt.getTime());
    expect((await service.inForce(LIMIT_SETS, new Date('2026-05-31T23:59:59Z'))).id).toBe(older.id);
    expect((await service.inForce(LIMIT_SETS, new Date('2026-06-01T00:00:00Z'))).id).toBe(tieSecond.id);
    expect((await service.list(LIMIT_SETS)).map((s) => s.name)).toEqual(['c', 'b', 'a']);
    const error = await refusal(service.inForce(PANEL_SETS, new Date('2026-06-01T00:00:00Z')));
    expect([error.code, error.status, error.message]).toEqual([RulesErrorCode.NO_PANEL_SET, 500, 'No panel set is in force on 2026-06-01']);
  });
});
