import { describeAdapterContract } from './adapter-contract';
import { metrcHarness } from './metrc.harness';

/** The same adapter contract against the Metrc (NY) simulator: TRACEABILITY_ADAPTER=metrc. */
describeAdapterContract(metrcHarness());
