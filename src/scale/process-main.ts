/**
 * One scale-out role as its own process:
 *   node --import tsx src/scale/process-main.ts --role training --bus amqp://... [--store ...] [--events ...]
 *   node dist/scale/process-main.js --role training --bus amqp://...
 * Prints one JSON line per event on stdout (`ready`, `job-start`, `job-done`, bus events,
 * `stopped`) and stops cleanly on SIGINT / SIGTERM (the job in hand finishes and is acked).
 * Exit codes: 0 stopped, 2 bad configuration, 1 failure.
 */
import { runRoleMain } from './run-role.js';

process.exitCode = await runRoleMain(process.argv.slice(2));
