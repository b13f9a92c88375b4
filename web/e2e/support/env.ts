import { fileURLToPath } from 'node:url';

/** Where the app under test and its simulator listen; `scripts/start.sh --detach` uses these ports. */
export const BASE_URL = (process.env.LABTRACE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
export const SIM_URL = (process.env.BIOTRACK_SIM_URL ?? 'http://127.0.0.1:4010').replace(/\/$/, '');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'labtrace-demo';
/** Screenshots; E2E_ARTIFACTS sends a second, concurrent run's pictures elsewhere. */
export const ARTIFACTS = process.env.E2E_ARTIFACTS ?? fileURLToPath(new URL('../../../test/artifacts/', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));
export const WEB_ROOT = fileURLToPath(new URL('../../', import.meta.url));
