import { apiKeyMatches, apiKeyPrefix, generateApiKey } from './api-key-format';

describe('API key format', () => {
  it('generates distinct keys whose prefix and hash identify them', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).not.toBe(b.key);
    expect(a.key).toMatch(/^lt_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyPrefix(a.key)).toBe(a.prefix);
    expect(apiKeyMatches(a.key, a.hash)).toBe(true);
    expect(apiKeyMatches(b.key, a.hash)).toBe(false);
    expect(a.hash).not.toContain(a.key.slice(14));
  });

  it('refuses malformed keys before any lookup', () => {
    expect(apiKeyPrefix('lt_short_x')).toBeUndefined();
    expect(apiKeyPrefix('Bearer abc')).toBeUndefined();
  });
});
