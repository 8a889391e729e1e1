/**
 * Node-only helpers: reading specs and data from files.
 *
 * @module
 */
export { loadStepSpec, readTextFile } from "./spec/load.js";
