// The only locale of zod that tracegrad's CLI bundle carries (see bundle-cli.mjs).
export { default as en } from "zod/v4/locales/en.js";
