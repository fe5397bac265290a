// Who a flow can name: roles by code and users by user name (what workflow documents store), labelled for people.
import { listRecords } from '../api/records-api';
import { useAsync } from '../common/use-async';

export interface FlowDirectory {
  roles: { value: string; label: string }[];
  users: { value: string; label: string }[];
}

export function useFlowDirectory(): FlowDirectory {
  const loaded = useAsync(async () => {
    const [roles, users] = await Promise.all([listRecords('role', { limit: 500, sort: 'code' }), listRecords('app_user', { limit: 500, sort: 'username' })]);
    return {
      roles: roles.data.map((r) => ({ value: String(r.code), label: `${String(r.name ?? r.code)}` })),
      users: users.data.map((u) => ({ value: String(u.username), label: `${String(u.display_name ?? u.username)} (${String(u.username)})` })),
    };
  }, []);
  return loaded.data ?? { roles: [], users: [] };
}
