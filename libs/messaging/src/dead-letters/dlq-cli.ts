import { ConfigurationError, kafkaConfigSchema, loadConfig } from '@actionhub/service-kit';
import { createKafka } from '../kafka/kafka-client';
import { kafkaSecurity, kafkaSecurityFailure } from '../kafka/kafka-security';
import { DEAD_LETTER_SERVICES, DeadLetterEntry, DeadLetterError, DeadLetterStore } from './dead-letter-store';

export const DLQ_USAGE = `Dead letters of Actionhub's topics: list, inspect, replay or discard them.

usage: npm run dlq -- <command> [options]

  list [<service>] [--pending] [--json]   entries of <service>'s dead-letter topic (all services without one)
  show <service> <entry> [--json]         one entry: why it was parked, where from, its headers and value
  replay <service> <entry>... | --all     publish to the origin topic, with the original key and headers
  discard <service> <entry>... | --all    mark as not to be replayed

  <service>  ${DEAD_LETTER_SERVICES.join(', ')}: the producer of the topic, so
             <KAFKA_TOPIC_PREFIX>actionhub.<service>.events.dlq
  <entry>    <partition>:<offset> in that topic, as list shows it
  --all      every pending entry (with --group <consumer group> and --type <event type> to narrow it)

Replaying or discarding an entry is recorded in <KAFKA_TOPIC_PREFIX>actionhub.dlq-ledger: an entry is
handled once, and replaying it again does nothing. Consumers drop a replay they already processed
(their inbox knows the eventId), so a replay reaches only the group that failed, in effect.

Environment: KAFKA_BROKERS (127.0.0.1:9092), KAFKA_TOPIC_PREFIX, and the services' TLS and SASL
settings (KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SSL_CERT_FILE, KAFKA_SSL_KEY_FILE, KAFKA_SASL_MECHANISM,
KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD).
`;

export interface CliIo {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
}

class UsageError extends Error {}

interface Parsed {
  command: string;
  args: string[];
  flags: Set<string>;
  options: Map<string, string>;
}

function parse(argv: string[]): Parsed {
  const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : '';
  const rest = command ? argv.slice(1) : argv;
  const args: string[] = [];
  const flags = new Set<string>();
  const options = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--group' || arg === '--type') {
      const value = rest[++i];
      if (!value) throw new UsageError(`${arg} needs a value`);
      options.set(arg.slice(2), value);
    } else if (['--all', '--pending', '--json', '--help', '-h'].includes(arg)) {
      flags.add(arg);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      args.push(arg);
    }
  }
  return { command, args, flags, options };
}

const ENTRY_ID = /^\d+:\d+$/;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function summary(topic: string, entries: DeadLetterEntry[]): string {
  const count = (state: string) => entries.filter((e) => e.state === state).length;
  const states = ['pending', 'replayed', 'discarded']
    .map((s) => [s, count(s)] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return `${topic}: ${entries.length === 0 ? 'no entries' : `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} (${states.join(', ')})`}`;
}

const entryJson = (e: DeadLetterEntry) => ({
  ...e,
  value: e.value?.toString('utf8') ?? null,
});

function describe(e: DeadLetterEntry): string {
  const value = e.value?.toString('utf8') ?? '';
  let pretty = value;
  try {
    pretty = JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    // Not JSON (a malformed message): shown as it is.
  }
  const lines = [
    ['entry', `${e.id} of ${e.dlqTopic}`],
    ['state', e.ledger ? `${e.state} at ${e.ledger.at} by ${e.ledger.by}` : e.state],
    ['reason', e.reason ?? '?'],
    ['error', e.error ?? ''],
    ['group', e.group ?? ''],
    [
      'origin',
      e.origin ? `${e.origin.topic} partition ${e.origin.partition} offset ${e.origin.offset}` : '(unknown)',
    ],
    ['parked at', e.parkedAt ?? ''],
    ['event', e.eventType ? `${e.eventType} ${e.eventId}` : '(not an event envelope)'],
    ['key', e.key ?? '(none)'],
    [
      'headers',
      Object.entries(e.originalHeaders)
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
    ],
  ];
  const width = Math.max(...lines.map(([label]) => label!.length));
  return `${lines.map(([label, text]) => `${label!.padEnd(width)}  ${text}`).join('\n')}\nvalue\n${pretty}\n`;
}

const COMMANDS = ['list', 'show', 'replay', 'discard'];

