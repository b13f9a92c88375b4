import { Box, Group, Stack, Text } from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import type { SampleDetail } from '../../api/types';
import { formatDate } from '../../lib/dates';
import './label.css';

/** A 2 × 1 inch bench label: the lab code as text and as a QR code a scanner types back into search. */
export default function SampleLabel({
  sample,
}: {
  sample: Pick<SampleDetail, 'labCode' | 'sampleInventoryId' | 'productType' | 'receivedAt' | 'storageLocation'>;
}) {
  const code = sample.labCode ?? sample.sampleInventoryId;
  const [svg, setSvg] = useState('');
  useEffect(() => {
    let live = true;
    QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 }).then((s) => live && setSvg(s));
    return () => {
      live = false;
    };
  }, [code]);
  return (
    <Box className="print-label" p="xs" data-testid="sample-label">
      <Group gap="sm" wrap="nowrap" align="center">
        <Box w={84} h={84} role="img" aria-label={`QR code for ${code}`} dangerouslySetInnerHTML={{ __html: svg }} />
        <Stack gap={0}>
          <Text fw={800} size="lg" ff="monospace" lh={1.1} style={{ whiteSpace: 'nowrap' }}>
            {code}
          </Text>
          <Text size="xs" ff="monospace">
            Tag {sample.sampleInventoryId}
          </Text>
          <Text size="xs">
            {sample.productType} · received {formatDate(sample.receivedAt)}
          </Text>
          {sample.storageLocation && <Text size="xs">{sample.storageLocation}</Text>}
        </Stack>
      </Group>
    </Box>
  );
}
