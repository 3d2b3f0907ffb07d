export { waitFor, delay } from './wait-for';
export { openTestSchema, testDatabaseUrl, uniqueSchemaName, createTestDatabase } from './test-database';
export { KafkaProbe, ProbedMessage, testKafkaBrokers, uniqueTopicPrefix } from './kafka-probe';
export { callJson, freePort, JsonAnswer } from './http';
export { TcpProxy } from './tcp-proxy';
export { pickSite, sitePickerForm } from './site-picker';
