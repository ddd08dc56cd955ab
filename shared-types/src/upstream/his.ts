/**
 * The HIS's answers (bff/sandbox/API.md, "HIS"), as zod schemas: the BFF parses every answer with
 * them before reading it, the sandbox checks every answer it sends against them. `z.object` strips
 * what it does not name, so a real HIS may add fields; the fields named here are the contract.
 */
import { z } from 'zod';
import { SessionCode } from '../booking';

const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

// ---- browse (hospitals, departments, doctors, schedules) ----

export const Hospital = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string(),
  level: z.string(),
  type: z.string(),
  address: z.string(),
  phone: z.string(),
  outpatientHours: z.string(),
  intro: z.string(),
  departmentCount: z.number().int(),
});
export const HospitalList = items(Hospital);

export const Department = z.object({
  id: z.string(),
  hospitalId: z.string(),
  name: z.string(),
  group: z.string(),
  intro: z.string(),
  location: z.string(),
  doctorCount: z.number().int(),
});
export const DepartmentList = items(Department);

export const Doctor = z.object({
  id: z.string(),
  hospitalId: z.string(),
  departmentId: z.string(),
  hospitalName: z.string(),
  departmentName: z.string(),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  title: z.string(),
  registrationLevel: z.string(),
  feeFen: z.number().int(),
  specialty: z.string(),
  intro: z.string(),
  nextAvailableDate: z.string().nullable(),
});
export const DoctorList = items(Doctor);

const Count = { capacity: z.number().int(), booked: z.number().int(), remaining: z.number().int() };

export const Session = z.object({
  id: z.string(),
  doctorId: z.string(),
  hospitalId: z.string(),
  departmentId: z.string(),
  date: z.string(),
  session: SessionCode,
  sessionLabel: z.string(),
  start: z.string(),
  end: z.string(),
  slotMinutes: z.number().int(),
  feeFen: z.number().int(),
  ...Count,
  slots: z.array(z.object({ id: z.string(), start: z.string(), end: z.string(), ...Count })),
});
export const SessionList = items(Session);

export const Slot = z.object({
  id: z.string(),
  sessionId: z.string(),
  doctorId: z.string(),
  doctorName: z.string(),
  doctorTitle: z.string(),
  registrationLevel: z.string(),
  hospitalId: z.string(),
  hospitalName: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  location: z.string(),
  date: z.string(),
  session: SessionCode,
  sessionLabel: z.string(),
  start: z.string(),
  end: z.string(),
  feeFen: z.number().int(),
  ...Count,
});

// ---- registration and the visit-day queue ----

export const AppointmentStatus = z.enum(['held', 'booked', 'cancelled', 'expired', 'checked_in', 'no_show']);
export const Appointment = z.object({
  id: z.string(),
  clientRef: z.string(),
  slotId: z.string(),
  status: AppointmentStatus,
  visitNo: z.number().int(),
  feeFen: z.number().int(),
  holdExpiresAt: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  updatedAt: z.string(),
});
export const AppointmentList = items(Appointment);

export const Queue = z.object({
  appointmentId: z.string(),
  sessionId: z.string(),
  status: z.enum(['not_checked_in', 'waiting', 'called', 'missed', 'done']),
  visitNo: z.number().int(),
  ahead: z.number().int().nullable(),
  nowCalling: z.number().int().nullable(),
  requeued: z.boolean(),
  room: z.string(),
  waitingCount: z.number().int(),
  asOf: z.string(),
});
export const CheckIn = Appointment.extend({ queue: Queue });

// ---- outpatient bills (缴费) ----

export const BillItem = z.object({
  name: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  quantity: z.number(),
  unitPriceFen: z.number().int(),
  amountFen: z.number().int(),
});
export const Invoice = z.object({
  code: z.string(),
  number: z.string(),
  checkCode: z.string(),
  issuedAt: z.string(),
  status: z.enum(['issued', 'voided']),
  url: z.string(),
});
export const Bill = z.object({
  billNo: z.string(),
  patientId: z.string(),
  patientName: z.string(),
  hospitalId: z.string(),
  hospitalName: z.string(),
  departmentName: z.string(),
  doctorName: z.string(),
  category: z.string(),
  visitDate: z.string(),
  createdAt: z.string(),
  items: z.array(BillItem),
  totalFen: z.number().int(),
  status: z.enum(['unpaid', 'paid', 'refunded']),
  paidAt: z.string().nullable(),
  tradeNo: z.string().nullable(),
  invoice: Invoice.nullable(),
});
export const BillList = items(Bill);
export const Settlement = z.object({ settlementNo: z.string(), invoice: Invoice });

// ---- inpatient accounts (住院预交金) ----

export const DepositRule = z.object({ minFen: z.number().int(), maxFen: z.number().int(), reminderBalanceFen: z.number().int() });
/** 住院登记 as the HIS keeps it. */
export const AdmissionRecord = z.object({
  admissionNo: z.string(),
  patientId: z.string(),
  patientName: z.string(),
  hospitalId: z.string(),
  hospitalName: z.string(),
  departmentName: z.string(),
  wardName: z.string(),
  bedNo: z.string(),
  attendingDoctorName: z.string(),
  admittedAt: z.string(),
  dischargedAt: z.string().nullable(),
  status: z.enum(['in_hospital', 'discharged']),
  /** The hospital's rules for an online deposit (住院处 sets them). */
  depositRule: DepositRule,
});
/** An admission as the HIS answers it: with its deposit account and the days so far. */
export const Admission = AdmissionRecord.extend({
  depositFen: z.number().int(),
  costFen: z.number().int(),
  balanceFen: z.number().int(),
  days: z.number().int(),
});
export const AdmissionList = items(Admission);
/** 预交金收据. wechat: paid online (tradeNo set); window: at the 住院处 cashier. */
export const Deposit = z.object({
  receiptNo: z.string(),
  admissionNo: z.string(),
  amountFen: z.number().int(),
  channel: z.enum(['wechat', 'window']),
  tradeNo: z.string().nullable(),
  transactionId: z.string().nullable(),
  paidAt: z.string(),
});
export const DepositList = items(Deposit);
export const DepositCredit = Deposit.extend({ balanceFen: z.number().int() });
export const DayTotalList = items(z.object({ date: z.string(), totalFen: z.number().int() }));
/** A charged item as on an outpatient bill, with the HIS's item code and fee category. */
export const DailyCharge = BillItem.extend({ code: z.string(), category: z.string() });
export const DailyChargeList = items(DailyCharge);
