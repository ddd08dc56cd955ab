/** The platform's record API shapes as this module reads them (bff/sandbox/API.md): the contract schemas' types. */
import type { upstream } from '@healthpocket/shared-types';
import type { z } from 'zod';

type P = typeof upstream.platform;
export type Resident = z.infer<P['Resident']>;
export type BasicSupplement = z.infer<P['BasicSupplement']>;
export type Followup = z.infer<P['Followup']>;
export type Checkup = z.infer<P['Checkup']>;
export type Visit = z.infer<P['Visit']>;
export type ReportSummary = z.infer<P['ReportSummary']>;
export type Report = z.infer<P['Report']>;
