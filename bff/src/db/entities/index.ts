import { AuditLog } from './audit-log';
import { Consent } from './consent';
import { FamilyMember } from './family-member';
import { RefreshToken } from './refresh-token';
import { User } from './user';

export { AuditLog, Consent, FamilyMember, RefreshToken, User };

/** Every entity the DataSource knows. Add a service's entities here, then generate migrations. */
export const entities = [User, RefreshToken, Consent, FamilyMember, AuditLog];
