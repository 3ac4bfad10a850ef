/** The customer platforms the product has adapters for: the names used in CHANNELS, addresses and the admin side. */
export const PLATFORMS = ['telegram', 'discord', 'teams', 'slack'] as const;
export type Platform = (typeof PLATFORMS)[number];
