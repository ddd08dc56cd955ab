/**
 * The regional health platform's answers (bff/sandbox/API.md, "Platform"): identity look-ups, the
 * resident health record, family-doctor teams and contracts, the staff directory, follow-up
 * write-back and the vaccination API. Parsed by the BFF before it reads an answer, checked by the
 * sandbox before it sends one. Unnamed fields are dropped (a real platform may add some).
 */
import { z } from 'zod';
import { FollowupKind, RecordCheckup, RecordExamItem, RecordFollowup, RecordVisit } from '../records';

const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const Sex = z.enum(['male', 'female']);

// ---- identity ----

/** What an identity look-up answers (by ID number, or a child's match): enough to bind a person to a record. */
export const ResidentBasic = z.object({
  recordNumber: z.string(),
  name: z.string(),
  idNumber: z.string().nullable(),
  sex: Sex,
  birthDate: z.string(),
  phone: z.string().nullable(),
  status: z.enum(['active', 'closed']),
});
export const PhoneCheck = z.object({ match: z.boolean() });
export const GuardianshipCheck = z.object({ confirmed: z.boolean() });

// ---- the health record (居民健康档案) ----

const Condition = z.object({ code: z.string(), name: z.string(), diagnosedOn: z.string().nullable() });
export const Resident = ResidentBasic.extend({
  sexCode: z.number().int(),
  address: z.string(),
  township: z.string(),
  community: z.string(),
  bloodType: z.object({ abo: z.number().int(), aboLabel: z.string(), rh: z.enum(['positive', 'negative', 'unknown']) }),
  allergies: z.array(z.string()),
  chronicConditions: z.array(Condition),
  guardianIdNumber: z.string().nullable(),
  guardians: z.array(z.object({ idNumber: z.string(), name: z.string(), relation: z.string() })),
  immunizationCertNo: z.string().nullable(),
  contractedTeamId: z.string().nullable(),
  closedReason: z.string().nullable(),
  closedOn: z.string().nullable(),
  createdOn: z.string(),
});

export const BasicSupplement = z.object({
  pastHistory: z.object({
    diseases: z.array(Condition),
    surgeries: z.array(z.object({ name: z.string(), date: z.string() })),
    injuries: z.array(z.object({ name: z.string(), date: z.string() })),
    transfusions: z.array(z.object({ reason: z.string(), date: z.string() })),
  }),
  familyHistory: z.array(z.object({ relation: z.string(), conditions: z.array(z.string()) })),
  disability: z.string(),
  insurancePaymentType: z.string(),
});

export const Followup = RecordFollowup.omit({ kindLabel: true, bpCategory: true, glucoseCategory: true });
export const FollowupList = items(Followup);
export const Checkup = RecordCheckup.omit({ bpCategory: true });
export const CheckupList = items(Checkup);
export const Visit = RecordVisit.omit({ typeLabel: true });
export const VisitList = items(Visit);

export const ReportSummary = z.object({
  id: z.string(),
  kind: z.enum(['lab', 'imaging']),
  title: z.string(),
  date: z.string(),
  institution: z.string(),
  department: z.string(),
  /** registered: 待出报告 (no results); final: 已出报告. */
  status: z.enum(['registered', 'final']),
  reportedAt: z.string().nullable(),
  abnormalCount: z.number().int(),
  criticalCount: z.number().int(),
});
export const ReportSummaryList = items(ReportSummary);
export const Report = ReportSummary.extend({
  specimen: z.string().nullable(),
  orderedBy: z.string(),
  reportedBy: z.string(),
  reviewedBy: z.string(),
  /** flag null: the laboratory sent none (HL7 OBX-8 empty). */
  items: z.array(RecordExamItem.extend({ flag: RecordExamItem.shape.flag.nullable() })),
  imaging: z.object({ method: z.string(), bodyPart: z.string(), findings: z.string(), impression: z.string(), abnormal: z.boolean() }).nullable(),
});

// ---- family-doctor teams and contracts (家庭医生签约) ----

export const TeamPackage = z.object({ id: z.string(), name: z.string(), priceFen: z.number().int(), validMonths: z.number().int(), items: z.array(z.string()) });
export const Team = z.object({
  id: z.string(),
  name: z.string(),
  centreName: z.string(),
  phone: z.string(),
  leaderId: z.string(),
  members: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), title: z.string(), isLeader: z.boolean() })),
  packages: z.array(TeamPackage),
  area: z.object({ township: z.string(), communities: z.array(z.string()) }),
  intro: z.string(),
  contractedCount: z.number().int(),
});
export const TeamList = items(Team);
export const Contract = z.object({
  id: z.string(),
  recordNumber: z.string(),
  teamId: z.string(),
  doctorId: z.string(),
  doctorName: z.string(),
  packageIds: z.array(z.string()),
  packages: z.array(TeamPackage),
  signedOn: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  status: z.string(),
  team: Team,
});
export const ContractApplication = z.object({
  id: z.string(),
  recordNumber: z.string(),
  residentName: z.string(),
  teamId: z.string(),
  kind: z.enum(['new', 'renewal']),
  packageIds: z.array(z.string()),
  note: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'declined']),
  reason: z.string().nullable(),
  appliedAt: z.string(),
  decidedAt: z.string().nullable(),
});
export const ContractApplicationList = items(ContractApplication);

