import { ApprovalError, ApprovalErrorCode } from '../../auth/approvals/approval.errors';
import type { Actor } from '../../common/actor';
import { LIMIT_SETS } from '../limit-sets/limit-sets.service';
import { PANEL_SETS } from '../panel-sets/panel-sets.service';
import { RulesError, RulesErrorCode } from '../rules.errors';
import { inMemoryRuleSetsService } from './rule-sets.spec-kit';

const ADMIN: Actor = { type: 'user', id: 'u-1', label: 'admin@lab.example', role: 'admin' };
const SECOND_ADMIN: Actor = { type: 'user', id: 'u-2', label: 'second@lab.example', role: 'admin' };
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
    expect(set).toMatchObject({
      kind: 'limits',
      name: 'rev-b',
      effectiveDate: '2026-01-01',
      source: 'OCM rev. B',
      loadedBy: 'admin@lab.example',
      status: 'pending',
      decidedBy: null,
    });
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
        after: { name: 'rev-b', effectiveDate: '2026-01-01', source: 'OCM rev. B', rules: 1, status: 'pending' },
      },
      {
        actor: ADMIN,
        action: 'approval.requested',
        entityType: 'limit_set',
        entityId: set.id,
        after: {
          approvalId: expect.any(String),
          kind: 'rule_set_activation',
          summary: 'Put limit set rev-b in force from 2026-01-01 (1 rule; OCM rev. B)',
          payload: { ruleSetKind: 'limits', name: 'rev-b', effectiveDate: '2026-01-01', source: 'OCM rev. B', rules: 1 },
          requestedBy: 'admin@lab.example',
        },
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
    expect(audits.map((a) => a.action)).toEqual(['limit_set.loaded', 'approval.requested']);
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
      { ruleSetId: panels.set.id, productType: 'flower', analyteGroup: 'metals', requirement: 'required', analytes: null, source: null },
    ]);
  });

  it('puts in force the latest set effective on or before the day; the newest load wins a tie', async () => {
    const { service, approvals } = inMemoryRuleSetsService();
    const approved = async (name: string, date: string, lead: string) => {
      const set = await service.upload(LIMIT_SETS, limitsCsv(name, date, lead), 'csv', ADMIN);
      await approvals.approve((await service.approvalOf(set.id))!.id, SECOND_ADMIN);
      return set;
    };
    const older = await approved('a', '2026-01-01', '0.4');
    const tieFirst = await approved('b', '2026-06-01', '0.3');
    const tieSecond = await approved('c', '2026-06-01', '0.2');
    expect(tieFirst.createdAt.getTime()).toBeLessThan(tieSecond.createdAt.getTime());
    expect((await service.inForce(LIMIT_SETS, new Date('2026-05-31T23:59:59Z'))).id).toBe(older.id);
    expect((await service.inForce(LIMIT_SETS, new Date('2026-06-01T00:00:00Z'))).id).toBe(tieSecond.id);
    expect((await service.list(LIMIT_SETS)).map((s) => s.name)).toEqual(['c', 'b', 'a']);
    const error = await refusal(service.inForce(PANEL_SETS, new Date('2026-06-01T00:00:00Z')));
    expect([error.code, error.status, error.message]).toEqual([RulesErrorCode.NO_PANEL_SET, 500, 'No panel set is in force on 2026-06-01']);
  });

  describe('two-person rule: an upload is in force only once another admin approves it', () => {
    async function approvalRefusal(work: Promise<unknown>): Promise<ApprovalError> {
      const error = await work.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ApprovalError);
      return error as ApprovalError;
    }

    it('keeps a pending upload out of force; the uploader cannot approve it; a second admin can', async () => {
      const { service, approvals, audits } = inMemoryRuleSetsService();
      await service.seed(LIMIT_SETS, { name: 'built-in', effectiveDate: '2025-01-01', source: 's', rows: [] });
      const set = await service.upload(LIMIT_SETS, limitsCsv('rev-b', '2026-01-01', '0.4'), 'csv', ADMIN);
      const on = new Date('2026-03-01T00:00:00Z');
      expect((await service.inForce(LIMIT_SETS, on)).name).toBe('built-in');

      const request = (await service.approvalOf(set.id))!;
      expect(request).toMatchObject({ status: 'pending', kind: 'rule_set_activation', subjectType: 'limit_set', requestedByLabel: 'admin@lab.example' });
      expect(approvals.mayDecide(request, ADMIN)).toBe(false);
      expect(approvals.mayDecide(request, SECOND_ADMIN)).toBe(true);
      const own = await approvalRefusal(approvals.approve(request.id, ADMIN));
      expect([own.code, own.status]).toEqual([ApprovalErrorCode.CANNOT_APPROVE_OWN_REQUEST, 403]);
      expect((await service.inForce(LIMIT_SETS, on)).name).toBe('built-in');

      await approvals.approve(request.id, SECOND_ADMIN);
      expect(await service.inForce(LIMIT_SETS, on)).toMatchObject({ id: set.id, status: 'approved', decidedBy: 'second@lab.example' });
      expect(audits.at(-1)).toEqual({
        actor: SECOND_ADMIN,
        action: 'approval.approved',
        entityType: 'limit_set',
        entityId: set.id,
        before: { status: 'pending' },
        after: {
          approvalId: request.id,
          kind: 'rule_set_activation',
          summary: request.summary,
          requestedBy: 'admin@lab.example',
          decidedBy: 'second@lab.example',
          result: { name: 'rev-b', kind: 'limits', effectiveDate: '2026-01-01', status: 'approved', decidedBy: 'second@lab.example' },
        },
        reason: undefined,
      });
      const again = await approvalRefusal(approvals.approve(request.id, SECOND_ADMIN));
      expect([again.code, again.status]).toEqual([ApprovalErrorCode.APPROVAL_ALREADY_DECIDED, 409]);
    });

    it('never puts a rejected set in force, and keeps its name taken', async () => {
      const { service, approvals, audits } = inMemoryRuleSetsService();
      const set = await service.upload(LIMIT_SETS, limitsCsv('rev-b', '2026-01-01', '0.4'), 'csv', ADMIN);
      const request = (await service.approvalOf(set.id))!;
      await approvals.reject(request.id, SECOND_ADMIN, '  lead limit is not the OCM number ');
      expect(await service.get(LIMIT_SETS, set.id)).toMatchObject({ status: 'rejected', decidedBy: 'second@lab.example' });
      expect(await service.approvalOf(set.id)).toMatchObject({
        status: 'rejected',
        reason: 'lead limit is not the OCM number',
        decidedByLabel: 'second@lab.example',
      });
      expect(audits.at(-1)).toMatchObject({ action: 'approval.rejected', reason: 'lead limit is not the OCM number', actor: SECOND_ADMIN });
      const error = await refusal(service.inForce(LIMIT_SETS, new Date('2026-03-01T00:00:00Z')));
      expect(error.code).toBe(RulesErrorCode.NO_LIMIT_SET);
      const reused = await refusal(service.upload(LIMIT_SETS, limitsCsv('rev-b', '2026-01-01', '0.3'), 'csv', ADMIN));
      expect(reused.code).toBe(RulesErrorCode.LIMIT_SET_EXISTS);
    });

    it('stores a built-in seed approved by LabTrace itself, with no request', async () => {
      const { service } = inMemoryRuleSetsService();
      const { set } = await service.seed(PANEL_SETS, {
        name: 'seeded',
        effectiveDate: '2026-01-01',
        source: 's',
        rows: [{ productTypes: ['flower'], group: 'metals', requirement: 'required', source: null }],
      });
      expect(set).toMatchObject({ status: 'approved', decidedBy: 'labtrace', loadedBy: 'labtrace' });
      expect(await service.approvalOf(set.id)).toBeNull();
      expect((await service.inForce(PANEL_SETS, new Date('2026-01-01T00:00:00Z'))).id).toBe(set.id);
    });
  });

  describe('reading a set’s rows', () => {
    it('reads them once per set and filter (a set’s rows never change), shared and frozen', async () => {
      const { service, repo } = inMemoryRuleSetsService();
      const set = await service.upload(LIMIT_SETS, limitsCsv('rev-b', '2026-01-01', '0.4'), 'csv', ADMIN);
      const reads = jest.spyOn(repo, 'rowsOf');
      const [first, again] = await Promise.all([
        service.rowsOf(LIMIT_SETS, set.id, { productType: 'flower' }),
        service.rowsOf(LIMIT_SETS, set.id, { productType: 'flower' }),
      ]);
      const other = await service.rowsOf(LIMIT_SETS, set.id, { productType: 'edible' });
      expect(again).toBe(first);
      expect(first.map((r) => r.analyte)).toEqual(['lead']);
      expect(other).toEqual([]);
      expect(reads).toHaveBeenCalledTimes(2);
      expect(Object.isFrozen(first) && Object.isFrozen(first[0])).toBe(true);
      expect(() => Object.assign(first[0], { limitMax: '4' })).toThrow(TypeError);
      expect((await service.rowsOf(LIMIT_SETS, set.id, { productType: 'flower' }))[0].limitMax).toBe('0.4');
    });

    it('does not remember a failed read', async () => {
      const { service, repo } = inMemoryRuleSetsService();
      const set = await service.upload(LIMIT_SETS, limitsCsv('rev-b', '2026-01-01', '0.4'), 'csv', ADMIN);
      jest.spyOn(repo, 'rowsOf').mockRejectedValueOnce(new Error('connection reset'));
      await expect(service.rowsOf(LIMIT_SETS, set.id)).rejects.toThrow('connection reset');
      expect((await service.rowsOf(LIMIT_SETS, set.id)).map((r) => r.analyte)).toEqual(['lead']);
    });
  });
});
