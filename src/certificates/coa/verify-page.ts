import { displayDate } from './coa-pdf-text';
import type { CoaVerification } from './coa.service';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The public page a COA's QR code opens: the key facts, the hash, and whether it is still current. */
export function renderVerifyPage(v: CoaVerification, timeZone?: string): string {
  const state = v.current
    ? `<p class="ok">This is the current version of the certificate.</p>`
    : `<p class="warn">Superseded: version ${v.supersededBy!.version} replaced this certificate on ${escape(displayDate(v.supersededBy!.releasedAt, timeZone))}. Ask the lab or the seller for the current one.</p>`;
  const rows: Array<[string, string]> = [
    ['Laboratory', v.lab],
    ['Lab sample code', v.labCode],
    ['Client', v.client],
    ['Sample', `${v.sampleName} (${v.productType})`],
    ['Sampled inventory', v.sampledInventoryIds.join(', ')],
    ['Overall result', v.overall.toUpperCase()],
    ['Version', String(v.version)],
    // The lab's local time with its zone, as the PDF prints it (the JSON answer keeps the ISO instant).
    ['Released', displayDate(v.releasedAt, timeZone)],
    ...(v.amendmentReason ? ([['Amendment reason', v.amendmentReason]] as Array<[string, string]>) : []),
    ['SHA-256 of the PDF', v.sha256],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Certificate ${escape(v.labCode)} v${v.version}: verification</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
th{text-align:left;padding:.35rem 1rem .35rem 0;vertical-align:top;color:#555;font-weight:500}td{padding:.35rem 0;word-break:break-all}
.ok{background:#e6f4ea;color:#1e5e2f;padding:.6rem .8rem;border-radius:6px}.warn{background:#fdecea;color:#8a1c13;padding:.6rem .8rem;border-radius:6px}
small{color:#666}</style></head>
<body><h1>Certificate of Analysis verification</h1>${state}
<table>${rows.map(([k, val]) => `<tr><th>${escape(k)}</th><td>${escape(val)}</td></tr>`).join('')}</table>
<p><small>Compare the SHA-256 above with the hash of the PDF you were given (for example <code>sha256sum coa.pdf</code>); a different hash means the file is not the certificate the lab released.</small></p>
</body></html>`;
}
