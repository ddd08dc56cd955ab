import type { DataSource } from 'typeorm';
import { RELATION_LABELS, ageOn, maskCardNo, toChinaIso, type HealthCardList, type HealthCardMember, type HealthCardQr, type HealthCardStatus } from '@healthpocket/shared-types';
import type { FamilyMember } from '../../db/entities';
import { newId } from '../../db/columns';
import type { Tx } from '../../db/data-source';
import { isUniqueViolation } from '../../db/unique-violation';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Audit, Scope } from '../../audit/audit';
import { AppError, errors } from '../../errors';
import type { FamilyService } from '../family/service';
import { NO_ID_CARD_UNDER_AGE } from '../family/service';
import type { ProfileService } from '../profile/service';
import type { WechatClient } from '../../wechat/client';
import { HealthCardRecord } from './entity';
import { DATA_INVALID_RESULT_CODES, HealthCardPlatformRefusal, IDENTITY_REJECTED_RESULT_CODES, type HealthCardPlatform, type RegisterRequest } from './platform-client';

/** Used when a dynamic code's text does not carry its validity (the platform's documented default is about a minute). */
const FALLBACK_QR_VALID_SECONDS = 60;

const NEXT_STEP: Record<Exclude<HealthCardStatus, 'issued'>, string> = {
  can_issue: '可以申领电子健康卡',
  needs_real_name: '请先完成实名认证',
  needs_id_number: '请先在「家庭成员」中补充身份证号',
  needs_authorization: '该成员已成年，需其本人同意「代办挂号与缴费」后才能为其申领和出示电子健康卡',
  needs_guardianship: '健康档案平台未登记您为该儿童的监护人，请核对儿童的姓名和出生日期',
};
/** What the member policy's refusal of 代办 (proxy) means for a card. */
const REFUSED: Record<string, HealthCardStatus> = {
  IDENTITY_UNVERIFIED: 'needs_real_name',
  FAMILY_AUTHORIZATION_REQUIRED: 'needs_authorization',
  GUARDIAN_UNCONFIRMED: 'needs_guardianship',
};
const NEEDS_PHONE_STEP = '授权微信手机号后即可申领电子健康卡';

