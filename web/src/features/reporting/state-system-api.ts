import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { isMissingRoute, keys } from '../../api/queries';
import type { components } from '../../api/schema';
import type { Submission } from '../../api/types';
import type { OutboxRow } from './outbox';

/** The state system this LabTrace reports to (BioTrack or Metrc), as GET /v1/state-system answers. */
export type StateSystem = components['schemas']['StateSystemDto'];
export type SubmissionStatus = Submission['status'];

/** Said while the answer is loading, or by an API that predates the route: true, if vague. */
const UNKNOWN: StateSystem = {
  name: 'the state system',
  inventoryIdLabel: 'inventory id',
  inventoryIdPattern: '.+',
  inventoryIdDescription: 'an inventory id',
  receivesInState: true,
};

/** Chosen at the API's boot, so it never changes while the console is open. */
export function useStateSystem(): StateSystem {
  const q = useQuery({
    queryKey: ['state-system'],
    staleTime: Infinity,
    queryFn: async () => {
      try {
        return await call<StateSystem>(api.GET('/v1/state-system'));
      } catch (e) {
        if (isMissingRoute(e)) return UNKNOWN;
        throw e;
      }
    },
  });
  return q.data ?? UNKNOWN;
}

/** "inventory tag" / "package label": the id's noun without its length, for column and field labels. */
export function inventoryIdNoun(system: StateSystem): string {
  return system.inventoryIdLabel.replace(/^\d+-(digit|character)\s+/, '');
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Every submission to the state, or those with one status (the reporting screen). */
export function useStateSubmissions(status?: SubmissionStatus) {
  return useQuery({
    queryKey: keys.submissions(status),
    queryFn: () => call<Submission[]>(api.GET('/v1/biotrack/submissions', { params: { query: status ? { status } : {} } })),
  });
}

/** A sample's submission as the API tells it: with the tries made and, while pending, why it waits (not in the generated schema yet). */
export type SampleSubmission = Submission & Partial<Pick<OutboxRow, 'tries' | 'waiting'>>;

/** One sample's submissions, one per COA version (the sample page). */
export function useSampleSubmissions(sampleId: string, enabled = true) {
  return useQuery({
    queryKey: ['submissions', 'sample', sampleId],
    enabled,
    queryFn: async () => {
      try {
        return (await call<Submission[]>(api.GET('/v1/state-system/submissions', { params: { query: { sampleId } } }))) as SampleSubmission[];
      } catch (e) {
        if (isMissingRoute(e)) return [] as SampleSubmission[];
        throw e;
      }
    },
  });
}
