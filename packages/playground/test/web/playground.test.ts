/**
 * The playground in a real browser: the site is built with Vite, served from 127.0.0.1 by a plain
 * static file server, and driven in Chromium with playwright-core. Skipped, with a notice, where no
 * Chromium is found (set CHROMIUM, or install Debian's chromium at /usr/bin/chromium).
 *
 * Every page is watched for console errors and warnings, failed requests and requests outside its
 * origin. Screenshots of every mode, desktop (1440 × 900) and phone (390 × 844), are written to
 * $PLAYGROUND_SCREENSHOTS (the system's temporary folder by default) as playground-*.png.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { toInterchange } from "tracegrad/internal/step/spec/index";
import { referenceStep } from "../../../tracegrad/test/reference/dense-network.js";
import type { RefSpec } from "../../../tracegrad/test/reference/dense-network.js";
import { encodeState } from "../../src/lib/url-state.js";
import type { AppState } from "../../src/lib/url-state.js";
import { parsePracticeQuery } from "../../src/practice/params.js";
import { practiceModel } from "../../src/practice/practice-state.js";
import { DEFAULT_TRAIN_OPTIONS } from "../../src/train/setup.js";
import { buildSite, CHROMIUM_ARGS, findChromium, REPOSITORY, serve, SITE } from "./harness.js";

const CHROMIUM = findChromium();
const CLI = join(REPOSITORY, "packages/cli/dist/cli/main.js");
const SCREENSHOTS = process.env.PLAYGROUND_SCREENSHOTS ?? tmpdir();
const DESKTOP = { viewport: { width: 1440, height: 900 } };
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

if (CHROMIUM === null) {
  const notice = "no Chromium found (set CHROMIUM, or apt-get install chromium): the playground's browser tests are skipped";
  console.warn(`\n  NOTICE: ${notice}\n`);
  test("the playground in a browser", (t) => {
    t.skip(notice);
  });
} else {
  describe("the playground in Chromium", () => {
    let browser: Browser;
    let server: Server;
    let base = "";
    let origin = "";

    before(async () => {
      await buildSite();
      const site = await serve(SITE);
      server = site.server;
      base = site.url;
      origin = new URL(base).origin;
      const { chromium } = await import("playwright-core");
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    });

    after(async () => {
      await browser?.close();
      server?.close();
    });

    /** A page that records console errors, failed or refused requests, requests to other origins and dialogs. */
    async function open(path = "", options: BrowserContextOptions = {}): Promise<{ page: Page; problems: string[] }> {
      const context = await browser.newContext({ ...DESKTOP, acceptDownloads: true, ...options });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      page.on("dialog", (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      page.on("requestfailed", (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
      page.on("response", (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
      });
      page.on("request", (r) => {
        const url = r.url();
        if (!url.startsWith("data:") && new URL(url).origin !== origin) problems.push(`request outside the page's origin: ${url}`);
      });
      await page.goto(base + path);
      await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
      return { page, problems };
    }

    async function close(page: Page, problems: string[]): Promise<void> {
      await page.context().close();
      assert.deepEqual(problems, [], problems.join("\n"));
    }

    const text = async (page: Page, testid: string) => ((await page.getByTestId(testid).first().textContent()) ?? "").trim();
    const number = async (page: Page, testid: string) => Number((await text(page, testid)).replace(/[%,]/g, ""));

    /** Types into a text field and presses Enter (a change, as a user makes it). */
    async function enter(page: Page, testid: string, value: string): Promise<void> {
      await page.getByTestId(testid).fill(value);
      await page.getByTestId(testid).press("Enter");
    }

    /** Moves a slider to a value, as dragging it and letting go does. */
    async function slide(page: Page, testid: string, value: number): Promise<void> {
      await page.getByTestId(testid).evaluate((input, v) => {
        (input as HTMLInputElement).value = String(v);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }, value);
    }

    /** Waits until the run has reached an epoch (and the page shows it). */
    async function epochAtLeast(page: Page, epoch: number, timeout = 30_000): Promise<void> {
      await page.waitForFunction((e) => Number(document.querySelector("[data-testid=epoch]")!.textContent) >= e, epoch, { timeout });
    }

    /** Waits until the run stops playing (its epochs are done). */
    async function stopped(page: Page, timeout = 60_000): Promise<void> {
      await page.waitForFunction(() => /Play/.test(document.querySelector("[data-testid=train-button]")!.textContent ?? "") && /Done|Stopped|Diverged/.test((document.querySelector("[data-testid=train-status]")!.textContent ?? "") + (document.querySelector("[data-testid=divergence]")!.textContent ?? "")), undefined, { timeout });
    }

    /** Opens train mode and waits for its run to be set up. */
    async function trainMode(page: Page): Promise<void> {
      await page.getByTestId("mode-train").click();
      await page.waitForFunction(() => /network/.test(document.querySelector("[data-testid=run-title]")?.textContent ?? ""));
    }

    /** The URL once the page has written its latest state into it. */
    async function savedUrl(page: Page): Promise<string> {
      await page.waitForFunction(() => document.documentElement.dataset.state === "saved");
      return page.url();
    }

    test("step mode: the Module 11 example stage by stage, the correct gradients with the CLI's LaTeX, and its published answers' swap note", async () => {
      const { page, problems } = await open();
      const options = await page.getByTestId("example-select").locator("option").evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
      const files = readdirSync(join(REPOSITORY, "examples")).filter((f) => f.endsWith(".yaml"));
      for (const file of files) assert.ok(options.some(([value]) => value === file.replace(/\.yaml$/, "")), `${file} is offered`);
      assert.ok(options.some(([value, label]) => value === "module11-2-2-2" && label === "Module 11 activity: 2-2-2 sigmoid (Problem 1)"), JSON.stringify(options));
      for (const [, label] of options) assert.doesNotMatch(label ?? "", /seed \d/i, "the examples are named by the course's titles");

      const step = page.getByTestId("step-button");
      await step.click();
      await step.click();
      assert.equal(await text(page, "loss"), "·", "the loss is not computed before its stage");
      await step.click();
      assert.equal(await text(page, "loss"), "0.26060897");
      assert.equal(await text(page, "grad-w2"), "", "no gradient before the backward pass");
      await step.click();
      assert.equal(await text(page, "grad-w5"), "0.077883111");
      assert.equal(await text(page, "grad-w2"), "", "layer 1's gradients come with its own stage");
      await step.click();
      assert.equal(await text(page, "grad-w2"), "0.0025736051", "∂E/∂w2 (the Module 11 activity's solution swaps it with ∂E/∂w3)");
      assert.equal(await text(page, "grad-w3"), "0.0028738346");
      assert.match(await text(page, "stage"), /stage 5 of 6: Backward pass, layer 1/);

      // The worked solution of w2, typeset by KaTeX from the LaTeX `tracegrad step --format latex` prints.
      await page.locator('button[data-item="p:w2"]').click();
      assert.equal(await page.locator(".solution-title").textContent(), "Parameter w2");
      const latex = await page.getByTestId("solution").locator("annotation").allTextContents();
      assert.equal(latex.length, 1);
      const cli = spawnSync(process.execPath, [CLI, "step", "examples/module11-2-2-2.yaml", "--format", "latex"], { cwd: REPOSITORY, encoding: "utf8" });
      assert.equal(cli.status, 0, cli.stderr);
      const rows = latex[0].replace(/^\\begin\{aligned\}|\\end\{aligned\}$/g, "").split(" \\\\ ");
      assert.deepEqual(rows, ["\\frac{\\partial E}{\\partial w_{2}} &= \\delta_{h_{1}} \\cdot i_{2}", "&= 0.0051472103 \\cdot 0.5", "&= 0.0025736051"]);
      for (const row of rows) assert.ok(cli.stdout.includes(row), `the CLI's LaTeX has ${row}`);

      // A unit from the diagram; the update; the notes, the swap among them, as the CLI prints them.
      await page.getByTestId("unit-h1").click();
      assert.equal(await page.locator(".solution-title").textContent(), "Unit h1");
      assert.equal(await page.getByTestId("solution").locator(".katex-display").count(), 4, "z, a, ∂E/∂a and δ of h1");
      await step.click();
      assert.equal(await text(page, "new-w2"), "0.39999743");
      assert.match(await text(page, "loss-after"), /0\.26059384/);
      await page.getByTestId("clear-selection").click();
      const notes = await page.getByTestId("notes").locator("li").allTextContents();
      const swap = notes.find((n) => n.includes("∂E/∂w2 = 0.00287383"));
      assert.ok(swap !== undefined, notes.join("\n"));
      assert.match(swap, /the value is 0\.0025736051 \(swapped\)\. This is the value of ∂E\/∂w3/);
      const text8 = spawnSync(process.execPath, [CLI, "step", "examples/module11-2-2-2.yaml"], { cwd: REPOSITORY, encoding: "utf8" }).stdout;
      assert.ok(text8.includes(swap), "the CLI prints the same note");
      for (const [button, name] of [["export-markdown", "solution.md"], ["export-latex", "solution.tex"]] as const) {
        const download = page.waitForEvent("download");
        await page.getByTestId(button).click();
        const file = await (await download).path();
        assert.match(readFileSync(file!, "utf8"), /0\.00287383/, `${name} carries the note`);
      }
      await page.screenshot({ path: join(SCREENSHOTS, "playground-step-desktop.png"), fullPage: true });
      await step.click();
      assert.match(await text(page, "stage"), /^Step 2 · stage the given values/);
      assert.equal(await page.getByTestId("value-w2").inputValue(), String(0.4 - 0.001 * 0.0025736051492317655));
      await step.click();
      await step.click();
      await step.click();
      assert.equal(await text(page, "loss"), "0.26059384", "step 2's loss is step 1's loss after the update");

      // A value the parser refuses is said beside its control, in the parser's words.
      await enter(page, "learning-rate", "-1");
      assert.match(await text(page, "learning-rate-error"), /learningRate: /);
      await close(page, problems);
    });

    test("the backward pass in the chain rule's style: w2's gradient as its factors, the same LaTeX as tracegrad step --style chain", async () => {
      const { page, problems } = await open();
      await page.getByTestId("example-select").selectOption("module11-2-2-2");
      await page.getByTestId("run-step").click();
      await page.getByTestId("backward-style").selectOption("chain");
      await page.locator('button[data-item="p:w2"]').click();
      const latex = await page.getByTestId("solution").locator("annotation").allTextContents();
      assert.equal(latex.length >= 1, true);
      const rows = latex[0].replace(/^\\begin\{aligned\}|\\end\{aligned\}$/g, "").split(" \\\\ ");
      assert.match(rows[0], /^\\frac\{\\partial E\}\{\\partial w_\{2\}\} &= \\frac\{\\partial E\}\{\\partial a_\{h_\{1\}\}\}/, rows[0]);
      assert.equal(rows[rows.length - 1], "&= 0.0025736051", "the same gradient as the δ style");
      const cli = spawnSync(process.execPath, [CLI, "step", "examples/module11-2-2-2.yaml", "--format", "latex", "--style", "chain"], { cwd: REPOSITORY, encoding: "utf8" });
      assert.equal(cli.status, 0, cli.stderr);
      for (const row of rows) assert.ok(cli.stdout.includes(row), `the CLI's LaTeX has ${row}`);
      await page.screenshot({ path: join(SCREENSHOTS, "playground-chain-style.png"), fullPage: true });
      await close(page, problems);
    });

    test("the state shared by URL reopens identically: step mode, and a training run with η changed on the way", async () => {
      const { page, problems } = await open();
      await enter(page, "value-w1", "0.75");
      await page.getByTestId("precision").selectOption("6");
      for (let i = 0; i < 4; i++) await page.getByTestId("step-button").click();
      await page.getByTestId("unit-h2").click();
      const snapshot = (p: Page) =>
        p.evaluate(() => ({
          example: (document.querySelector("[data-testid=example-select]") as HTMLSelectElement).value,
          yaml: (document.querySelector("[data-testid=yaml-editor]") as HTMLTextAreaElement).value,
          stage: document.querySelector("[data-testid=stage]")!.textContent,
          loss: document.querySelector("[data-testid=loss]")!.textContent,
          values: Array.from(document.querySelectorAll("[data-testid=values-table] input, [data-testid=values-table] td"), (e) => (e instanceof HTMLInputElement ? e.value : e.textContent)),
          diagram: document.querySelector("[data-testid=diagram]")!.outerHTML,
          solution: document.querySelector("[data-testid=solution]")!.innerHTML,
          mode: document.querySelector("[aria-selected=true]")!.textContent,
        }));
      const before = await snapshot(page);
      assert.equal(before.example, "", "an edited network is no longer the example");
      assert.match(before.loss ?? "", /^0\.\d{6}$/);
      const url = await savedUrl(page);
      const again = await open(url.slice(base.length));
      assert.deepEqual(await snapshot(again.page), before);
      await close(again.page, again.problems);

      // Train mode: settings, 7 epochs, η changed, 5 epochs more; the link replays the change at its epoch.
      await trainMode(page);
      await enter(page, "hidden-layers", "5");
      await page.waitForFunction(() => /^2-5-1 network/.test(document.querySelector("[data-testid=run-title]")!.textContent ?? ""));
      for (let i = 0; i < 7; i++) {
        await page.getByTestId("train-step").click();
        await epochAtLeast(page, i + 1);
      }
      await enter(page, "train-lr", "0.2");
      await page.waitForFunction(() => /goes on/.test(document.querySelector("[data-testid=train-notice]")!.textContent ?? ""));
      for (let i = 0; i < 5; i++) {
        await page.getByTestId("train-step").click();
        await epochAtLeast(page, 8 + i);
      }
      const trained = async (p: Page) => ({
        epoch: await text(p, "epoch"),
        loss: await text(p, "train-loss"),
        test: await text(p, "test-loss"),
        accuracy: await text(p, "accuracy"),
        title: await text(p, "run-title"),
        lines: await p.locator("path.weight-hit").evaluateAll((ps) => ps.map((e) => e.getAttribute("data-value"))),
        mode: await p.locator("[aria-selected=true]").textContent(),
      });
      const trainBefore = await trained(page);
      assert.equal(trainBefore.epoch, "12");
      assert.match(trainBefore.title, /^2-5-1 network .*η = 0\.2\)/);
      const trainUrl = await savedUrl(page);
      const reopened = await open(trainUrl.slice(base.length));
      await reopened.page.waitForFunction(() => document.querySelector("[data-testid=epoch]")!.textContent === "12" && /network/.test(document.querySelector("[data-testid=run-title]")!.textContent ?? ""));
      assert.deepEqual(await trained(reopened.page), trainBefore);
      await close(reopened.page, reopened.problems);
      await close(page, problems);
    });

    test("a crafted link runs no script: its text stays text, its mistakes are one line", async () => {
      const link = async (state: AppState) => `#${await encodeState(state)}`;
      const train = { options: { ...DEFAULT_TRAIN_OPTIONS }, epoch: 0, speed: 10 };
      const step = { stage: 0, stepNo: 1, selected: null, precision: 8, sample: 0 };
      const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
      const checks = async (page: Page) => {
        assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
        assert.equal(await page.locator("img, iframe, object, embed").count(), 0);
        assert.equal(await page.locator("script").count(), 1, "the page's own module only");
      };

      // Free text (a title, a note) is shown as text.
      const yaml = `title: ${JSON.stringify(hostile)}\nnotes: [${JSON.stringify(hostile)}]\ninputs: [1]\ntargets: [0]\nloss: mse\nlearningRate: 0.1\nlayers: [{activation: identity, weights: 0.5}]\n`;
      const shown = await open(await link({ v: 1, mode: "step", step: { ...step, yaml }, train }));
      await checks(shown.page);
      assert.equal(await shown.page.locator(".solution-title").textContent(), hostile);
      assert.equal(await shown.page.getByTestId("error").isHidden(), true);
      await close(shown.page, shown.problems);

      // Names are checked by the parsers: one line of error, the defaults stay.
      const cases: [string, RegExp][] = [
        [await link({ v: 1, mode: "step", step: { ...step, yaml: `inputs: [1]\nlayers: [{activation: identity, units: ["<script>alert(1)</script>"], weights: 1}]\n` }, train }), /the link's network: link\.yaml:2:\d+: layers\[0\]\.units\[0\]: ".*" is not a name/],
        [await link({ v: 1, mode: "train", step, train: { ...train, options: { ...DEFAULT_TRAIN_OPTIONS, data: hostile } } }), /the link's training settings: Data set: ".*" is neither a data set/],
        [await link({ v: 1, mode: "step", step: { ...step, selected: hostile, example: "module11-2-2-2" }, train }), /^$/],
        ["#s=z.%3Cscript%3Ealert(1)%3C%2Fscript%3E", /^the link is damaged/],
        [`#s=j.${Buffer.from(JSON.stringify({ v: 1, mode: "<b>x</b>" })).toString("base64url")}`, /^the link's state is not valid: mode: /],
        [`#practice?type=${encodeURIComponent(hostile)}`, /^the link's exercise: type: unknown exercise type ".*"; practice mode poses backprop, forward, bce, scaling, .*, dropout$/],
      ];
      for (const [hash, expected] of cases) {
        const { page, problems } = await open(hash);
        await checks(page);
        const banner = page.getByTestId("error");
        const message = (await banner.textContent()) ?? "";
        assert.match(message, expected);
        assert.ok(!message.includes("\n"), "one line");
        if (message !== "") assert.equal(await banner.isVisible(), true);
        const usable = ["step-button", "train-button", "practice-check"];
        let works = false;
        for (const id of usable) if ((await page.getByTestId(id).count()) > 0 && (await page.getByTestId(id).isEnabled())) works = true;
        assert.ok(works, "the playground still works");
        await close(page, problems);
      }
    });

    test("train mode learns xor-easy to 100% accuracy, and the exported model predicts the same in the CLI", async () => {
      const { page, problems } = await open();
      await trainMode(page);
      await page.getByTestId("dataset").selectOption("xor-easy");
      await slide(page, "test-ratio", 0);
      await enter(page, "epochs", "1500");
      await page.waitForFunction(() => /xor-easy \(21 points\)/.test(document.querySelector("[data-testid=run-title]")!.textContent ?? ""));
      assert.equal(await text(page, "epoch"), "0");
      assert.equal(await page.getByTestId("train-button").isEnabled(), true, "ready to play");
      await page.getByTestId("train-button").click();
      await stopped(page);
      assert.equal(await text(page, "epoch"), "1500");
      assert.equal(await text(page, "accuracy"), "100%");

      const download = page.waitForEvent("download");
      await page.getByTestId("export-model").click();
      const dir = mkdtempSync(join(tmpdir(), "tracegrad-playground-"));
      try {
        const file = join(dir, "model.json");
        await (await download).saveAs(file);
        const model = JSON.parse(readFileSync(file, "utf8"));
        assert.equal(model.format, "tracegrad-model");
        assert.equal(model.training.data, "xor-easy");
        const cli = spawnSync(process.execPath, [CLI, "predict", file, "xor-easy"], { cwd: REPOSITORY, encoding: "utf8" });
        assert.equal(cli.status, 0, cli.stderr);
        const [header, ...lines] = cli.stdout.trim().split("\n");
        assert.equal(header, "class,output");
        await page.locator("summary", { hasText: "Data and predictions" }).click();
        await page.waitForFunction(() => document.querySelectorAll("[data-testid=predictions] tbody tr").length === 21);
        const rows = await page.getByTestId("predictions").locator("tbody tr").evaluateAll((trs) =>
          trs.map((tr) => ({ predicted: tr.children[4].textContent, output: Number(tr.querySelector("[data-output='0']")!.textContent) })),
        );
        assert.equal(lines.length, 21);
        lines.forEach((line, i) => {
          const [cls, output] = line.split(",");
          assert.equal(cls, rows[i].predicted, `sample ${i + 1}: class`);
          assert.ok(Math.abs(Number(output) - rows[i].output) <= 1e-7 * Math.max(Math.abs(rows[i].output), 1e-6), `sample ${i + 1}: ${output} vs ${rows[i].output}`);
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      await close(page, problems);
    });

    test("the 3-class spiral reaches 90% training accuracy from the default settings with 3 hidden layers of 8, within 3,000 epochs", async () => {
      const { page, problems } = await open();
      await trainMode(page);
      await page.getByTestId("dataset").selectOption("spiral");
      await enter(page, "hidden-layers", "8-8-8");
      await enter(page, "epochs", "3000");
      await page.waitForFunction(() => /^2-8-8-8-3 network .*softmax output, cross-entropy.* on spiral \(300 points, 3 classes\)/.test(document.querySelector("[data-testid=run-title]")!.textContent ?? ""));
      await page.getByTestId("train-button").click();
      await stopped(page);
      assert.equal(await text(page, "epoch"), "3000");
      const accuracy = await number(page, "accuracy");
      assert.ok(accuracy >= 90, `training accuracy ${accuracy}%`);
      await page.screenshot({ path: join(SCREENSHOTS, "playground-train-desktop.png"), fullPage: true });
      await close(page, problems);
    });

    test("changing Classes on blobs to 4 resizes the output layer and trains; a bad setting stands beside its control with a fix", async () => {
      const { page, problems } = await open();
      await trainMode(page);
      await page.getByTestId("dataset").selectOption("blobs");
      await enter(page, "classes", "4");
      await page.waitForFunction(() => /^2-8-8-4 network .* on blobs \(300 points, 4 classes\)/.test(document.querySelector("[data-testid=run-title]")!.textContent ?? ""));
      assert.match(await text(page, "train-notice"), /The classes changed: the run starts again at epoch 0/);
      await enter(page, "epochs", "400");
      assert.equal(await page.getByTestId("train-button").isEnabled(), true);
      await page.getByTestId("train-button").click();
      await stopped(page);
      assert.ok((await number(page, "accuracy")) > 90, await text(page, "accuracy"));
      await enter(page, "epochs", "800");
      await page.waitForFunction(() => !(document.querySelector("[data-testid=train-button]") as HTMLButtonElement).disabled, undefined, { timeout: 5000 });

      // η = -1: the library's reason beside η's control, in the page's words; Play waits for its fix.
      await enter(page, "train-lr", "-1");
      const problem = page.getByTestId("settings-problem");
      assert.equal(await problem.getAttribute("data-key"), "lr");
      assert.match((await problem.textContent()) ?? "", /must be greater than 0, got -1/);
      assert.doesNotMatch((await problem.textContent()) ?? "", /--lr/);
      const box = await problem.boundingBox();
      const control = await page.getByTestId("train-lr").boundingBox();
      assert.ok(box !== null && control !== null && box.y - (control.y + control.height) < 40, "the message is right under the control");
      assert.equal(await page.getByTestId("train-button").isEnabled(), false);
      await page.getByTestId("fix-settings").click();
      assert.equal(await page.getByTestId("settings-problem").count(), 0);
      assert.equal(await page.getByTestId("train-lr").inputValue(), "0.03");
      assert.equal(await page.getByTestId("train-button").isEnabled(), true);
      await close(page, problems);
    });

    test("divergence is said at once: Adam at η = 10⁶ on moons", async () => {
      const { page, problems } = await open();
      await trainMode(page);
      await page.getByTestId("dataset").selectOption("moons");
      await enter(page, "train-lr", "1000000");
      await page.getByTestId("train-button").click();
      await page.waitForFunction(() => !document.querySelector("[data-testid=divergence]")!.hasAttribute("hidden"), undefined, { timeout: 10_000 });
      const message = await text(page, "divergence");
      assert.match(message, /^(Overshooting|Diverged)/);
      assert.match(message, /Lower the learning rate η \(now 1e\+6|Lower the learning rate η \(now 1000000\)/);
      assert.match(message, /Layer \d's weights/);
      await stopped(page);
      await page.getByTestId("divergence").scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, "playground-train-divergence.png") });
      await close(page, problems);
    });

    test("changing η mid-run keeps the epoch counter; changing the data starts again", async () => {
      const { page, problems } = await open();
      await trainMode(page);
      await page.getByTestId("speed").selectOption("1");
      await page.getByTestId("train-button").click();
      await epochAtLeast(page, 60);
      const before = await number(page, "epoch");
      await enter(page, "train-lr", "0.01");
      await page.waitForFunction(() => /Learning rate η changed at epoch \d+: the run goes on from its current weights/.test(document.querySelector("[data-testid=train-notice]")!.textContent ?? ""));
      assert.ok((await number(page, "epoch")) >= before, "the epoch counter goes on");
      assert.match(await text(page, "train-button"), /Pause/, "still playing");
      await epochAtLeast(page, before + 20);
      await page.getByTestId("dataset").selectOption("moons");
      await page.waitForFunction(() => /The data set changed: the run starts again at epoch 0/.test(document.querySelector("[data-testid=train-notice]")!.textContent ?? ""));
      await page.getByTestId("train-button").click();
      await close(page, problems);
    });

    test("the live network: the weight lines change as training runs, a click edits a weight, features and units change the network", async () => {
      const { page, problems } = await open();
      await trainMode(page);
      const network = page.getByTestId("train-network");
      const values = () => network.locator("path.weight-hit").evaluateAll((ps) => ps.map((p) => [p.getAttribute("data-value"), p.getAttribute("data-width"), p.getAttribute("data-sign")]));
      const start = await values();
      assert.equal(start.length, 2 * 8 + 8 * 8 + 8, "one line per weight of 2-8-8-1");
      await page.getByTestId("speed").selectOption("10");
      await page.getByTestId("train-button").click();
      await epochAtLeast(page, 200);
      await page.getByTestId("train-button").click();
      await page.waitForFunction(() => document.querySelector("[data-testid=train-button]")!.textContent === "▶ Play");
      const later = await values();
      assert.ok(later.filter((v, i) => v[0] !== start[i][0]).length > 80, "most weights moved");
      assert.ok(later.some((v, i) => v[1] !== start[i][1]), "and their lines' widths with them");
      // Hover a unit: its map, enlarged; click a weight: set it.
      await network.locator(".network-node[data-layer='1'][data-unit='0']").hover();
      assert.equal(await network.locator(".network-zoom").isVisible(), true);
      await network.locator("path.weight-hit").first().click({ force: true });
      await enter(page, "weight-editor-input", "2.5");
      await page.waitForFunction(() => document.querySelector("path.weight-hit")!.getAttribute("data-value") === "2.50000");
      assert.match(await text(page, "train-notice"), /A weight was set to 2\.5 at epoch \d+/);
      // x₁·x₂ on: a third input, the run starts again; + adds a unit to hidden layer 1.
      await page.getByTestId("feature-x1*x2").click();
      await page.waitForFunction(() => /^3-8-8-1 network/.test(document.querySelector("[data-testid=run-title]")!.textContent ?? ""));
      await page.getByTestId("add-unit-1").click();
      await page.waitForFunction(() => /^3-9-8-1 network/.test(document.querySelector("[data-testid=run-title]")!.textContent ?? ""));
      assert.equal(await page.getByTestId("hidden-layers").inputValue(), "9-8", "the text field beside the buttons follows them");
      await page.getByTestId("remove-layer").click();
      await page.waitForFunction(() => /^3-9-1 network/.test(document.querySelector("[data-testid=run-title]")!.textContent ?? ""));
      assert.equal(await network.locator("path.weight-hit").count(), 3 * 9 + 9);
      await close(page, problems);
    });

    test("regression and digits: the gaussians' fit, and the digits fetched when chosen, trained, with a confusion matrix and a drawing pad", async () => {
      const { page, problems } = await open();
      const fetched: string[] = [];
      page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
      await trainMode(page);
      // Every state of the title and the accuracy the page passes through after the switch, as a learner
      // could see it: never the old run's accuracy beside the new run's title.
      await page.evaluate(() => {
        const seen: [string, string][] = [];
        (window as unknown as { seen: typeof seen }).seen = seen;
        // (No named function in here: tsx would wrap it in a helper the page does not have.)
        new MutationObserver(() => seen.push([document.querySelector("[data-testid=run-title]")!.textContent ?? "", document.querySelector("[data-testid=accuracy]")!.textContent ?? ""])).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      await page.getByTestId("dataset").selectOption("gaussians");
      // The panel is no longer busy and the title names the new data set once the worker has set the run
      // up, in the same task as the run's first readouts; until then the title says the run is being set
      // up and the readouts are blank.
      await page.waitForFunction(() => document.querySelector("#panel-train")!.getAttribute("aria-busy") === "false" && /^2-8-8-1 network \(tanh hidden, identity output, mse.* on gaussians \(300 points\)$/.test(document.querySelector("[data-testid=run-title]")!.textContent ?? ""));
      assert.equal(await text(page, "accuracy"), "n/a");
      const seen = await page.evaluate(() => (window as unknown as { seen: [string, string][] }).seen);
      assert.ok(seen.length > 0);
      for (const [title, accuracy] of seen) if (/\bmse\b|gaussians/.test(title)) assert.ok(accuracy === "n/a" || accuracy === "·", `the accuracy "${accuracy}" beside the title "${title}"`);
      assert.ok(!fetched.some((p) => p.endsWith("digits.bin")), "the digits are not fetched until chosen");
      await page.getByTestId("dataset").selectOption("digits");
      await page.waitForFunction(() => /on digits \(2000 MNIST digits\)/.test(document.querySelector("[data-testid=run-title]")!.textContent ?? ""), undefined, { timeout: 30_000 });
      assert.ok(fetched.some((p) => p.endsWith("/data/digits.bin")), "fetched from the page's own origin");
      await enter(page, "epochs", "5");
      await page.getByTestId("train-button").click();
      await stopped(page, 90_000);
      await page.waitForFunction(() => document.querySelectorAll("[data-testid=confusion-matrix] tbody tr").length === 10);
      const [scrolled, shown] = await page.getByTestId("confusion-matrix").evaluate((box) => [box.scrollWidth, box.clientWidth]);
      assert.ok(scrolled <= shown, `the confusion matrix's ten columns fit its box (${scrolled} px in ${shown} px)`);
      assert.ok((await number(page, "test-accuracy")) > 70, await text(page, "test-accuracy"));
      assert.ok((await page.getByTestId("misclassified").locator("canvas").count()) > 0);
      // A 1 drawn on the pad.
      await page.getByTestId("digit-pad").scrollIntoViewIfNeeded();
      const pad = await page.getByTestId("digit-pad").boundingBox();
      assert.ok(pad !== null);
      await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * 0.15);
      await page.mouse.down();
      await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * 0.85, { steps: 12 });
      await page.mouse.up();
      await page.waitForFunction(() => /It reads \d/.test(document.querySelector("[data-testid=pad-prediction]")?.textContent ?? ""));
      assert.equal(await page.getByTestId("pad-result").locator(".activations .cell").count(), 32, "every hidden unit's activation");
      await page.screenshot({ path: join(SCREENSHOTS, "playground-train-digits.png"), fullPage: true });
      await close(page, problems);
    });

    test("phone, step mode: each stage brings what it computed into the diagram's view; a unit chosen leaves it where it was swiped", async () => {
      const { page, problems } = await open("", PHONE);
      const box = page.locator("#panel-step .diagram-box");
      /** How much of an item lies inside the box's visible width, 0 to 1. */
      const shown = (testid: string) =>
        box.evaluate((b, id) => {
          const frame = b.getBoundingClientRect();
          const item = b.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect();
          return Math.max(0, Math.min(item.right, frame.right) - Math.max(item.left, frame.left)) / item.width;
        }, testid);
      assert.equal(await shown("loss-node"), 0, "the loss is off to the right at first");
      // Forward layer 1, forward layer 2, then the loss.
      for (let i = 0; i < 2; i++) await page.getByTestId("step-button").click();
      assert.equal(await shown("unit-o1"), 1, "the output layer's forward pass brings o1 into view");
      await page.getByTestId("step-button").click();
      assert.equal(await shown("loss-node"), 1, "the loss stage brings the loss into view");
      // The learner swipes back and picks h1: the diagram stays with h1 (the browser may nudge it to show
      // the whole unit it focuses), not sent back to the loss.
      const atLoss = await box.evaluate((b) => b.scrollLeft);
      await box.evaluate((b) => b.scrollTo({ left: 0 }));
      await page.getByTestId("unit-h1").click();
      assert.equal(await shown("unit-h1"), 1);
      assert.ok((await box.evaluate((b) => b.scrollLeft)) < atLoss / 2, "not scrolled back to the stage's items");
      await close(page, problems);
    });

    test("step mode: before the first stage the notes, whose errata say correct values, are folded; after the last they are open", async () => {
      const { page, problems } = await open("");
      const folded = page.getByTestId("notes-details");
      assert.equal(await folded.getAttribute("open"), null);
      assert.equal(await page.getByTestId("notes").isVisible(), false, "no value given away before the learner works the step");
      await folded.locator("summary").click();
      assert.ok(await page.getByTestId("notes").isVisible());
      await page.getByTestId("run-step").click();
      assert.equal(await page.getByTestId("notes-details").count(), 0);
      assert.ok(await page.getByTestId("notes").isVisible(), "after the whole step, the notes are shown");
      await close(page, problems);
    });

    test("practice mode: an answer that is not a number is said beside it, inside its card, and the others are graded; a decimal comma is a point", async () => {
      const query = "type=backprop&seed=1";
      const exercise = practiceModel(parsePracticeQuery(query)).record!;
      const ref = referenceStep(toInterchange(exercise.spec) as RefSpec);
      for (const options of [DESKTOP, PHONE]) {
        const { page, problems } = await open(`#practice?${query}`, options);
        const answer = (key: string) => page.locator(`[data-testid=practice-answer][data-name="${key}"]`);
        await answer("z_h1").fill(String(ref.z[0][0][0]).replace(".", ","));
        await answer("z_h2").fill("55%");
        await answer("dL/dw5").fill(String(ref.dW[1][0][0]));
        await page.getByTestId("practice-check").click();
        const graded = Object.fromEntries(await page.getByTestId("practice-result").evaluateAll((rs) => rs.map((r) => [r.getAttribute("data-name"), r.getAttribute("data-status")])));
        assert.deepEqual(graded, { z_h1: "right", "dL/dw5": "right" });
        const problem = page.locator('tr[data-name="z_h2"] [data-testid=answer-problem]');
        assert.equal(((await problem.textContent()) ?? "").trim(), '"55%" is a percentage: write it as a number (55% is 0.55)');
        assert.match(await text(page, "practice-score"), /^1 answer is not a number \(said beside it\) and not graded\. 2 of 2 answered values right, 0 wrong; 26 not answered\./);
        // The message wraps inside the answers' card: the table is no wider than it.
        const widths = await page.locator(".practice-answers-card").evaluate((card) => ({ card: card.clientWidth, table: card.querySelector("table")!.getBoundingClientRect().width }));
        assert.ok(widths.table <= widths.card, JSON.stringify(widths));
        await close(page, problems);
      }
    });

    test("practice mode grades a wrong answer with its code, a carried-forward one and a right one, as tracegrad check does; answers survive a reload", async () => {
      const query = "type=backprop&seed=1";
      const { page, problems } = await open(`#practice?${query}`);
      assert.equal(await page.locator("[aria-selected=true]").textContent(), "Practice");
      const exercise = practiceModel(parsePracticeQuery(query)).record!;
      assert.equal(await text(page, "practice-title"), exercise.spec.title);
      // The answers, built by the independent reference: right, a value swapped with another, and one
      // computed correctly from a wrong earlier answer.
      const ref = referenceStep(toInterchange(exercise.spec) as RefSpec);
      const wrongZ = ref.z[0][0][0] + 0.3;
      const answers: Record<string, number> = { z_h1: wrongZ, a_h1: 1 / (1 + Math.exp(-wrongZ)), z_h2: ref.z[0][0][1], "dL/dw5": ref.dW[1][0][0], "dL/dw2": ref.dW[0][1][0] };
      const names = await page.getByTestId("practice-answer").evaluateAll((inputs) => inputs.map((i) => i.getAttribute("data-name")));
      for (const key of Object.keys(answers)) assert.ok(names.includes(key), `${key} is asked`);
      for (const [key, value] of Object.entries(answers)) await page.locator(`[data-testid=practice-answer][data-name="${key}"]`).fill(String(value));
      // Enter checks, from the keyboard.
      await page.locator(`[data-testid=practice-answer][data-name="dL/dw2"]`).press("Enter");
      const results = async (p: Page) => Object.fromEntries(await p.getByTestId("practice-result").evaluateAll((rs) => rs.map((r) => [r.getAttribute("data-name"), [r.getAttribute("data-status"), r.getAttribute("data-diagnosis")]])));
      const graded = await results(page);
      assert.deepEqual(graded, {
        z_h1: ["wrong", ""],
        a_h1: ["carried-forward", "propagated-error"],
        z_h2: ["right", ""],
        "dL/dw5": ["right", ""],
        "dL/dw2": ["wrong", "swapped"],
      });
      assert.match(await text(page, "practice-score"), /^2 of 5 answered values right, 1 carried forward.* 3 of 29 points\.$/);
      // The wrong value's hint (the mistake, not the number); the working on request.
      assert.match(await page.locator("tr.details.wrong").nth(1).textContent() ?? "", /swapped/);
      await page.getByTestId("practice-working-dL/dw2").click();
      assert.match((await page.locator("tr.details.wrong").nth(1).locator(".working").textContent()) ?? "", /=/);
      assert.equal(await page.locator("#panel-practice [data-testid=diagram] [data-item='u:h1']").first().getAttribute("data-mark"), "wrong");
      assert.equal(await page.locator("#panel-practice [data-testid=diagram] [data-item='p:w5']").first().getAttribute("data-mark"), "right");
      await page.screenshot({ path: join(SCREENSHOTS, "playground-practice-graded-desktop.png"), fullPage: true });

      // The files tracegrad check reads give the same grades.
      const dir = mkdtempSync(join(tmpdir(), "tracegrad-practice-"));
      try {
        for (const [button, name] of [["practice-download", "answers.yaml"], ["practice-exercise", "exercise.yaml"]] as const) {
          const download = page.waitForEvent("download");
          await page.getByTestId(button).click();
          await (await download).saveAs(join(dir, name));
        }
        const cli = spawnSync(process.execPath, [CLI, "check", join(dir, "exercise.yaml"), join(dir, "answers.yaml"), "--json"], { cwd: REPOSITORY, encoding: "utf8" });
        assert.equal(cli.status, 1, cli.stderr);
        const report = JSON.parse(cli.stdout) as { items: { key: string; status: string; diagnosis: string | null }[] };
        assert.deepEqual(Object.fromEntries(report.items.map((i) => [i.key, [i.status, i.diagnosis ?? ""]])), graded);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }

      // A reload keeps the answers and the grades.
      await page.reload();
      await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
      assert.equal(await page.locator(`[data-testid=practice-answer][data-name="z_h2"]`).inputValue(), String(answers.z_h2));
      assert.deepEqual(await results(page), graded);
      // The link names the exercise: a new one changes it.
      await page.getByTestId("practice-next").click();
      await page.waitForFunction(() => /seed=2/.test(location.hash));
      assert.match(await text(page, "practice-title"), /seed 2/);
      assert.equal(await page.getByTestId("practice-result").count(), 0, "a new exercise, no answers yet");
      await close(page, problems);
    });

    test("practice mode for every type: scaling and optimizer graded as tracegrad check grades them (sample σ where population was asked, Adam without bias correction), the type and its options in the link", async () => {
      const query = "type=scaling&seed=3&std=population";
      const { page, problems } = await open(`#practice?${query}`);
      const model = practiceModel(parsePracticeQuery(query));
      assert.equal(await page.getByTestId("practice-type").inputValue(), "scaling");
      assert.equal(await page.getByTestId("practice-option-std").inputValue(), "population");
      assert.equal(await text(page, "practice-title"), "Feature scaling (seed 3)");
      // The question as question.md says it: the table given, the formulas typeset, no diagram.
      const data = model.exercise!.document.data as number[][];
      assert.equal(await page.locator(".practice-question .question-body table tbody tr").count(), data.length);
      assert.ok((await page.locator(".practice-question .question-body math").count()) > 3, "the formulas typeset");
      assert.equal(await page.locator("#panel-practice [data-testid=diagram]").count(), 0, "no diagram for scaling");
      // One answer per name of answers.yaml, in its order.
      const template = model.files!["answers.yaml"].split("\n").filter((l) => / null$/.test(l)).map((l) => l.replace(/: null$/, "").trim());
      assert.deepEqual(await page.getByTestId("practice-answer").evaluateAll((inputs) => inputs.map((i) => i.getAttribute("data-name"))), template);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = (xs: number[], sample: boolean) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - (sample ? 1 : 0)));
      const column = (j: number) => data.map((r) => r[j]);
      const fill = (name: string, value: number) => page.locator(`[data-testid=practice-answer][data-name="${name}"]`).fill(String(value));
      await fill("mu_1", mean(column(0)));
      await fill("sigma_1", sd(column(0), false));
      await fill("sigma_2", sd(column(1), true));
      await page.locator(`[data-testid=practice-answer][data-name="sigma_2"]`).press("Enter");
      const results = async () => Object.fromEntries(await page.getByTestId("practice-result").evaluateAll((rs) => rs.map((r) => [r.getAttribute("data-name"), [r.getAttribute("data-status"), r.getAttribute("data-diagnosis")]])));
      assert.deepEqual(await results(), { mu_1: ["right", ""], sigma_1: ["right", ""], sigma_2: ["wrong", "wrong-deviation"] });
      assert.equal(await text(page, "practice-check-command"), "tracegrad check exercise.json answers.yaml");
      await page.screenshot({ path: join(SCREENSHOTS, "playground-practice-scaling-desktop.png"), fullPage: true });

      // Another type from the picker, by the keyboard: its own options, the link follows.
      // (scaling, then activations, gradcheck, l2 and optimizer in the picker's order: four presses of the down arrow)
      await page.getByTestId("practice-type").focus();
      for (const type of ["activations", "gradcheck", "l2", "optimizer"]) {
        await page.keyboard.press("ArrowDown");
        await page.waitForFunction((t) => location.hash === `#practice?type=${t}&seed=3`, type);
      }
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "practice-type", "the focus stays on the picker");
      assert.equal(await page.getByTestId("practice-option-std").count(), 0, "scaling's options are gone");
      const steps = page.getByTestId("practice-option-steps");
      assert.equal(await steps.getAttribute("placeholder"), "2");
      await steps.fill("1");
      await steps.press("Tab");
      await page.waitForFunction(() => location.hash === "#practice?type=optimizer&seed=3&steps=1");
      const adam = practiceModel(parsePracticeQuery("type=optimizer&seed=3&steps=1")).exercise!.document as { weights: number[]; gradient: number[]; lr: number; state: { t: number; m: number[]; v: number[] } };
      const g = adam.gradient[0];
      const m = 0.9 * adam.state.m[0] + 0.1 * g;
      const v = 0.999 * adam.state.v[0] + 0.001 * g * g;
      const t = adam.state.t + 1;
      const right = adam.weights[0] - (adam.lr * (m / (1 - 0.9 ** t))) / (Math.sqrt(v / (1 - 0.999 ** t)) + 1e-8);
      const uncorrected = adam.weights[1] - (adam.lr * (0.9 * adam.state.m[1] + 0.1 * adam.gradient[1])) / (Math.sqrt(0.999 * adam.state.v[1] + 0.001 * adam.gradient[1] ** 2) + 1e-8);
      await fill("m_w1", m);
      await fill("w1", right);
      await fill("w2", uncorrected);
      await page.getByTestId("practice-check").click();
      assert.deepEqual(await results(), { m_w1: ["right", ""], w1: ["right", ""], w2: ["wrong", "no-bias-correction"] });
      await page.screenshot({ path: join(SCREENSHOTS, "playground-practice-optimizer-desktop.png"), fullPage: true });

      // The link alone: a reload reads the type and its options from it, and the answers saved for it.
      await page.reload();
      await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
      assert.equal(await page.getByTestId("practice-type").inputValue(), "optimizer");
      assert.equal(await page.getByTestId("practice-option-steps").inputValue(), "1");
      assert.equal(await page.locator(`[data-testid=practice-answer][data-name="w2"]`).inputValue(), String(uncorrected));
      assert.deepEqual(await results(), { m_w1: ["right", ""], w1: ["right", ""], w2: ["wrong", "no-bias-correction"] });
      // A mistake in an option is said beside it, in one line.
      await page.getByTestId("practice-option-weights").fill("9");
      await page.getByTestId("practice-option-weights").press("Enter");
      await page.waitForSelector("#practice-problem-weights");
      assert.match((await page.locator("#practice-problem-weights").textContent()) ?? "", /^weights: must be a whole number from 1 to 4, got "9"$/);
      await close(page, problems);

      // A phone: no horizontal overflow.
      const phone = await open(`#practice?${query}`, PHONE);
      assert.equal(await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0);
      await phone.page.screenshot({ path: join(SCREENSHOTS, "playground-practice-scaling-phone.png"), fullPage: true });
      await close(phone.page, phone.problems);
    });

    test("a phone-sized screen: the controls first, no horizontal overflow, the diagram's labels at 11 px or more", async () => {
      const { page, problems } = await open("", PHONE);
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      const top = async (testid: string) => (await page.getByTestId(testid).first().boundingBox())!.y + (await page.evaluate(() => window.scrollY));
      assert.ok((await top("example-select")) < 400, "the example picker is on the first screen");
      assert.ok((await top("example-select")) < (await top("step-button")), "the controls come before the diagram");
      for (let i = 0; i < 5; i++) await page.getByTestId("step-button").click();
      await page.getByTestId("unit-h1").click();
      assert.equal(await overflow(), 0, "step mode");
      const smallest = await page.getByTestId("diagram").evaluate((svg) => {
        let least = Infinity;
        for (const t of Array.from(svg.querySelectorAll("text"))) {
          const size = parseFloat(getComputedStyle(t).fontSize) * ((t as SVGGraphicsElement).getScreenCTM()?.a ?? 1);
          if (t.textContent !== "") least = Math.min(least, size);
        }
        return least;
      });
      assert.ok(smallest >= 11, `the smallest label of the diagram is ${smallest.toFixed(1)} px`);
      await page.screenshot({ path: join(SCREENSHOTS, "playground-step-phone.png"), fullPage: true });
      await trainMode(page);
      assert.ok((await top("train-button")) < 400, "Play is on the first screen");
      assert.ok((await top("dataset")) < (await top("train-network")), "the settings come before the network");
      // The decision boundary Play changes, before the network: its upper half on the first screen.
      const boundary = (await page.getByTestId("boundary").boundingBox())!;
      assert.ok((await top("boundary")) + boundary.height / 2 < 844, `the boundary's middle at ${((await top("boundary")) + boundary.height / 2).toFixed(0)} px`);
      assert.ok((await top("boundary")) < (await top("train-network")), "the boundary before the network");
      const layout = async () =>
        page.evaluate(() => Object.fromEntries(["boundary", "dataset", "train-status", "train-network"].map((id) => [id, document.querySelector(`[data-testid=${id}]`)!.getBoundingClientRect().top + window.scrollY])));
      await enter(page, "epochs", "500");
      const before = await layout();
      await page.getByTestId("train-button").click();
      await epochAtLeast(page, 50);
      assert.deepEqual(await layout(), before, "nothing moves when the run starts: the status line keeps its room, the readouts their lines");
      await stopped(page);
      assert.equal(await overflow(), 0, "train mode");
      await page.screenshot({ path: join(SCREENSHOTS, "playground-train-phone.png"), fullPage: true });
      await page.getByTestId("mode-practice").click();
      await page.waitForSelector("[data-testid=practice-answer]");
      assert.equal(await overflow(), 0, "practice mode");
      await page.screenshot({ path: join(SCREENSHOTS, "playground-practice-phone.png"), fullPage: true });
      await close(page, problems);
    });

    test("the keyboard alone: Tab reaches the tabs, the step button and the practice answers; Enter and Space work them", async () => {
      const { page, problems } = await open();
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? "");
      const tabTo = async (testid: string, key = "Tab") => {
        for (let i = 0; i < 120 && (await focused()) !== testid; i++) await page.keyboard.press(key);
        assert.equal(await focused(), testid, `Tab reaches ${testid}`);
      };
      await tabTo("mode-step");
      await page.keyboard.press("ArrowRight");
      assert.equal(await focused(), "mode-train", "arrows move between the tabs");
      await page.waitForSelector("#panel-train:not([hidden])");
      assert.equal(await page.locator("#panel-step").isVisible(), false);
      await page.keyboard.press("ArrowLeft");
      assert.equal(await focused(), "mode-step");
      await page.keyboard.press("Space");
      assert.equal(await page.locator("#panel-step").isVisible(), true);
      await tabTo("step-button");
      await page.keyboard.press("Enter");
      assert.match(await text(page, "stage"), /stage 1 of 6/);
      await page.keyboard.press("Space");
      assert.match(await text(page, "stage"), /stage 2 of 6/);
      await tabTo("unit-h1");
      await page.keyboard.press("Enter");
      assert.equal(await page.locator(".solution-title").textContent(), "Unit h1");
      // Practice: from the tabs to the first answer, a number, Enter to check.
      await tabTo("mode-step", "Shift+Tab");
      await page.keyboard.press("ArrowLeft");
      assert.equal(await focused(), "mode-practice");
      await page.keyboard.press("Enter");
      await page.waitForSelector("#panel-practice:not([hidden]) [data-testid=practice-answer]");
      await tabTo("practice-answer");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-name")), "z_h1");
      await page.keyboard.type("0.5");
      await page.keyboard.press("Enter");
      await page.waitForSelector("[data-testid=practice-result][data-name=z_h1]");
      await close(page, problems);
    });

    test("train mode's default run can be watched: the boundary redrawn many times over seconds, epochs/s a number during and after, the weights those of training as fast as it goes", async () => {
      for (const [size, options] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
        const { page, problems } = await open("", options);
        await trainMode(page);
        assert.equal(await page.getByTestId("speed").inputValue(), "30", "30 epochs a frame by default");
        // Every epoch the boundary is drawn at, and the epochs/s readout while the run plays.
        await page.evaluate(() => {
          const seen = { drawn: [] as string[], rates: [] as string[] };
          (window as unknown as { seen: typeof seen }).seen = seen;
          const boundary = document.querySelector("[data-testid=boundary]")!;
          new MutationObserver(() => {
            seen.drawn.push(boundary.getAttribute("data-epoch") ?? "");
            const epoch = Number(document.querySelector("[data-testid=epoch]")!.textContent);
            if (epoch > 0 && epoch < 5000) seen.rates.push(document.querySelector("[data-testid=epochs-per-second]")!.textContent ?? "");
          }).observe(boundary, { attributes: true, attributeFilter: ["data-epoch"] });
        });
        const started = Date.now();
        await page.getByTestId("train-button").click();
        await epochAtLeast(page, 60);
        await page.screenshot({ path: join(SCREENSHOTS, `playground-train-forming-${size}.png`), fullPage: true });
        await epochAtLeast(page, 2000);
        await page.screenshot({ path: join(SCREENSHOTS, `playground-train-watch-${size}.png`), fullPage: true });
        await stopped(page);
        const seconds = (Date.now() - started) / 1000;
        assert.equal(await text(page, "epoch"), "5000");
        const seen = await page.evaluate(() => (window as unknown as { seen: { drawn: string[]; rates: string[] } }).seen);
        const frames = new Set(seen.drawn.filter((e) => Number(e) > 0 && Number(e) < 5000)).size;
        assert.ok(frames >= 15, `${size}: the boundary was drawn at ${frames} epochs between the first and the last`);
        const forming = new Set(seen.drawn.filter((e) => Number(e) > 0 && Number(e) <= 300)).size;
        assert.ok(forming >= 8, `${size}: the boundary was drawn at ${forming} epochs of the first 300, where it forms`);
        assert.ok(seconds >= 1.5, `${size}: the 5,000 epochs took ${seconds.toFixed(2)} s`);
        assert.ok(seen.rates.some((r) => /^\d[\d,]*$/.test(r)), `${size}: epochs/s while playing: ${seen.rates.join(" ")}`);
        const rate = await text(page, "epochs-per-second");
        assert.match(rate, /^\d[\d,]*$/, "epochs/s after the run");
        assert.ok(Number(rate.replace(/,/g, "")) > 100, rate);
        if (size === "desktop") {
          // The same run as fast as it goes: the same weights, bit for bit.
          const model = async () => {
            const download = page.waitForEvent("download");
            await page.getByTestId("export-model").click();
            return readFileSync((await (await download).path())!, "utf8");
          };
          const paced = await model();
          await page.getByTestId("speed").selectOption("0");
          await page.getByTestId("train-reset").click();
          await page.waitForFunction(() => document.querySelector("[data-testid=epoch]")!.textContent === "0" && /Ready/.test(document.querySelector("[data-testid=train-status]")!.textContent ?? ""));
          await page.getByTestId("train-button").click();
          await stopped(page);
          assert.equal(await text(page, "epoch"), "5000");
          assert.equal(await model(), paced);
        }
        await close(page, problems);
      }
    });

    test("step mode: the stage buttons keep their places from stage to stage; w1 after the forward pass says its value and where its gradient comes", async () => {
      for (const [size, options] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
        const { page, problems } = await open("", options);
        const boxes = () =>
          page.evaluate(() =>
            ["reset-step", "step-button", "run-step"].map((id) => {
              const r = document.querySelector(`[data-testid=${id}]`)!.getBoundingClientRect();
              return [r.x + scrollX, r.y + scrollY, r.width, r.height].map(Math.round).join(",");
            }),
          );
        const first = await boxes();
        for (let stage = 1; stage <= 7; stage++) {
          await page.getByTestId("step-button").click();
          assert.deepEqual(await boxes(), first, `${size}, after stage ${stage}: ${await text(page, "stage")}`);
          if (stage === 1) {
            await page.locator('button[data-item="p:w1"]').click();
            const said = await text(page, "solution");
            assert.doesNotMatch(said, /[Nn]othing/);
            assert.match(said, /^w1 = -?\d[\d.]*, given\.Stage 1 of 6 \(Forward pass, layer 1\) used it in z of h1\./);
            assert.match(await text(page, "item-outlook"), /Its gradient ∂E\/∂w1 comes in stage 5 of 6 \(Backward pass, layer 1\)\./);
            await page.getByTestId("clear-selection").click();
          }
        }
        await close(page, problems);
      }
    });

    test("the network diagram: fitted into its box on a desktop (nothing clipped), on a phone at its own size with a hint that it scrolls and a button that fits it; the targets clear of the loss's wires", async () => {
      /** The diagram's box, the diagram's width and whether the hint shows. */
      const measure = (page: Page, panel: string) =>
        page.evaluate((p) => {
          const box = document.querySelector(`${p} .diagram-box`)!;
          const hint = document.querySelector(`${p} [data-testid=diagram-hint]`) as HTMLElement;
          return { box: box.clientWidth, scroll: box.scrollWidth, svg: box.querySelector("svg")!.getBoundingClientRect().width, hint: hint.offsetParent !== null };
        }, panel);
      /** Targets' labels a loss wire crosses: points along each wire, inside a label's box. */
      const crossings = (page: Page, panel: string) =>
        page.evaluate((p) => {
          const out: string[] = [];
          for (const label of Array.from(document.querySelectorAll(`${p} [data-testid^=target-]`)) as SVGTextElement[]) {
            const b = label.getBBox();
            for (const wire of Array.from(document.querySelectorAll(`${p} line.loss-wire`)) as SVGLineElement[]) {
              const [x1, y1, x2, y2] = ["x1", "y1", "x2", "y2"].map((a) => Number(wire.getAttribute(a)));
              for (let k = 0; k <= 200; k++) {
                const x = x1 + ((x2 - x1) * k) / 200;
                const y = y1 + ((y2 - y1) * k) / 200;
                if (x > b.x && x < b.x + b.width && y > b.y && y < b.y + b.height) {
                  out.push(`${label.textContent} crossed by the wire from (${x1}, ${y1})`);
                  break;
                }
              }
            }
          }
          return out;
        }, panel);
      const practice = "#practice?type=backprop&seed=1";
      const desktopStep = await open("", DESKTOP);
      const desktopPractice = await open(practice, DESKTOP);
      for (const [page, panel] of [[desktopStep.page, "#panel-step"], [desktopPractice.page, "#panel-practice"]] as const) {
        const m = await measure(page, panel);
        assert.ok(m.scroll <= m.box && m.svg <= m.box, `${panel}: the diagram (${m.svg} px, scrolling ${m.scroll} px) in its box of ${m.box} px`);
        assert.equal(m.hint, false, "no hint where nothing scrolls");
        assert.deepEqual(await crossings(page, panel), []);
      }
      await desktopPractice.page.locator("#panel-practice .diagram-frame").screenshot({ path: join(SCREENSHOTS, "playground-practice-diagram-desktop.png") });
      await close(desktopStep.page, desktopStep.problems);
      await close(desktopPractice.page, desktopPractice.problems);

      for (const [path, panel] of [["", "#panel-step"], [practice, "#panel-practice"]] as const) {
        const { page, problems } = await open(path, PHONE);
        const own = await measure(page, panel);
        assert.ok(own.svg <= own.box || own.hint, `${panel}: a diagram wider than its box (${own.svg} px in ${own.box} px) says that it scrolls`);
        assert.ok(own.svg > own.box && own.hint, "the 2-2-2 network at its own size scrolls on a phone, and says so");
        const fit = page.locator(`${panel} [data-testid=diagram-fit]`);
        await fit.click();
        const fitted = await measure(page, panel);
        assert.ok(fitted.svg <= fitted.box && fitted.scroll <= fitted.box, `fitted: ${fitted.svg} px in ${fitted.box} px`);
        assert.equal(fitted.hint, false);
        assert.equal(await fit.getAttribute("aria-pressed"), "true");
        await page.locator(`${panel} .diagram-frame`).screenshot({ path: join(SCREENSHOTS, `playground-diagram-fitted-phone-${panel.slice(7)}.png`) });
        await fit.click();
        assert.deepEqual(await measure(page, panel), own, "and back to its own size");
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0);
        await close(page, problems);
      }
    });

    test("a phone: what a learner acts on comes first (the step's diagram, the live network and boundary, the exercise's diagram and answers); Check stays in reach", async () => {
      const firstScreen = PHONE.viewport!.height;
      const { page, problems } = await open("", PHONE);
      const top = async (selector: string) => page.locator(selector).first().evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok((await top("#panel-step [data-testid=diagram]")) < firstScreen - 200, `the step's diagram at ${await top("#panel-step [data-testid=diagram]")} px`);
      assert.ok((await top("[data-testid=step-button]")) < firstScreen / 2);
      // The form folded under the example, a tap away.
      assert.equal(await page.getByTestId("architecture").isVisible(), false);
      await page.locator("[data-testid=net-details] > summary").click();
      assert.equal(await page.getByTestId("architecture").isVisible(), true);
      await page.screenshot({ path: join(SCREENSHOTS, "playground-step-first-screen-phone.png") });
      await trainMode(page);
      // The boundary that Play changes first, on the first screen; the network right after it.
      assert.ok((await top("[data-testid=boundary]")) < firstScreen - 300, `the boundary at ${await top("[data-testid=boundary]")} px`);
      assert.ok((await top("[data-testid=train-network]")) < firstScreen + 400, `the network at ${await top("[data-testid=train-network]")} px`);
      assert.ok((await top("[data-testid=train-network]")) < (await top("[data-testid=hidden-layers]")), "the settings follow the network");
      assert.equal(await overflow(), 0);
      await page.screenshot({ path: join(SCREENSHOTS, "playground-train-first-screen-phone.png") });
      await close(page, problems);

      const practice = await open("#practice?type=backprop&seed=1", PHONE);
      const p = practice.page;
      const at = async (selector: string) => p.locator(selector).first().evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
      assert.ok((await at("#panel-practice [data-testid=diagram]")) < firstScreen - 200, `the exercise's diagram at ${await at("#panel-practice [data-testid=diagram]")} px`);
      assert.ok((await at("[data-testid=practice-answer]")) < 1.5 * firstScreen, `the first answer at ${await at("[data-testid=practice-answer]")} px`);
      assert.ok((await at("[data-testid=practice-type]")) < (await at("#panel-practice [data-testid=diagram]")), "the type picker first");
      // The question's text a tap away, under the diagram.
      await p.locator(".question-details > summary").click();
      assert.equal(await p.locator(".question-body").isVisible(), true);
      // Scrolled to any answer, Check is on the screen.
      for (const name of ["z_h1", "dL/dw2", "w8"]) {
        await p.locator(`[data-testid=practice-answer][data-name="${name}"]`).scrollIntoViewIfNeeded();
        const check = (await p.getByTestId("practice-check").boundingBox())!;
        assert.ok(check.y >= 0 && check.y + check.height <= firstScreen, `beside ${name}, Check at ${check.y} px of the screen`);
      }
      assert.equal(await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0);
      await close(p, practice.problems);
    });

    test("practice feedback: with the working shown, 'does not match any of the common mistakes' is said once", async () => {
      const { page, problems } = await open("#practice?type=backprop&seed=1");
      await page.locator(`[data-testid=practice-answer][data-name="z_h1"]`).fill("0.123");
      await page.locator(`[data-testid=practice-answer][data-name="z_h1"]`).press("Enter");
      await page.getByTestId("practice-working-z_h1").click();
      const said = (await page.locator("tr.details.wrong").first().textContent()) ?? "";
      assert.equal(said.split("does not match any of the common mistakes").length - 1, 1, said);
      assert.match(said, /z_h1 = w1·x1 \+ w2·x2 = .* = 0\.173/, "the working, with the value");
      await close(page, problems);
    });

    test("screenshots of every mode, desktop and phone", async () => {
      for (const [size, options] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
        const { page, problems } = await open("", options);
        await trainMode(page);
        await page.getByTestId("dataset").selectOption("spiral");
        await enter(page, "epochs", "1500");
        await page.getByTestId("train-button").click();
        await stopped(page);
        await page.screenshot({ path: join(SCREENSHOTS, `playground-train-spiral-${size}.png`), fullPage: true });
        await page.getByTestId("mode-practice").click();
        await page.waitForSelector("[data-testid=practice-answer]");
        await page.screenshot({ path: join(SCREENSHOTS, `playground-practice-${size}.png`), fullPage: true });
        await close(page, problems);
      }
    });
  });
}
