// Preloaded (--require) into a service the install benchmark profiles with --cpu-prof. Nest's
// shutdown hooks close the app on SIGTERM and then raise SIGTERM again to end the process; a
// process that dies of a signal writes no CPU profile. This one exits normally instead.
let signals = 0;
process.on('SIGTERM', () => {
  signals += 1;
  if (signals > 1) process.exit(0);
});
