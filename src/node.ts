/**
 * Node-only helpers: reading specs and data from files.
 *
 * @module
 */
export { loadStepSpec } from "./spec/load.js";
export { readTextFile } from "./files/read-text-file.js";
export { writeFileAtomic } from "./files/write-file-atomic.js";
