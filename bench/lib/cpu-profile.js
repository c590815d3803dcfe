'use strict';
// Preloaded (node -r) into the service and the baseline by `npm run bench -- --profile`.
// Samples the CPU between the runner's start and write messages (over the IPC channel), so the
// profile holds the measured runs and not the boot. --cpu-prof would not do: Nest re-raises
// SIGTERM after its shutdown hooks and the process dies without writing the profile.
const inspector = require('node:inspector');
const fs = require('node:fs');

const session = new inspector.Session();
session.connect();

process.on('message', (message) => {
  if (message && message.type === 'bench:start-profile') {
    session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 250 }, () => session.post('Profiler.start')));
    return;
  }
  if (!message || message.type !== 'bench:write-profile') return;
  session.post('Profiler.stop', (error, result) => {
    if (!error) fs.writeFileSync(message.file, JSON.stringify(result.profile));
    process.send({ type: 'bench:profile-written', error: error ? String(error) : undefined });
  });
});
