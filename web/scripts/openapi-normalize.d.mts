export function normalizeOpenApi<T>(value: T): T;
