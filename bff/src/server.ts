import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { loadConfig, ConfigError, type Config } from './config';
import { createLogger, type Logger } from './logger';
import { createDataSource } from './db/data-source';
import { runMigrationsLocked } from './db/migrate';
import { createApp } from './app';
import type { RuntimeSettings } from './runtime/settings';
import { createMetrics } from './runtime/metrics';
import { createProbes } from './runtime/probes';
import { JobRunner } from './runtime/periodic';

export interface RunningBff {
  url: string;
  server: http.Server;
  services: ReturnType<typeof createApp>['services'];
  runtime: RuntimeSettings;
  /** The metrics server's URL when METRICS_PORT is set. */
  metricsUrl?: string;
  close: () => Promise<void>;
}

function listen(server: http.Server, port: number, host: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`));
  });
}

/**
 * Opens the database (migrating under the lock where MIGRATE_ON_BOOT says so), builds the app and
 * listens; by ROLE serves HTTP + WebSocket (web), runs the jobs and the queue (worker; PORT then
 * answers the probes only), or both (all). /livez, /readyz and /metrics: runtime/probes.ts.
 */
export async function startBff(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<RunningBff> {
  const rt = config.runtime;
  const ds = createDataSource(config.databaseUrl);
  await ds.initialize();
  if (rt.migrateOnBoot) await runMigrationsLocked(ds);
  let pending = !rt.migrateOnBoot && (await ds.showMigrations());
  if (pending) logger.error('the database has pending migrations: run `npm run db:migrate`; /readyz fails until then');
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false }) : null;
  const metrics = createMetrics();
  const { app, services } = createApp({ config, ds, logger, redis, observeHttp: metrics.middleware });
  metrics.attach(services);
  const runner = new JobRunner(rt.runJobs ? services.jobs : [], {
    logger,
    redisUrl: rt.queueRedisUrl,
    prefix: config.queue.prefix,
    lockMs: rt.jobLockMs,
    observe: metrics.observeJob,
  });
  const jobs = rt.runJobs ? runner.mode : 'none';
  const probes = createProbes({ services, settings: rt, metrics, jobs: () => jobs, migrationsPending: async () => (pending &&= await ds.showMigrations()) });

  const appHandler = rt.serveHttp ? app.callback() : null;
  const server = http.createServer((req, res) => {
    if (probes.handle(req, res, { metrics: !!rt.metrics.token })) return;
    if (appHandler) return void appHandler(req, res);
    res.writeHead(404).end();
  });
  server.keepAliveTimeout = 65_000;
  if (rt.serveHttp) services.realtime.attach(server);

  let metricsServer: http.Server | null = null;
  let metricsUrl: string | undefined;
  if (rt.metrics.port !== undefined) {
    metricsServer = http.createServer((req, res) => {
      if (!probes.handle(req, res, { metrics: true })) res.writeHead(404).end();
    });
    metricsUrl = await listen(metricsServer, rt.metrics.port, rt.metrics.host ?? config.host);
  }

  await runner.start();
  // The public port opens last: once it answers /livez, everything else is up.
  const url = await listen(server, config.port, config.host);
  logger.info({ role: rt.role, jobs }, 'BFF role');

  let closing: Promise<void> | null = null;
  return {
    url,
    server,
    services,
    runtime: rt,
    metricsUrl,
    close: () =>
      (closing ??= (async () => {
        probes.drain();
        await runner.stop();
        // A web instance adds to the queues without working them: their connections close here.
        await services.queue.stop();
        await services.realtime.close();
        await services.principals.close();
        await services.userViews.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 5000).unref();
        });
        if (metricsServer) await new Promise<void>((resolve) => metricsServer!.close(() => resolve()));
        services.storage.close();
        await ds.destroy();
        if (redis) await redis.quit().catch(() => undefined);
      })()),
  };
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const logger = createLogger(config.logLevel);
  const bff = await startBff(config, logger);
  logger.info({ url: bff.url, env: config.env, role: bff.runtime.role, metrics: bff.metricsUrl }, 'BFF listening');
  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await bff.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
