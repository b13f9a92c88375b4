import { Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { uploadFile } from '../../api/upload';
import { QueryState } from '../../components/QueryState';
import { notifySuccess } from '../../lib/notify';
import { groupLabel } from '../../lib/vocabulary';
import { methodKeys, type MethodSet } from '../results/methods';
import { approvalKeys, type ApprovalRequest } from './approvals';
import { setInForce } from './LimitSetsTab';
import { RuleSetTable, RuleSetUpload } from './RuleSetList';

type MethodSetSummary = components['schemas']['MethodSetSummaryDto'];

/** 202 to an upload: the set, stored pending, and the request another admin approves. */
interface MethodSetUpload {
  methodSet: MethodSet;
  approval: ApprovalRequest;
}

const setKeys = { list: ['method-sets', 'list'] as const, one: (id: string) => ['method-sets', 'detail', id] as const };

/**
 * The lab's method registry: each method's SOP, technique, instrument and per-analyte LOD and LOQ,
 * versioned like the limit sets. A new set waits for a second admin before it is ever in force.
 */
export function MethodSetsTab() {
  const qc = useQueryClient();
  const sets = useQuery({ queryKey: setKeys.list, queryFn: () => call<MethodSetSummary[]>(api.GET('/v1/method-sets')) });
  const [shown, setShown] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function upload(file: File | null) {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const answer = await uploadFile<MethodSetUpload>('/v1/method-sets', file, {}, setProgress);
      qc.setQueryData(setKeys.one(answer.methodSet.id), answer.methodSet);
      await Promise.all([qc.invalidateQueries({ queryKey: setKeys.list }), qc.invalidateQueries({ queryKey: approvalKeys.all })]);
      setShown(answer.methodSet.id);
      notifySuccess(
        `${answer.methodSet.name}: ${answer.methodSet.methods.length} methods, effective ${answer.methodSet.effectiveDate}. It is not in force until another admin approves it under Approvals.`,
        'Method set stored, waiting for a second admin',
      );
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  }

  return (
    <Stack>
      <QueryState query={sets} isEmpty={(s) => s.length === 0} empty="No method sets loaded." label="Loading method sets">
        {(list) => <RuleSetTable label="Method sets" sets={list} inForce={setInForce(list)} contents="methods" shown={shown} onToggle={setShown} />}
      </QueryState>
      {shown && <Methods id={shown} />}
      <RuleSetUpload
        kind="method set"
        busy={progress !== null}
        onFile={upload}
        error={error}
        note="LOD and LOQ come from the lab's validation reports. A new set takes over on its effective date, once a second admin approves it."
      />
    </Stack>
  );
}

function Methods({ id }: { id: string }) {
  const qc = useQueryClient();
  const set = useQuery({
    queryKey: setKeys.one(id),
    queryFn: () => call<MethodSet>(api.GET('/v1/method-sets/{id}', { params: { path: { id } } })),
    initialData: () => {
      const inForce = qc.getQueryData<MethodSet | null>(methodKeys.inForce);
      return inForce?.id === id ? inForce : undefined;
    },
  });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Card withBorder>
      <QueryState query={set} label="Loading methods">
        {(s) => (
          <>
            <Title order={3} size="h5" mb="xs">
              {s.name}: {s.methods.length} methods
            </Title>
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing={4} fz="sm" aria-label={`Methods of ${s.name}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Method</Table.Th>
                    <Table.Th>Group</Table.Th>
                    <Table.Th>SOP</Table.Th>
                    <Table.Th>Technique and instrument</Table.Th>
                    <Table.Th aria-label="Analytes" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.methods.map((m) => (
                    <Fragment key={m.methodId}>
                      <Table.Tr>
                        <Table.Td>
                          <Text size="sm" fw={600}>
                            {m.methodId}
                          </Text>
                          <Text size="xs">{m.name}</Text>
                        </Table.Td>
                        <Table.Td>{groupLabel(m.group)}</Table.Td>
                        <Table.Td>{m.sopRef}</Table.Td>
                        <Table.Td>
                          <Text size="xs">{m.technique}</Text>
                          <Text size="xs" c="dimmed">
                            {m.instrument}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Button
                            size="compact-xs"
                            variant="default"
                            aria-expanded={open === m.methodId}
                            onClick={() => setOpen(open === m.methodId ? null : m.methodId)}
                          >
                            LOD / LOQ of {m.analytes.length} analyte{m.analytes.length === 1 ? '' : 's'}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                      {open === m.methodId && (
                        <Table.Tr>
                          <Table.Td colSpan={5}>
                            <Table verticalSpacing={2} fz="xs" aria-label={`LOD and LOQ of ${m.methodId}`}>
                              <Table.Thead>
                                <Table.Tr>
                                  <Table.Th>Analyte</Table.Th>
                                  <Table.Th ta="right">LOD</Table.Th>
                                  <Table.Th ta="right">LOQ</Table.Th>
                                  <Table.Th>Unit</Table.Th>
                                </Table.Tr>
                              </Table.Thead>
                              <Table.Tbody>
                                {m.analytes.map((a) => (
                                  <Table.Tr key={a.analyte}>
                                    <Table.Td>{a.analyte}</Table.Td>
                                    <Table.Td ta="right" className="num">
                                      {a.lod ?? '—'}
                                    </Table.Td>
                                    <Table.Td ta="right" className="num">
                                      {a.loq ?? '—'}
                                    </Table.Td>
                                    <Table.Td>{a.unit}</Table.Td>
                                  </Table.Tr>
                                ))}
                              </Table.Tbody>
                            </Table>
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
      </QueryState>
    </Card>
  );
}
