import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
// Preloaded into a service (`node --import ./tools/bench/cpu-profile.mjs ...`, CPU_PROFILE_FILE=...)
// by `bench:outage --cpu-prof`: profiles the whole process and writes the profile on SIGTERM.
// Node's own --cpu-prof writes nothing there: Nest's shutdown hook ends the process by raising
// the signal again. This listener is registered before Nest's, and the in-process inspector
// answers synchronously, so the file is complete before Nest starts draining.

const file = process.env.CPU_PROFILE_FILE;
if (file) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  // 1 ms instead of V8's default 0.1 ms: a few minutes of profile stay a few MB.
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.once('SIGTERM', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(file, JSON.stringify(result.profile));
    });
  });
}
