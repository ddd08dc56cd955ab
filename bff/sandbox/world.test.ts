import { ageOn, chinaToday, parseIdNumber } from '@healthpocket/shared-types';
import { createSandbox } from './server';
import { addDays, buildWorld, extendSchedules, PERSONA_RESIDENTS as P, SCHEDULE_DAYS, worldOf } from './seed/world';

// A fixed instant: 2026-11-23 10:00 in China (a Monday).
const NOW = Date.parse('2026-11-23T02:00:00Z');
const TODAY = '2026-11-23';

describe('buildWorld', () => {
  const world = buildWorld(7, NOW);

  it('is the same for the same seed and instant, and schedules differ for another seed', () => {
    expect(buildWorld(7, NOW)).toEqual(world);
    const other = buildWorld(8, NOW);
    expect([...other.slots.keys()].sort()).not.toEqual([...world.slots.keys()].sort());
    // Hospitals, departments and personas do not depend on the seed.
    expect([...other.hospitals.values()]).toEqual([...world.hospitals.values()]);
    expect(other.residents.get(P.zhangWei.recordNumber)).toEqual(world.residents.get(P.zhangWei.recordNumber));
  });

  it('has the three hospitals with 10+ departments each, every department staffed', () => {
    const hospitals = [...world.hospitals.values()];
    expect(hospitals.map((h) => [h.id, h.level, h.type])).toEqual([
      ['H001', '三级甲等', '综合医院'],
      ['H002', '三级乙等', '妇幼保健院'],
      ['H003', '一级', '社区卫生服务中心'],
    ]);
    for (const h of hospitals) {
      const depts = [...world.departments.values()].filter((d) => d.hospitalId === h.id);
      expect(depts.length).toBeGreaterThanOrEqual(10);
      for (const d of depts) expect([...world.doctors.values()].some((doc) => doc.departmentId === d.id)).toBe(true);
    }
    const h001 = [...world.departments.values()].filter((d) => d.hospitalId === 'H001');
    expect(h001.filter((d) => d.group === '内科').map((d) => d.name)).toEqual(expect.arrayContaining(['心血管内科', '呼吸内科', '消化内科', '内分泌科', '神经内科']));
    expect(new Set(h001.map((d) => d.name)).size).toBe(h001.length);
  });

  it('charges each doctor the fee of the hospital table for their registration level', () => {
    expect(world.hospitals.get('H001')!.registrationFees).toEqual({ 知名专家: 10000, 主任医师: 5000, 副主任医师: 3000, 主治医师: 1500, 住院医师: 1000 });
    for (const d of world.doctors.values()) {
      const h = world.hospitals.get(d.hospitalId)!;
      const dept = world.departments.get(d.departmentId)!;
      expect(d.feeFen).toBe(h.departmentFeeOverrides[dept.name] ?? h.registrationFees[d.registrationLevel]);
      if (d.registrationLevel === '知名专家') expect(d.title).toBe('主任医师');
      else expect(d.registrationLevel).toBe(d.title);
    }
    const liming = world.doctors.get('D-FD-001')!;
    expect(liming).toMatchObject({ name: '李明', hospitalId: 'H003', feeFen: 0 });
    const general = world.hospitals.get('H001')!.registrationFees;
    const community = world.hospitals.get('H003')!.registrationFees;
    for (const level of Object.keys(general) as Array<keyof typeof general>) expect(community[level]).toBeLessThan(general[level]);
    expect([...world.doctors.values()].some((d) => d.registrationLevel === '知名专家')).toBe(true);
  });

  it('schedules 14 days from today in China time, in +08:00 slots of 15 or 30 minutes', () => {
    const last = addDays(TODAY, SCHEDULE_DAYS - 1);
    expect(world.today).toBe(TODAY);
    expect(world.scheduledThrough).toBe(last);
    const dates = new Set<string>();
    // Collected rather than asserted one by one: there are about 12 000 slots.
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => void (ok || problems.push(what));
    for (const s of world.sessions.values()) {
      check(s.date >= TODAY && s.date <= last, `${s.id} outside the window`);
      check(new Date(s.date + 'T00:00:00Z').getUTCDay() !== 0, `${s.id} on a Sunday`);
      check(s.id === `${s.doctorId}-${s.date.replaceAll('-', '')}-${s.session}`, `${s.id} id`);
      check(s.start.slice(11, 16) === (s.session === 'am' ? '08:00' : '14:00'), `${s.id} start`);
      check(s.end.slice(11, 16) === (s.session === 'am' ? '12:00' : '17:30'), `${s.id} end`);
      dates.add(s.date);
      let prevEnd = s.start;
      for (const id of s.slotIds) {
        const slot = world.slots.get(id)!;
        check(slot.id === `${s.id}-${slot.start.slice(11, 13)}${slot.start.slice(14, 16)}`, `${id} id`);
        check(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+08:00$/.test(slot.start) && slot.end.endsWith('+08:00'), `${id} not +08:00`);
        check(slot.start === prevEnd, `${id} does not follow the previous slot`);
        check((Date.parse(slot.end) - Date.parse(slot.start)) / 60_000 === s.slotMinutes, `${id} length`);
        check(slot.capacity >= 1 && slot.capacity <= 3, `${id} capacity ${slot.capacity}`);
        check(slot.booked >= 0 && slot.booked <= slot.capacity, `${id} booked ${slot.booked}`);
        prevEnd = slot.end;
      }
      check(prevEnd === s.end, `${s.id} slots do not fill the session`);
    }
    expect(problems).toEqual([]);
    expect(dates.size).toBe(12); // 14 days minus two Sundays
    // Not every doctor works every session; some slots are taken, some are free.
    const perDoctor = [...world.sessionIdsByDoctor.values()].map((l) => l.length);
    expect(Math.max(...perDoctor)).toBeLessThan(24);
    const slots = [...world.slots.values()];
    expect(slots.some((x) => x.booked === x.capacity)).toBe(true);
    expect(slots.some((x) => x.booked === 0)).toBe(true);
    // "Now" does not move a slot: a world built three days later has the same slots on shared dates.
    const later = buildWorld(7, NOW + 3 * 86_400_000);
    const shared = [...world.slots.values()].filter((x) => x.date >= addDays(TODAY, 3));
    expect(shared.length).toBeGreaterThan(0);
    for (const x of shared) expect(later.slots.get(x.id)).toMatchObject({ start: x.start, end: x.end, capacity: x.capacity });
  });

  it('rolls the schedule window forward without losing booked counts', () => {
    const w = buildWorld(7, NOW);
    const slot = [...w.slots.values()].find((x) => x.date === addDays(TODAY, 5) && x.booked < x.capacity)!;
    slot.booked += 1;
    extendSchedules(w, NOW + 2 * 86_400_000);
    expect(w.today).toBe(addDays(TODAY, 2));
    expect(w.scheduledThrough).toBe(addDays(TODAY, SCHEDULE_DAYS + 1));
    expect(w.slots.get(slot.id)).toBe(slot);
    expect(slot.booked).toBe(buildWorld(7, NOW).slots.get(slot.id)!.booked + 1);
    expect([...w.sessions.values()].some((s) => s.date === addDays(TODAY, SCHEDULE_DAYS + 1))).toBe(true);
  });

  it('gives every resident with an ID number a valid one, for many seeds', () => {
    for (const seed of [1, 2, 3, 42, 20261122, 99999]) {
      const w = buildWorld(seed, NOW);
      expect(w.residents.size).toBeGreaterThanOrEqual(20);
      for (const r of w.residents.values()) {
        expect(r.recordNumber).toMatch(/^110101001\d{8}$/);
        expect(/^1[3-9]\d{9}$/.test(r.phone ?? '13000000000')).toBe(true);
        if (r.idNumber === null) continue;
        const parsed = parseIdNumber(r.idNumber, TODAY);
        expect(parsed).toMatchObject({ ok: true, value: { birthDate: r.birthDate, sex: r.sex } });
        expect(w.recordNumberByIdNumber.get(r.idNumber)).toBe(r.recordNumber);
      }
      expect(new Set([...w.residents.values()].map((r) => r.idNumber).filter(Boolean)).size).toBe(w.recordNumberByIdNumber.size);
    }
  });

  it('has the personas, the children matched through guardians with ages relative to today', () => {
    expect(world.residents.get(P.zhangWei.recordNumber)).toMatchObject({ name: '张伟', idNumber: '110101199003077838', phone: '13800138000', sex: 'male', contractedTeamId: 'T001' });
    expect(world.residents.get(P.mother.recordNumber)!.chronicConditions.map((c) => c.code)).toEqual(['I10', 'E11']);
    expect(world.residents.get(P.zhouLei.recordNumber)).toMatchObject({ contractedTeamId: null, chronicConditions: [expect.objectContaining({ code: 'I10' })] });
    expect(world.contracts.has(P.zhouLei.recordNumber)).toBe(false);
    const son = world.residents.get(P.son.recordNumber)!;
    expect(son).toMatchObject({ name: '张小宝', idNumber: null, guardianIdNumber: P.zhangWei.idNumber, birthDate: '2025-09-23' });
    expect(ageOn(world.residents.get(P.daughter.recordNumber)!.birthDate, TODAY)).toBe(6);
    expect(world.residents.get(P.baby.recordNumber)!.birthDate).toBe('2026-09-23');
    // Relative to now: a year later the baby is still two months old.
    expect(buildWorld(7, NOW + 365 * 86_400_000).residents.get(P.baby.recordNumber)!.birthDate).toBe('2027-09-23');
  });

  it('has family-doctor teams whose doctors also work in the HIS, and most residents contracted', () => {
    const t001 = world.teams.get('T001')!;
    expect(t001.leaderId).toBe('D-FD-001');
    for (const t of world.teams.values()) {
      for (const m of t.members.filter((x) => x.role !== '社区护士' && x.role !== '公共卫生医师')) {
        expect(world.doctors.get(m.id)).toMatchObject({ name: m.name, hospitalId: m.hospitalId });
      }
      expect(t.packages[0].priceFen).toBe(0);
    }
    const residents = [...world.residents.values()];
    const contracted = residents.filter((r) => r.contractedTeamId);
    expect(contracted.length / residents.length).toBeGreaterThan(0.5);
    expect(contracted.length).toBeLessThan(residents.length);
    for (const r of contracted) {
      const c = world.contracts.get(r.recordNumber)!;
      expect(c.teamId).toBe(r.contractedTeamId);
      expect(c.validFrom <= TODAY && c.validTo >= TODAY).toBe(true);
      expect(c.signedOn >= r.createdOn && r.createdOn >= r.birthDate).toBe(true);
      const team = world.teams.get(c.teamId)!;
      for (const id of c.packageIds) expect(team.packages.map((p) => p.id)).toContain(id);
    }
  });
});

