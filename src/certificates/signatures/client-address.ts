import type { Request } from 'express';
import { clientAddress } from '../../auth/throttle/throttle-policy';
import type { AppConfig } from '../../config/app-config';

/** The signer's address as the sign-in throttle sees it, so a wrong signature password counts against the same keys. */
export function signerAddress(req: Request, config: AppConfig): string {
  return clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.throttle.trustedProxyHops);
}
