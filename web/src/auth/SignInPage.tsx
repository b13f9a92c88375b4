import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../api/errors';
import { lockoutMessage, TooManyAttemptsError } from './account-api';
import { useSession } from './session';

/** Only same-site paths are followed after sign-in, never an absolute URL from the query string. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/worklist';
}

/** The person's own words for what is missing, checked before sending (the API's validator wording is for machines). */
function formProblems(email: string, password: string): { email?: string; password?: string } {
  const problems: { email?: string; password?: string } = {};
  if (!email) problems.email = 'Enter your email address';
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.email = 'Enter an email address such as name@lab.example';
  if (!password) problems.password = 'Enter your password';
  return problems;
}

/** Why the sign-in failed, in words for the person at the screen. */
function refusalText(e: unknown): string {
  if (e instanceof ApiError && e.status === 400) return 'Check the email address and the password, then try again.';
  return errorMessage(e);
}

export function SignInPage() {
  const { session, signIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [waitSeconds, setWaitSeconds] = useState<number | null>(null);
  const [fields, setFields] = useState<{ email?: string; password?: string }>({});
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const next = safeNext(params.get('next'));

  if (session && !busy) return <Navigate to={next} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems = formProblems(email.trim(), password);
    setFields(problems);
    setError(null);
    setWaitSeconds(null);
    if (problems.email || problems.password) {
      (problems.email ? emailRef : passwordRef).current?.focus();
      return;
    }
    setBusy(true);
    try {
      const session = await signIn(email.trim(), password);
      navigate(session.passwordChangeRequired ? '/set-password' : next, { replace: true });
    } catch (err) {
      if (err instanceof TooManyAttemptsError) setWaitSeconds(err.retryAfterSeconds);
      else setError(refusalText(err));
      setBusy(false);
      // The button was disabled while busy, which drops focus to the page: give it back to the password, selected for retyping.
      window.setTimeout(() => {
        passwordRef.current?.focus();
        passwordRef.current?.select();
      }, 0);
      return;
    }
    setBusy(false);
  }

  return (
    <Center mih="100vh" p="md" bg="gray.1">
      <Paper component="main" withBorder shadow="sm" p="xl" radius="md" w={380} maw="100%">
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">
                LabTrace
              </Title>
              <Text c="dimmed" size="sm">
                Sign in to the lab console
              </Text>
            </div>
            {params.get('expired') && !error && waitSeconds === null && (
              <Alert color="yellow" title="Your session has ended">
                Sign in again to go back to the page you were on.
              </Alert>
            )}
            {error && (
              <Alert color="red" title="Could not sign in" role="alert">
                {error}
              </Alert>
            )}
            {waitSeconds !== null && (
              <Alert color="red" title={waitSeconds >= 60 ? 'Sign-in locked' : 'Wait a moment'} role="alert">
                {lockoutMessage(waitSeconds)}
                {waitSeconds >= 60 && ' An administrator can unlock the account sooner.'}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fields.email}
              ref={emailRef}
              data-autofocus
              autoFocus
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fields.password}
              ref={passwordRef}
            />
            <Button type="submit" loading={busy} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
