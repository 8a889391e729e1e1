/**
 * The type of the charts the plot builders return, and what every top-level chart carries.
 *
 * @module
 */
import type { Config, TopLevelSpec } from "vega-lite";
import { plotConfig } from "./theme.js";

/**
 * A chart as a Vega-Lite specification: plain JSON, with its data inline. Render it with
 * `renderSvg` (anywhere) or `writePlot` (Node), or hand it to vega-embed in a browser.
 */
export type PlotSpec = TopLevelSpec;

/** The Vega-Lite schema the specs are written against. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** The schema, the shared configuration and the title (none when absent or empty), to spread into a top-level spec. */
export function topLevel(title?: string): { $schema: string; config: Config; title?: { text: string } } {
  return title === undefined || title === ""
    ? { $schema: VEGA_LITE_SCHEMA, config: plotConfig() }
    : { $schema: VEGA_LITE_SCHEMA, config: plotConfig(), title: { text: title } };
}
