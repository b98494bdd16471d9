/**
 * The message bus on RabbitMQ (amqplib). Every queue is durable and every message persistent; a
 * consumer acks a delivery only after its handler resolved (the effect is committed), so a worker
 * that dies mid-message has it redelivered to another. A handler that throws, or a delivery lost
 * with a dead consumer (seen as the broker's redelivered flag), has its message republished with
 * an incremented `x-autolearn-attempts` header; after `maxAttempts` tries the message goes to
 * `<queue>.dead` (a poison message). A lost connection (broker restart, network) is
 * re-opened in a loop with exponential backoff; the topology is re-declared and the consumers
 * re-subscribed. Queue names are prefixed (default `autolearn.`) so several clusters or test runs
 * can share one broker.
 */
import { randomUUID } from 'node:crypto';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { NotFoundError } from '../core/errors.js';
import { importOptional } from '../core/optional-dependency.js';
import { QUEUES } from '../eventsourcing/behavioural.js';
import type { MessageBus, MessageHandler, QueueName } from '../services/bus.js';
import { ConfigError } from '../services/errors.js';

export const ATTEMPTS_HEADER = 'x-autolearn-attempts';
export const ERROR_HEADER = 'x-autolearn-error';
export const DEAD_SUFFIX = '.dead';

/** What a consumer knows about one delivery. */
export interface DeliveryInfo {
  /** 1 for the first try; counts failed tries and deliveries lost with a dead consumer. */
  readonly attempt: number;
  readonly correlationId?: string;
  readonly replyTo?: string;
  readonly messageId?: string;
}

export type BusHandler<M = unknown> = (message: M, info: DeliveryInfo) => Promise<void> | void;

export interface SendOptions {
  readonly correlationId?: string;
  readonly replyTo?: string;
  readonly messageId?: string;
  /** Declare the queue first (default true); false for a queue someone else owns (a reply queue). */
  readonly declare?: boolean;
}

export interface QueueOptions {
  /** Declare `<queue>.dead` next to it (default true). */
  readonly deadLetter?: boolean;
  /** Broker deletes the queue after it has been unused this long (x-expires). */
  readonly expiresMs?: number;
}

export interface ConsumeOptions extends QueueOptions {
  /** Unacknowledged deliveries at a time for this consumer (default 1: competing consumers). */
  readonly prefetch?: number;
  /** Called after a message went to the dead-letter queue (e.g. to answer its requester). */
  readonly onDead?: (message: unknown, info: DeliveryInfo, error: string) => Promise<void> | void;
}

export type BusEvent =
  | { readonly type: 'connected'; readonly reconnect: boolean }
  | { readonly type: 'disconnected'; readonly reason: string }
  | { readonly type: 'connect-failed'; readonly reason: string; readonly retryInMs: number }
  | { readonly type: 'retry'; readonly queue: string; readonly attempt: number; readonly error: string }
  | {
      readonly type: 'dead-letter';
      readonly queue: string;
      readonly attempt: number;
      readonly error: string;
    };

export interface RabbitBusOptions {
  /** amqp://user:pass@host:port/vhost */
  readonly url: string;
  /** Prefix of every queue name (default `autolearn.`). */
  readonly prefix?: string;
  /** Tries before a failing message is dead-lettered (default 5). */
  readonly maxAttempts?: number;
  /** Reconnect backoff: first delay and cap in ms (default 200 / 5000). */
  readonly reconnectMs?: { readonly initial?: number; readonly max?: number };
  /** AMQP heartbeat in seconds (default 10). */
  readonly heartbeatS?: number;
  readonly onEvent?: (e: BusEvent) => void;
}

interface Consumer {
  readonly queue: string;
  readonly handler: BusHandler;
  readonly options: ConsumeOptions;
  channel: ConfirmChannel | null;
  tag: string | null;
  cancelled: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The message bus on RabbitMQ: durable queues, publisher confirms, competing consumers with prefetch,
 * redelivery with a bounded number of attempts then a dead-letter queue, and reconnection.
 */
export class RabbitBus implements MessageBus {
  readonly prefix: string;
  readonly maxAttempts: number;
  private conn: ChannelModel | null = null;
  private pub: ConfirmChannel | null = null;
  private closed = false;
  private connecting: Promise<void> | null = null;
  private everConnected = false;
  private readonly queues = new Map<string, QueueOptions>();
  private readonly consumers = new Set<Consumer>();
  private readonly inFlight = new Set<Promise<void>>();
  private waiters: (() => void)[] = [];

