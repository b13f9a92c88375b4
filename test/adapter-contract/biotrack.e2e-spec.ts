import { describeAdapterContract } from './adapter-contract';
import { biotrackHarness } from './biotrack.harness';

/** The adapter contract against the BioTrack (NY-API) simulator: TRACEABILITY_ADAPTER=biotrack, the default. */
describeAdapterContract(biotrackHarness());
