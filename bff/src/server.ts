import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { loadConfig, ConfigError, type Config } from './config';
import { createLogger, type Logger } from './logger';
import { createDataSource } from './db/data-source';
import { createApp } from './app';

export interface RunningBff {
  url: string;
  server: http.Server;
  services: ReturnType<typeof createApp>['services'];
  close: () => Promise<void>;
}

/** Opens the database (running pending migrations), builds the app, listens, starts jobs. */
export async function startBff(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<RunningBff> {
  const ds = createDataSource(config.databaseUrl);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false }) : null;
  const { app, services } = createApp({ config, ds, logger, redis });
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const { port } = server.address() as AddressInfo;
  services.realtime.attach(server);
  for (const job of services.jobs) job.start();
  let closing: Promise<void> | null = null;
  return {
    url: `http://${config.host}:${port}`,
    server,
    services,
    close: () =>
      (closing ??= (async () => {
        await Promise.all(services.jobs.map((j) => j.stop()));
        await services.realtime.close();
        await services.principals.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 5000).unref();
        });
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
  logger.info({ url: bff.url, env: config.env }, 'BFF listening');
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
