import { arrayInsert, type ArrayColumn } from './array-insert';

interface Row {
  sample: string;
  analyte: string;
  value: string | null;
  at: Date | null;
  computed: boolean;
  doc?: unknown;
}

const COLUMNS: ReadonlyArray<ArrayColumn<Row>> = [
  ['sample_id', 'uuid', (r) => r.sample],
  ['analyte', 'text', (r) => r.analyte],
  ['value', 'numeric', (r) => r.value],
  ['analysed_at', 'timestamptz', (r) => r.at],
  ['computed', 'boolean', (r) => r.computed],
];

const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';

describe('arrayInsert', () => {
  it('sends a column of one value once, and a short column as a list of values with an index per row', async () => {
    const at = new Date('2026-03-14T12:54:00Z');
    const rows: Row[] = Array.from({ length: 40 }, (_, i) => ({
      sample: i < 20 ? S1 : S2,
      analyte: `a${i % 2}`,
      value: String(i),
      at: new Date(at.getTime()),
      computed: false,
    }));
    const { sql, params } = await arrayInsert('analyte_results', COLUMNS, rows);
    expect(sql).toBe(
      'INSERT INTO analyte_results (sample_id, analyte, value, analysed_at, computed) SELECT ($2::uuid[])[k.i0], ($4::text[])[k.i1], k.i2, $6::timestamptz, $7::boolean ' +
        'FROM unnest($1::int[], $3::int[], $5::numeric[]) WITH ORDINALITY AS k(i0, i1, i2, n) ORDER BY k.n',
    );
    expect(params[0]).toBe(`{${rows.map((_, i) => (i < 20 ? '1' : '2')).join(',')}}`);
    expect(params[1]).toBe(`{"${S1}","${S2}"}`);
    expect(params[2]).toBe(`{${rows.map((_, i) => (i % 2 ? '2' : '1')).join(',')}}`);
    expect(params[3]).toBe('{"a0","a1"}');
    expect(params[4]).toBe(`{${rows.map((_, i) => `"${i}"`).join(',')}}`);
    expect(params.slice(5)).toEqual(['2026-03-14T12:54:00.000Z', 'f']);
  });

  it('writes NULL for null and undefined, quotes every value and escapes quotes and backslashes', async () => {
    const rows: Row[] = [
      { sample: S1, analyte: 'say "hi"', value: null, at: null, computed: true },
      { sample: S2, analyte: 'back\\slash, {brace}', value: '-0.5', at: new Date('2026-01-01T00:00:00Z'), computed: false },
      { sample: S1, analyte: 'NULL', value: '1', at: null, computed: true },
    ];
    const { sql, params } = await arrayInsert('t', COLUMNS, rows);
    expect(sql).toBe(
      'INSERT INTO t (sample_id, analyte, value, analysed_at, computed) SELECT k.i0, k.i1, k.i2, k.i3, k.i4 FROM unnest($1::uuid[], $2::text[], $3::numeric[], $4::timestamptz[], $5::boolean[]) WITH ORDINALITY AS k(i0, i1, i2, i3, i4, n) ORDER BY k.n',
    );
    expect(params).toEqual([
      `{"${S1}","${S2}","${S1}"}`,
      '{"say \\"hi\\"","back\\\\slash, {brace}","NULL"}',
      '{NULL,"-0.5","1"}',
      '{NULL,"2026-01-01T00:00:00.000Z",NULL}',
      '{"t","f","t"}',
    ]);
  });

  it('keeps nulls out of a list of values (a NULL index) and sends an all-null column as one NULL', async () => {
    const rows: Row[] = Array.from({ length: 16 }, (_, i) => ({ sample: S1, analyte: 'x', value: i % 4 ? null : '0.1', at: null, computed: false, doc: null }));
    const { sql, params } = await arrayInsert('t', [...COLUMNS, ['doc', 'jsonb', (r) => r.doc]], rows);
    expect(sql).toContain('($4::numeric[])[k.i0]');
    expect(params[3]).toBe('{"0.1"}');
    expect(params[2]).toBe(`{${rows.map((_, i) => (i % 4 ? 'NULL' : '1')).join(',')}}`);
    expect(sql).toContain('$5::timestamptz');
    expect(params[4]).toBeNull();
    expect(params[params.length - 1]).toBeNull();
  });

  it('sends JSON documents as JSON text, escaped', async () => {
    const rows: Row[] = [
      { sample: S1, analyte: 'a', value: null, at: null, computed: false, doc: { group: 'pesticides', note: 'a "quoted" \\ word' } },
      { sample: S1, analyte: 'a', value: null, at: null, computed: false, doc: null },
    ];
    const { params } = await arrayInsert('t', [['doc', 'jsonb', (r: Row) => r.doc]], rows);
    expect(params[0]).toBe(`{${JSON.stringify(JSON.stringify(rows[0].doc))},NULL}`);
  });

  it('sends a column once when every row says the same, whether as the same value, null or undefined, or the same text', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ a: i % 2 ? null : undefined, b: i % 2 ? 1 : '1', c: i < 11 ? 'x' : 'y' }));
    const columns: ReadonlyArray<ArrayColumn<(typeof rows)[number]>> = [
      ['a', 'text', (r) => r.a],
      ['b', 'int', (r) => r.b],
      ['c', 'text', (r) => r.c],
    ];
    const { sql, params } = await arrayInsert('t', columns, rows);
    expect(sql).toBe('INSERT INTO t (a, b, c) SELECT $1::text, $2::int, k.i0 FROM unnest($3::text[]) WITH ORDINALITY AS k(i0, n) ORDER BY k.n');
    expect(params).toEqual([null, '1', `{${rows.map((r) => `"${r.c}"`).join(',')}}`]);
  });
});

describe('arrayInsert in turns', () => {
  it('asks for a turn of the event loop before each column and builds the same statement as without', async () => {
    const rows: Row[] = Array.from({ length: 40 }, (_, i) => ({
      sample: i % 3 ? S1 : S2,
      analyte: `a${i}`,
      value: i % 5 === 0 ? null : `0.${i}`,
      at: null,
      computed: i % 2 === 0,
    }));
    let turns = 0;
    const inTurns = await arrayInsert('t', COLUMNS, rows, () => ((turns += 1), Promise.resolve()));
    expect(turns).toBe(COLUMNS.length);
    expect(inTurns).toEqual(await arrayInsert('t', COLUMNS, rows));
  });
});
