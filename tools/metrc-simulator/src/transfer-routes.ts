import { badRequest, unauthorized } from './errors';
import { Reply, RequestContext } from './http-io';
import { inWindow, page, readPaging, readWindow } from './paging';
import { Route } from './router';
import { SimulatorState } from './state';
import { Transfer } from './store';
import { deliveryPackageRow, deliveryRow, transferRow } from './views';

const numericId = (text: string, name: string) => {
  if (!/^\d+$/.test(text)) throw badRequest(`The value '${text}' is not valid for ${name}.`);
  return Number(text);
};

/** Id-scoped calls carry no licenseNumber: the user key must act for one end of the transfer. */
function checkParty(ctx: RequestContext, t: Transfer): void {
  const mine = ctx.licenses;
  if (!mine.includes(t.recipientLicense) && !mine.includes(t.shipperLicense)) throw unauthorized('Authorization has been denied for this request.');
}

/**
 * `/transfers/v2/*`: incoming (transfer and delivery flattened, filtered by LastModified window), deliveries and
 * their packages. There is no receive call: receipt happens in the Metrc UI (here `/_sim/transfers/:id/receive`).
 */
export function transferRoutes(state: SimulatorState): Route[] {
  const incoming = (ctx: RequestContext): Reply => {
    const paging = readPaging(ctx.query, state.config);
    const window = readWindow(ctx.query, state.config);
    const rows = [...state.store.transfers.values()]
      .filter((t) => t.recipientLicense === ctx.license && inWindow(t.lastModified, window))
      .map((t, i) => transferRow(state, t, i));
    return { status: 200, json: page(rows, paging) };
  };
  const deliveries = (ctx: RequestContext): Reply => {
    const paging = readPaging(ctx.query, state.config);
    const t = state.store.transfers.get(numericId(ctx.params.transferId, 'id'));
    if (!t) return { status: 200, json: page([], paging) };
    checkParty(ctx, t);
    return { status: 200, json: page([deliveryRow(state, t)], paging) };
  };
  const deliveryPackages = (ctx: RequestContext): Reply => {
    const paging = readPaging(ctx.query, state.config);
    const t = state.store.transferByDelivery(numericId(ctx.params.deliveryId, 'id'));
    if (!t) return { status: 200, json: page([], paging) };
    checkParty(ctx, t);
    return {
      status: 200,
      json: page(
        t.packageIds.map((id) => deliveryPackageRow(state, state.store.packages.get(id)!)),
        paging,
      ),
    };
  };
  const requiredBatches = (ctx: RequestContext): Reply => {
    const paging = readPaging(ctx.query, state.config);
    const pkg = state.store.packages.get(numericId(ctx.params.packageId, 'id'));
    const t = pkg?.transferId ? state.store.transfers.get(pkg.transferId) : undefined;
    if (!pkg || !t) return { status: 200, json: page([], paging) };
    checkParty(ctx, t);
    const rows = pkg.requiredLabTestBatches.map((name) => ({
      PackageId: pkg.id,
      LabTestBatchId: state.labTestBatches.find((b) => b.Name === name)?.Id ?? 0,
      LabTestBatchName: name,
    }));
    return { status: 200, json: page(rows, paging) };
  };
  return [
    { method: 'GET', pattern: '/transfers/v2/incoming', scope: 'required', handle: incoming },
    {
      method: 'GET',
      pattern: '/transfers/v2/deliveries/packages/states',
      scope: 'none',
      handle: () => ({ status: 200, json: ['Shipped', 'Rejected', 'Accepted', 'Returned'] }),
    },
    { method: 'GET', pattern: '/transfers/v2/deliveries/package/:packageId/requiredlabtestbatches', scope: 'none', handle: requiredBatches },
    { method: 'GET', pattern: '/transfers/v2/deliveries/:deliveryId/packages', scope: 'none', handle: deliveryPackages },
    { method: 'GET', pattern: '/transfers/v2/:transferId/deliveries', scope: 'none', handle: deliveries },
  ];
}
