import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatLoggedRecord, readBehaviouralLog, ServiceLog } from './behavioural.js';
import { DomainEntity } from './domain-entity.js';
import { openSqliteEventStore } from './sqlite-store.js';
import type { DomainEvent } from './types.js';

const tmp = mkdtempSync(join(tmpdir(), 'autolearn-entity-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type SessionEvent =
  | { type: 'created'; id: string }
  | { type: 'evaluated'; id: string; score: number }
  | { type: 'saved'; id: string };
interface SessionState {
  open: Record<string, { score: number | null }>;
  saved: string[];
}

/** The Session service's records as an entity: which sessions are open, their scores, which were saved. */
class Sessions extends DomainEntity<SessionState, SessionEvent> {
  protected initialState(): SessionState {
    return { open: {}, saved: [] };
  }
  protected apply(s: SessionState, e: DomainEvent<SessionEvent>): SessionState {
    const p = e.payload;
    if (p.type === 'created') return { ...s, open: { ...s.open, [p.id]: { score: null } } };
    if (p.type === 'evaluated') return { ...s, open: { ...s.open, [p.id]: { score: p.score } } };
    const { [p.id]: _gone, ...open } = s.open;
    return { open, saved: [...s.saved, p.id] };
  }
}

describe('DomainEntity', () => {
  it('emit applies in store order even when emits overlap; rewind rebuilds the live state and past states', async () => {
    const store = await openSqliteEventStore({ file: join(tmp, 'entity.db') });
    let t = 0;
    const live = new Sessions('sessions', store, () => ++t);
    await Promise.all(Array.from({ length: 20 }, (_, i) => live.emit({ type: 'created', id: `s${i}` })));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => live.emit({ type: 'evaluated', id: `s${i}`, score: i / 20 })),
    );
    const halfway = t;
    for (let i = 0; i < 20; i += 2) await live.emit({ type: 'saved', id: `s${i}` });
    expect(live.events.map((e) => e.seq)).toEqual([...live.events.map((e) => e.seq)].sort((a, b) => a - b));
    expect(Object.keys(live.state.open)).toHaveLength(10);
    expect(live.state.saved).toEqual(Array.from({ length: 10 }, (_, i) => `s${2 * i}`));

    const rebuilt = new Sessions('sessions', store);
    expect(await rebuilt.rewind()).toEqual(live.state);
    const past = await rebuilt.rewind(halfway);
    expect(Object.keys(past.open)).toHaveLength(20);
    expect(past.open.s3).toEqual({ score: 3 / 20 });
    expect(past.saved).toEqual([]);
    expect(await store.readAggregate('sessions')).toHaveLength(50);
    await store.close();
  });

  it('the admin view formats behavioural records of one aggregate or the whole system in time order', async () => {
    const store = await openSqliteEventStore({ file: ':memory:' });
    const times = [5, 1, 3];
    const training = new ServiceLog('training', 'TRAINING', store, () => times.shift() as number);
    const catalog = new ServiceLog('catalog', 'CATALOG', store, () => 2);
    await training.receive('CLIENT', 'training_req');
    await training.send('CATALOG', 'training_catalog_req');
    await catalog.receive('TRAINING', 'training_catalog_req');
    await training.receive('CATALOG', 'training_catalog');
    const all = await readBehaviouralLog(store);
    expect(all.map((r) => r.timestamp)).toEqual([1, 2, 3, 5]);
    expect(all[0]).toEqual({
      aggregate: 'training',
      seq: 2,
      key: 'CATALOG',
      value: {
        source_service: 'TRAINING',
        destination_service: 'CATALOG',
        message_type: 'send',
        com_type: 'async',
        payload: 'training_catalog_req',
      },
      timestamp: 1,
    });
    expect(formatLoggedRecord(all[1]!)).toBe(
      '1970-01-01T00:00:00.002Z [catalog] TRAINING -> CATALOG receive/async training_catalog_req',
    );
    expect((await readBehaviouralLog(store, 'training')).map((r) => r.value.payload)).toEqual([
      'training_req',
      'training_catalog_req',
      'training_catalog',
    ]);
    await store.close();
  });
});
