/** The server roles: every service in one process ('all', the default) or one service per process. */
export const ROLES = ['all', 'catalog', 'training', 'evaluation', 'session', 'storage', 'admin'] as const;
export type Role = (typeof ROLES)[number];
