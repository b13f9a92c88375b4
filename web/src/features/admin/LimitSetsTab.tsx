import { Badge, Card, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keys, useLimitSet, useLimitSets } from '../../api/queries';
import type { LimitRule, LimitSetDetail } from '../../api/types';
import { uploadFile } from '../../api/upload';
import { QueryState } from '../../components/QueryState';
import { notifySuccess } from '../../lib/notify';
import { ANALYTE_GROUPS, groupLabel, PRODUCT_TYPES } from '../../lib/vocabulary';
import { approvalKeys, statusOf, type ApprovalRequest, type LimitSetWithStatus } from './approvals';
import { RuleSetTable, RuleSetUpload } from './RuleSetList';

/** 202 to an upload: the set, stored pending, and the request another admin approves. */
interface LimitSetUpload {
  limitSet: LimitSetDetail & LimitSetWithStatus;
  approval: ApprovalRequest;
}

/**
 * The API's rule: of the approved sets, the one with the latest effective date on or before today (UTC day,
 * as the server counts it), newest load first. A pending or rejected set is never in force.
 */
export function setInForce(sets: LimitSetWithStatus[], today = new Date().toISOString().slice(0, 10)): string | null {
  const eligible = sets
    .filter((s) => statusOf(s) === 'approved' && s.effectiveDate <= today)
    .sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate) || b.createdAt.localeCompare(a.createdAt));
  return eligible[0]?.id ?? null;
}

/** A rule's limit as the COA prints it. */
export function limitText(rule: LimitRule): string {
  switch (rule.operator) {
    case 'lte':
      return `≤ ${rule.limitMax} ${rule.unit ?? ''}`.trim();
    case 'range':
      return `${rule.limitMin}–${rule.limitMax} ${rule.unit ?? ''}`.trim();
    case 'not_detected':
      return 'Not detected';
    case 'report_only':
      return rule.unit ? `Report only (${rule.unit})` : 'Report only';
  }
}

export function LimitSetsTab() {
  const qc = useQueryClient();
  const sets = useLimitSets();
  const [shown, setShown] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function upload(file: File | null) {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const answer = await uploadFile<LimitSetUpload | LimitSetDetail>('/v1/limit-sets', file, {}, setProgress);
      const set = 'limitSet' in answer ? answer.limitSet : answer;
      // The answer carries every rule: show them at once, without asking again.
      qc.setQueryData(keys.limitSet(set.id), set);
      await qc.invalidateQueries({ queryKey: keys.limitSets, exact: true });
      await qc.invalidateQueries({ queryKey: approvalKeys.all });
      setShown(set.id);
      notifySuccess(
        `${set.name}: ${set.ruleCount} rules for ${new Set(set.rules.map((r) => r.productType)).size} product types, effective ${set.effectiveDate}` +
          ('approval' in answer ? '. It is not in force until another admin approves it under Approvals.' : ''),
        'approval' in answer ? 'Limit set stored, waiting for a second admin' : 'Limit set loaded',
      );
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  }

  return (
    <Stack>
      <QueryState query={sets} isEmpty={(s) => s.length === 0} empty="No limit sets loaded." label="Loading limit sets">
        {(list) => (
          <RuleSetTable
            label="Limit sets"
            sets={list.map((s) => ({ ...s, status: statusOf(s) }))}
            inForce={setInForce(list)}
            contents="rules"
            shown={shown}
            onToggle={setShown}
          />
        )}
      </QueryState>
      {shown && <LimitRules id={shown} />}
      <RuleSetUpload
        kind="limit set"
        busy={progress !== null}
        onFile={upload}
        error={error}
        note="A set is never edited: a new one with a later effective date takes over on that day, once a second admin approves it."
      />
    </Stack>
  );
}

const groupOrder = (group: string) => (ANALYTE_GROUPS as readonly string[]).indexOf(group);

/** One set's rules for one product type at a time, by group as the COA lists them. */
function LimitRules({ id }: { id: string }) {
  const set = useLimitSet(id);
  const [productType, setProductType] = useState<string>('flower');
  return (
    <Card withBorder>
      <QueryState query={set} label="Loading rules">
        {(s) => {
          const rules = s.rules
            .filter((r) => r.productType === productType)
            .sort((a, b) => groupOrder(a.analyteGroup) - groupOrder(b.analyteGroup) || a.analyte.localeCompare(b.analyte));
          return (
            <Stack gap="sm">
              <Group justify="space-between">
                <Text fw={600}>
                  {s.name}: {s.ruleCount} rules
                </Text>
                <SegmentedControl size="xs" value={productType} onChange={setProductType} data={[...PRODUCT_TYPES]} aria-label="Product type" />
              </Group>
              {rules.length === 0 ? (
                <Text c="dimmed" size="sm">
                  No rules for {productType}: every analyte is reported without a limit.
                </Text>
              ) : (
                <Table.ScrollContainer minWidth={720}>
                  <Table fz="sm" verticalSpacing={4} striped aria-label={`Rules of ${s.name} for ${productType}`}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Group</Table.Th>
                        <Table.Th>Analyte</Table.Th>
                        <Table.Th>Limit</Table.Th>
                        <Table.Th>Tag</Table.Th>
                        <Table.Th>Source</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rules.map((r) => (
                        <Table.Tr key={r.analyte}>
                          <Table.Td>{groupLabel(r.analyteGroup)}</Table.Td>
                          <Table.Td>{r.analyte}</Table.Td>
                          <Table.Td className="num">{limitText(r)}</Table.Td>
                          <Table.Td>
                            <Badge variant="light" color={r.sourceTag === 'NY' ? 'blue' : 'gray'}>
                              {r.sourceTag}
                            </Badge>
                          </Table.Td>
                          <Table.Td>
                            <Text size="xs" lineClamp={2} maw={480}>
                              {r.source ?? ''}
                            </Text>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </Stack>
          );
        }}
      </QueryState>
    </Card>
  );
}
