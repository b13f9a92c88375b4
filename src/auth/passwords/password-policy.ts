/**
 * Which new passwords LabTrace accepts, after NIST SP 800-63B §5.1.1.2: a length floor and a generous
 * ceiling, no composition rules (no "one digit and one symbol"), and a refusal of passwords an
 * attacker tries first: the demo password and the account's own e-mail address. Pure.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** The password the demo seed gives every demo account (scripts/start.sh, src/scripts/seed-demo.ts). */
export const DEMO_PASSWORDS: readonly string[] = ['labtrace-demo'];

export interface PasswordContext {
  email: string;
  /** Further passwords refused as well (a DEMO_PASSWORD the seed was run with). */
  refused?: ReadonlyArray<string | undefined>;
}

/** Why a candidate is refused, as the user reads it; null when it is acceptable. */
export function passwordProblem(candidate: string, context: PasswordContext): string | null {
  // Counted in code points, so a password of emoji or accented letters is not measured in UTF-16 units.
  const length = [...candidate].length;
  if (length < PASSWORD_MIN_LENGTH) return `The password must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `The password must be at most ${PASSWORD_MAX_LENGTH} characters long`;

  const folded = candidate.trim().toLowerCase();
  const known = [...DEMO_PASSWORDS, ...(context.refused ?? [])].filter((p): p is string => !!p).map((p) => p.toLowerCase());
  if (known.some((p) => folded.includes(p))) return 'The password must not be or contain the demo password';

  const email = context.email.trim().toLowerCase();
  const local = email.split('@')[0] ?? '';
  // A local part of one to three letters would refuse half the dictionary; from four on it names the person.
  if (folded.includes(email) || (local.length >= 4 && folded.includes(local)) || folded === local) {
    return 'The password must not contain your e-mail address or its name part';
  }
  if (new Set(folded).size === 1) return 'The password must not be one character repeated';
  return null;
}
