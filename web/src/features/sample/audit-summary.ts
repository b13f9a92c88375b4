import { groupName } from '../../lib/display-names';

type Row = { analyte?: unknown; value?: unknown; qualifier?: unknown; unit?: unknown };
type Change = { from?: unknown; to?: unknown } | undefined;
type Rejudged = { analyte?: unknown; status?: Change; limit?: Change };

/** "a → b", or just "a" when it did not change; a missing side shows as "none". */
function fromTo(change: Change): string {
  const side = (v: unknown) => (v === null || v === undefined ? 'none' : String(v));
  return side(change?.from) === side(change?.to) ? side(change?.to) : `${side(change?.from)} → ${side(change?.to)}`;
}

function shortList(items: string[], max = 6): string {
  return items.length > max ? `${items.slice(0, max).join(', ')} … (+${items.length - max})` : items.join(', ');
}

/** A change in words: a group's analytes as "lead 0.12 µg/g", anything else as "key: value". */
export function summarise(value: unknown): string {
  if (value === null || value === undefined || typeof value !== 'object') return value == null ? '' : String(value);
  const o = value as Record<string, unknown>;
  if (Array.isArray(o.analytes)) {
    const rows = (o.analytes as Row[]).map((a) => [a.analyte, a.qualifier ?? a.value, a.unit].filter((x) => x !== null && x !== undefined).join(' '));
    return `${o.group ? `${groupName(String(o.group))}: ` : ''}${shortList(rows)}${o.version ? ` (v${String(o.version)})` : ''}`;
  }
  // Rows judged again under another limit set: "lead pass → fail (limit ≤ 0.5 µg/g → ≤ 0.1 µg/g)".
  if (Array.isArray(o.rejudged)) {
    const rows = (o.rejudged as Rejudged[]).map((r) => `${String(r.analyte)} ${fromTo(r.status)} (limit ${fromTo(r.limit)})`);
    return `judged again${o.limitSet ? ` under ${String(o.limitSet)}` : ''}: ${shortList(rows)}`;
  }
  const parts = Object.entries(o)
    .filter(([, v]) => v !== null && v !== undefined && (typeof v !== 'object' || Array.isArray(v)))
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? shortList(v.map(String), 4) : String(v).length > 24 ? `${String(v).slice(0, 12)}…` : String(v)}`);
  return shortList(parts, 5);
}
