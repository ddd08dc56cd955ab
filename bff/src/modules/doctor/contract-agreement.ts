import { In, type DataSource } from 'typeorm';
import { chinaToday, type AgreementSignature, type AgreementView, type SignedAgreementView } from '@healthpocket/shared-types';
import { AGREEMENT_VERSIONS, currentAgreement, type AgreementVersion } from '@healthpocket/shared-types';
import type { Scope } from '../../audit/audit';
import { newId } from '../../db/columns';
import { User } from '../../db/entities';
import { errors } from '../../errors';
import { ContractSignature } from './contract-entities';
import { chinaIso } from './presenters';

/** Names compare without spaces and the middle dot of minority names written either way. */
const normalName = (s: string) => s.normalize('NFKC').replace(/[\s·•・.]/g, '');

/**
 * The 签约服务协议书 (versioned data in shared-types contract-constants.ts) and its signatures:
 * the version in force on a China day, the check of a signature (the version shown is the one in
 * force, the box was ticked, the typed name is the signer's verified real name), and what was signed.
 */
export class ContractAgreements {
  clock: () => Date = () => new Date();
  versions: readonly AgreementVersion[] = AGREEMENT_VERSIONS;

  constructor(private readonly ds: DataSource) {}

  current(): AgreementView {
    const v = currentAgreement(chinaToday(this.clock()), this.versions);
    return { version: v.version, effectiveFrom: v.effectiveFrom, title: v.title, clauses: [...v.clauses] };
  }

  /** Refuses a signature of another version, by an unverified account, or with a name that is not the signer's. */
  async check(scope: Scope, sig: AgreementSignature): Promise<{ signerName: string; version: string }> {
    const version = this.current().version;
    if (sig.version !== version) throw errors.of('AGREEMENT_OUTDATED');
    const user = await this.ds.getRepository(User).findOneBy({ id: scope.actor.userId });
    if (!user?.realNameVerifiedAt || !user.name) throw errors.of('SIGNER_NOT_VERIFIED');
    if (normalName(sig.signerName) !== normalName(user.name)) throw errors.of('SIGNER_NAME_MISMATCH');
    return { signerName: user.name, version };
  }

  async record(input: {
    applicationId: string;
    kind: 'new' | 'renewal';
    recordNumber: string;
    memberId: string;
    signerUserId: string;
    signerName: string;
    version: string;
    packageIds: string[];
  }): Promise<SignedAgreementView> {
    const row = {
      id: newId(),
      applicationId: input.applicationId,
      kind: input.kind,
      recordNumber: input.recordNumber,
      memberId: input.memberId,
      signerUserId: input.signerUserId,
      signerName: input.signerName,
      agreementVersion: input.version,
      packageIds: input.packageIds,
      signedAt: this.clock(),
    };
    await this.ds.getRepository(ContractSignature).insert(row);
    return present(row);
  }

  /** The latest signature for a health record (any account: a guardian may have signed for a child). */
  async latest(recordNumber: string): Promise<SignedAgreementView | null> {
    const row = await this.ds.getRepository(ContractSignature).findOne({ where: { recordNumber }, order: { signedAt: 'DESC' } });
    return row ? present(row) : null;
  }

  async forApplications(ids: string[]): Promise<Map<string, SignedAgreementView>> {
    if (!ids.length) return new Map();
    const rows = await this.ds.getRepository(ContractSignature).findBy({ applicationId: In(ids) });
    return new Map(rows.map((r) => [r.applicationId, present(r)]));
  }
}

function present(r: Pick<ContractSignature, 'agreementVersion' | 'signedAt' | 'signerName'>): SignedAgreementView {
  return { version: r.agreementVersion, signedAt: chinaIso(r.signedAt), signerName: r.signerName };
}