  private constructor(private readonly options: RabbitBusOptions) {
    this.prefix = options.prefix ?? 'autolearn.';
    this.maxAttempts = options.maxAttempts ?? 5;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1)
      throw new ConfigError(`maxAttempts must be an integer >= 1, got ${options.maxAttempts}`);
    if (!/^amqps?:\/\//.test(options.url))
      throw new ConfigError(`bus URL must start with amqp:// or amqps://, got '${options.url}'`);
  }

  /**
   * Connects (retrying with backoff until `connectTimeoutMs`, default: first failure throws) and
   * declares the seed's queues.
   */
  static async connect(options: RabbitBusOptions & { connectTimeoutMs?: number }): Promise<RabbitBus> {
    const bus = new RabbitBus(options);
    const deadline = Date.now() + (options.connectTimeoutMs ?? 0);
    for (let delay = 200; ; delay = Math.min(delay * 2, 2000)) {
      try {
        await bus.open();
        break;
      } catch (e) {
        if (Date.now() + delay > deadline) {
          throw new ConfigError(
            `cannot connect to RabbitMQ at ${redact(options.url)}: ${(e as Error).message}`,
          );
        }
        await sleep(delay);
      }
    }
    for (const q of QUEUES) await bus.declare(q);
    return bus;
  }

  /** Full broker name of a queue. */
  queueName(queue: string): string {
    return `${this.prefix}${queue}`;
  }

  get connected(): boolean {
    return this.pub !== null;
  }

  // ---- MessageBus (the seed's queues) ----

  async publish<M>(queue: QueueName, message: M): Promise<void> {
    checkQueue(queue);
    await this.send(queue, message);
  }

  async subscribe<M>(queue: QueueName, handler: MessageHandler<M>): Promise<() => Promise<void>> {
    checkQueue(queue);
    return this.consume<M>(queue, (m) => handler(m));
  }

  // ---- any queue ----

  /** Declares a durable queue (and its dead-letter queue); re-declared after every reconnect. */
  async declare(queue: string, options: QueueOptions = {}): Promise<void> {
    if (!this.queues.has(queue)) this.queues.set(queue, options);
    const ch = await this.channel();
    await this.assert(ch, queue, this.queues.get(queue) ?? options);
  }

  /**
   * Sends a persistent JSON message and waits for the broker's confirm; when the connection is lost
   * before the confirm, sends again on the next connection (at-least-once: consumers are idempotent).
   */
  async send<M>(queue: string, message: M, options: SendOptions = {}): Promise<void> {
    if (options.declare !== false && !this.queues.has(queue)) await this.declare(queue);
    const body = Buffer.from(JSON.stringify(message));
    const props: Options.Publish = {
      persistent: true,
      contentType: 'application/json',
      messageId: options.messageId ?? randomUUID(),
      correlationId: options.correlationId,
      replyTo: options.replyTo,
      headers: { [ATTEMPTS_HEADER]: 0 },
    };
    for (;;) {
      const ch = await this.channel();
      try {
        await confirmSend(ch, this.queueName(queue), body, props);
        return;
      } catch (e) {
        if (this.closed)
          throw new ConfigError(`message bus is closed (send to '${queue}'): ${(e as Error).message}`);
        await sleep(100);
      }
    }
  }

  /** Competing consumer on a queue; returns the function that cancels it. */
  async consume<M>(
    queue: string,
    handler: BusHandler<M>,
    options: ConsumeOptions = {},
  ): Promise<() => Promise<void>> {
    if (this.closed) throw new ConfigError(`message bus is closed (consume '${queue}')`);
    if (!this.queues.has(queue)) await this.declare(queue, options);
    const c: Consumer = {
      queue,
      handler: handler as BusHandler,
      options,
      channel: null,
      tag: null,
      cancelled: false,
    };
    this.consumers.add(c);
    await this.channel();
    if (this.conn && !c.channel) await this.startConsumer(this.conn, c);
    return async () => {
      c.cancelled = true;
      this.consumers.delete(c);
      const ch = c.channel;
      c.channel = null;
      if (ch) await ch.close().catch(() => {});
    };
  }

  /** Messages waiting in a queue (not counting unacknowledged ones). */
  async depth(queue: string): Promise<number> {
    const ch = await this.channel();
    return (await ch.checkQueue(this.queueName(queue))).messageCount;
  }

