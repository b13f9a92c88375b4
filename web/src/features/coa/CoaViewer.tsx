import { Anchor, Group, Stack } from '@mantine/core';

/** The stored PDF itself, shown by the browser's PDF viewer; the same bytes (and file name, COA-<lab code>-v<N>.pdf) a licensee downloads. */
export function CoaViewer({ sampleId, version, title, labCode }: { sampleId: string; version: number; title: string; labCode?: string | null }) {
  const src = `/v1/samples/${encodeURIComponent(sampleId)}/coa?version=${version}`;
  return (
    <Stack gap="xs">
      <Group gap="md">
        <Anchor href={src} target="_blank" rel="noopener" size="sm">
          Open the PDF in a new tab
        </Anchor>
        <Anchor href={src} download={`COA-${labCode ?? sampleId}-v${version}.pdf`} size="sm">
          Download
        </Anchor>
      </Group>
      <iframe
        src={src}
        title={title}
        style={{ width: '100%', height: '78vh', minHeight: 480, border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4 }}
        data-testid="coa-frame"
      />
    </Stack>
  );
}
