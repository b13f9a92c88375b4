import { Tabs } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { ApprovalsTab } from './ApprovalsTab';
import { LicenseesTab } from './LicenseesTab';
import { LimitSetsTab } from './LimitSetsTab';
import { MethodSetsTab } from './MethodSetsTab';
import { UsersTab } from './UsersTab';
import { WebhooksTab } from './WebhooksTab';

export default function AdminPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'users';
  return (
    <>
      <PageHeader
        title="Admin"
        subtitle="Lab users and roles, licensees and their API keys, NY limit sets, the lab's methods (LOD and LOQ), and the requests a second admin approves."
      />
      <Tabs value={tab} onChange={(t) => setParams(t && t !== 'users' ? { tab: t } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="users">Users</Tabs.Tab>
          <Tabs.Tab value="licensees">Licensees and API keys</Tabs.Tab>
          <Tabs.Tab value="limits">Limit sets</Tabs.Tab>
          <Tabs.Tab value="methods">Methods</Tabs.Tab>
          <Tabs.Tab value="approvals">Approvals</Tabs.Tab>
          <Tabs.Tab value="webhooks">Webhooks</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users" pt="md">
          <UsersTab />
        </Tabs.Panel>
        <Tabs.Panel value="licensees" pt="md">
          <LicenseesTab />
        </Tabs.Panel>
        <Tabs.Panel value="limits" pt="md">
          <LimitSetsTab />
        </Tabs.Panel>
        <Tabs.Panel value="methods" pt="md">
          <MethodSetsTab />
        </Tabs.Panel>
        <Tabs.Panel value="approvals" pt="md">
          <ApprovalsTab />
        </Tabs.Panel>
        <Tabs.Panel value="webhooks" pt="md">
          <WebhooksTab />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
