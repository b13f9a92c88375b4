/** Which program a session was opened from, in a word or two (the full User-Agent stays in the tooltip). */
export function describeAgent(userAgent: string | null): string {
  if (!userAgent) return 'Unknown program';
  const ua = userAgent;
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Android/.test(ua)
        ? 'Android'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /HeadlessChrome\//.test(ua)
        ? 'Headless Chrome'
        : /Chrome\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : null;
  if (browser) return os ? `${browser} on ${os}` : browser;
  // A script or tool (curl/8.5.0, node): its own name.
  const tool = /^([A-Za-z][\w.-]*)(?:\/[\w.]+)?/.exec(ua)?.[1];
  return tool ?? ua.slice(0, 40);
}
