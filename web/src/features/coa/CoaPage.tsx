import { Alert, Anchor, Breadcrumbs, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useCoaVersions, useResults, useSample } from '../../api/queries';
import type { SampleDetail } from '../../api/types';
import { useSession } from '../../auth/session';
import { SampleStatusBadge } from '../../components/badges';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { AmendForm } from './AmendForm';
import { AmendmentDiff } from './AmendmentDiff';
import { useAmendments } from './amendments-api';
import { CoaViewer } from './CoaViewer';
import { VersionsTable } from './VersionsTable';

export default function CoaPage() {
  const { id = '' } = useParams();
  const sample = useSample(id);
  return (
    <QueryState query={sample} label="Loading sample">
      {(s) => <CoaView sample={s} />}
    </QueryState>
  );
}

function CoaView({ sample }: { sample: SampleDetail }) {
  const { hasRole } = useSession();
  const [params, setParams] = useSearchParams();
  const versions = useCoaVersions(sample.id, !!sample.coaVersion);
  const results = useResults(sample.id, undefined, sample.status === 'released');
  const amendments = useAmendments(sample.id, !!sample.coaVersion);
  const pending = amendments.data?.find((a) => a.status === 'pending');
  const [amending, setAmending] = useState(false);
  const latest = sample.coaVersion ?? 0;
  const shown = Number(params.get('version')) || latest;

  return (
    <>
      <Breadcrumbs mb="xs" aria-label="Breadcrumb">
        <Anchor component={Link} to="/worklist" size="sm">
          Worklist
        </Anchor>
        <Anchor component={Link} to={`/samples/${sample.id}`} size="sm">
          {sample.labCode}
        </Anchor>
        <Text size="sm">Certificate</Text>
      </Breadcrumbs>
      <PageHeader
        title={
          <>
            Certificate of Analysis · {sample.labCode} <SampleStatusBadge status={sample.status} />
          </>
        }
        subtitle={`${sample.name} · ${sample.licenseeName}`}
      />
      {!sample.coaVersion ? (
        <Alert color="gray" title="No certificate yet">
          A COA exists once a manager releases the sample.
        </Alert>
      ) : (
        <Stack gap="md">
          <QueryState query={versions} label="Loading versions">
            {(v) => <VersionsTable versions={v} selected={shown} onSelect={(n) => setParams(n === latest ? {} : { version: String(n) })} />}
          </QueryState>
          {pending && <AmendmentDiff amendment={pending} onReleased={() => setParams({})} />}
          {hasRole('manager') &&
            !pending &&
            (amending ? (
              <QueryState query={results} label="Loading results">
                {(r) => (
                  <AmendForm
                    sampleId={sample.id}
                    current={r}
                    receivedAt={sample.receivedAt}
                    onAmended={() => {
                      setAmending(false);
                      setParams({});
                    }}
                  />
                )}
              </QueryState>
            ) : (
              <Group>
                <Button variant="default" onClick={() => setAmending(true)}>
                  Amend this certificate…
                </Button>
              </Group>
            ))}
          <CoaViewer key={shown} sampleId={sample.id} version={shown} title={`COA ${sample.labCode} v${shown}`} labCode={sample.labCode} />
        </Stack>
      )}
    </>
  );
}
