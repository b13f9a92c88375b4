import { contributorsOf, displayNameOf, SAMPLE_FACT_ACTIONS, type AuditedAct } from './contributors';

const TECH = { id: 'u-tech', label: 'Terry Tech <tech@lab.test>' };
const MANAGER = { id: 'u-mgr', label: 'Morgan Lee <morgan@lab.test>' };
const SECOND = { id: 'u-mgr2', label: 'Ana Second <ana@lab.test>' };

const event = (who: { id: string; label: string }, action: string, group: string | null, emptied = false): AuditedAct => ({
  actorId: who.id,
  actorLabel: who.label,
  action,
  group,
  emptied,
});

describe('contributorsOf', () => {
  it('names the manager who cleared a group though no row of theirs is left, beside the technician who entered the rest', () => {
    const rows = [
      { userId: TECH.id, label: TECH.label, sourceType: 'manual' as const, group: 'cannabinoids' },
      { userId: TECH.id, label: TECH.label, sourceType: 'computed' as const, group: 'cannabinoids' },
      { userId: TECH.id, label: TECH.label, sourceType: 'manual' as const, group: 'metals' },
    ];
    const events = [
      event(TECH, 'results.entered', 'cannabinoids'),
      event(TECH, 'results.entered', 'metals'),
      event(TECH, 'results.entered', 'residual_solvents'),
      event(MANAGER, 'results.entered', 'residual_solvents', true),
      event(MANAGER, 'results.rejudged', null),
    ];
    expect(contributorsOf(rows, [], events)).toEqual([
      { userId: MANAGER.id, displayName: 'Morgan Lee', did: [{ act: 'cleared', groups: ['residual_solvents'] }] },
      { userId: TECH.id, displayName: 'Terry Tech', did: [{ act: 'entered', groups: ['cannabinoids', 'metals', 'residual_solvents'] }] },
    ]);
  });

  it('tells imports, amendments, marks and withdrawn marks apart, each with its groups', () => {
    const rows = [
      { userId: SECOND.id, label: SECOND.label, sourceType: 'instrument_import' as const, group: 'pesticides' },
      { userId: SECOND.id, label: SECOND.label, sourceType: 'coa_import' as const, group: 'microbials' },
      { userId: MANAGER.id, label: MANAGER.label, sourceType: 'amendment' as const, group: 'metals' },
    ];
    const marks = [{ userId: MANAGER.id, label: MANAGER.label, group: 'mycotoxins' }];
    const events = [
      event(SECOND, 'results.instrument_import', 'pesticides'),
      event(TECH, 'results.not_tested_marked', 'terpenes'),
      event(TECH, 'results.not_tested_withdrawn', 'terpenes'),
    ];
    expect(contributorsOf(rows, marks, events)).toEqual([
      { userId: SECOND.id, displayName: 'Ana Second', did: [{ act: 'imported', groups: ['microbials', 'pesticides'] }] },
      {
        userId: MANAGER.id,
        displayName: 'Morgan Lee',
        did: [
          { act: 'amended', groups: ['metals'] },
          { act: 'marked_not_tested', groups: ['mycotoxins'] },
        ],
      },
      {
        userId: TECH.id,
        displayName: 'Terry Tech',
        did: [
          { act: 'marked_not_tested', groups: ['terpenes'] },
          { act: 'withdrew_mark', groups: ['terpenes'] },
        ],
      },
    ]);
  });

  it('names the receiver, whose receipt facts decide the verdict, though they wrote no result; receipt is listed first', () => {
    const rows = [{ userId: TECH.id, label: TECH.label, sourceType: 'manual' as const, group: 'cannabinoids' }];
    const events = [event(MANAGER, 'sample.received', null), event(TECH, 'results.entered', 'cannabinoids')];
    expect(contributorsOf(rows, [], events)).toEqual([
      { userId: MANAGER.id, displayName: 'Morgan Lee', did: [{ act: 'received', groups: [] }] },
      { userId: TECH.id, displayName: 'Terry Tech', did: [{ act: 'entered', groups: ['cannabinoids'] }] },
    ]);
    // A technician who received and entered did both.
    expect(contributorsOf(rows, [], [event(TECH, 'sample.received', null), event(TECH, 'results.entered', 'cannabinoids')])).toEqual([
      {
        userId: TECH.id,
        displayName: 'Terry Tech',
        did: [
          { act: 'received', groups: [] },
          { act: 'entered', groups: ['cannabinoids'] },
        ],
      },
    ]);
  });

  it('lists receipt as the only fact-deciding sample action (no lab route changes those facts after it)', () => {
    expect(SAMPLE_FACT_ACTIONS).toEqual(['sample.received']);
  });

  it('keeps anyone the records name, even by an action it does not know or with only re-judging to show', () => {
    const listed = contributorsOf([], [], [event(TECH, 'results.something_new', null), event(MANAGER, 'results.rejudged', null)]);
    expect(listed).toEqual([
      { userId: MANAGER.id, displayName: 'Morgan Lee', did: [{ act: 'changed', groups: [] }] },
      { userId: TECH.id, displayName: 'Terry Tech', did: [{ act: 'changed', groups: [] }] },
    ]);
    expect(contributorsOf([], [], [])).toEqual([]);
  });
});

describe('contributorsOf: the saver of an instrument mapping', () => {
  it("counts the mapping's last saver, named by the import's events, for the groups the import wrote, beside the uploader", () => {
    const imported = { ...event(TECH, 'results.instrument_import', 'pesticides'), mappingSavedBy: MANAGER };
    const rows = [{ userId: TECH.id, label: TECH.label, sourceType: 'instrument_import' as const, group: 'pesticides' }];
    expect(contributorsOf(rows, [], [imported, { ...imported, group: 'mycotoxins' }])).toEqual([
      { userId: MANAGER.id, displayName: 'Morgan Lee', did: [{ act: 'mapping', groups: ['mycotoxins', 'pesticides'] }] },
      { userId: TECH.id, displayName: 'Terry Tech', did: [{ act: 'imported', groups: ['mycotoxins', 'pesticides'] }] },
    ]);
    // The uploader who saved the mapping too did both.
    const own = { ...event(MANAGER, 'results.instrument_import', 'metals'), mappingSavedBy: MANAGER };
    expect(contributorsOf([], [], [own])[0].did).toEqual([
      { act: 'imported', groups: ['metals'] },
      { act: 'mapping', groups: ['metals'] },
    ]);
  });
});

describe('displayNameOf', () => {
  it('takes the name of "Name <email>", and keeps a bare address', () => {
    expect(displayNameOf('Morgan Lee <morgan@lab.test>')).toBe('Morgan Lee');
    expect(displayNameOf('manager@demo.lab')).toBe('manager@demo.lab');
    expect(displayNameOf('<x@lab.test>')).toBe('<x@lab.test>');
  });
});
