import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../cli/config.ts';

describe('the WhatsApp settings of the configuration', () => {
  it('paces WhatsApp like a person by default, and takes other bounds and rates from the environment', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({
      whatsappEnabled: false, whatsappMinDelayMs: 1500, whatsappMaxDelayMs: 4000, whatsappTypingMsPerChar: 25, whatsappRatePerMinute: 20,
    });
    expect(loadConfig({
      WHATSAPP_ENABLED: '1', WHATSAPP_MIN_DELAY_MS: '5000', WHATSAPP_MAX_DELAY_MS: '9000', WHATSAPP_TYPING_MS_PER_CHAR: '40', WHATSAPP_RATE_PER_MINUTE: '8',
      PUPPETEER_EXECUTABLE_PATH: '/opt/chromium/chrome',
    }, '/srv')).toMatchObject({
      whatsappEnabled: true, whatsappMinDelayMs: 5000, whatsappMaxDelayMs: 9000, whatsappTypingMsPerChar: 40, whatsappRatePerMinute: 8,
      puppeteerExecutablePath: '/opt/chromium/chrome', dataDir: '/srv/data',
    });
    // A minimum above the default maximum moves the default maximum up with it.
    expect(loadConfig({ WHATSAPP_MIN_DELAY_MS: '6000' }, '/srv')).toMatchObject({ whatsappMinDelayMs: 6000, whatsappMaxDelayMs: 6000 });
  });

  it('lists every bad WhatsApp setting in one error', () => {
    let error: unknown;
    try {
      loadConfig({ WHATSAPP_ENABLED: 'yes', WHATSAPP_MIN_DELAY_MS: '3000', WHATSAPP_MAX_DELAY_MS: '1000', WHATSAPP_RATE_PER_MINUTE: '0', WHATSAPP_TYPING_MS_PER_CHAR: '-5' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'WHATSAPP_ENABLED must be 1 or 0',
      'WHATSAPP_MAX_DELAY_MS must not be below WHATSAPP_MIN_DELAY_MS',
      'WHATSAPP_TYPING_MS_PER_CHAR must be an integer 0..1000 (got "-5")',
      'WHATSAPP_RATE_PER_MINUTE must be an integer 1..600 (got "0")',
    ]);
  });
});
