import { odata, type TableClient } from '@azure/data-tables';
import { isGuid, toKey } from '../platform/keys';
import { unlessRefused } from '../platform/storage';
import { getRow } from '../platform/tables';
import { ROLES, type Role } from './roles';
import type { LeadRecord } from './team-leads';

const PARTITION = 'role';
// Team leads live beside the roles, one row per team and person: `<team id, encoded>|<Entra object id>`.
const LEADS = 'lead';

type RoleRow = Partial<Record<Role, boolean>> &
  Partial<Record<`${Role}GrantedBy` | `${Role}GrantedAt` | `${Role}ActiveAt`, string>>;

/**
 * Role grants in the `roles` table: one row per person, one boolean column per role. A grant or revoke is a
 * single-column merge, so two admins changing different roles of one person at once cannot overwrite each other.
 * The same table holds who leads which team (partition `lead`), keyed only here (`leadKey`).
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

  /** A team's lead rows (whatever their state), from one range of the `lead` partition. */
  async leadsOfTeam(teamId: string): Promise<LeadRecord[]> {
    const prefix = `${toKey(teamId)}|`;
    // '}' sorts just after '|': the range holds exactly the keys that start with the prefix.
    const filter = odata`PartitionKey eq ${LEADS} and RowKey ge ${prefix} and RowKey lt ${`${toKey(teamId)}}`}`;
    return (await this.leadRows(filter)).filter((l) => l.teamId === teamId);
  }

  /** The teams someone was named lead of (whatever their state). */
  async leadsByPerson(aadObjectId: string): Promise<LeadRecord[]> {
    return this.leadRows(odata`PartitionKey eq ${LEADS} and aadObjectId eq ${leadPerson(aadObjectId)}`);
  }

  /** Every lead row: one per team and person, a few hundred in a trust. */
  allLeads(): Promise<LeadRecord[]> {
    return this.leadRows(odata`PartitionKey eq ${LEADS}`);
  }

  async findLead(teamId: string, aadObjectId: string): Promise<LeadRecord | undefined> {
    const row = await getRow<Record<string, unknown>>(this.table, LEADS, leadKey(teamId, aadObjectId));
    return row && toLead(row);
  }

  /** Names someone lead of a team, or names them again after they left it (which clears `leftAt`). */
  async saveLead(lead: Omit<LeadRecord, 'leftAt'>): Promise<void> {
    await this.table.upsertEntity(
      {
        partitionKey: LEADS,
        rowKey: leadKey(lead.teamId, lead.aadObjectId),
        teamId: lead.teamId,
        aadObjectId: leadPerson(lead.aadObjectId),
        name: lead.name ?? '',
        namedBy: lead.namedBy,
        namedAt: lead.namedAt,
        leftAt: '',
        fromOwners: lead.fromOwners,
      },
      'Replace',
    );
  }

  /** Removes a lead. False if they were not one. */
  async removeLead(teamId: string, aadObjectId: string): Promise<boolean> {
    const key = leadKey(teamId, aadObjectId);
    return (await unlessRefused(this.table.deleteEntity(LEADS, key), ['missing'])) !== undefined;
  }

  /** Marks a lead as gone from the team (one column: it never names or removes anyone). */
  async markLeadLeft(teamId: string, aadObjectId: string, at: Date): Promise<void> {
    const entity = { partitionKey: LEADS, rowKey: leadKey(teamId, aadObjectId), leftAt: at.toISOString() };
    // Missing: an admin removed the lead meanwhile.
    await unlessRefused(this.table.updateEntity(entity, 'Merge'), ['missing']);
  }

  private async leadRows(filter: string): Promise<LeadRecord[]> {
    const out: LeadRecord[] = [];
    for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } }))
      out.push(toLead(row));
    return out;
  }
}

/** The one place a lead row's key is built: the team id encoded for a key, then the person's Entra object id. */
function leadKey(teamId: string, aadObjectId: string): string {
  return `${toKey(teamId)}|${leadPerson(aadObjectId)}`;
}

function leadPerson(aadObjectId: string): string {
  if (!isGuid(aadObjectId)) throw new Error('Team leads: a lead is named by an Entra object id');
  return aadObjectId.toLowerCase();
}

function toLead(row: Record<string, unknown>): LeadRecord {
  return {
    teamId: String(row.teamId ?? ''),
    aadObjectId: String(row.aadObjectId ?? ''),
    name: (row.name as string) || undefined,
    namedBy: String(row.namedBy ?? ''),
    namedAt: String(row.namedAt ?? ''),
    leftAt: (row.leftAt as string) || undefined,
    fromOwners: row.fromOwners === true,
  };
}
