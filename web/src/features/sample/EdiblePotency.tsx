import { Badge, Card, Group, Table, Text, Title } from '@mantine/core';
import type { SampleResults } from '../../api/types';
import { VerdictBadge } from '../../components/badges';

type Edible = NonNullable<SampleResults['edible']>;
type Claim = Edible['claims'][number];

const TOTAL_NAME: Record<string, string> = { 'total-thc': 'Total THC', 'total-cbd': 'Total CBD' };
const CLAIM_COLOR: Record<Claim['status'], string> = { within: 'green.8', outside: 'red.9', not_quantified: 'gray.7' };
const CLAIM_LABEL: Record<Claim['status'], string> = { within: 'within', outside: 'outside', not_quantified: 'not quantified' };

/** A computed per-serving or per-package row (judged against NY's caps) from the cannabinoids group. */
function capRow(results: SampleResults, analyte: string) {
  return results.groups.find((g) => g.group === 'cannabinoids')?.analytes.find((a) => a.analyte === analyte);
}

/**
 * An edible's potency in every unit NY asks for: % w/w, mg/g, mg per serving and mg per package, the
 * per-serving and per-package caps judged like any limit, and the labelled claim when the licensee sent one.
 */
export function EdiblePotency({ results }: { results: SampleResults }) {
  const edible = results.edible;
  if (!edible) return null;
  return (
    <Card withBorder padding="sm" data-testid="edible-potency">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          Edible potency
        </Title>
        <Text size="xs" c="dimmed" className="num">
          {edible.servingsPerPackage} servings per package · package {edible.packageNetWeightG} g
          {edible.servingWeightG ? ` · serving ${edible.servingWeightG} g` : ''}
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing={4} fz="sm" aria-label="Edible potency">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Total</Table.Th>
              <Table.Th ta="right">% w/w</Table.Th>
              <Table.Th ta="right">mg/g</Table.Th>
              <Table.Th ta="right">mg per serving</Table.Th>
              <Table.Th ta="right">mg per package</Table.Th>
              <Table.Th>Caps</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {edible.amounts.map((a) => {
              const caps = [capRow(results, `${a.analyte}-per-serving`), capRow(results, `${a.analyte}-per-package`)].filter((c) => !!c?.limit);
              return (
                <Table.Tr key={a.analyte}>
                  <Table.Td>{TOTAL_NAME[a.analyte] ?? a.analyte}</Table.Td>
                  <Table.Td ta="right" className="num">
                    {a.qualifier ?? a.percent ?? '—'}
                  </Table.Td>
                  <Table.Td ta="right" className="num">
                    {a.qualifier ? '' : (a.mgPerG ?? '—')}
                  </Table.Td>
                  <Table.Td ta="right" className="num" fw={600}>
                    {a.qualifier ? '' : (a.mgPerServing ?? '—')}
                  </Table.Td>
                  <Table.Td ta="right" className="num" fw={600}>
                    {a.qualifier ? '' : (a.mgPerPackage ?? '—')}
                  </Table.Td>
                  <Table.Td>
                    {caps.length === 0
                      ? '—'
                      : caps.map((c) => (
                          <Group key={c!.analyte} gap={4} wrap="nowrap">
                            <VerdictBadge status={c!.status} size="xs" />
                            <Text size="xs">{c!.limit}</Text>
                          </Group>
                        ))}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {edible.claims.length > 0 ? (
        <Table verticalSpacing={2} fz="sm" mt="xs" aria-label="Label claim">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Label claim</Table.Th>
              <Table.Th ta="right">Claimed mg</Table.Th>
              <Table.Th ta="right">Measured mg</Table.Th>
              <Table.Th ta="right">Deviation</Table.Th>
              <Table.Th>Within ±{edible.claimTolerance.tolerancePercent}%</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {edible.claims.map((c) => (
              <Table.Tr key={`${c.analyte}-${c.basis}`}>
                <Table.Td>
                  {TOTAL_NAME[c.analyte] ?? c.analyte} per {c.basis}
                </Table.Td>
                <Table.Td ta="right" className="num">
                  {c.claimedMg}
                </Table.Td>
                <Table.Td ta="right" className="num">
                  {c.measuredMg ?? '—'}
                </Table.Td>
                <Table.Td ta="right" className="num">
                  {c.deviationPercent === null ? '—' : `${c.deviationPercent.startsWith('-') ? '' : '+'}${c.deviationPercent}%`}
                </Table.Td>
                <Table.Td>
                  <Badge size="xs" color={CLAIM_COLOR[c.status]} autoContrast title={c.reason}>
                    {CLAIM_LABEL[c.status]}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="xs" c="dimmed" mt="xs">
          No label claim was sent for this product.
        </Text>
      )}
      <Text size="xs" c="dimmed" mt={4}>
        Claim tolerance ±{edible.claimTolerance.tolerancePercent}% ({edible.claimTolerance.sourceTag}): {edible.claimTolerance.source}
      </Text>
    </Card>
  );
}
