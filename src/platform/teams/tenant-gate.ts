import type { Activity } from 'botbuilder';

/** The Entra tenant an activity comes from, as Teams names it (lower case); undefined when it names none. */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const id: unknown = activity.channelData?.tenant?.id ?? activity.conversation?.tenantId;
  return typeof id === 'string' && id !== '' ? id.toLowerCase() : undefined;
}

/**
 * Which tenants the bot serves. `allowed` undefined: every tenant (local mode, where the Agents Playground makes up
 * its own). A list, even an empty one: only those, and an activity that names no tenant is refused too.
 */
export function tenantGate(allowed: readonly string[] | undefined): (activity: Partial<Activity>) => boolean {
  if (allowed === undefined) return () => true;
  const tenants = new Set(allowed.map((t) => t.toLowerCase()));
  return (activity) => {
    const tenant = tenantOf(activity);
    return tenant !== undefined && tenants.has(tenant);
  };
}
