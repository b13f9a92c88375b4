import { Alert, Anchor } from '@mantine/core';
import { Link } from 'react-router';

export function NotFound() {
  return (
    <Alert color="gray" title="No such page">
      Nothing lives at this address. Go to the{' '}
      <Anchor component={Link} to="/worklist">
        worklist
      </Anchor>
      .
    </Alert>
  );
}
