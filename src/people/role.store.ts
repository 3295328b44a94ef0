import { odata, type TableClient } from '@azure/data-tables';
import { unlessRefused } from '../platform/storage';
import { getRow } from '../platform/tables';
import { ROLES, type Role } from './roles';

const PARTITION = 'role';

type RoleRow = Partial<Record<Role, boolean>> &
  Partial<Record<`${Role}GrantedBy` | `${Role}GrantedAt` | `${Role}ActiveAt`, string>>;

/**
 * Role grants in the `roles` table: one row per person, one boolean column per role. A grant or revoke is a
 * single-column merge, so two admins changing different roles of one person at once cannot overwrite each other.
 */
export class TableRoleStore {
  constructor(private readonly table: TableClient) {}

  async rolesOf(aadObjectId: string): Promise<Role[]> {
    const row = await getRow<RoleRow>(this.table, PARTITION, aadObjectId);
    return row ? ROLES.filter((r) => row[r] === true) : [];
  }

  async setRole(aadObjectId: string, role: Role, held: boolean, by: string, at: Date): Promise<void> {
    await this.table.upsertEntity(
      {
        partitionKey: PARTITION,
        rowKey: aadObjectId,
        [role]: held,
        [`${role}GrantedBy`]: by,
        [`${role}GrantedAt`]: at.toISOString(),
      },
      'Merge',
    );
  }

  /** Everyone holding `role`, with when they last acted in it (if recorded). */
  async holdersOf(role: Role): Promise<{ aadObjectId: string; activeAt?: string }[]> {
    const out: { aadObjectId: string; activeAt?: string }[] = [];
    for await (const row of this.table.listEntities<RoleRow>({
      queryOptions: { filter: odata`PartitionKey eq ${PARTITION}` },
    })) {
      if (row[role] === true)
        out.push({ aadObjectId: String(row.rowKey), activeAt: row[`${role}ActiveAt`] || undefined });
    }
    return out;
  }

  /** Records when someone last acted in a role (a merge of one column: it never grants or revokes anything). */
  async noteActive(aadObjectId: string, role: Role, at: Date): Promise<void> {
    // No row: a configured admin, who has no column to stamp.
    await unlessRefused(
      this.table.updateEntity(
        { partitionKey: PARTITION, rowKey: aadObjectId, [`${role}ActiveAt`]: at.toISOString() },
        'Merge',
      ),
      ['missing'],
    );
  }

  /** Everyone holding at least one role. */
  async holders(): Promise<{ aadObjectId: string; roles: Role[] }[]> {
    const out: { aadObjectId: string; roles: Role[] }[] = [];
    for await (const row of this.table.listEntities<RoleRow>({
      queryOptions: { filter: odata`PartitionKey eq ${PARTITION}` },
    })) {
      const roles = ROLES.filter((r) => row[r] === true);
      if (roles.length > 0) out.push({ aadObjectId: String(row.rowKey), roles });
    }
    return out;
  }
}
