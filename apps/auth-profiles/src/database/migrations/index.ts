import { InitialSchema1795878092221 } from './1795878092221-initial-schema';

/** Every migration of this service, in order. Add new ones at the end; never edit a released one. */
export const migrations = [InitialSchema1795878092221];
