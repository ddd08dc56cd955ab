import { startStack, type Stack } from '../../test/harness';

const REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('roles with Redis', () => {
  const stacks: Stack[] = [];
  afterAll(() => Promise.all(stacks.map((s) => s.close())));

  it('a worker runs the jobs on BullMQ and answers only the probes; a web instance serves the API and runs no job', async () => {
    const worker = await startStack({ REDIS_URL, ROLE: 'worker' });
    stacks.push(worker);
    const web = await startStack({ REDIS_URL, ROLE: 'web' });
    stacks.push(web);

    expect((await worker.api('GET', '/livez')).body).toMatchObject({ role: 'worker', jobs: 'bullmq' });
    const ready = await worker.api('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ db: 'up', redis: 'up', outbox: { ok: true } });
    expect((await worker.api('GET', '/api/v1/client-config')).status).toBe(404);
    expect((await worker.api('GET', '/healthz')).status).toBe(404);

    expect((await web.api('GET', '/livez')).body).toMatchObject({ role: 'web', jobs: 'none' });
    expect((await web.api('GET', '/readyz')).body.checks.redis).toBe('up');
    expect((await web.api('GET', '/api/v1/client-config')).status).toBe(200);
  });
});