/** A team's contracted residents for the doctor's panel, one page at a time. */
export const RosterEntry = z.object({
  recordNumber: z.string(),
  name: z.string(),
  sex: Sex,
  birthDate: z.string(),
  community: z.string(),
  chronicConditions: z.array(z.object({ code: z.string(), name: z.string() })),
  maternal: z.object({ status: z.string() }).nullable(),
  contract: z.object({ id: z.string(), doctorId: z.string(), doctorName: z.string(), validFrom: z.string(), validTo: z.string(), packageIds: z.array(z.string()) }),
  lastFollowups: z.array(z.object({ kind: FollowupKind, date: z.string(), nextVisitDate: z.string().nullable(), classification: z.string() })),
});
export const RosterPage = z.object({ items: z.array(RosterEntry), nextCursor: z.string().nullable() });
/** A follow-up written back to the record: the platform's id for it. */
export const FollowupWritten = z.object({ id: z.string() });

// ---- the staff directory (卫生人员目录) ----

export const Staff = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  title: z.string(),
  hospitalId: z.string(),
  hospitalName: z.string(),
  teamIds: z.array(z.string()),
  active: z.boolean(),
});
export const StaffList = items(Staff);

// ---- vaccination (预防接种信息系统, bff/sandbox/API.md "Vaccination") ----

export const Clinic = z.object({
  id: z.string(),
  name: z.string(),
  hospitalId: z.string(),
  address: z.string(),
  phone: z.string(),
  type: z.enum(['children', 'adult']),
  /** Whom the clinic vaccinates, by age in whole years: minYears inclusive, maxYears exclusive, null for no bound. */
  serves: z.object({ minYears: z.number().int().nullable(), maxYears: z.number().int().nullable(), label: z.string() }),
  hours: z.string(),
  intro: z.string(),
  vaccineCodes: z.array(z.string()),
});
export const ClinicList = items(Clinic);
export const VaccinationSession = z.object({
  id: z.string(),
  clinicId: z.string(),
  date: z.string(),
  period: z.enum(['am', 'pm']),
  periodLabel: z.string(),
  start: z.string(),
  end: z.string(),
  quotas: z.array(z.object({ vaccineCode: z.string(), capacity: z.number().int() })),
});
export const VaccinationSessionList = items(VaccinationSession);
const Age = z.object({ years: z.number().optional(), months: z.number().optional(), days: z.number().optional() });
export const Product = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  manufacturer: z.string(),
  priceFen: z.number().int(),
  live: z.boolean(),
  route: z.string(),
  eligibility: z.object({
    sex: Sex.optional(),
    minAge: Age,
    maxAge: Age.optional(),
    doses: z.number().int(),
    minIntervalDays: z.array(z.number()),
    seasonal: z.boolean().optional(),
  }),
  note: z.string(),
  /** `withdrawn` (停用: recalled, cold chain broken): nothing more is given from it. Absent means active. */
  batches: z.array(
    z.object({
      id: z.string(),
      clinicId: z.string(),
      productId: z.string(),
      batchNo: z.string(),
      quantity: z.number().int(),
      releaseAt: z.string(),
      status: z.enum(['active', 'withdrawn']).optional(),
    }),
  ),
});
export const ProductList = items(Product);
export const Immunization = z.object({
  id: z.string(),
  vaccineCode: z.string(),
  vaccineName: z.string(),
  dose: z.number().int(),
  date: z.string(),
  site: z.string(),
  institution: z.string(),
  batchNo: z.string(),
  manufacturer: z.string().optional(),
  kind: z.enum(['programme', 'self_paid']).optional(),
  appointmentRef: z.string().nullable().optional(),
  clinicId: z.string().optional(),
  /** 接种时间 when the clinic recorded it through its client (null for older entries): 留观 runs from it. */
  givenAt: z.string().nullable().optional(),
});
export const ImmunizationHistory = z.object({ immunizationCertNo: z.string().nullable().optional(), items: z.array(Immunization) });
export const AefiReceipt = z.object({ reportNo: z.string(), status: z.enum(['submitted', 'accepted']) });
export const AefiStatus = z.object({ status: z.enum(['submitted', 'accepted']) });
