import { loadConfig } from '../config';
import { freshSandboxPayKeys } from '../../sandbox/wechatpay/keys';
import { PRODUCTION_BASE_ENV, refusal } from '../../test/config-fixtures';

const realPayKeys = freshSandboxPayKeys({ mchid: '1612345678', sandbox: false });
const prodEnv = { ...PRODUCTION_BASE_ENV, ...realPayKeys.env };
/** A bucket as a cloud or a MinIO operator sets it up (random secret, fixed so failures reproduce). */
const S3_ENV = {
  S3_ENDPOINT: 'https://oss.example.cn',
  S3_BUCKET: 'hp-uploads',
  S3_REGION: 'cn-north-1',
  S3_ACCESS_KEY_ID: 'HPUPLOADS01',
  S3_SECRET_ACCESS_KEY: 'q8Zr1cN3vLx0TgW5bK7yHs2PdJ9mFe4AuR6oVi',
};

describe('storage configuration', () => {
  it('keeps uploads on local disk without S3_BUCKET', () => {
    expect(loadConfig({}).storage).toEqual({ kind: 'local' });
  });

  it('uses the bucket when S3_BUCKET is set, path-style on request', () => {
    expect(loadConfig({ ...S3_ENV, S3_FORCE_PATH_STYLE: 'true' }).storage).toEqual({
      kind: 's3',
      endpoint: 'https://oss.example.cn',
      bucket: 'hp-uploads',
      region: 'cn-north-1',
      accessKeyId: 'HPUPLOADS01',
      secretAccessKey: S3_ENV.S3_SECRET_ACCESS_KEY,
      forcePathStyle: true,
    });
    expect(loadConfig({ S3_BUCKET: 'hp-uploads' }).storage).toMatchObject({ kind: 's3', region: 'us-east-1', forcePathStyle: false });
  });

  it('refuses a half-configured set in any mode, naming the settings', () => {
    expect(refusal({ S3_ENDPOINT: 'http://127.0.0.1:9000', S3_SECRET_ACCESS_KEY: 'x' })).toMatch(/S3_ENDPOINT, S3_SECRET_ACCESS_KEY set without S3_BUCKET/);
    expect(refusal({ S3_BUCKET: 'hp-uploads', S3_ACCESS_KEY_ID: 'id-only' })).toContain('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together');
    expect(refusal({ S3_BUCKET: 'Bad_Bucket' })).toContain('S3_BUCKET');
    expect(refusal({ S3_BUCKET: 'hp-uploads', S3_FORCE_PATH_STYLE: 'yes' })).toContain('S3_FORCE_PATH_STYLE');
  });

  it('starts in production with a real bucket, also one on this machine over http', () => {
    expect(loadConfig({ ...prodEnv, ...S3_ENV }).storage.kind).toBe('s3');
    expect(loadConfig({ ...prodEnv, ...S3_ENV, S3_ENDPOINT: 'http://127.0.0.1:9000' }).storage.kind).toBe('s3');
  });

  it.each([
    ['minioadmin', 'default'],
    ['S3RVER', 'default'],
    ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'documentation'],
    ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'distinct characters'],
    ['abcdefghijklmnopqrstuvwxyz0123456789', 'sequence'],
  ])('refuses production with the S3 secret %j', (secret, reason) => {
    const message = refusal({ ...prodEnv, ...S3_ENV, S3_SECRET_ACCESS_KEY: secret });
    expect(message).toContain('S3_SECRET_ACCESS_KEY');
    expect(message).toContain(reason);
  });

  it('refuses production sending uploads over plain http to another machine', () => {
    expect(refusal({ ...prodEnv, ...S3_ENV, S3_ENDPOINT: 'http://minio.internal:9000' })).toContain('S3_ENDPOINT must be https');
  });
});