  /** Takes one message from a queue (acknowledged), or null when empty: for inspecting dead letters. */
  async take<M>(queue: string): Promise<{ message: M; headers: Record<string, unknown> } | null> {
    const ch = await this.channel();
    const m = await ch.get(this.queueName(queue), { noAck: true });
    if (!m) return null;
    return {
      message: JSON.parse(m.content.toString()) as M,
      headers: (m.properties.headers ?? {}) as Record<string, unknown>,
    };
  }

  /** Deletes one queue (with its dead-letter queue) and forgets it. */
  async remove(queue: string): Promise<void> {
    const o = this.queues.get(queue) ?? {};
    this.queues.delete(queue);
    const ch = await this.channel();
    await ch.deleteQueue(this.queueName(queue));
    if (o.deadLetter !== false) await ch.deleteQueue(this.queueName(queue) + DEAD_SUFFIX);
  }

  /** Deletes every queue this bus declared (and their dead-letter queues): for tests and teardown. */
  async deleteQueues(): Promise<void> {
    const ch = await this.channel();
    for (const [q, o] of this.queues) {
      await ch.deleteQueue(this.queueName(q));
      if (o.deadLetter !== false) await ch.deleteQueue(this.queueName(q) + DEAD_SUFFIX);
    }
  }

  /** Stops consuming, waits for the handlers running (up to `graceMs`), then closes the connection. */
  async close(graceMs = 30_000): Promise<void> {
    if (this.closed) return;
    for (const c of this.consumers) {
      c.cancelled = true;
      if (c.channel && c.tag) await c.channel.cancel(c.tag).catch(() => {});
    }
    if (this.inFlight.size) {
      await Promise.race([Promise.allSettled([...this.inFlight]), sleep(graceMs)]);
    }
    this.closed = true;
    for (const w of this.waiters) w();
    this.waiters = [];
    const conn = this.conn;
    this.conn = null;
    this.pub = null;
    if (conn) await conn.close().catch(() => {});
  }

  // ---- connection management ----

