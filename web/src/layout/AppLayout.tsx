import { ActionIcon, AppShell, Badge, Burger, Button, Group, Menu, NavLink, Stack, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconChevronDown,
  IconClipboardList,
  IconFileImport,
  IconInbox,
  IconKey,
  IconKeyboard,
  IconSend,
  IconSettings,
  IconShieldCheck,
  IconUserCircle,
} from '@tabler/icons-react';
import { Suspense, useState, type ComponentType } from 'react';
import { NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession } from '../auth/session';
import { PageLoader } from '../components/PageLoader';
import { NAV_ITEMS, ROLE_LABEL } from './nav';
import { SHORTCUTS, type Shortcut } from './shortcuts';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { useShortcuts } from './use-shortcuts';

const ICONS: Record<string, ComponentType<{ size?: number; 'aria-hidden'?: boolean }>> = {
  '/worklist': IconClipboardList,
  '/intake': IconInbox,
  '/imports': IconFileImport,
  '/review': IconShieldCheck,
  '/reporting': IconSend,
  '/admin': IconSettings,
};

export function AppLayout() {
  const { session, signOut, hasRole } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const items = NAV_ITEMS.filter((i) => hasRole(...i.roles));
  const [helpOpen, setHelpOpen] = useState(false);
  const shortcuts = SHORTCUTS.filter((s) => !s.roles || hasRole(...s.roles));
  useShortcuts(shortcuts, (s: Shortcut) => {
    if (s.action === 'help') setHelpOpen(true);
    else if (s.action === 'search') document.querySelector<HTMLInputElement>('[data-shortcut="search"]')?.focus();
    else if (s.to) navigate(s.to);
  });

  async function handleSignOut() {
    await signOut();
    navigate('/sign-in', { replace: true });
  }

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'md', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <Text fw={700} size="lg" c="indigo.8">
              LabTrace
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Tooltip label="Keyboard shortcuts (?)">
              <ActionIcon variant="subtle" color="gray" size="lg" onClick={() => setHelpOpen(true)} aria-label="Keyboard shortcuts">
                <IconKeyboard size={20} aria-hidden />
              </ActionIcon>
            </Tooltip>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton>
                  <Group gap={6} wrap="nowrap">
                    <IconUserCircle size={22} aria-hidden />
                    <Stack gap={0} align="flex-end" visibleFrom="xs">
                      <Text size="sm" fw={600} lh={1.2}>
                        {session?.displayName}
                      </Text>
                      <Text size="xs" c="dimmed" lh={1.2}>
                        {session?.email}
                      </Text>
                    </Stack>
                    <VisuallyHidden>account menu</VisuallyHidden>
                    <IconChevronDown size={14} aria-hidden />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconKey size={16} aria-hidden />} onClick={() => navigate('/account/password')}>
                  Change password
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
            {session && (
              <Badge variant="light" color="indigo">
                {ROLE_LABEL[session.role]}
              </Badge>
            )}
            <Button variant="default" size="xs" onClick={handleSignOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <nav aria-label="Screens">
          {items.map((item) => {
            const Icon = ICONS[item.to];
            return (
              <NavLink
                key={item.to}
                component={RouterNavLink}
                to={item.to}
                active={pathname.startsWith(item.to)}
                label={item.label}
                leftSection={Icon ? <Icon size={18} aria-hidden /> : null}
                onClick={close}
              />
            );
          })}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <ShortcutsOverlay opened={helpOpen} onClose={() => setHelpOpen(false)} shortcuts={shortcuts} />
    </AppShell>
  );
}
