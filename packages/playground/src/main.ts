/**
 * The tracegrad playground: Step mode (one step of backpropagation, stage by stage, every number's
 * worked solution), Train mode (a network trained live, in a Web Worker) and Practice mode (an
 * exercise graded as `tracegrad check` grades it), all on the engine the CLI runs.
 *
 * @module
 */
import "./styles.css";
import { App } from "./app.js";

const root = document.getElementById("app");
if (root !== null) {
  const app = new App(root);
  void app.start().then(() => {
    document.documentElement.dataset.ready = "true";
  });
}