  /** The publishing channel, waiting for a (re)connection when there is none. */
  private async channel(): Promise<ConfirmChannel> {
    for (;;) {
      if (this.closed) throw new ConfigError('message bus is closed');
      if (this.pub) return this.pub;
      if (!this.connecting) this.connecting = this.reconnectLoop();
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  private async reconnectLoop(): Promise<void> {
    const initial = this.options.reconnectMs?.initial ?? 200;
    const max = this.options.reconnectMs?.max ?? 5000;
    let delay = initial;
    try {
      while (!this.closed && !this.pub) {
        try {
          await this.open();
        } catch (e) {
          const retryInMs = Math.round(delay * (0.8 + Math.random() * 0.4));
          this.emit({ type: 'connect-failed', reason: (e as Error).message, retryInMs });
          await sleep(retryInMs);
          delay = Math.min(delay * 2, max);
        }
      }
    } finally {
      this.connecting = null;
      for (const w of this.waiters) w();
      this.waiters = [];
    }
  }

  /** One connection attempt: connection, publishing channel, topology, consumers. */
  private async open(): Promise<void> {
    const amqp = await importOptional('amqplib', 'the RabbitMQ bus', () => import('amqplib'));
    const url = new URL(this.options.url);
    if (!url.searchParams.has('heartbeat'))
      url.searchParams.set('heartbeat', String(this.options.heartbeatS ?? 10));
    const conn = await amqp.connect(url.toString());
    conn.on('error', () => {});
    try {
      const pub = await conn.createConfirmChannel();
      pub.on('error', () => {});
      for (const [q, o] of this.queues) await this.assert(pub, q, o);
      for (const c of this.consumers) if (!c.cancelled) await this.startConsumer(conn, c);
      if (this.closed) {
        await conn.close().catch(() => {});
        return;
      }
      conn.on('close', (err?: Error) => this.lost(conn, err?.message ?? 'connection closed'));
      // A channel closed by the broker (e.g. a protocol error) takes the whole connection down with it.
      pub.on('close', () => {
        if (this.conn === conn && !this.closed) void conn.close().catch(() => {});
      });
      this.conn = conn;
      this.pub = pub;
      this.emit({ type: 'connected', reconnect: this.everConnected });
      this.everConnected = true;
      for (const w of this.waiters) w();
      this.waiters = [];
    } catch (e) {
      await conn.close().catch(() => {});
      throw e;
    }
  }

  private lost(conn: ChannelModel, reason: string) {
    if (this.conn !== conn) return;
    this.conn = null;
    this.pub = null;
    for (const c of this.consumers) {
      c.channel = null;
      c.tag = null;
    }
    if (this.closed) return;
    this.emit({ type: 'disconnected', reason });
    if (!this.connecting) this.connecting = this.reconnectLoop();
  }

  private async assert(ch: Channel, queue: string, o: QueueOptions): Promise<void> {
    const args: Record<string, unknown> = {};
    if (o.expiresMs !== undefined) args['x-expires'] = o.expiresMs;
    await ch.assertQueue(this.queueName(queue), { durable: true, arguments: args });
    if (o.deadLetter !== false) await ch.assertQueue(this.queueName(queue) + DEAD_SUFFIX, { durable: true });
  }

  private async startConsumer(conn: ChannelModel, c: Consumer): Promise<void> {
    const ch = await conn.createConfirmChannel();
    ch.on('error', () => {});
    ch.on('close', () => {
      if (c.channel === ch) c.channel = null;
      if (this.conn === conn && !this.closed && !c.cancelled) void conn.close().catch(() => {});
    });
    await ch.prefetch(c.options.prefetch ?? 1);
    c.channel = ch;
    const r = await ch.consume(
      this.queueName(c.queue),
      (m) => {
        if (!m) return;
        const p = this.deliver(c, ch, m).finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      },
      { noAck: false },
    );
    c.tag = r.consumerTag;
  }

  private async deliver(c: Consumer, ch: ConfirmChannel, m: ConsumeMessage): Promise<void> {
    const headers = (m.properties.headers ?? {}) as Record<string, unknown>;
    // the try counted now: the one about to run, or, for a redelivery, the one that was lost
    const attempt = (Number(headers[ATTEMPTS_HEADER] ?? 0) || 0) + 1;
    const info: DeliveryInfo = {
      attempt,
      correlationId: m.properties.correlationId as string | undefined,
      replyTo: m.properties.replyTo as string | undefined,
      messageId: m.properties.messageId as string | undefined,
    };
    let message: unknown;
    let error: string | null = null;
    try {
      message = JSON.parse(m.content.toString());
    } catch (e) {
      error = `not JSON: ${(e as Error).message}`;
    }
    if (error === null && m.fields.redelivered) {
      // A consumer took it and died (or lost its connection) before acking. Count that try in the
      // header, so a message that kills every consumer still ends in the dead-letter queue.
      error = 'delivered to a consumer that stopped before acknowledging it';
    } else if (error === null) {
      try {
        await c.handler(message, info);
        ch.ack(m);
        return;
      } catch (e) {
        if (c.channel !== ch) return; // connection lost mid-handler: the broker redelivers it
        error = (e as Error)?.message ?? String(e);
      }
    }
    const dead = attempt >= this.maxAttempts || message === undefined;
    try {
      // Retry: a copy with the incremented count at the back of the queue; poison: to `<queue>.dead`.
      if (!dead || c.options.deadLetter !== false) {
        await confirmSend(ch, this.queueName(c.queue) + (dead ? DEAD_SUFFIX : ''), m.content, {
          ...m.properties,
          persistent: true,
          headers: { ...headers, [ATTEMPTS_HEADER]: attempt, [ERROR_HEADER]: error.slice(0, 1000) },
        } as Options.Publish);
      }
      if (dead) {
        this.emit({ type: 'dead-letter', queue: c.queue, attempt, error });
        if (c.options.onDead) await c.options.onDead(message, info, error);
      } else this.emit({ type: 'retry', queue: c.queue, attempt, error });
      ch.ack(m);
    } catch {
      // channel gone before the copy was confirmed: the original is redelivered
    }
  }

  private emit(e: BusEvent) {
    try {
      this.options.onEvent?.(e);
    } catch {
      // an observer's error must not break the bus
    }
  }
}

function confirmSend(ch: ConfirmChannel, queue: string, body: Buffer, props: Options.Publish): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      ch.sendToQueue(queue, body, props, (err: unknown) => (err ? reject(err) : resolve()));
    } catch (e) {
      reject(e);
    }
  });
}

function checkQueue(queue: string): asserts queue is QueueName {
  if (!(QUEUES as readonly string[]).includes(queue)) throw new NotFoundError('queue', queue, QUEUES);
}

/** The URL without its password (for messages). */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid URL>';
  }
}
