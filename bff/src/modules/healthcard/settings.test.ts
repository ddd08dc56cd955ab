import { ConfigError } from '../../config';
import { healthCardSettings } from './settings';

describe('healthCardSettings', () => {
  it('defaults to the sandbox app on the mini-program channel', () => {
    expect(healthCardSettings({}, false)).toEqual({
      apiBase: 'http://127.0.0.1:8081/healthcard',
      appId: 'hc_sandbox_app_0001',
      appSecret: 'sandbox-healthcard-secret',
      hospitalId: '33010099',
      channelNum: 1,
    });
  });

  it('refuses the sandbox endpoint and credentials in production, naming each', () => {
    expect(() => healthCardSettings({}, true)).toThrow(ConfigError);
    let message = '';
    try {
      healthCardSettings({ HEALTHCARD_APP_ID: 'real-app' }, true);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('HEALTHCARD_API_BASE');
    expect(message).toContain('HEALTHCARD_APP_SECRET');
    expect(message).not.toContain('HEALTHCARD_APP_ID');
    const ok = { HEALTHCARD_API_BASE: 'https://p-healthopen.tengmed.com', HEALTHCARD_APP_ID: 'real-app', HEALTHCARD_APP_SECRET: 'real-secret', HEALTHCARD_HOSPITAL_ID: '33010001' };
    expect(healthCardSettings(ok, true).apiBase).toBe('https://p-healthopen.tengmed.com');
  });

  it('refuses an unknown channel number', () => {
    expect(() => healthCardSettings({ HEALTHCARD_CHANNEL_NUM: '7' }, false)).toThrow('HEALTHCARD_CHANNEL_NUM');
  });
});
