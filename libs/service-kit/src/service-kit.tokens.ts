/** The validated config object (the output of the app's config schema). */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
/** The service's root pino logger; prefer the request-scoped `req.log` inside requests. */
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
/** The service's prom-client Registry; register further metrics on it. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
/** ServiceKitModule.forRoot's options. */
export const SERVICE_KIT_OPTIONS = Symbol('SERVICE_KIT_OPTIONS');
