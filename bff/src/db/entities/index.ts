import { AuditChainHead, AuditLog } from './audit-log';
import { Consent } from './consent';
import { FamilyMember } from './family-member';
import { IdempotencyKey } from './idempotency-key';
import { RefreshToken } from './refresh-token';
import { User } from './user';
import { contentEntities } from './content';

export { AuditChainHead, AuditLog, Consent, FamilyMember, IdempotencyKey, RefreshToken, User };

/** Every entity the DataSource knows. Add a service's entities here, then generate migrations. */
export const entities: Function[] = [User, RefreshToken, Consent, FamilyMember, AuditLog, AuditChainHead, IdempotencyKey];

export * from './content';
entities.push(...contentEntities);

import { doctorEntities } from '../../modules/doctor/entities';
entities.push(...doctorEntities);

import { vaccineEntities } from '../../modules/vaccines/entities';
import { vaccineCareEntities } from '../../modules/vaccines/care-entities';
entities.push(...vaccineEntities, ...vaccineCareEntities);

import { paymentEntities } from '../../modules/payments/entities';
import { BillCharge } from '../../modules/bills/entities';
import { OutboxMessage } from '../../outbox/entity';
entities.push(...paymentEntities, BillCharge, OutboxMessage);
import { InpatientDeposit } from '../../modules/inpatient/entities';
entities.push(InpatientDeposit);

import { Booking, BookingPatient, DoctorIndexRow, WaitlistEntry, WaitlistSession } from '../../modules/booking/entities';
entities.push(Booking, BookingPatient, DoctorIndexRow, WaitlistEntry, WaitlistSession);

import { FamilyAccessGrant } from '../../modules/family/access-entity';
entities.push(FamilyAccessGrant);

import { HealthCardRecord } from '../../modules/healthcard/entity';
entities.push(HealthCardRecord);
import { IdentityVerification } from '../../modules/identity/verification-entity';
entities.push(IdentityVerification);
import { accountEntities } from '../../modules/account/entities';
entities.push(...accountEntities);
import { recordsEntities } from '../../modules/records/entities';
entities.push(...recordsEntities);
import { Message } from '../../modules/messages/entity';
entities.push(Message);
