// Preloaded with `node --import` into `ltds diff` by the diff bench: prints its peak RSS and CPU
// time on exit (stderr, one JSON line).

process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`${JSON.stringify({ maxRssMb: u.maxRSS / 1024, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000 })}\n`);
});
