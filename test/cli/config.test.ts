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

describe('the retention settings of the configuration', () => {
  it('keeps click details 90 days, clicks 25 months, ended sessions 30 days and audit rows two years unless told otherwise', () => {
    expect(loadConfig({}, '/srv').retention).toEqual({ clickDetailsDays: 90, clickMonths: 25, adminSessionDays: 30, auditDays: 730, buyerRefDays: 60 });
    expect(loadConfig({
      RETENTION_CLICK_DETAILS_DAYS: '30', RETENTION_CLICK_MONTHS: '13', RETENTION_ADMIN_SESSION_DAYS: '0', RETENTION_AUDIT_DAYS: '365',
    }, '/srv').retention).toEqual({ clickDetailsDays: 30, clickMonths: 13, adminSessionDays: 0, auditDays: 365, buyerRefDays: 60 });
  });

  it('lists every bad retention period in one error', () => {
    let error: unknown;
    try {
      loadConfig({ RETENTION_CLICK_DETAILS_DAYS: '0', RETENTION_CLICK_MONTHS: 'a year', RETENTION_AUDIT_DAYS: '7' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'RETENTION_CLICK_DETAILS_DAYS must be an integer 1..3650 (got "0")',
      'RETENTION_CLICK_MONTHS must be an integer 1..120 (got "a year")',
      'RETENTION_AUDIT_DAYS must be an integer 30..3650 (got "7")',
    ]);
  });
});
