import { Alert, Button, Card, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import { keys, useQcFlags, useResults } from '../../api/queries';
import type { SampleSummary } from '../../api/types';
import { useSession } from '../../auth/session';
import { VerdictBadge } from '../../components/badges';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/dates';
import { notifyError, notifySuccess } from '../../lib/notify';
import { CoaViewer } from '../coa/CoaViewer';
import { QcFlagsPanel } from '../sample/QcFlagsPanel';
import { ResultsByGroup } from '../sample/ResultsByGroup';
import { releaseBlockers } from './release-check';
import { SignatureDialog } from './SignatureDialog';
import { RELEASE_MEANINGS, RESULTS_CHANGED, signedReleaseApi, type SignatureBody, type SignedRelease } from './signature-api';

export function ReviewPanel({ sample, onDone }: { sample: SampleSummary; onDone: () => void }) {
  const { session } = useSession();
  const qc = useQueryClient();
  const results = useResults(sample.id);
  const flags = useQcFlags(sample.id);
  const [released, setReleased] = useState<SignedRelease | null>(null);
  const [signing, setSigning] = useState(false);
  // The digest of the results on screen when the manager chose to sign: what the signature applies to.
  const [reviewed, setReviewed] = useState<string | null>(null);
  const [changed, setChanged] = useState<ApiError | null>(null);
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const blockers = releaseBlockers(results.data, flags.data, session!);

  const release = useMutation({
    mutationFn: ({ signature, resultsDigest }: { signature: SignatureBody; resultsDigest: string }) =>
      signedReleaseApi.release(sample.id, signature, resultsDigest),
    onSuccess: (answer) => {
      setSigning(false);
      setReleased(answer);
      notifySuccess(`${sample.labCode} released: COA v${answer.version}, overall ${answer.overall.toUpperCase()}`, 'Released');
      qc.invalidateQueries({ queryKey: keys.samples });
      qc.invalidateQueries({ queryKey: ['submissions'] });
    },
    // Any refusal (a wrong password, too many attempts, a blocker found meanwhile) is shown in the signature dialog,
    // except changed results: the dialog closes and the page shows them again, to be reviewed before signing.
    onError: (e) => {
      if (!(e instanceof ApiError) || e.code !== RESULTS_CHANGED) return;
      setSigning(false);
      setChanged(e);
      qc.invalidateQueries({ queryKey: keys.samples });
    },
  });
  const reopen = useMutation({
    mutationFn: () => call(api.POST('/v1/samples/{id}/reopen', { params: { path: { id: sample.id } }, body: { reason: reason.trim() } })),
    onSuccess: () => {
      notifySuccess(`${sample.labCode} returned to testing`);
      qc.invalidateQueries({ queryKey: keys.samples });
      onDone();
    },
    onError: (e) => notifyError(e, 'Not returned'),
  });

  if (released) {
    return (
      <Stack>
        <Alert color="green" title={`Released: COA version ${released.version}`}>
          <Group gap="xs">
            Overall <VerdictBadge status={released.overall} /> · SHA-256{' '}
            <Text span ff="monospace" size="xs">
              {released.sha256.slice(0, 16)}…
            </Text>
          </Group>
          {released.signature && (
            <Text size="sm" mt={4} data-testid="release-signature">
              Electronically signed by {released.signature.signerName} on {formatDateTime(released.signature.signedAt)} — {released.signature.meaning}
            </Text>
          )}
        </Alert>
        <CoaViewer sampleId={sample.id} version={released.version} title={`COA ${sample.labCode} v${released.version}`} labCode={sample.labCode} />
        <Group>
          <Button variant="default" onClick={onDone}>
            Back to the queue
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Release {sample.labCode}
        </Title>
        {changed && (
          <Alert color="red" title="The results changed: nothing was released" mb="sm" role="alert" data-testid="results-changed">
            {errorMessage(changed)} The results below are the current ones.
          </Alert>
        )}
        {blockers.length > 0 && (
          <Alert color="orange" title="Release is not possible" mb="sm" data-testid="release-blockers">
            <List size="sm">
              {blockers.map((b) => (
                <List.Item key={b}>{b}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Group>
          <Button
            onClick={() => {
              release.reset();
              setChanged(null);
              setReviewed(results.data?.resultsDigest ?? null);
              setSigning(true);
            }}
            disabled={blockers.length > 0 || !results.data || flags.isPending}
          >
            Approve and release…
          </Button>
          <Button variant="default" onClick={() => setReturning((r) => !r)}>
            Return to testing
          </Button>
        </Group>
        {returning && (
          <Group align="flex-end" mt="sm">
            <Textarea label="Why it goes back" value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} style={{ flex: 1 }} />
            <Button color="orange" onClick={() => reopen.mutate()} loading={reopen.isPending} disabled={reason.trim().length < 5}>
              Return
            </Button>
          </Group>
        )}
      </Card>
      <SignatureDialog
        opened={signing}
        title={`Sign and release ${sample.labCode}`}
        act={`Releasing issues the Certificate of Analysis for ${sample.labCode} to the client and reports it to the state. It cannot be undone; a correction is a new, amended version.`}
        meanings={RELEASE_MEANINGS}
        confirmLabel="Sign and release"
        busy={release.isPending}
        error={release.error}
        digest={reviewed ?? undefined}
        onSign={(signature) => {
          if (reviewed) release.mutate({ signature, resultsDigest: reviewed });
        }}
        onClose={() => setSigning(false)}
      />
      <QueryState query={flags} label="Loading QC flags">
        {(f) => (f.length > 0 ? <QcFlagsPanel sampleId={sample.id} flags={f} canResolve /> : null)}
      </QueryState>
      <QueryState query={results} label="Loading results">
        {(r) => <ResultsByGroup results={r} qcAnalytes={new Set((flags.data ?? []).filter((x) => !x.resolvedAt).map((x) => x.analyte ?? ''))} />}
      </QueryState>
    </Stack>
  );
}
