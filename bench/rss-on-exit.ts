// Preloaded with `node --import` into a command under test: prints its peak RSS on exit (stderr, JSON).

process.on('exit', () => {
  process.stderr.write(`${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
});
