/** The e2e suite's databases live on the project's own PostgreSQL (scripts/services.sh). */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://labtrace@127.0.0.1:55432/postgres';
export const TEMPLATE_DB = 'labtrace_e2e_template';
export const dbUrl = (name: string) => PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
