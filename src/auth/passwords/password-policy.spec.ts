import { PASSWORD_MAX_LENGTH, passwordProblem } from './password-policy';

const ctx = { email: 'Terry.Tech@demo.lab' };

describe('passwordProblem (NIST SP 800-63B)', () => {
  it('accepts a long passphrase with no digits or symbols (no composition rules)', () => {
    expect(passwordProblem('correct horse battery staple', ctx)).toBeNull();
    expect(passwordProblem('twelve chars', ctx)).toBeNull();
  });

  it('needs at least 12 characters, counted as characters, not UTF-16 units', () => {
    expect(passwordProblem('eleven char', ctx)).toBe('The password must be at least 12 characters long');
    // 6 emoji are 12 UTF-16 units but 6 characters.
    expect(passwordProblem('🌿🌿🌿🌿🌿🌿', ctx)).toBe('The password must be at least 12 characters long');
    expect(passwordProblem('ééééééééééé1', ctx)).toBeNull();
  });

  it('refuses more than 128 characters', () => {
    expect(passwordProblem('a b'.repeat(43), ctx)).toBe(`The password must be at most ${PASSWORD_MAX_LENGTH} characters long`);
    expect(passwordProblem('ab'.repeat(64), ctx)).toBeNull();
  });

  it('refuses the demo password, in any case and inside a longer one, and a configured one', () => {
    expect(passwordProblem('labtrace-demo', ctx)).toBe('The password must not be or contain the demo password');
    expect(passwordProblem('LabTrace-Demo2026', ctx)).toBe('The password must not be or contain the demo password');
    expect(passwordProblem('my-own-demo-secret', { ...ctx, refused: ['own-demo-secret'] })).toBe('The password must not be or contain the demo password');
    expect(passwordProblem('my-own-demo-secret', { ...ctx, refused: [undefined] })).toBeNull();
  });

  it('refuses the e-mail address and its local part, but not a short local part by coincidence', () => {
    expect(passwordProblem('terry.tech@demo.lab', ctx)).toBe('The password must not contain your e-mail address or its name part');
    expect(passwordProblem('Terry.Tech-2026-spring', ctx)).toBe('The password must not contain your e-mail address or its name part');
    expect(passwordProblem('always a good passphrase', { email: 'al@demo.lab' })).toBeNull();
  });

  it('refuses one character repeated', () => {
    expect(passwordProblem('aaaaaaaaaaaaaaaa', ctx)).toBe('The password must not be one character repeated');
  });
});
