import { Button, Group, Modal } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import type { SampleDetail } from '../../api/types';
import { PageLoader } from '../../components/PageLoader';

// The QR encoder is only loaded when a label is shown.
const SampleLabel = lazy(() => import('./SampleLabel'));

/** `withSampleLink`: just after receiving, the way on is the new sample's page. */
export function LabelModal({ sample, onClose, withSampleLink = false }: { sample: SampleDetail | null; onClose: () => void; withSampleLink?: boolean }) {
  return (
    <Modal opened={!!sample} onClose={onClose} title="Sample label" size="auto">
      {sample && (
        <>
          <Suspense fallback={<PageLoader />}>
            <SampleLabel sample={sample} />
          </Suspense>
          <Group justify="flex-end" mt="md" className="no-print">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            {withSampleLink && (
              <Button component={Link} to={`/samples/${sample.id}`} variant="light">
                Open sample {sample.labCode}
              </Button>
            )}
            <Button onClick={() => window.print()}>Print label</Button>
          </Group>
        </>
      )}
    </Modal>
  );
}
