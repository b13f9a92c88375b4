import { firstLine, parseAdminArgs } from './admin-create-input';

describe('admin:create arguments', () => {
  it('reads --email and --name, spaced or with =', () => {
    expect(parseAdminArgs(['--email', 'Q.Manager@Lab.Example', '--name', 'Quinn Manager'])).toEqual({ email: 'q.manager@lab.example', name: 'Quinn Manager' });
    expect(parseAdminArgs(['--email=qa@lab.example', '--name=Quinn A. Lee'])).toEqual({ email: 'qa@lab.example', name: 'Quinn A. Lee' });
  });

  it('refuses a password on the command line, naming why', () => {
    expect(parseAdminArgs(['--email', 'a@lab.example', '--name', 'A', '--password', 'hunter2hunter2'])).toEqual({
      problem: expect.stringMatching(/never taken from the command line/),
    });
    expect(parseAdminArgs(['--password=x', '--email', 'a@lab.example'])).toEqual({ problem: expect.stringMatching(/never taken/) });
  });

  it('names what is missing or malformed', () => {
    expect(parseAdminArgs(['--email', 'a@lab.example'])).toEqual({ problem: 'both --email and --name are required' });
    expect(parseAdminArgs(['--email', 'not-an-address', '--name', 'A'])).toEqual({ problem: '"not-an-address" is not an e-mail address' });
    expect(parseAdminArgs(['--name'])).toEqual({ problem: '--name needs a value' });
    expect(parseAdminArgs(['--role', 'admin'])).toEqual({ problem: 'unknown option --role' });
    expect(parseAdminArgs(['admin@lab.example'])).toEqual({ problem: 'unexpected argument "admin@lab.example"' });
  });

  it('stores the name as the API does (NFC, spaces collapsed) and refuses what the API refuses', () => {
    expect(parseAdminArgs(['--email', 'a@lab.example', '--name', ' Jose\u0301 \u00A0 Morgan '])).toEqual({ email: 'a@lab.example', name: 'Jos\u00E9 Morgan' });
    expect(parseAdminArgs(['--email', 'a@lab.example', '--name', 'Jos\u00E9\u200B Morgan'])).toEqual({
      problem: '--name must not contain control, invisible or bidi formatting characters (found U+200B); printed names must be unambiguous on certificates',
    });
    expect(parseAdminArgs(['--email', 'a@lab.example', '--name', 'Morgan \u202Eesoj'])).toEqual({ problem: expect.stringMatching(/found U\+202E/) });
    expect(parseAdminArgs(['--email', 'a@lab.example', '--name', 'J\u043Es\u00E9 Morgan'])).toEqual({
      problem:
        '--name must not mix letters of different scripts (found Latin and Cyrillic: they can print alike); printed names must be unambiguous on certificates',
    });
    expect(parseAdminArgs(['--email', 'a@lab.example', '--name', '42'])).toEqual({
      problem: '--name must contain a letter; printed names must be unambiguous on certificates',
    });
  });

  it('takes the first line of piped input as the password, spaces kept', () => {
    expect(firstLine('correct horse battery staple\n')).toBe('correct horse battery staple');
    expect(firstLine('windows line ending\r\nsecond line')).toBe('windows line ending');
    expect(firstLine('')).toBe('');
  });
});
