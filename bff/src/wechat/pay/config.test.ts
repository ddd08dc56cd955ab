import fs from 'node:fs';
import { loadConfig } from '../../config';
import { freshSandboxPayKeys } from '../../../sandbox/wechatpay/keys';
import { PRODUCTION_BASE_ENV, refusal } from '../../../test/config-fixtures';

const sandboxKeys = freshSandboxPayKeys();
const realKeys = freshSandboxPayKeys({ mchid: '1612345678', sandbox: false });
const otherKeys = freshSandboxPayKeys({ mchid: '1612345678', sandbox: false });

const prod = PRODUCTION_BASE_ENV;

describe('WeChat Pay configuration', () => {
  it('loads the keys: merchant key and certificate serial, APIv3 key, platform key by its PUB_KEY_ID', () => {
    const c = loadConfig({ ...prod, ...realKeys.env });
    expect(c.payments.keys).toMatchObject({ mchid: '1612345678', merchantCertSerial: realKeys.merchantCertSerial, platformKeyId: realKeys.platformKeyId });
    expect([...c.payments.keys!.platformKeys.keys()]).toEqual([realKeys.platformKeyId]);
    expect(c.payments.orderTtlMinutes).toBe(15);
  });

  it('outside production, no WeChat Pay settings at all is allowed (payments answer PAYMENT_NOT_CONFIGURED)', () => {
    expect(loadConfig({}).payments.keys).toBeNull();
  });

  it('production refuses to start without WeChat Pay, naming the settings', () => {
    const msg = refusal(prod);
    expect(msg).toContain('Refusing to start in production');
    expect(msg).toContain('WECHATPAY_MCH_PRIVATE_KEY_FILE');
    expect(msg).toContain('WECHATPAY_PLATFORM_KEY_ID');
  });

  it('production refuses the sandbox keys, naming each setting', () => {
    const msg = refusal({ ...prod, ...sandboxKeys.env });
    expect(msg).toContain('WECHATPAY_MCH_CERT_FILE is a sandbox certificate');
    expect(msg).toContain('WECHATPAY_PLATFORM_KEY_ID is a sandbox key id');
    expect(msg).toContain('WECHATPAY_MCHID is the sandbox merchant id');
  });

  it.each(Object.keys(realKeys.env))('a half-configured set is refused in any mode: %s missing', (key) => {
    const env: Record<string, string | undefined> = { ...realKeys.env, [key]: undefined };
    expect(refusal(env)).toContain(`${key} is missing`);
    expect(refusal({ ...prod, ...env })).toContain(`${key} is missing`);
  });

  it('names unreadable files, a certificate serial that does not match, and a key that is not the certificate’s', () => {
    expect(refusal({ ...realKeys.env, WECHATPAY_MCH_PRIVATE_KEY_FILE: '/nonexistent/apiclient_key.pem' })).toContain('WECHATPAY_MCH_PRIVATE_KEY_FILE: cannot read /nonexistent/apiclient_key.pem');
    expect(refusal({ ...realKeys.env, WECHATPAY_MCH_CERT_SERIAL: 'ABCDEF0123456789' })).toContain('WECHATPAY_MCH_CERT_SERIAL (ABCDEF0123456789) is not the serial of WECHATPAY_MCH_CERT_FILE');
    expect(refusal({ ...realKeys.env, WECHATPAY_MCH_PRIVATE_KEY_FILE: otherKeys.env.WECHATPAY_MCH_PRIVATE_KEY_FILE })).toContain(
      'WECHATPAY_MCH_PRIVATE_KEY_FILE does not match WECHATPAY_MCH_CERT_FILE',
    );
    expect(
      refusal({ ...realKeys.env, WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: realKeys.env.WECHATPAY_MCH_PRIVATE_KEY_FILE.replace('apiclient_key', 'sandbox-wechatpay').replace('.pem', '.json') }),
    ).toContain('WECHATPAY_PLATFORM_PUBLIC_KEY_FILE does not hold a PEM public key or certificate');
    expect(refusal({ ...realKeys.env, WECHATPAY_APIV3_KEY: 'short' })).toContain('WECHATPAY_APIV3_KEY must be exactly 32 bytes');
  });

  it('accepts a platform certificate (the older mode) as well as a bare public key', () => {
    // The merchant certificate stands in for a platform certificate here: any X.509 PEM will do.
    const c = loadConfig({ ...realKeys.env, WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: realKeys.env.WECHATPAY_MCH_CERT_FILE, WECHATPAY_PLATFORM_KEY_ID: 'SERIAL123' });
    expect(c.payments.keys!.platformKeys.get('SERIAL123')).toContain('BEGIN PUBLIC KEY');
    expect(fs.existsSync(realKeys.env.WECHATPAY_MCH_CERT_FILE)).toBe(true);
  });
});