/** 电子健康卡: register a card per family member with the Tencent open platform and show its dynamic QR code. */
export class HealthCardService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly crypto: FieldCrypto,
    private readonly family: FamilyService,
    private readonly profile: ProfileService,
    private readonly audit: Audit,
    private readonly platform: HealthCardPlatform,
    private readonly wechat: WechatClient,
  ) {}

  async list(scope: Scope): Promise<HealthCardList> {
    const me = await this.profile.me(scope);
    const { items } = await this.family.list(scope);
    const records = await this.ds.getRepository(HealthCardRecord).findBy({ ownerUserId: scope.actor.userId });
    const byMember = new Map(records.map((r) => [r.memberId, r]));
    // The same phone registration falls back to: the member's own, else the account holder's.
    const selfPhone = !!items.find((i) => i.relation === 'self')?.phoneMasked;
    // Each member's card only as far as the member policy grants 代办 (no masked card number otherwise).
    const refusals = await Promise.all(
      items.map((m) =>
        this.family.memberFor(scope, m.id, 'proxy').then(
          () => null,
          (e: unknown) => {
            if (e instanceof AppError && REFUSED[e.code]) return REFUSED[e.code];
            throw e;
          },
        ),
      ),
    );
    return {
      realNameVerified: me.realNameVerified,
      items: items.map((m, i) => {
        const refused = refusals[i];
        const record = refused ? null : (byMember.get(m.id) ?? null);
        const status: HealthCardStatus = refused
          ? refused
          : record
            ? 'issued'
            : !me.realNameVerified
              ? 'needs_real_name'
              : m.idNumberMasked || this.mayUseGuardianIdentity(m)
                ? 'can_issue'
                : 'needs_id_number';
        const needsPhone = !record && !m.phoneMasked && !selfPhone;
        return {
          memberId: m.id,
          name: m.name,
          relation: m.relation,
          relationLabel: m.relationLabel,
          status,
          card: record ? this.cardView(record) : null,
          nextStep: status === 'issued' ? null : status === 'can_issue' && needsPhone ? NEEDS_PHONE_STEP : NEXT_STEP[status],
          needsPhone,
        };
      }),
    };
  }

  /**
   * Registers the member's card, or answers the one we already hold. The platform registers once
   * per person, so a retry after our own write failed adopts the card it issued the first time.
   * `phoneCode` (WeChat getPhoneNumber) supplies phone1 when none is on file, and is remembered.
   */
  async register(scope: Scope, memberId: string, input: { phoneCode?: string } = {}): Promise<HealthCardMember> {
    const member = await this.memberForCard(scope, memberId);
    const repo = this.ds.getRepository(HealthCardRecord);
    const existing = await repo.findOneBy({ memberId: member.id });
    if (existing) return this.memberView(member, existing);

    const { request, issuedWith } = await this.registrationFor(scope, member, input.phoneCode);
    let issued;
    try {
      issued = await this.platform.register(request);
    } catch (e) {
      if (e instanceof HealthCardPlatformRefusal) {
        if (IDENTITY_REJECTED_RESULT_CODES.has(e.resultCode)) throw errors.of('HEALTH_CARD_IDENTITY_REJECTED');
        if (DATA_INVALID_RESULT_CODES.has(e.resultCode)) throw errors.of('HEALTH_CARD_DATA_INVALID');
        throw errors.of('HEALTH_CARD_UNAVAILABLE');
      }
      throw e;
    }
    const row = repo.create({ id: newId(), ownerUserId: member.ownerUserId, memberId: member.id, healthCardId: issued.healthCardId, phid: issued.phid, issuedWith });
    try {
      await this.tx.run(async (m) => {
        await m.getRepository(HealthCardRecord).insert(row);
        await this.audit.record(scope, { action: 'healthcard.issue', subjectType: 'member', subjectId: member.id, detail: { issuedWith } }, m);
      });
    } catch (e) {
      // A concurrent request for the same member stored it first: both got the same card.
      if (!isUniqueViolation(e)) throw e;
    }
    return this.memberView(member, (await repo.findOneBy({ memberId: member.id }))!);
  }

  /** The member's current dynamic code: short-lived, fetched fresh each time, every reveal audited. */
  async qr(scope: Scope, memberId: string): Promise<HealthCardQr> {
    const member = await this.memberForCard(scope, memberId);
    const record = await this.ds.getRepository(HealthCardRecord).findOneBy({ memberId: member.id });
    if (!record) throw errors.of('HEALTH_CARD_NOT_ISSUED');
    const idNumber = record.issuedWith === 'guardian' ? this.family.idNumberOf(await this.guardianOf(scope)) : this.family.idNumberOf(member);
    if (!idNumber) throw errors.of('HEALTH_CARD_ID_NUMBER_REQUIRED');
    let code;
    try {
      code = await this.platform.dynamicQrCode({ healthCardId: record.healthCardId, idType: '01', idNumber });
    } catch (e) {
      if (e instanceof HealthCardPlatformRefusal) throw errors.of('HEALTH_CARD_UNAVAILABLE');
      throw e;
    }
    const now = Date.now();
    const validUntilMs = validUntilOf(code.qrCodeText) ?? now + FALLBACK_QR_VALID_SECONDS * 1000;
    await this.audit.record(scope, { action: 'healthcard.qr_reveal', subjectType: 'member', subjectId: member.id });
    return {
      memberId: member.id,
      name: member.name,
      cardNoMasked: maskCardNo(record.healthCardId),
      qrCodeText: code.qrCodeText,
      expiresAt: toChinaIso(validUntilMs, 's'),
      validSeconds: Math.max(0, Math.floor((validUntilMs - now) / 1000)),
    };
  }

  /**
   * Who may register and show a member's e-health card: the member policy's 代办 purpose (self once
   * verified, a child whose guardianship the platform confirms, an adult who approved 代办挂号与缴费).
   */
  private memberForCard(scope: Scope, memberId: string): Promise<FamilyMember> {
    return this.family.memberFor(scope, memberId, 'proxy');
  }

  /** A child too young for an ID card registers under the guardian's identity (the platform's childInfo). */
  private mayUseGuardianIdentity(m: { relation: string; birthDate: string }): boolean {
    return m.relation === 'child' && ageOn(m.birthDate) < NO_ID_CARD_UNDER_AGE;
  }

  private async guardianOf(scope: Scope): Promise<FamilyMember> {
    const self = (await this.family.list(scope)).items.find((i) => i.relation === 'self');
    if (!self) throw errors.of('REAL_NAME_REQUIRED');
    return this.family.memberFor(scope, self.id, 'proxy');
  }

  private async registrationFor(scope: Scope, member: FamilyMember, phoneCode: string | undefined): Promise<{ request: RegisterRequest; issuedWith: 'own_id' | 'guardian' }> {
    const gender = member.sex === 'male' ? '男' : '女';
    const idNumber = this.family.idNumberOf(member);
    const guardian = member.relation === 'self' ? member : await this.guardianOf(scope);
    let identity: Pick<RegisterRequest, 'idType' | 'idNumber' | 'childInfo'>;
    let issuedWith: 'own_id' | 'guardian';
    if (idNumber) {
      identity = { idType: '01', idNumber };
      issuedWith = 'own_id';
    } else {
      if (!this.mayUseGuardianIdentity(member)) throw errors.of('HEALTH_CARD_ID_NUMBER_REQUIRED');
      const guardianId = this.family.idNumberOf(guardian);
      if (!guardianId) throw errors.of('REAL_NAME_REQUIRED');
      const side = guardian.sex === 'male' ? 'father' : 'mother';
      identity = { childInfo: { [`${side}Name`]: guardian.name, [`${side}IdType`]: '01', [`${side}IdNumber`]: guardianId } };
      issuedWith = 'guardian';
    }
    const phone1 = await this.phoneFor(scope, member, guardian, phoneCode);
    const relation = member.relation === 'self' ? undefined : RELATION_LABELS[member.relation];
    return { request: { name: member.name, gender, birthday: member.birthDate, phone1, relation, ...identity }, issuedWith };
  }

  /**
   * phone1: the member's own phone, else the account holder's (the guardian's for a child). A face-
   * verified holder has none until they authorize their WeChat phone: the code is exchanged here
   * (it is one-time) and kept on their self member, so a retry after a
   * platform outage, and the next member's card, need no second authorization.
   */
  private async phoneFor(scope: Scope, member: FamilyMember, holder: FamilyMember, phoneCode: string | undefined): Promise<string> {
    if (member.relation !== 'self' && member.phoneEnc) return this.crypto.decrypt(member.phoneEnc);
    if (phoneCode) {
      const phone = await this.wechat.phoneNumber(phoneCode);
      await this.family.rememberSelfPhone(scope, phone);
      return phone;
    }
    const onFile = member.phoneEnc ?? holder.phoneEnc;
    if (!onFile) throw errors.of('HEALTH_CARD_PHONE_REQUIRED');
    return this.crypto.decrypt(onFile);
  }

  private cardView(r: HealthCardRecord) {
    return { cardNoMasked: maskCardNo(r.healthCardId), issuedWith: r.issuedWith, issuedAt: toChinaIso(r.createdAt, 's') };
  }

  private memberView(member: FamilyMember, r: HealthCardRecord): HealthCardMember {
    return {
      memberId: member.id,
      name: member.name,
      relation: member.relation,
      relationLabel: RELATION_LABELS[member.relation],
      status: 'issued',
      card: this.cardView(r),
      nextStep: null,
      needsPhone: false,
    };
  }
}

/** `<cardId>:<type>:<validUntil>` (Unix seconds) → epoch ms, or null if the text does not carry it. */
function validUntilOf(qrCodeText: string): number | null {
  const parts = qrCodeText.split(':');
  if (parts.length < 3) return null;
  const s = Number(parts[2]);
  return Number.isInteger(s) && s > 1_000_000_000 ? s * 1000 : null;
}
