import type { NextFunction, Request, Response } from 'express';
import { counter, histogram } from '../common/metrics';

const requests = counter('labtrace_http_requests_total', 'HTTP requests by method, route and status', ['method', 'route', 'status']);
const latency = histogram(
  'labtrace_http_request_duration_seconds',
  'HTTP request latency',
  ['method', 'route'],
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
);

/** One answered request, counted and timed (also by the poll fast path, which has no Express route). */
export function recordHttpRequest(method: string, route: string, status: number, seconds: number): void {
  requests.inc({ method, route, status: String(status) });
  latency.observe({ method, route }, seconds);
}

/** Counts and times every request, labelled by the route pattern (not the raw URL, to bound cardinality). */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const start = process.hrtime.bigint();
  res.on('finish', () => {
    // Express types req.route as any; once a route has matched it is that Route, whose `path` is the pattern.
    const pattern = (req.route as { path?: string } | undefined)?.path;
    const route = pattern ? `${req.baseUrl}${pattern}` : 'unmatched';
    recordHttpRequest(req.method, route, res.statusCode, Number(process.hrtime.bigint() - start) / 1e9);
  });
  next();
}
