/**
 * What the records module needs from outside it. The message centre (消息中心) implements
 * ReportNotices; until the composition root wires one, report alerts go by subscribe message only.
 */
export type ReportNotices = {
  post(userId: string, note: { category: 'report'; title: string; body: string; link?: string; memberId?: string; dedupeKey: string }): Promise<void>;
};
