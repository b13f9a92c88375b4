import { Button, Group, Modal } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { SampleDetail } from '../../api/types';
import { PageLoader } from '../../components/PageLoader';

// The QR encoder is only loaded when a label is shown.
const SampleLabel = lazy(() => import('./SampleLabel'));

export function LabelModal({ sample, onClose }: { sample: SampleDetail | null; onClose: () => void }) {
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
            <Button onClick={() => window.print()}>Print label</Button>
          </Group>
        </>
      )}
    </Modal>
  );
}
