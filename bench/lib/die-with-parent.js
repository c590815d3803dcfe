/* global setTimeout */
'use strict';
// Preloaded (node -r) into the processes the bench runner starts. The runner holds an IPC
// channel to each child; when the runner dies for any reason the channel closes and the child
// shuts down gracefully (SIGTERM), then for good if that takes too long.
if (typeof process.send === 'function') {
  process.on('disconnect', () => {
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.exit(1), 10000).unref();
  });
  // The channel must not keep a finished process alive.
  if (process.channel) process.channel.unref();
}
