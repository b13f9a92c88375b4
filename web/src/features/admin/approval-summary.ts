/**
 * Reading an approval's one-line summary (the server writes it). Approving a role grant or a manager's or
 * admin's password reset re-issues the account's credentials to the approving admin, and the summary
 * says so to them; the requester is told who will see the password instead.
 */
const APPROVER_NOTE = /; approving issues a new temporary password to you$/;

/** The summary as the requesting admin reads it: the note addressed to the approver left off. */
export function summaryForRequester(summary: string): string {
  return summary.replace(APPROVER_NOTE, '');
}

/**
 * Whom a request is about, "Name <email>", for the temporary password dialog: "Reset the password of X",
 * "Grant manager to X (now technician)", "Reactivate X as admin", … The whole summary when none is found.
 */
export function subjectOfSummary(summary: string): string {
  const found = /^Reactivate (.+? <[^>]+>) as \w+/.exec(summary) ?? /\b(?:of|to) (.+? <[^>]+>)/.exec(summary);
  return found?.[1] ?? summaryForRequester(summary);
}
