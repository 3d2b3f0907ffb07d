// Types for what tests import from kafka.mjs.

/** A random cluster id as Kafka makes them: 16 bytes in base64url, never starting with `-`. */
export function newClusterId(random?: (size: number) => Buffer): string;
