import { z } from 'zod';
import {
  AddReadingRequest,
  DeviceReadingsRequest,
  DeviceReadingsResult,
  DeviceView,
  IdParam,
  ReadingKind,
  ReadingList,
  ReadingView,
  RegisterDeviceRequest,
  RegisteredDevice,
} from '@healthpocket/shared-types';
import { route, type AnyRoute } from '../../../http/route';
import type { Services } from '../../../services';

export function readingRoutes(s: Services): AnyRoute[] {
  const tags = ['doctor'];
  const readings = () => s.doctor.readings;
  return [
    route({
      method: 'post',
      member: { purpose: 'health' },
      path: '/api/v1/doctor/readings',
      summary: 'Add a home BP or glucose reading by hand; an urgent one alerts the contracted team',
      tags,
      auth: 'user',
      body: AddReadingRequest,
      response: ReadingView,
      status: 201,
      rateLimit: { name: 'reading-add', points: 60, durationSeconds: 3600, by: 'user' },
      handler: (r) => readings().addManual(r, r.body),
    }),
    route({
      method: 'get',
      member: { purpose: 'health' },
      path: '/api/v1/doctor/readings',
      summary: "A member's readings, newest first (health data: needs the health_data consent)",
      tags,
      auth: 'user',
      query: z.object({
        memberId: z.string().min(1).max(64),
        kind: ReadingKind.optional(),
        before: z.iso.datetime({ offset: true }).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(50),
      }),
      response: ReadingList,
      handler: (r) => readings().list(r, r.query.memberId, r.query),
    }),
    route({
      method: 'post',
      member: { purpose: 'health' },
      path: '/api/v1/doctor/devices',
      summary: 'Bind a home device to a member; the secret is shown once',
      tags,
      auth: 'user',
      body: RegisterDeviceRequest,
      response: RegisteredDevice,
      status: 201,
      rateLimit: { name: 'device-register', points: 10, durationSeconds: 3600, by: 'user' },
      handler: (r) => readings().registerDevice(r, r.body),
    }),
    route({
      method: 'get',
      member: { purpose: 'health' },
      path: '/api/v1/doctor/devices',
      summary: "A member's bound devices",
      tags,
      auth: 'user',
      query: z.object({ memberId: z.string().min(1).max(64) }),
      response: z.object({ items: z.array(DeviceView) }),
      handler: (r) => readings().devices(r, r.query.memberId),
    }),
    route({
      method: 'delete',
      path: '/api/v1/doctor/devices/:id',
      summary: 'Unbind a device: its secret stops working',
      tags,
      auth: 'user',
      params: IdParam,
      handler: (r) => readings().revokeDevice(r, r.params.id),
    }),
    route({
      method: 'post',
      path: '/api/v1/ingest/readings',
      summary: 'Device ingestion: `Authorization: Device <deviceId>:<secret>`; resending an externalId is harmless',
      tags,
      auth: 'public',
      headers: { Authorization: { required: true, description: 'Device <deviceId>:<secret>' } },
      body: DeviceReadingsRequest,
      response: DeviceReadingsResult,
      rateLimit: { name: 'ingest', points: 600, durationSeconds: 60, by: 'ip' },
      handler: async (r) => {
        const device = await readings().authenticateDevice(r.ctx.get('authorization'));
        return readings().ingest(device, r.body.readings);
      },
    }),
  ];
}
