import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../core/errors.js';
import { InProcessBus } from './bus.js';
import { ConfigError } from './errors.js';

describe('InProcessBus', () => {
  it('delivers to every subscriber of the queue only, as a copy, and publish waits for them', async () => {
    const bus = new InProcessBus();
    const got: [string, unknown][] = [];
    await bus.subscribe('sessionRecord', async (m) => {
      await new Promise((r) => setTimeout(r, 5));
      got.push(['a', m]);
    });
    await bus.subscribe('sessionRecord', (m) => {
      got.push(['b', m]);
    });
    await bus.subscribe('storageRecord', (m) => {
      got.push(['storage', m]);
    });
    const msg = { id: '1', nested: { x: [1] } };
    await bus.publish('sessionRecord', msg);
    expect(got).toEqual([
      ['a', msg],
      ['b', msg],
    ]);
    expect(got[0]![1]).not.toBe(msg);
  });

  it('unsubscribes, rejects unknown queues, surfaces handler errors, refuses after close', async () => {
    const bus = new InProcessBus();
    let n = 0;
    const off = await bus.subscribe('sessionUpdate', () => {
      n++;
    });
    await bus.publish('sessionUpdate', 1);
    await off();
    await bus.publish('sessionUpdate', 2);
    expect(n).toBe(1);
    await expect(bus.publish('nope' as never, 1)).rejects.toBeInstanceOf(NotFoundError);
    await expect(bus.subscribe('nope' as never, () => {})).rejects.toBeInstanceOf(NotFoundError);
    await bus.subscribe('storageRecord', () => {
      throw new Error('handler failed');
    });
    await expect(bus.publish('storageRecord', {})).rejects.toThrow('handler failed');
    await bus.close();
    await expect(bus.publish('storageRecord', {})).rejects.toBeInstanceOf(ConfigError);
  });
});
