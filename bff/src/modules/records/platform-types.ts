/** The platform's record API shapes as this module reads them (bff/sandbox/API.md). */
import type { RecordCheckup as CheckupView, RecordExamItem as ExamItem, RecordFollowup as FollowupView, RecordVisit as VisitView } from '@healthpocket/shared-types';

export interface ResidentBasic {
  recordNumber: string;
  name: string;
  idNumber: string | null;
  sex: 'male' | 'female';
  birthDate: string;
  phone: string | null;
  status: 'active' | 'closed';
}

export interface Resident extends ResidentBasic {
  sexCode: number;
  address: string;
  township: string;
  community: string;
  bloodType: { abo: number; aboLabel: string; rh: 'positive' | 'negative' | 'unknown' };
  allergies: string[];
  chronicConditions: Array<{ code: string; name: string; diagnosedOn: string | null }>;
  guardianIdNumber: string | null;
  guardians: Array<{ idNumber: string; name: string; relation: string }>;
  immunizationCertNo: string | null;
  contractedTeamId: string | null;
  closedReason: string | null;
  closedOn: string | null;
  createdOn: string;
}

export interface BasicSupplement {
  pastHistory: {
    diseases: Array<{ code: string; name: string; diagnosedOn: string | null }>;
    surgeries: Array<{ name: string; date: string }>;
    injuries: Array<{ name: string; date: string }>;
    transfusions: Array<{ reason: string; date: string }>;
  };
  familyHistory: Array<{ relation: string; conditions: string[] }>;
  disability: string;
  insurancePaymentType: string;
}

export interface Contract {
  id: string;
  recordNumber: string;
  teamId: string;
  doctorId: string;
  doctorName: string;
  packages: Array<{ id: string; name: string }>;
  signedOn: string;
  validFrom: string;
  validTo: string;
  status: string;
  team: { id: string; name: string; phone: string; members: Array<{ id: string; name: string; role: string }> };
}

export type Followup = Omit<FollowupView, 'kindLabel' | 'bpCategory' | 'glucoseCategory'>;
export type Checkup = Omit<CheckupView, 'bpCategory'>;
export type Visit = Omit<VisitView, 'typeLabel'>;

export interface ReportSummary {
  id: string;
  kind: 'lab' | 'imaging';
  title: string;
  date: string;
  institution: string;
  department: string;
  abnormalCount: number;
}

export interface Report extends ReportSummary {
  specimen: string | null;
  orderedBy: string;
  reportedBy: string;
  reviewedBy: string;
  items: ExamItem[];
  imaging: { method: string; bodyPart: string; findings: string; impression: string; abnormal: boolean } | null;
}

export interface Immunization {
  vaccineCode: string;
  vaccineName: string;
  dose: number;
  date: string;
  site: string;
  institution: string;
  batchNo: string;
}
