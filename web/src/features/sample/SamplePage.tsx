import { Anchor, Box, Breadcrumbs, Button, Card, Tabs, Text, Tooltip } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { keys, useAudit, useQcFlags, useResults, useSample } from '../../api/queries';
import type { CustodyEntry, SampleDetail } from '../../api/types';
import { useSession } from '../../auth/session';
import { SampleStatusBadge, VerdictBadge } from '../../components/badges';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { useDisplayNames } from '../../lib/display-names';
import { notifyError, notifySuccess } from '../../lib/notify';
import { AmendmentDiff } from '../coa/AmendmentDiff';
import { useAmendments } from '../coa/amendments-api';
import { LabelModal } from '../intake/LabelModal';
import { AuditTrail } from './AuditTrail';
import { CustodyTimeline } from './CustodyTimeline';
import { QcFlagsPanel } from './QcFlagsPanel';
import { ResultsByGroup } from './ResultsByGroup';
import { SampleFacts } from './SampleFacts';
import { StateReportCard } from './StateReportCard';
import { submitBlocker } from './submit-readiness';

const OPEN_FOR_RESULTS = ['received', 'in_testing'];

export default function SamplePage() {
  const { id = '' } = useParams();
  const sample = useSample(id);
  return (
    <QueryState query={sample} label="Loading sample">
      {(s) => <SampleView sample={s} />}
    </QueryState>
  );
}

function SampleView({ sample }: { sample: SampleDetail }) {
  const { hasRole } = useSession();
  const qc = useQueryClient();
  const received = sample.status !== 'pending' && sample.status !== 'rejected';
  const results = useResults(sample.id, undefined, received);
  const audit = useAudit(sample.id);
  const flags = useQcFlags(sample.id);
  const [label, setLabel] = useState(false);
  const bench = hasRole('technician', 'manager');
  const openFlags = (flags.data ?? []).filter((f) => !f.resolvedAt);
  // A requested amendment waits here for a second manager: its diff, release and reject.
  const amendments = useAmendments(sample.id, !!sample.coaVersion);
  const pending = amendments.data?.find((a) => a.status === 'pending');

  const submit = useMutation({
    mutationFn: () => call(api.POST('/v1/samples/{id}/submit', { params: { path: { id: sample.id } } })),
    onSuccess: () => {
      notifySuccess(`${sample.labCode} submitted for review`);
      qc.invalidateQueries({ queryKey: keys.samples });
    },
    onError: (e) => {
      notifyError(e, 'Could not submit');
      // The refusal usually means the sample changed elsewhere: show it as it is now.
      qc.invalidateQueries({ queryKey: keys.sample(sample.id) });
    },
  });
  const names = useDisplayNames();
  // Results that failed to load leave the decision to the server (its refusal is shown).
  const blocker = received && !results.isError ? submitBlocker(results.data, names.analyte) : null;

  return (
    <>
      <Breadcrumbs mb="xs" aria-label="Breadcrumb">
        <Anchor component={Link} to="/worklist" size="sm">
          Worklist
        </Anchor>
        <Text size="sm">{sample.labCode ?? sample.sampleInventoryId}</Text>
      </Breadcrumbs>
      <PageHeader
        title={
          <>
            {sample.labCode ?? 'Not yet received'} <SampleStatusBadge status={sample.status} /> <VerdictBadge status={sample.resultStatus} />
          </>
        }
        subtitle={sample.name}
        actions={
          <>
            {received && (
              <Button variant="default" onClick={() => setLabel(true)}>
                Print label
              </Button>
            )}
            {bench && OPEN_FOR_RESULTS.includes(sample.status) && (
              <>
                <Button component={Link} to={`/samples/${sample.id}/results`} variant="light">
                  Enter results
                </Button>
                <Tooltip label={blocker} disabled={!blocker} multiline w={320} withArrow>
                  {/* A disabled button gets no pointer events; the wrapper shows why on hover. */}
                  <span>
                    <Button
                      onClick={() => submit.mutate()}
                      loading={submit.isPending}
                      disabled={!!blocker}
                      aria-describedby={blocker ? 'submit-blocker' : undefined}
                    >
                      Submit for review
                    </Button>
                  </span>
                </Tooltip>
              </>
            )}
            {sample.status === 'submitted' && hasRole('manager') && (
              <Button component={Link} to={`/review?sample=${sample.id}`}>
                Review
              </Button>
            )}
            {sample.coaVersion && (
              <Button component={Link} to={`/samples/${sample.id}/coa`}>
                Certificate (v{sample.coaVersion})
              </Button>
            )}
            {sample.coaVersion && !pending && hasRole('manager') && (
              <Button component={Link} to={`/samples/${sample.id}/coa`} variant="default">
                Amend…
              </Button>
            )}
          </>
        }
      />
      {bench && OPEN_FOR_RESULTS.includes(sample.status) && blocker && (
        <Text size="sm" c="dimmed" mt={-8} mb="md" id="submit-blocker" data-testid="submit-blocker">
          {blocker}
        </Text>
      )}
      <Card withBorder mb="md">
        <SampleFacts sample={sample} />
      </Card>
      <StateReportCard sample={sample} />
      {pending && (
        <Box mb="md">
          <AmendmentDiff amendment={pending} onReleased={() => undefined} />
        </Box>
      )}
      <Tabs defaultValue="results" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="results">Results</Tabs.Tab>
          <Tabs.Tab value="qc">QC flags{openFlags.length ? ` (${openFlags.length} open)` : ''}</Tabs.Tab>
          <Tabs.Tab value="custody">Custody</Tabs.Tab>
          <Tabs.Tab value="audit">Audit trail</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="results" pt="md">
          {received ? (
            <QueryState query={results} label="Loading results">
              {(r) => (
                <ResultsByGroup
                  results={r}
                  qcAnalytes={new Set(openFlags.map((f) => f.analyte ?? ''))}
                  canMarkNotTested={hasRole('manager') && OPEN_FOR_RESULTS.includes(sample.status)}
                />
              )}
            </QueryState>
          ) : (
            <Text c="dimmed">Results are entered once the sample is received.</Text>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="qc" pt="md">
          <QueryState query={flags} label="Loading QC flags">
            {(f) => <QcFlagsPanel sampleId={sample.id} flags={f} canResolve={bench} />}
          </QueryState>
        </Tabs.Panel>
        <Tabs.Panel value="custody" pt="md">
          <CustodyTimeline events={sample.custody as unknown as CustodyEntry[]} />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <QueryState query={audit} isEmpty={(a) => a.length === 0} empty="No audit entries." label="Loading audit trail">
            {(a) => <AuditTrail entries={a} />}
          </QueryState>
        </Tabs.Panel>
      </Tabs>
      <LabelModal sample={label ? sample : null} onClose={() => setLabel(false)} />
    </>
  );
}
