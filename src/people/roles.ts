/** The roles an admin can grant. Everyone else is staff, which needs no role. */
export const ROLES = ['admin', 'guardian', 'executive'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Survey admin',
  guardian: 'Freedom to Speak Up guardian',
  executive: 'Executive',
};

/** Who holds which roles, and whether the admin role comes from configuration (and so cannot be revoked here). */
export interface RoleHolder {
  readonly aadObjectId: string;
  readonly roles: readonly Role[];
  readonly configAdmin: boolean;
}

/** The channels admins register for the features that post to channels. */
export const CHANNEL_PURPOSES = ['digest', 'guardians'] as const;
export type ChannelPurpose = (typeof CHANNEL_PURPOSES)[number];

export const PURPOSE_LABELS: Record<ChannelPurpose, string> = {
  digest: 'leadership digest',
  guardians: "Freedom to Speak Up guardians'",
};

/** The kinds of channel Teams names (`channelData.channel.type`); a private channel is seen by its members only. */
export const CHANNEL_TYPES = ['standard', 'private', 'shared'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];
export const isChannelType = (value: unknown): value is ChannelType =>
  (CHANNEL_TYPES as readonly unknown[]).includes(value);