async function run(store: DeadLetterStore, p: Parsed, io: CliIo): Promise<number> {
  const json = p.flags.has('--json');
  if (!COMMANDS.includes(p.command)) {
    throw new UsageError(`unknown command "${p.command}" (one of: ${COMMANDS.join(', ')})`);
  }
  if (p.command === 'list') {
    if (p.args.length > 1) throw new UsageError('list takes at most one service');
    const services = p.args.length === 1 ? p.args : DEAD_LETTER_SERVICES;
    const all: Record<string, DeadLetterEntry[]> = {};
    for (const service of services) {
      const entries = (await store.list(service)).filter(
        (e) => !p.flags.has('--pending') || e.state === 'pending',
      );
      all[service] = entries;
      if (json) continue;
      io.out(`${summary(store.dlqTopicOf(service), entries)}\n`);
      if (entries.length === 0) continue;
      const rows = [['ENTRY', 'STATE', 'PARKED AT', 'REASON', 'GROUP', 'TYPE', 'EVENT ID']];
      for (const e of entries) {
        rows.push([
          e.id,
          e.state,
          e.parkedAt ?? '',
          e.reason ?? '',
          e.group ?? '',
          e.eventType ?? '-',
          e.eventId ?? '-',
        ]);
      }
      io.out(`${table(rows)}\n\n`);
    }
    if (json)
      io.out(
        `${JSON.stringify(Object.fromEntries(Object.entries(all).map(([s, es]) => [s, es.map(entryJson)])), null, 2)}\n`,
      );
    return 0;
  }

  const [service, ...ids] = p.args;
  if (!service) throw new UsageError(`${p.command} needs a service`);
  store.dlqTopicOf(service); // unknown service: fails before any Kafka call
  for (const id of ids) {
    if (!ENTRY_ID.test(id)) throw new UsageError(`"${id}" is not an entry (<partition>:<offset>, e.g. 0:12)`);
  }

  if (p.command === 'show') {
    if (ids.length !== 1) throw new UsageError('show takes one service and one entry');
    const entry = await store.find(service, ids[0]!);
    io.out(json ? `${JSON.stringify(entryJson(entry), null, 2)}\n` : describe(entry));
    return 0;
  }

  if (p.command === 'replay' || p.command === 'discard') {
    if (p.flags.has('--all') === ids.length > 0) {
      throw new UsageError(`${p.command} takes entries, or --all (not both)`);
    }
    let entries: DeadLetterEntry[];
    if (p.flags.has('--all')) {
      const group = p.options.get('group');
      const type = p.options.get('type');
      entries = (await store.list(service)).filter(
        (e) => e.state === 'pending' && (!group || e.group === group) && (!type || e.eventType === type),
      );
      if (entries.length === 0) io.out(`nothing pending in ${store.dlqTopicOf(service)}\n`);
    } else {
      const listed = await store.list(service);
      entries = ids
        .map((id) => listed.find((e) => e.id === id) ?? null)
        .filter((e): e is DeadLetterEntry => !!e);
      const missing = ids.filter((id) => !listed.some((e) => e.id === id));
      if (missing.length > 0) await store.find(service, missing[0]!); // throws the "no entry" error
    }
    for (const entry of entries) {
      const what = `${entry.id} (${entry.eventType ?? 'not an event'}${entry.eventId ? ` ${entry.eventId}` : ''})`;
      if (p.command === 'replay' && (await store.replay(entry))) {
        io.out(`replayed ${what} to ${entry.origin!.topic}\n`);
      } else if (p.command === 'discard' && (await store.discard(entry))) {
        io.out(`discarded ${what}\n`);
      } else {
        io.out(
          `${entry.id} was already ${entry.state} at ${entry.ledger?.at} by ${entry.ledger?.by}: nothing done\n`,
        );
      }
    }
    return 0;
  }

  throw new UsageError(`unknown command "${p.command}"`);
}

/** `npm run dlq -- ...`: returns the exit code (0 done, 1 failed, 2 wrong usage or configuration). */
export async function runDlqCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`dlq: ${(error as Error).message} (npm run dlq -- --help)\n`);
    return 2;
  }
  if (parsed.flags.has('--help') || parsed.flags.has('-h') || parsed.command === 'help') {
    io.out(DLQ_USAGE);
    return 0;
  }
  if (!parsed.command) {
    io.err(DLQ_USAGE);
    return 2;
  }
  let config;
  try {
    config = loadConfig(kafkaConfigSchema, io.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    io.err(`dlq: ${error.message}\n`);
    return 2;
  }
  const security = kafkaSecurity(config);
  const kafka = createKafka({ clientId: 'actionhub-dlq', brokers: config.KAFKA_BROKERS, ...security });
  const store = new DeadLetterStore(kafka, config.KAFKA_TOPIC_PREFIX);
  try {
    return await run(store, parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`dlq: ${error.message} (npm run dlq -- --help)\n`);
      return 2;
    }
    if (error instanceof DeadLetterError) {
      io.err(`dlq: ${error.message}\n`);
      return error.message.startsWith('unknown service') ? 2 : 1;
    }
    const refused = kafkaSecurityFailure(error, security.sasl);
    io.err(
      `dlq: ${refused ?? `Kafka at ${config.KAFKA_BROKERS.join(',')} failed: ${(error as Error).message}`}\n`,
    );
    return 1;
  }
}
