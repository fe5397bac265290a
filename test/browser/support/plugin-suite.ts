// A browser suite that needs a plugin installed on the shared server: installs it unless it already is, and takes it
// away again afterwards (uninstall, purge) with the core records its demo data added, which a purge leaves behind,
// so the suites after it find the server as it was.
import { api } from './web-app.ts';

/** entity → json-logic filter naming the core records a plugin's demo data adds. */
export type DemoCoreRecords = Record<string, unknown>;

/** The machine-tool bundle's demo adds one core service ticket (on a project's machine, in warranty). */
export const MACHINE_TOOL_DEMO_CORE: DemoCoreRecords = { service_ticket: { '==': [{ var: 'subject' }, '恒驰 3# 机 VMC1160 主轴高速运转异响'] } };

export async function pluginForSuite(url: string, admin: string, plugin: string, demoCore: DemoCoreRecords): Promise<{ remove(): Promise<void> }> {
  const plugins = (await api(url, admin, 'GET', '/api/admin/plugins')).data as { name: string; installed?: { status: string } }[];
  const installedHere = plugins.find((p) => p.name === plugin)?.installed?.status !== 'installed';
  if (installedHere) await api(url, admin, 'POST', `/api/admin/plugins/${plugin}/install`, {});
  return {
    async remove() {
      if (!installedHere) return;
      for (const [entity, filter] of Object.entries(demoCore)) {
        const rows = (await api(url, admin, 'GET', `/api/records/${entity}?filter=${encodeURIComponent(JSON.stringify(filter))}`)).data as { id: string }[];
        for (const row of rows) await api(url, admin, 'DELETE', `/api/records/${entity}/${row.id}`);
      }
      await api(url, admin, 'POST', `/api/admin/plugins/${plugin}/uninstall`, {});
      await api(url, admin, 'POST', `/api/admin/plugins/${plugin}/purge`, { confirm: plugin });
    },
  };
}
