import { describe, expect, it } from 'vitest';
import { ConfigError } from '../services/errors.js';
import { moduleUrl, parseScaleArgs } from './config.js';
import { spawnRole } from './local.js';

describe('parseScaleArgs', () => {
  it('reads flags over the environment', () => {
    const env = {
      AUTOLEARN_ROLE: 'api',
      AUTOLEARN_BUS: 'amqp://env:5672',
      AUTOLEARN_STORE: 'postgres://db/test',
      AUTOLEARN_MAX_ATTEMPTS: '7',
    };
    const { role, config } = parseScaleArgs(
      ['--role', 'training', '--bus=amqp://u:p@h:5672', '--events', 'nats://n:4222', '--prefetch', '2'],
      env,
    );
    expect(role).toBe('training');
    expect(config).toMatchObject({
      bus: 'amqp://u:p@h:5672',
      store: 'postgres://db/test',
      events: 'nats://n:4222',
      maxAttempts: 7,
      prefetch: 2,
    });
    expect(parseScaleArgs([], env).role).toBe('api');
  });

  it('rejects a missing or unknown role, a missing bus, bad numbers and unknown flags', () => {
    const bus = ['--bus', 'amqp://h'];
    expect(() => parseScaleArgs(bus, {})).toThrow(ConfigError);
    expect(() => parseScaleArgs(['--role', 'cook', ...bus], {})).toThrow(/role must be one of/);
    expect(() => parseScaleArgs(['--role', 'training'], {})).toThrow(/--bus/);
    expect(() => parseScaleArgs(['--role', 'training', ...bus, '--max-attempts', '0'], {})).toThrow(/>= 1/);
    expect(() => parseScaleArgs(['--role', 'training', ...bus, '--prefetch', '1.5'], {})).toThrow(/integer/);
    expect(() => parseScaleArgs(['--role', 'training', ...bus, '--workers', '2'], {})).toThrow(
      /unknown option/,
    );
    expect(() => parseScaleArgs(['--role', 'training', '--bus'], {})).toThrow(/needs a value/);
  });

  it('turns a setup path into a file URL and keeps URLs', () => {
    expect(moduleUrl('/a/b.js')).toBe('file:///a/b.js');
    expect(moduleUrl('file:///x.js')).toBe('file:///x.js');
    expect(
      parseScaleArgs(['--role', 'training', '--bus', 'amqp://h', '--setup', '/s.ts'], {}).config.setup,
    ).toBe('file:///s.ts');
  });

  it('process-main exits 2 with the reason on a bad configuration', async () => {
    const p = spawnRole(['--role', 'cook', '--bus', 'amqp://127.0.0.1:1']);
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toMatch(/--role must be one of api, session, training, evaluation/);
  });
});
