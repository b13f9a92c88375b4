import { Alert, Button, Center, Group, Loader, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/errors';

interface Props<T> {
  query: UseQueryResult<T>;
  /** What an empty answer looks like for this list; omitted means never empty. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  label?: string;
  children: (data: T) => ReactNode;
}

/** Loading, error (with retry) and empty states, the same on every screen. */
export function QueryState<T>({ query, isEmpty, empty, label = 'Loading', children }: Props<T>) {
  if (query.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label={label} />
      </Center>
    );
  }
  if (query.isError) {
    return (
      <Alert color="red" title="Could not load" role="alert">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text size="sm">{errorMessage(query.error)}</Text>
          <Button size="xs" variant="white" color="red" onClick={() => query.refetch()}>
            Try again
          </Button>
        </Group>
      </Alert>
    );
  }
  if (isEmpty?.(query.data)) {
    return (
      <Text c="dimmed" ta="center" py="xl">
        {empty ?? 'Nothing here yet.'}
      </Text>
    );
  }
  return <>{children(query.data)}</>;
}
