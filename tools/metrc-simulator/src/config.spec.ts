import { configFromEnv, envName, readConfigPatch } from './config';

describe('metrc simulator config', () => {
  it('names each env variable after its knob', () => {
    expect(envName('getsPerSecondPerFacility')).toBe('METRC_SIM_GETS_PER_SECOND_PER_FACILITY');
    expect(envName('retryAfterSeconds')).toBe('METRC_SIM_RETRY_AFTER_SECONDS');
    expect(envName('timeZone')).toBe('METRC_SIM_TIME_ZONE');
  });

  it('reads knobs from the environment', () => {
    expect(
      configFromEnv({
        METRC_SIM_GETS_PER_SECOND_PER_FACILITY: '5',
        METRC_SIM_RETRY_AFTER_SECONDS: '2',
        METRC_SIM_ONE_RESULT_PER_TYPE: 'false',
        METRC_SIM_DATE_STYLE: 'iso',
        METRC_SIM_RATE_LIMITS: 'off',
      }),
    ).toEqual({ getsPerSecondPerFacility: 5, retryAfterSeconds: 2, oneResultPerType: false, dateStyle: 'iso', rateLimitsEnabled: false });
    expect(configFromEnv({ METRC_SIM_RETRY_AFTER_SECONDS: 'off' })).toEqual({ retryAfterSeconds: null });
  });

  it('stops on a malformed env value rather than running misconfigured', () => {
    expect(() => configFromEnv({ METRC_SIM_MAX_PAGE_SIZE: 'twenty' })).toThrow('METRC_SIM_MAX_PAGE_SIZE must be an integer from 1 to 10000, got "twenty"');
    expect(() => configFromEnv({ METRC_SIM_TIME_ZONE: 'Mars/Olympus' })).toThrow('METRC_SIM_TIME_ZONE must be an IANA time zone');
  });

  it('validates a run-time patch, listing every problem', () => {
    expect(readConfigPatch({ maxPageSize: 10, retryAfterSeconds: null })).toEqual({ maxPageSize: 10, retryAfterSeconds: null });
    expect(() => readConfigPatch({ maxPageSize: '10', colour: 'red', enumStyle: 'roman' })).toThrow(
      'maxPageSize: must be an integer from 1 to 10000; colour: is not a known setting; enumStyle: must be one of mixed, string, number',
    );
  });
});
