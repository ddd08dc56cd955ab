import { checkDigitFor } from '@healthpocket/shared-types';
import { createSandbox } from '../server';
import { PERSONA_RESIDENTS as P, worldOf } from '../seed/world';

/** 监护关系核验 (POST /platform/guardianships/verify): yes or no, and nothing about the child. */
const ZHANG_WEI = '110101199003077838';
const CHEN_JING = '11010219840406970X';
const SUN_YUE = '110105199504123420';
const ZHOU_LEI = '310101198511170038';
/** A valid GB 11643 number for a child born on `yyyymmdd`. */
const childId = (yyyymmdd: string, seq = '001') => `110101${yyyymmdd}${seq}` + checkDigitFor(`110101${yyyymmdd}${seq}`);

describe('POST /platform/guardianships/verify', () => {
  const sandbox = createSandbox({ seed: 20261202 });
  let url = '';
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ url, close } = await sandbox.listen(0));
  });
  afterAll(() => close());
  const verify = async (body: unknown) => {
    const res = await fetch(`${url}/platform/guardianships/verify`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const son = () => worldOf(sandbox.context).residents.get(P.son.recordNumber)!;

  it('a child without an ID number, by name + birth date: both registered guardians, no one else', async () => {
    const child = { childName: son().name, childBirthDate: son().birthDate };
    expect(await verify({ guardianIdNumber: ZHANG_WEI, ...child })).toEqual({ status: 200, body: { confirmed: true } });
    // The other parent, with a lower-case x and spaces as typed.
    expect(await verify({ guardianIdNumber: ` ${CHEN_JING.toLowerCase()} `, ...child })).toEqual({ status: 200, body: { confirmed: true } });
    // Another resident, even one who is a guardian of another child.
    for (const g of [ZHOU_LEI, SUN_YUE]) expect((await verify({ guardianIdNumber: g, ...child })).body).toEqual({ confirmed: false });
    // 孙悦 is confirmed for her own son, and for nobody else's.
    const baby = worldOf(sandbox.context).residents.get(P.baby.recordNumber)!;
    expect((await verify({ guardianIdNumber: SUN_YUE, childName: baby.name, childBirthDate: baby.birthDate })).body).toEqual({ confirmed: true });
    expect((await verify({ guardianIdNumber: ZHANG_WEI, childName: baby.name, childBirthDate: baby.birthDate })).body).toEqual({ confirmed: false });
  });

  it('a name or birth date that is not the registered one is not confirmed', async () => {
    const [y, m, d] = son().birthDate.split('-');
    const otherDay = `${y}-${m}-${d === '01' ? '02' : '01'}`;
    for (const child of [
      { childName: '张小贝', childBirthDate: son().birthDate },
      { childName: son().name, childBirthDate: otherDay },
    ]) {
      expect(await verify({ guardianIdNumber: ZHANG_WEI, ...child })).toEqual({ status: 200, body: { confirmed: false } });
    }
  });

  it('a child with an ID number, by that number (it wins over name + birth date)', async () => {
    const w = worldOf(sandbox.context);
    const child = son();
    const id = childId(child.birthDate.replace(/-/g, ''));
    const before = child.idNumber;
    child.idNumber = id;
    w.recordNumberByIdNumber.set(id, child.recordNumber);
    try {
      expect((await verify({ guardianIdNumber: ZHANG_WEI, childIdNumber: id })).body).toEqual({ confirmed: true });
      expect((await verify({ guardianIdNumber: CHEN_JING, childIdNumber: id, childName: '不相干' })).body).toEqual({ confirmed: true });
      expect((await verify({ guardianIdNumber: ZHOU_LEI, childIdNumber: id })).body).toEqual({ confirmed: false });
      // An ID number the platform does not know, and an adult's (who has no guardians): not confirmed.
      expect((await verify({ guardianIdNumber: ZHANG_WEI, childIdNumber: childId('20200101', '003') })).body).toEqual({ confirmed: false });
      expect((await verify({ guardianIdNumber: ZHANG_WEI, childIdNumber: CHEN_JING })).body).toEqual({ confirmed: false });
    } finally {
      child.idNumber = before;
      w.recordNumberByIdNumber.delete(id);
    }
  });

  it('malformed input is 400 BAD_REQUEST with what is needed, never a yes or no', async () => {
    const child = { childName: '张小宝', childBirthDate: son().birthDate };
    for (const body of [
      {},
      child,
      { guardianIdNumber: '11010119900307783', ...child },
      { guardianIdNumber: 110101199003077840, ...child },
      { guardianIdNumber: ZHANG_WEI },
      { guardianIdNumber: ZHANG_WEI, childName: '张小宝' },
      { guardianIdNumber: ZHANG_WEI, childName: '张小宝', childBirthDate: '2024/09/23' },
      { guardianIdNumber: ZHANG_WEI, childBirthDate: son().birthDate },
      { guardianIdNumber: ZHANG_WEI, childIdNumber: 'not-an-id' },
    ]) {
      const res = await verify(body);
      expect([res.status, res.body.code]).toEqual([400, 'BAD_REQUEST']);
      expect(res.body.message).toContain('guardianIdNumber');
      expect(res.body.confirmed).toBeUndefined();
    }
  });
});
