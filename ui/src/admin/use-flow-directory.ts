// Who a flow can name: roles by code, users by user name and departments by code (what workflow documents store),
// labelled for people.
import { listRecords } from '../api/records-api';
import { useAsync } from '../common/use-async';

type Choice = { value: string; label: string };

export interface FlowDirectory {
  roles: Choice[];
  users: Choice[];
  departments: Choice[];
}

export function useFlowDirectory(): FlowDirectory {
  const loaded = useAsync(async () => {
    const [roles, users, departments] = await Promise.all([
      listRecords('role', { limit: 500, sort: 'code' }),
      listRecords('app_user', { limit: 500, sort: 'username' }),
      listRecords('department', { limit: 500, sort: 'code' }),
    ]);
    return {
      roles: roles.data.map((r) => ({ value: String(r.code), label: `${String(r.name ?? r.code)}` })),
      users: users.data.map((u) => ({ value: String(u.username), label: `${String(u.display_name ?? u.username)} (${String(u.username)})` })),
      // A department without a code can only be named by its id, which the engine reads too.
      departments: departments.data.map((d) => ({ value: String(d.code ?? d.id), label: String(d.name ?? d.code ?? d.id) })),
    };
  }, []);
  return loaded.data ?? { roles: [], users: [], departments: [] };
}
