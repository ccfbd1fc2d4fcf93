// Preloaded with `node --import` into the command under test: prints its peak RSS and CPU time on exit (stderr, JSON).

process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`${JSON.stringify({ usage: { maxRssMb: u.maxRSS / 1024, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000 } })}\n`);
});
