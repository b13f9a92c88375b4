import { formatDate } from './dates';
import { badRequest, unauthorized } from './errors';
import { Reply, RequestContext } from './http-io';
import { inWindow, page, readPaging, readWindow } from './paging';
import { Route } from './router';
import { SimulatorState } from './state';
import { packageView } from './views';

/**
 * `/packages/v2/*` and `/facilities/v2/`. One route serves a numeric id and a 24-character label; a package that
 * is not the facility's, or does not exist, is a 401 (Metrc does not tell the two apart).
 */
export function packageRoutes(state: SimulatorState): Route[] {
  const byIdOrLabel = (ctx: RequestContext): Reply => {
    const key = ctx.params.idOrLabel;
    let pkg;
    if (/^\d+$/.test(key) && key.length < 24) pkg = state.store.packages.get(Number(key));
    else if (/^[0-9A-Z]{24}$/.test(key)) pkg = state.store.packageByLabel(key);
    else throw badRequest(`'${key}' is not a valid package label or id.`);
    if (!pkg || pkg.license !== ctx.license) throw unauthorized(`Package ${key} is not valid for license number ${ctx.license}.`);
    return { status: 200, json: packageView(state, pkg) };
  };
  const active = (ctx: RequestContext): Reply => {
    const paging = readPaging(ctx.query, state.config);
    const window = readWindow(ctx.query, state.config);
    const rows = [...state.store.packages.values()]
      .filter((p) => p.license === ctx.license && inWindow(p.lastModified, window))
      .map((p) => packageView(state, p));
    return { status: 200, json: page(rows, paging) };
  };
  const facilities = (ctx: RequestContext): Reply => ({
    status: 200,
    json: ctx.licenses.map((license, i) => {
      const facility = state.store.facilities.get(license);
      return {
        Id: i + 1,
        Name: facility?.name ?? license,
        DisplayName: facility?.name ?? license,
        FacilityType: { IsMedical: false, IsRetail: false, CanTestPackages: facility?.facilityType === 'Laboratory' },
        License: {
          Number: license,
          StartDate: formatDate(Date.UTC(2025, 0, 1), 'utcDateOnly', state.config),
          EndDate: '2027-12-31',
          LicenseType: facility?.facilityType ?? 'Laboratory',
        },
      };
    }),
  });
  return [
    { method: 'GET', pattern: '/packages/v2/active', scope: 'required', handle: active },
    {
      method: 'GET',
      pattern: '/packages/v2/types',
      scope: 'none',
      handle: () => ({ status: 200, json: ['Product', 'ImmaturePlant', 'VegetativePlant', 'PlantWaste', 'HarvestWaste', 'MotherPlant'] }),
    },
    { method: 'GET', pattern: '/packages/v2/:idOrLabel', scope: 'required', handle: byIdOrLabel },
    { method: 'GET', pattern: '/facilities/v2', scope: 'none', handle: facilities },
  ];
}
