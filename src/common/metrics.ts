import { Counter, Histogram, Gauge, register } from 'prom-client';

// Metrics live in prom-client's default registry, served by GET /metrics. Several app instances share
// one process in tests, so each metric is created once and reused by name.
export function counter(name: string, help: string, labelNames: string[] = []): Counter<string> {
  return (register.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames });
}

export function histogram(name: string, help: string, labelNames: string[] = [], buckets?: number[]): Histogram<string> {
  return (register.getSingleMetric(name) as Histogram<string>) ?? new Histogram({ name, help, labelNames, ...(buckets ? { buckets } : {}) });
}

export function gauge(name: string, help: string, labelNames: string[] = [], collect?: (this: Gauge<string>) => Promise<void> | void): Gauge<string> {
  return (register.getSingleMetric(name) as Gauge<string>) ?? new Gauge({ name, help, labelNames, ...(collect ? { collect } : {}) });
}
