import { In, type DataSource } from 'typeorm';
import { plain, type AccountDataHandler } from '../account/registry';
import type { ImageStore } from './images';
import type { ChatBodies } from './chat-bodies';
import { FollowupSelfReport } from './self-report-entities';
import { ContractSignature } from './contract-entities';
import { ChatImage, ChatMessage, ChatSearchToken, ContractApplicationLink, Conversation, ConversationHandover, HealthAlert, HealthDevice, HealthReading } from './entities';

/**
 * Family-doctor data. Chat (conversations, messages, images, handovers, search tokens) is an online-care record kept at
 * least 3 years: re-keyed to the retention id, deleted with its image files when the period ends. Readings, devices, alerts and contract application
 * links are deleted, and so are the 随访自报 the account sent (they carry its readings) and the
 * agreements it signed here (the contract itself is the platform's). 随访 records (followup_records) are the team's entries in the resident's
 * 健康档案, keyed by record number and held by the platform: the resident reads them in the
 * record (records export), and they are not the account's to delete (medical records ≥ 15 years).
 */
export function doctorAccountData(ds: DataSource, images: Pick<ImageStore, 'remove'>, bodies: ChatBodies): AccountDataHandler {
  return {
    section: 'familyDoctor',
    async export({ userId }) {
      const conversations = await ds.getRepository(Conversation).find({ where: { ownerUserId: userId }, order: { createdAt: 'ASC' } });
      const ids = conversations.map((c) => c.id);
      const messages = ids.length ? await ds.getRepository(ChatMessage).find({ where: { conversationId: In(ids) }, order: { conversationId: 'ASC', seq: 'ASC' } }) : [];
      const images = ids.length ? await ds.getRepository(ChatImage).find({ where: { conversationId: In(ids) } }) : [];
      const handovers = ids.length ? await ds.getRepository(ConversationHandover).find({ where: { conversationId: In(ids) }, order: { createdAt: 'ASC' } }) : [];
      const readings = await ds.getRepository(HealthReading).find({ where: { ownerUserId: userId }, order: { measuredAt: 'ASC' } });
      const devices = await ds.getRepository(HealthDevice).find({ where: { ownerUserId: userId } });
      const contracts = await ds.getRepository(ContractApplicationLink).find({ where: { ownerUserId: userId } });
      const selfReports = await ds.getRepository(FollowupSelfReport).find({ where: { userId }, order: { createdAt: 'ASC' } });
      const signatures = await ds.getRepository(ContractSignature).find({ where: { signerUserId: userId }, order: { signedAt: 'ASC' } });
      return {
        // Chat text is sealed at rest (chat-bodies.ts): the export is the resident's, in clear.
        conversations: plain(
          conversations.map((c) => ({ ...c, lastMessagePreview: bodies.open(c.lastMessagePreview) })),
          ['ownerUserId', 'notifiedAt', 'autoRepliedAt'],
        ),
        messages: plain(
          messages.map((m) => ({ ...m, text: bodies.open(m.text) })),
          ['clientId'],
        ),
        images: plain(images, ['sha256']),
        // The team's handover notes about the member's conversation (sealed at rest like chat text).
        handovers: plain(
          handovers.map((h) => ({ ...h, note: bodies.open(h.note) })),
          [],
        ),
        readings: plain(readings, ['ownerUserId']),
        devices: plain(devices, ['ownerUserId', 'secretHash']),
        contractApplications: plain(contracts, ['ownerUserId']),
        selfReports: plain(selfReports, ['userId']),
        // 签约服务协议书 signed in the app: version, time, name and packages.
        contractSignatures: plain(signatures, ['signerUserId']),
      };
    },
    retained: [
      {
        category: 'online_care',
        purge: async (m, r) => {
          const ids = (await m.getRepository(Conversation).find({ where: { ownerUserId: r.retentionId }, select: { id: true } })).map((c) => c.id);
          if (!ids.length) return;
          const imageIds = (await m.getRepository(ChatImage).find({ where: { conversationId: In(ids) }, select: { id: true } })).map((i) => i.id);
          await m.getRepository(ChatSearchToken).delete({ conversationId: In(ids) });
          await m.getRepository(ConversationHandover).delete({ conversationId: In(ids) });
          await m.getRepository(ChatMessage).delete({ conversationId: In(ids) });
          await m.getRepository(ChatImage).delete({ conversationId: In(ids) });
          await m.getRepository(Conversation).delete({ id: In(ids) });
          for (const id of imageIds) await images.remove(id);
        },
      },
    ],
    async erase(m, e) {
      const conversations = await m.getRepository(Conversation).find({ where: { ownerUserId: e.userId }, select: { id: true, memberId: true } });
      for (const c of conversations) e.keptMemberIds.add(c.memberId);
      await m.getRepository(Conversation).update({ ownerUserId: e.userId }, { ownerUserId: e.retentionId });
      await m.getRepository(ChatMessage).update({ senderUserId: e.userId }, { senderUserId: e.retentionId });
      await m.getRepository(ChatImage).update({ uploaderUserId: e.userId }, { uploaderUserId: e.retentionId });
      await m.getRepository(HealthAlert).delete({ ownerUserId: e.userId });
      await m.getRepository(HealthReading).delete({ ownerUserId: e.userId });
      await m.getRepository(HealthDevice).delete({ ownerUserId: e.userId });
      await m.getRepository(ContractApplicationLink).delete({ ownerUserId: e.userId });
      await m.getRepository(FollowupSelfReport).delete({ userId: e.userId });
      await m.getRepository(ContractSignature).delete({ signerUserId: e.userId });
    },
  };
}
