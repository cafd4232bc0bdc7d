// A child process that only waits 1.5 s: no SIGUSR1 listener of its own, as any child is
// before its first line runs.
setTimeout(() => {}, 1500);
