// Preloaded (node -r) into a process the bench times as a whole (W6): at exit, it writes the process's
// peak resident set (the kernel's high-water mark, every thread included) to stderr, marked.
/* global process */
process.on("exit", () => process.stderr.write(`\ntracegrad-bench-peak-rss ${process.resourceUsage().maxRSS * 1024}\n`));
