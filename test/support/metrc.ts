/** The lab's Metrc license in the tests that run LabTrace against the Metrc simulator. */
export const METRC_TEST_LAB = 'OCM-LAB-25-000007';

/** LabTrace's settings for the Metrc simulator at `url`: its keys, the lab's license, and short timeouts and retries. */
export function metrcSimulatorEnv(url: string): Record<string, string> {
  return {
    TRACEABILITY_ADAPTER: 'metrc',
    METRC_BASE_URL: url,
    METRC_VENDOR_KEY: 'metrc-sim-vendor-key',
    METRC_USER_KEY: 'metrc-sim-user-key',
    METRC_LICENSE: METRC_TEST_LAB,
    METRC_TIMEOUT_MS: '2000',
    METRC_RETRY_BASE_MS: '20',
    METRC_RETRY_MAX_MS: '200',
  };
}
