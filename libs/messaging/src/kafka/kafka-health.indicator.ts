import { Kafka } from 'kafkajs';

/**
 * Readiness check for Kafka: asks the cluster for its brokers over a long-lived admin
 * connection. Shaped like the service kit's HealthIndicator without importing it.
 */
export class KafkaHealthIndicator {
  readonly name = 'kafka';
  private admin: ReturnType<Kafka['admin']> | null = null;

  constructor(private readonly kafka: Kafka) {}

  async check(): Promise<void> {
    this.admin ??= this.kafka.admin();
    try {
      await this.admin.connect();
      const { brokers } = await this.admin.describeCluster();
      if (brokers.length === 0) throw new Error('the cluster reports no brokers');
    } catch (error) {
      const admin = this.admin;
      this.admin = null;
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }

  /** Nest calls this on shutdown: the admin connection would otherwise keep the process alive. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
    this.admin = null;
  }
}
