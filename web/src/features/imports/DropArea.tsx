import { Button, Group, Stack, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useRef, useState, type DragEvent } from 'react';
import classes from './DropArea.module.css';

/** Drag a file here or choose one; the button keeps it usable from the keyboard and on tablets. */
export function DropArea({
  accept,
  hint,
  file,
  onFile,
  disabled,
}: {
  accept: string;
  hint: string;
  file: File | null;
  onFile: (f: File) => void;
  disabled?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (f && !disabled) onFile(f);
  }

  return (
    <div
      className={classes.area}
      data-over={over || undefined}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="drop-area"
    >
      <Stack align="center" gap="xs">
        <IconUpload size={32} aria-hidden />
        <Text fw={600}>{file ? file.name : 'Drop a file here'}</Text>
        <Text size="sm" c="dimmed">
          {file ? `${(file.size / 1024).toFixed(1)} KB` : hint}
        </Text>
        <Group>
          <Button variant="default" onClick={() => input.current?.click()} disabled={disabled}>
            {file ? 'Choose another file' : 'Choose file'}
          </Button>
        </Group>
        <input
          ref={input}
          type="file"
          accept={accept}
          hidden
          aria-label="File to import"
          data-testid="file-input"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) onFile(f);
            e.currentTarget.value = '';
          }}
        />
      </Stack>
    </div>
  );
}
