import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';

/**
 * Throwaway WeChat Pay credentials for the sandbox, as WeChat Pay would issue them to a merchant:
 * the merchant's API key pair and certificate (apiclient_key.pem / apiclient_cert.pem, whose serial
 * the merchant puts in every Authorization header), the APIv3 key both sides use for AES-256-GCM,
 * and the platform's key pair in the newer public-key mode (the merchant gets the public key and its
 * PUB_KEY_ID_…; the sandbox keeps the private key to sign notifies and answers).
 *
 * Every marker that production must refuse says SANDBOX (subject, key id), see bff/src/wechat/pay/config.ts.
 */
export interface SandboxPayKeys {
  dir: string;
  mchid: string;
  merchantKeyPem: string;
  merchantCertPem: string;
  merchantCertSerial: string;
  apiV3Key: string;
  platformPrivateKeyPem: string;
  platformPublicKeyPem: string;
  platformKeyId: string;
  /** The BFF's settings for these keys (README names). */
  env: Record<string, string>;
}

const SANDBOX_MCHID = '1900009191';

const FILES = {
  merchantKey: 'apiclient_key.pem',
  merchantCert: 'apiclient_cert.pem',
  platformPrivate: 'sandbox_platform_private_key.pem',
  platformPublic: 'pub_key.pem',
  manifest: 'sandbox-wechatpay.json',
};

interface Manifest {
  mchid: string;
  merchantCertSerial: string;
  apiV3Key: string;
  platformKeyId: string;
}

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

function selfSignedMerchantCert(keyPem: string, publicPem: string, mchid: string, sandbox: boolean): { pem: string; serial: string } {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  // WeChat Pay merchant serials are 40 upper-case hex digits; the first bit clear keeps it positive.
  const serialBytes = randomBytes(20);
  serialBytes[0] &= 0x7f;
  serialBytes[0] |= 0x10;
  cert.serialNumber = serialBytes.toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 24 * 3600_000);
  cert.setSubject([
    { name: 'commonName', value: mchid },
    { name: 'organizationName', value: sandbox ? 'HealthPocket SANDBOX merchant' : 'HealthPocket Community Hospital' },
    { name: 'organizationalUnitName', value: sandbox ? 'SANDBOX' : 'Tenpay.com' },
    { name: 'countryName', value: 'CN' },
  ]);
  cert.setIssuer([
    { name: 'commonName', value: sandbox ? 'HealthPocket SANDBOX WeChat Pay CA' : 'Tenpay.com Root CA' },
    { name: 'countryName', value: 'CN' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return { pem: forge.pki.certificateToPem(cert), serial: cert.serialNumber.toUpperCase() };
}

function rsaPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function generate(dir: string, mchid: string, sandbox: boolean): void {
  const merchant = rsaPair();
  const platform = rsaPair();
  const cert = selfSignedMerchantCert(merchant.privatePem, merchant.publicPem, mchid, sandbox);
  const apiV3Key = Array.from({ length: 32 }, () => ALNUM[randomInt(ALNUM.length)]).join('');
  const manifest: Manifest = {
    mchid,
    merchantCertSerial: cert.serial,
    apiV3Key,
    platformKeyId: sandbox
      ? `PUB_KEY_ID_01${mchid}SANDBOX${randomBytes(4).toString('hex').toUpperCase()}`
      : `PUB_KEY_ID_01${mchid}${BigInt('0x' + randomBytes(6).toString('hex'))
          .toString()
          .padStart(15, '0')
          .slice(0, 15)}`,
  };
  // Written into a fresh directory, then renamed: two processes starting at once never see half a set.
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = fs.mkdtempSync(`${dir}.tmp-`);
  fs.writeFileSync(path.join(tmp, FILES.merchantKey), merchant.privatePem, { mode: 0o600 });
  fs.writeFileSync(path.join(tmp, FILES.merchantCert), cert.pem);
  fs.writeFileSync(path.join(tmp, FILES.platformPrivate), platform.privatePem, { mode: 0o600 });
  fs.writeFileSync(path.join(tmp, FILES.platformPublic), platform.publicPem);
  fs.writeFileSync(path.join(tmp, FILES.manifest), JSON.stringify(manifest, null, 2));
  try {
    fs.renameSync(tmp, dir);
  } catch {
    // Another process won the race (or dir exists and is empty): keep whichever set is complete.
    if (!fs.existsSync(path.join(dir, FILES.manifest))) {
      for (const f of Object.values(FILES)) fs.copyFileSync(path.join(tmp, f), path.join(dir, f));
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Reads the keys in `dir`, generating a fresh set first when there is none. */
export function ensureSandboxPayKeys(dir: string, opts: { mchid?: string; /** false: keys without the SANDBOX markers (config tests of production). */ sandbox?: boolean } = {}): SandboxPayKeys {
  const abs = path.resolve(dir);
  if (!fs.existsSync(path.join(abs, FILES.manifest))) {
    if (fs.existsSync(abs) && fs.readdirSync(abs).length === 0) fs.rmdirSync(abs);
    generate(abs, opts.mchid ?? SANDBOX_MCHID, opts.sandbox ?? true);
  }
  const read = (f: string) => fs.readFileSync(path.join(abs, f), 'utf8');
  const m = JSON.parse(read(FILES.manifest)) as Manifest;
  return {
    dir: abs,
    mchid: m.mchid,
    merchantKeyPem: read(FILES.merchantKey),
    merchantCertPem: read(FILES.merchantCert),
    merchantCertSerial: m.merchantCertSerial,
    apiV3Key: m.apiV3Key,
    platformPrivateKeyPem: read(FILES.platformPrivate),
    platformPublicKeyPem: read(FILES.platformPublic),
    platformKeyId: m.platformKeyId,
    env: {
      WECHATPAY_MCHID: m.mchid,
      WECHATPAY_MCH_PRIVATE_KEY_FILE: path.join(abs, FILES.merchantKey),
      WECHATPAY_MCH_CERT_FILE: path.join(abs, FILES.merchantCert),
      WECHATPAY_MCH_CERT_SERIAL: m.merchantCertSerial,
      WECHATPAY_APIV3_KEY: m.apiV3Key,
      WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: path.join(abs, FILES.platformPublic),
      WECHATPAY_PLATFORM_KEY_ID: m.platformKeyId,
    },
  };
}

/** A fresh set in a new temporary directory (tests, and a sandbox started without keysDir). */
export function freshSandboxPayKeys(opts: { mchid?: string; sandbox?: boolean } = {}): SandboxPayKeys {
  return ensureSandboxPayKeys(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hp-paykeys-')), 'keys'), opts);
}
