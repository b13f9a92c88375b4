import { rejudgedRows, writtenBy, type JudgedRowFacts } from './rejudged-rows';
import { rejudgedAudit } from './rejudged-rows-audit';

const SET_A = '00000000-0000-4000-8000-00000000000a';
const SET_B = '00000000-0000-4000-8000-00000000000b';

function row(analyteGroup: string, analyte: string, status: string, limitText: string | null, limitSetId = SET_A, computed = false): JudgedRowFacts {
  return { analyteGroup, analyte, computed, status, limitText, limitSetId };
}

/** A stored version judged under set A: lead passes at 0.12 µg/g under ≤ 0.5. */
const stored = [
  row('metals', 'lead', 'pass', '≤ 0.5 µg/g'),
  row('metals', 'arsenic', 'pass', '≤ 0.2 µg/g'),
  row('pesticides', 'bifenazate', 'pass', '≤ 0.1 µg/g'),
  row('cannabinoids', 'thca', 'report_only', null),
  row('cannabinoids', 'total-thc', 'report_only', null, SET_A, true),
];
const pesticidesOnly = writtenBy([{ group: 'pesticides', analytes: [{ analyte: 'Bifenazate', value: '0.05', unit: 'µg/g' }] }], false);

describe('rejudgedRows', () => {
  it('lists a kept row whose verdict and limit changed under a new set, with both set ids, and nothing of the written group', () => {
    const composed = [
      row('cannabinoids', 'thca', 'report_only', null),
      row('cannabinoids', 'total-thc', 'report_only', null, SET_A, true),
      row('metals', 'lead', 'fail', '≤ 0.1 µg/g', SET_B),
      row('metals', 'arsenic', 'pass', '≤ 0.2 µg/g'),
      row('pesticides', 'bifenazate', 'fail', '≤ 0.01 µg/g', SET_B),
    ];
    expect(rejudgedRows(stored, composed, pesticidesOnly)).toEqual([
      {
        group: 'metals',
        analyte: 'lead',
        status: { from: 'pass', to: 'fail' },
        limit: { from: '≤ 0.5 µg/g', to: '≤ 0.1 µg/g' },
        limitSetId: { from: SET_A, to: SET_B },
      },
    ]);
  });

  it('lists a kept row whose only change is the limit set it was judged by, computed totals included, in group then analyte order', () => {
    const composed = stored.map((r) => ({ ...r, limitSetId: SET_B }));
    expect(rejudgedRows(stored, composed, pesticidesOnly).map((r) => [r.group, r.analyte, r.status, r.limitSetId])).toEqual([
      ['cannabinoids', 'thca', { from: 'report_only', to: 'report_only' }, { from: SET_A, to: SET_B }],
      ['cannabinoids', 'total-thc', { from: 'report_only', to: 'report_only' }, { from: SET_A, to: SET_B }],
      ['metals', 'arsenic', { from: 'pass', to: 'pass' }, { from: SET_A, to: SET_B }],
      ['metals', 'lead', { from: 'pass', to: 'pass' }, { from: SET_A, to: SET_B }],
    ]);
  });

  it('is empty when re-judging changed nothing, and for a first entry', () => {
    expect(
      rejudgedRows(
        stored,
        stored.map((r) => ({ ...r })),
        pesticidesOnly,
      ),
    ).toEqual([]);
    expect(rejudgedRows([], [row('pesticides', 'bifenazate', 'pass', '≤ 0.1 µg/g', SET_B)], pesticidesOnly)).toEqual([]);
  });

  it('a replaced group is the write’s own, even its analytes the write left out', () => {
    const composed = [row('metals', 'lead', 'fail', '≤ 0.1 µg/g', SET_B), row('metals', 'arsenic', 'pass', '≤ 0.2 µg/g', SET_B)];
    const metalsWritten = writtenBy([{ group: 'metals', analytes: [{ analyte: 'Lead', value: '0.12', unit: 'µg/g' }] }], false);
    expect(rejudgedRows(stored.slice(0, 2), composed, metalsWritten)).toEqual([]);
  });

  it('a merging write (an import) owns only the analytes it carried: the group’s kept rows are re-judged rows', () => {
    const leadImported = writtenBy([{ group: 'metals', analytes: [{ analyte: 'Lead', value: '0.3', unit: 'µg/g' }] }], true);
    const composed = [row('metals', 'lead', 'fail', '≤ 0.1 µg/g', SET_B), row('metals', 'arsenic', 'fail', '≤ 0.01 µg/g', SET_B)];
    expect(rejudgedRows(stored.slice(0, 2), composed, leadImported)).toEqual([
      {
        group: 'metals',
        analyte: 'arsenic',
        status: { from: 'pass', to: 'fail' },
        limit: { from: '≤ 0.2 µg/g', to: '≤ 0.01 µg/g' },
        limitSetId: { from: SET_A, to: SET_B },
      },
    ]);
  });

  it('a total of an untouched group that appears or vanishes has null on the side without it', () => {
    const before = [row('mycotoxins', 'total-aflatoxins', 'pass', '≤ 20 µg/kg', SET_A, true)];
    const after = [row('cannabinoids', 'total-thc', 'report_only', null, SET_B, true)];
    expect(rejudgedRows(before, after, pesticidesOnly)).toEqual([
      {
        group: 'cannabinoids',
        analyte: 'total-thc',
        status: { from: null, to: 'report_only' },
        limit: { from: null, to: null },
        limitSetId: { from: null, to: SET_B },
      },
      {
        group: 'mycotoxins',
        analyte: 'total-aflatoxins',
        status: { from: 'pass', to: null },
        limit: { from: '≤ 20 µg/kg', to: null },
        limitSetId: { from: SET_A, to: null },
      },
    ]);
  });
});

describe('rejudgedAudit', () => {
  const actor = { type: 'user', id: 'u-1', label: 'Tech One', role: 'technician' } as const;
  const lead = {
    group: 'metals',
    analyte: 'lead',
    status: { from: 'pass', to: 'fail' },
    limit: { from: '≤ 0.5 µg/g', to: '≤ 0.1 µg/g' },
    limitSetId: { from: SET_A, to: SET_B },
  };
  const base = { actor, sampleId: 's-1', version: 1, limitSet: { id: SET_B, name: 'ocm-rev-b' } };

  it('is one results.rejudged event naming the write that caused it, and none when nothing was re-judged', () => {
    const cause = { action: 'results.entered', groups: ['pesticides'], sourceId: null };
    expect(rejudgedAudit({ ...base, cause, rejudged: [] })).toBeNull();
    expect(rejudgedAudit({ ...base, cause, rejudged: [lead], reason: 'rerun' })).toEqual({
      actor,
      action: 'results.rejudged',
      entityType: 'sample',
      entityId: 's-1',
      before: { version: 1, limitSetIds: [SET_A] },
      after: { version: 1, limitSet: 'ocm-rev-b', limitSetId: SET_B, cause, rejudged: [lead] },
      reason: 'rerun (judged again under limit set ocm-rev-b, in force when pesticides was written)',
    });
    const two = rejudgedAudit({ ...base, cause: { ...cause, groups: ['metals', 'pesticides'] }, rejudged: [lead] });
    expect(two?.reason).toBe('judged again under limit set ocm-rev-b, in force when metals, pesticides were written');
  });
});