describe('HIS and platform routes over HTTP', () => {
  const sandbox = createSandbox({ seed: 20261122 });
  let url = '';
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ url, close } = await sandbox.listen(0));
  });
  afterAll(() => close());
  const get = async (path: string) => {
    const res = await fetch(url + path);
    return { status: res.status, body: (await res.json()) as any };
  };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(url + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('browses hospitals, departments and doctors', async () => {
    const hospitals = await get('/his/hospitals');
    expect(hospitals.status).toBe(200);
    expect(hospitals.body.items.map((h: any) => h.name)).toEqual(['市第一人民医院', '市妇幼保健院', '东华街道社区卫生服务中心']);
    expect((await get('/his/hospitals/H001')).body).toMatchObject({ id: 'H001', level: '三级甲等', departmentCount: 20 });

    const depts = await get('/his/hospitals/H003/departments');
    expect(depts.body.items.length).toBe(10);
    const gp = depts.body.items.find((d: any) => d.name === '全科医疗科');
    expect(gp.doctorCount).toBeGreaterThanOrEqual(3);

    const doctors = await get(`/his/departments/${gp.id}/doctors`);
    expect(doctors.body.items.map((d: any) => d.id)).toContain('D-FD-001');
    const liming = await get('/his/doctors/D-FD-001');
    expect(liming.body).toMatchObject({ name: '李明', title: '主治医师', feeFen: 0, hospitalName: '东华街道社区卫生服务中心', departmentName: '全科医疗科' });
    expect(liming.body.nextAvailableDate === null || /^\d{4}-\d{2}-\d{2}$/.test(liming.body.nextAvailableDate)).toBe(true);
  });

  it('answers 404 {code, message} for unknown ids', async () => {
    for (const path of [
      '/his/hospitals/H999',
      '/his/hospitals/H999/departments',
      '/his/departments/nope/doctors',
      '/his/doctors/nope',
      '/his/doctors/nope/schedules',
      '/platform/residents/00000000000000000',
      '/platform/residents/00000000000000000/contract',
      '/platform/teams/T999',
      '/platform/residents/by-id-number/310101198511170011',
    ]) {
      const res = await get(path);
      expect([path, res.status, res.body.code]).toEqual([path, 404, 'NOT_FOUND']);
      expect(typeof res.body.message).toBe('string');
    }
  });

  it("lists a doctor's schedules within the 14-day window with remaining counts", async () => {
    const all = await get('/his/doctors/D-FD-001/schedules');
    expect(all.status).toBe(200);
    const { from, to, items } = all.body;
    expect(to).toBe(addDays(from, 13));
    expect(from).toBe(chinaToday());
    expect(items.length).toBeGreaterThan(0);
    for (const s of items) {
      expect(s.date >= from && s.date <= to).toBe(true);
      expect(s.start.endsWith('+08:00')).toBe(true);
      for (const slot of s.slots) {
        expect(slot.id.startsWith(`D-FD-001-${s.date.replaceAll('-', '')}-${s.session}-`)).toBe(true);
        expect(slot.start.endsWith('+08:00')).toBe(true);
        expect(slot.remaining).toBe(slot.capacity - slot.booked);
      }
      expect(s.remaining).toBe(s.slots.reduce((n: number, x: any) => n + x.remaining, 0));
    }
    // The slots the route shows are the world's (so later booking holds show up here).
    const world = worldOf(sandbox.context);
    const first = items[0].slots[0];
    world.slots.get(first.id)!.booked = world.slots.get(first.id)!.capacity;
    const again = await get(`/his/doctors/D-FD-001/schedules?from=${items[0].date}&to=${items[0].date}`);
    expect(again.body.items[0].slots[0]).toMatchObject({ id: first.id, remaining: 0 });

    expect((await get('/his/doctors/D-FD-001/schedules?from=2026-02-30')).status).toBe(400);
    expect((await get(`/his/doctors/D-FD-001/schedules?from=${to}&to=${from}`)).body.code).toBe('BAD_REQUEST');
  });

  it('searches doctors by doctor or department name', async () => {
    const byName = await get(`/his/search/doctors?q=${encodeURIComponent('李明')}`);
    expect(byName.body.items.map((d: any) => d.id)).toContain('D-FD-001');
    const byDept = await get(`/his/search/doctors?q=${encodeURIComponent('心血管')}&hospitalId=H001`);
    expect(byDept.body.total).toBeGreaterThan(0);
    expect(byDept.body.items.every((d: any) => d.departmentName === '心血管内科' && d.hospitalId === 'H001')).toBe(true);
    expect((await get('/his/search/doctors?q=')).status).toBe(400);
  });

  it('finds residents by ID number (a lower-case x too) and by record number', async () => {
    const wife = await get('/platform/residents/by-id-number/11010219840406970x');
    expect(wife.status).toBe(200);
    expect(wife.body).toEqual({ recordNumber: P.wife.recordNumber, name: '陈静', idNumber: '11010219840406970X', sex: 'female', birthDate: '1984-04-06', phone: '13800138001', status: 'active' });
    expect((await get('/platform/residents/by-id-number/123')).status).toBe(400);

    const mother = await get(`/platform/residents/${P.mother.recordNumber}`);
    expect(mother.body).toMatchObject({ name: '王秀英', bloodType: { abo: 2 }, chronicConditions: [{ code: 'I10' }, { code: 'E11' }] });
    expect((await get('/platform/residents/by-id-number/440524188001010014')).body).toMatchObject({ status: 'closed' });
  });

  it('matches a child without an ID number by name, birth date and guardian; mismatches are 404', async () => {
    const son = worldOf(sandbox.context).residents.get(P.son.recordNumber)!;
    const ok = await post('/platform/residents/match', { name: '张小宝', birthDate: son.birthDate, guardianIdNumber: '110101199003077838' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ recordNumber: P.son.recordNumber, idNumber: null, sex: 'male' });
    // The other parent is a guardian too.
    expect((await post('/platform/residents/match', { name: '张小宝', birthDate: son.birthDate, guardianIdNumber: '11010219840406970x' })).status).toBe(200);
    for (const wrong of [
      { name: '张小宝', birthDate: addDays(son.birthDate, 1), guardianIdNumber: '110101199003077838' },
      { name: '张小贝', birthDate: son.birthDate, guardianIdNumber: '110101199003077838' },
      { name: '张小宝', birthDate: son.birthDate, guardianIdNumber: '310101198511170038' },
    ]) {
      expect((await post('/platform/residents/match', wrong)).body.code).toBe('NOT_FOUND');
    }
    expect((await post('/platform/residents/match', { name: '张小宝' })).status).toBe(400);
  });

  it("shows teams and a resident's contract; an uncontracted resident has none", async () => {
    const teams = await get('/platform/teams');
    expect(teams.body.items.map((t: any) => t.id)).toEqual(['T001', 'T002', 'T003']);
    const t001 = await get('/platform/teams/T001');
    expect(t001.body.members[0]).toMatchObject({ id: 'D-FD-001', name: '李明', isLeader: true });
    // The team's specialist is a doctor of the same world's HIS.
    const specialist = t001.body.members.find((m: any) => m.role === '专科医生');
    expect((await get(`/his/doctors/${specialist.id}`)).body.hospitalId).toBe('H001');

    const contract = await get(`/platform/residents/${P.zhangWei.recordNumber}/contract`);
    expect(contract.body).toMatchObject({ teamId: 'T001', doctorId: 'D-FD-001', doctorName: '李明', team: { id: 'T001' }, status: 'active' });
    expect(contract.body.packages[0]).toMatchObject({ id: 'PKG-BASIC', priceFen: 0 });
    const none = await get(`/platform/residents/${P.zhouLei.recordNumber}/contract`);
    expect(none.status).toBe(404);
  });
});
