/**
 * `npm start`: the whole product on the embedded default — the sandbox (WeChat, WeChat Pay, HIS,
 * platform) on SANDBOX_PORT, the BFF on PORT with SQLite under data/, and the H5 build (built if
 * missing or stale) served from the BFF's origin. Ctrl-C or SIGTERM stops everything cleanly.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { createSandbox } from '../bff/sandbox/server';
import { loadConfig, ConfigError } from '../bff/src/config';
import { createLogger } from '../bff/src/logger';
import { startBff } from '../bff/src/server';
import { buildH5, h5BuildNeeded } from './lib/h5-build';
import { provisionPersonas } from './lib/personas';
import { ensureSandboxPayKeys } from './lib/pay-keys';

const ROOT = path.resolve(__dirname, '..');

async function main() {
  process.chdir(ROOT);
  fs.mkdirSync('data', { recursive: true });
  const port = Number(process.env.PORT ?? 8080);
  const sandboxPort = Number(process.env.SANDBOX_PORT ?? 8081);
  const host = process.env.HOST ?? '127.0.0.1';

  const distRoot = path.resolve(process.env.HP_DIST_ROOT ?? 'dist');
  const h5Dir = path.join(distRoot, 'h5');
  if (h5BuildNeeded(h5Dir)) {
    console.log('Building the H5 app (first start takes about half a minute)…');
    const t = Date.now();
    await buildH5(distRoot);
    console.log(`H5 built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }

  const payKeys = ensureSandboxPayKeys(path.join(ROOT, 'data/keys'));
  const sandbox = await createSandbox({ keysDir: payKeys.dir }).listen(sandboxPort, host);
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: host,
    WECHAT_API_BASE: process.env.WECHAT_API_BASE ?? `${sandbox.url}/wechat`,
    WECHATPAY_API_BASE: process.env.WECHATPAY_API_BASE ?? `${sandbox.url}/wechatpay`,
    HIS_API_BASE: process.env.HIS_API_BASE ?? `${sandbox.url}/his`,
    PLATFORM_API_BASE: process.env.PLATFORM_API_BASE ?? `${sandbox.url}/platform`,
    HEALTHCARD_API_BASE: process.env.HEALTHCARD_API_BASE ?? `${sandbox.url}/healthcard`,
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://${host}:${port}`,
    SANDBOX_PUBLIC_URL: sandbox.url,
    H5_DIST_DIR: h5Dir,
    ...payKeys.env,
  };
  let config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      await sandbox.close();
      process.exit(78);
    }
    throw e;
  }
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const bff = await startBff(config, logger);
  await provisionPersonas(bff, sandbox.url).catch((e) => console.warn('persona setup skipped:', (e as Error).message));

  console.log(`
  健康口袋 HealthPocket is running (embedded default: SQLite ${config.databaseUrl.replace('sqlite:', '')}, sandbox upstreams)

    App (H5):   ${bff.url}/
    API:        ${bff.url}/api/v1  ·  OpenAPI ${bff.url}/api/openapi.json  ·  ${bff.url}/healthz
    Sandbox:    ${sandbox.url}/   (WeChat, WeChat Pay, HIS, platform; faults at /sandbox/faults)

  Open the app URL in a browser (phone-sized window) and log in as a sandbox persona. Ctrl-C stops.
`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await bff.close();
    await sandbox.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
