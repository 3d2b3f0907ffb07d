import { METRICS_REGISTRY } from '@actionhub/service-kit';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { Counter, Gauge, Registry } from 'prom-client';
import { KAFKA } from './messaging.options';
import { MessagingLifecycle } from './messaging.lifecycle';

// Broker offsets are read at most this often, however often Prometheus scrapes.
const OFFSETS_TTL_MS = 10_000;

interface Offsets {
  lag: { topic: string; partition: number; lag: number }[];
  deadLetters: { topic: string; messages: number }[];
}

/**
 * What the runbook's alerts watch: outbox lag (events committed but not yet on Kafka) and parked
 * outbox events, consumer lag per partition, partitions waiting on a failing message, messages
 * parked in dead-letter topics, and what consumed messages came to.
 */
@Injectable()
export class MessagingMetrics implements OnApplicationShutdown {
  private admin: Admin | null = null;
  private cached: { at: number; offsets: Promise<Offsets> } | null = null;

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly lifecycle: MessagingLifecycle,
  ) {
    const consumed = new Counter({
      name: 'events_consumed_total',
      help: 'Consumed messages by event type and outcome (processed, duplicate, ignored, dead-lettered)',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    });
    lifecycle.onOutcome((outcome, type) => consumed.inc({ type: type ?? 'unknown', outcome }));
    const failures = new Counter({
      name: 'events_consume_failures_total',
      help: 'Failed attempts at consuming an event, retried (never dead-lettered), by what failed: postgres, kafka or handler',
      labelNames: ['type', 'cause'],
      registers: [registry],
    });
    lifecycle.onFailure((cause, type) => failures.inc({ type: type ?? 'unknown', cause }));
    new Gauge({
      name: 'kafka_consumer_waiting_seconds',
      help: 'How long each paused partition has been retrying the same message, and on what (absent when none)',
      labelNames: ['topic', 'partition', 'cause'],
      registers: [registry],
      collect: function (this: Gauge<'topic' | 'partition' | 'cause'>) {
        this.reset();
        for (const w of lifecycle.consumerWaits()) {
          const labels = { topic: w.topic, partition: String(w.partition), cause: w.cause };
          this.set(labels, (Date.now() - w.since.getTime()) / 1000);
        }
      },
    });
    new Gauge({
      name: 'outbox_pending_events',
      help: 'Events committed to the outbox and not yet published (parked ones apart)',
      registers: [registry],
      collect: async function (this: Gauge) {
        this.set((await lifecycle.outboxLag()).pending);
      },
    });
    new Gauge({
      name: 'outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest unpublished outbox event (0 when none)',
      registers: [registry],
      collect: async function (this: Gauge) {
        this.set((await lifecycle.outboxLag()).oldestAgeSeconds);
      },
    });
    new Gauge({
      name: 'outbox_parked_events',
      help: 'Outbox events the broker refused for good, parked until an operator releases them',
      registers: [registry],
      collect: async function (this: Gauge) {
        this.set((await lifecycle.outboxLag()).parked);
      },
    });
    const offsets = () => this.offsets();
    new Gauge({
      name: 'kafka_consumer_lag',
      help: "Messages not yet consumed by this service's group, per topic and partition",
      labelNames: ['topic', 'partition'],
      registers: [registry],
      collect: async function (this: Gauge<'topic' | 'partition'>) {
        this.reset();
        for (const { topic, partition, lag } of (await offsets()).lag)
          this.set({ topic, partition: String(partition) }, lag);
      },
    });
    new Gauge({
      name: 'kafka_dead_letter_messages',
      help: 'Messages in the dead-letter topics of the topics this service consumes',
      labelNames: ['topic'],
      registers: [registry],
      collect: async function (this: Gauge<'topic'>) {
        this.reset();
        for (const { topic, messages } of (await offsets()).deadLetters) this.set({ topic }, messages);
      },
    });
  }

  private offsets(): Promise<Offsets> {
    if (this.cached && Date.now() - this.cached.at < OFFSETS_TTL_MS) return this.cached.offsets;
    const offsets = this.readOffsets().catch(() => ({ lag: [], deadLetters: [] }));
    this.cached = { at: Date.now(), offsets };
    return offsets;
  }

  private async readOffsets(): Promise<Offsets> {
    const { groupId, topics, dlqTopics } = this.lifecycle.consumption();
    if (topics.length === 0) return { lag: [], deadLetters: [] };
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    const admin = this.admin;
    const committed = await admin.fetchOffsets({ groupId, topics });
    const lag: Offsets['lag'] = [];
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const end of ends) {
        const at = Number(partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
        const from = at >= 0 ? at : Number(end.low);
        lag.push({ topic, partition: end.partition, lag: Math.max(0, Number(end.high) - from) });
      }
    }
    const deadLetters: Offsets['deadLetters'] = [];
    for (const topic of dlqTopics) {
      const ends = await admin.fetchTopicOffsets(topic);
      deadLetters.push({ topic, messages: ends.reduce((n, e) => n + Number(e.high) - Number(e.low), 0) });
    }
    return { lag, deadLetters };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = null;
  }
}
