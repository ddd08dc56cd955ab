/**
 * `npm run deploy:local`: the production shape on this machine — two web instances and a worker of
 * the compiled BFF behind nginx, on MariaDB (MYSQL_URL, a scratch database) and Redis (REDIS_URL),
 * with the sandbox upstreams — until Ctrl-C. `--web N` for another number of web instances.
 * Needs nginx (Debian: apt-get install nginx), MariaDB and Redis running.
 */
import { startStack } from './stack';

const i = process.argv.indexOf('--web');
const webInstances = i > 0 ? Number(process.argv[i + 1]) : 2;

async function main() {
  const stack = await startStack({ webInstances, log: (m) => console.log(`stack: ${m}`), stdio: 'inherit' });
  console.log(`
  健康口袋 HealthPocket, production shape (staging on the sandbox upstreams)

    Through nginx:  ${stack.url}/   (API ${stack.url}/api/v1, WebSocket ${stack.url.replace('http', 'ws')}/api/v1/realtime)
    Instances:      ${stack.instances.map((x) => `${x.name} ${x.url} (pid ${x.pid()})`).join('\n                    ')}
    Sandbox:        ${stack.sandboxUrl}/

  Try: kill -9 one web pid and keep using the app. Ctrl-C stops everything.
`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
