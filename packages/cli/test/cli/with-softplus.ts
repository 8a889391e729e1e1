/**
 * Runs the command line with a throwaway activation registered first (softplus, one registry entry),
 * the way a plug-in would: `node --import tsx with-softplus.ts <command> ...`.
 */
import { registerActivation } from "tracegrad/internal/engine/activations";
import { SOFTPLUS } from "../../../tracegrad/test/engine/softplus-entry.js";

registerActivation(SOFTPLUS);
process.argv = [process.argv[0], "tracegrad", ...process.argv.slice(2)];
await import("../../dist/cli/main.js");
