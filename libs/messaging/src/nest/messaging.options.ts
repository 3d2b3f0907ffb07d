import { Type } from '@nestjs/common';
import { EventHandler } from '../consumer/event-handler';
import { KafkaSecurity } from '../kafka/kafka-security';
import { MessagingLogger } from '../messaging-logger';

export interface MessagingSettings extends KafkaSecurity {
  clientId: string;
  brokers: string[];
  /** Consumer group of this service; one inbox per group. */
  groupId: string;
  topicPrefix?: string;
  /** Partitions for topics this service creates (production topics come from KafkaTopic resources). */
  numPartitions?: number;
  logger?: MessagingLogger;
  /**
   * Called with one line when Kafka refuses the credentials or its certificate is not trusted
   * (no retry helps); without it, messaging keeps retrying as for a broker that is down.
   */
  onSecurityFailure?: (line: string) => void;
}

export interface MessagingModuleOptions {
  /** Contract topics this service publishes to (created with their DLQs when missing). */
  publishes: string[];
  /** Handler classes, provided by the importing module; topics to consume follow from their event types. */
  handlers?: Type<EventHandler>[];
  useFactory: (...deps: never[]) => MessagingSettings | Promise<MessagingSettings>;
  inject?: unknown[];
}

export const MESSAGING_SETTINGS = Symbol('MESSAGING_SETTINGS');
export const MESSAGING_HANDLERS = Symbol('MESSAGING_HANDLERS');
export const MESSAGING_PUBLISHES = Symbol('MESSAGING_PUBLISHES');
export const KAFKA = Symbol('KAFKA');
