import type { RateLimit } from '../../http/route';

/**
 * Entering an ID number for a member (adding one, or adding the number to a child's record), per
 * user: a household adds a handful of members, not dozens an hour.
 */
export const MEMBER_ID_ENTRY_LIMIT: RateLimit = { name: 'family-member-entry', points: 20, durationSeconds: 3600, by: 'user' };
