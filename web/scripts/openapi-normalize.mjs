// Sorts keys so the saved document compares equal to a fresh one regardless of registration order.
export function normalizeOpenApi(value) {
  if (Array.isArray(value)) return value.map(normalizeOpenApi);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, normalizeOpenApi(value[k])]),
    );
  }
  return value;
}
