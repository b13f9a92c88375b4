import { isEmail } from 'class-validator';
import { normalizeDisplayName, printedNameProblem } from '../auth/display-name';

export interface AdminCreateArgs {
  email: string;
  name: string;
}

export const ADMIN_CREATE_USAGE = 'usage: npm run admin:create -- --email <address> --name "<display name>"   (the password is read from stdin or asked for)';

/**
 * `--email a@b --name "Full Name"` (or `--email=…`). A password among the arguments is refused outright:
 * argv is visible to every user of the machine (ps, /proc) and lands in shell history.
 */
export function parseAdminArgs(argv: string[]): AdminCreateArgs | { problem: string } {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!match) return { problem: `unexpected argument "${arg}"` };
    const [, key, inline] = match;
    if (key === 'password') return { problem: 'a password is never taken from the command line; pipe it on stdin or type it at the prompt' };
    if (key !== 'email' && key !== 'name') return { problem: `unknown option --${key}` };
    const value = inline ?? argv[++i];
    if (value === undefined) return { problem: `--${key} needs a value` };
    values.set(key, value.trim());
  }
  const email = values.get('email') ?? '';
  // Stored and checked as the API's user DTOs do: it is printed on certificates ("Released by", signatures).
  const name = normalizeDisplayName(values.get('name') ?? '');
  if (!email || !name) return { problem: 'both --email and --name are required' };
  if (!isEmail(email) || email.length > 254) return { problem: `"${email}" is not an e-mail address` };
  if (name.length > 120) return { problem: 'the name is longer than 120 characters' };
  const unprintable = printedNameProblem(name, '--name', { refuseMixedScripts: true });
  if (unprintable) return { problem: unprintable };
  return { email: email.toLowerCase(), name };
}

/** The first line of piped input, without its line ending (a password may contain spaces but not newlines). */
export function firstLine(text: string): string {
  return text.split(/\r?\n/)[0] ?? '';
}
