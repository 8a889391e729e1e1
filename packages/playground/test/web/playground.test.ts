/**
 * The playground in a real browser: the site is built with Vite, served from 127.0.0.1 by a plain
 * static file server, and driven in Chromium with playwright-core. Skipped, with a notice, where no
 * Chromium is found (set CHROMIUM, or install Debian's chromium at /usr/bin/chromium).
 *
 * Screenshots of both modes, desktop and phone, are written to /tmp/playground-*.png.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { encodeState } from "../../src/lib/url-state.js";
import type { AppState } from "../../src/lib/url-state.js";
import { DEFAULT_TRAIN_OPTIONS } from "../../src/train/setup.js";
import { buildSite, CHROMIUM_ARGS, findChromium, REPOSITORY, serve, SITE } from "./harness.js";

const CHROMIUM = findChromium();
const CLI = join(REPOSITORY, "packages/cli/dist/cli/main.js");
const SCREENSHOTS = process.env.PLAYGROUND_SCREENSHOTS ?? tmpdir();

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
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true, ...options });
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

    const text = async (page: Page, testid: string) => ((await page.getByTestId(testid).textContent()) ?? "").trim();

    /** The URL once the page has written its latest state into it. */
    async function savedUrl(page: Page): Promise<string> {
      await page.waitForFunction(() => document.documentElement.dataset.state === "saved");
      return page.url();
    }

    test("the Module 11 activity stepped stage by stage: the loss 0.26060897 and the correct gradients, with the CLI's LaTeX", async () => {
      const { page, problems } = await open();
      const options = await page.getByTestId("example-select").locator("option").evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
      const files = readdirSync(join(REPOSITORY, "examples")).filter((f) => f.endsWith(".yaml"));
      for (const file of files) assert.ok(options.some(([value]) => value === file.replace(/\.yaml$/, "")), `${file} is offered`);
      assert.ok(options.some(([value, label]) => value === "module11-2-2-2" && label === "Module 11 activity: 2-2-2 sigmoid (Problem 1)"), JSON.stringify(options));
      await page.getByTestId("example-select").selectOption("module11-2-2-2");

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
      assert.equal(await text(page, "grad-w2"), "0.0025736051", "∂E/∂w2 (the seed's solution swaps it with ∂E/∂w3)");
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

      // A unit from the diagram; the update; the next step starts from the new weights.
      await page.getByTestId("unit-h1").click();
      assert.equal(await page.locator(".solution-title").textContent(), "Unit h1");
      assert.equal(await page.getByTestId("solution").locator(".katex-display").count(), 4, "z, a, ∂E/∂a and δ of h1");
      await step.click();
      assert.equal(await text(page, "new-w2"), "0.39999743");
      assert.match(await text(page, "loss-after"), /0\.26059384/);
      await page.screenshot({ path: join(SCREENSHOTS, "playground-step-desktop.png"), fullPage: true });
      await step.click();
      assert.match(await text(page, "stage"), /^Step 2 · stage the given values/);
      assert.equal(await page.getByTestId("value-w2").inputValue(), String(0.4 - 0.001 * 0.0025736051492317655));
      await step.click();
      await step.click();
      await step.click();
      assert.equal(await text(page, "loss"), "0.26059384", "step 2's loss is step 1's loss after the update");
      await close(page, problems);
    });

    test("the state shared by URL reopens identically, in both modes", async () => {
      const { page, problems } = await open();
      await page.getByTestId("value-w1").fill("0.75");
      await page.getByTestId("value-w1").press("Enter");
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

      // Train mode: settings and the epoch reached.
      await page.getByTestId("mode-train").click();
      await page.getByTestId("hidden-layers").fill("5");
      await page.getByTestId("hidden-layers").press("Enter");
      await page.getByTestId("train-lr").fill("0.03");
      await page.getByTestId("train-lr").press("Enter");
      for (let i = 0; i < 7; i++) await page.getByTestId("train-step").click();
      const trained = async (p: Page) => ({
        epoch: await text(p, "epoch"),
        loss: await text(p, "train-loss"),
        accuracy: await text(p, "accuracy"),
        title: await text(p, "run-title"),
        predictions: await p.getByTestId("predictions").textContent(),
        mode: await p.locator("[aria-selected=true]").textContent(),
      });
      const trainBefore = await trained(page);
      assert.equal(trainBefore.epoch, "7");
      assert.match(trainBefore.title, /^2-5-1 network/);
      const trainUrl = await savedUrl(page);
      const reopened = await open(trainUrl.slice(base.length));
      await reopened.page.waitForFunction(() => document.querySelector("[data-testid=epoch]")!.textContent === "7" && !/Restoring/.test(document.querySelector("[data-testid=train-status]")!.textContent ?? ""));
      assert.deepEqual(await trained(reopened.page), trainBefore);
      await close(reopened.page, reopened.problems);

      // A link made in Step mode keeps the training too.
      await page.getByTestId("mode-step").click();
      const stepUrl = await savedUrl(page);
      const back = await open(stepUrl.slice(base.length));
      assert.equal(await back.page.locator("[aria-selected=true]").textContent(), "Step");
      await back.page.getByTestId("mode-train").click();
      await back.page.waitForFunction(() => document.querySelector("[data-testid=epoch]")!.textContent === "7" && !/Restoring/.test(document.querySelector("[data-testid=train-status]")!.textContent ?? ""));
      assert.deepEqual(await trained(back.page), trainBefore);
      await close(back.page, back.problems);
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

      // Names are checked by the spec parser: one line of error, the default network stays.
      const cases: [string, RegExp][] = [
        [await link({ v: 1, mode: "step", step: { ...step, yaml: `inputs: [1]\nlayers: [{activation: identity, units: ["<script>alert(1)</script>"], weights: 1}]\n` }, train }), /the link's network: link\.yaml:2:\d+: layers\[0\]\.units\[0\]: ".*" is not a name/],
        [await link({ v: 1, mode: "train", step, train: { ...train, options: { ...DEFAULT_TRAIN_OPTIONS, data: hostile } } }), /the link's training settings: --data: ".*" is neither a data set/],
        [await link({ v: 1, mode: "step", step: { ...step, selected: hostile, example: "module11-2-2-2" }, train }), /^$/],
        ["#s=z.%3Cscript%3Ealert(1)%3C%2Fscript%3E", /^the link is damaged/],
        [`#s=j.${Buffer.from(JSON.stringify({ v: 1, mode: "<b>x</b>" })).toString("base64url")}`, /^the link's state is not valid: mode: /],
      ];
      for (const [hash, expected] of cases) {
        const { page, problems } = await open(hash);
        await checks(page);
        const banner = page.getByTestId("error");
        const message = (await banner.textContent()) ?? "";
        assert.match(message, expected);
        assert.ok(!message.includes("\n"), "one line");
        if (message !== "") assert.equal(await banner.isVisible(), true);
        assert.equal(await page.getByTestId("step-button").isEnabled() || (await page.getByTestId("train-button").isEnabled()), true, "the playground still works");
        await close(page, problems);
      }
    });

    test("Train mode learns xor-easy to 100% accuracy, and the exported model predicts the same in the CLI", async () => {
      const { page, problems } = await open();
      await page.getByTestId("mode-train").click();
      assert.equal(await text(page, "epoch"), "0");
      assert.equal(await page.getByTestId("train-button").isEnabled(), true, "ready to play");
      assert.match(await text(page, "run-title"), /xor-easy \(21 points\)/);
      await page.getByTestId("train-button").click();
      await page.waitForFunction(() => document.querySelector("[data-testid=accuracy]")!.textContent === "100%", undefined, { timeout: 20_000 });
      await page.waitForFunction(() => Number(document.querySelector("[data-testid=epoch]")!.textContent) >= 300);
      await page.getByTestId("train-button").click();
      assert.equal(await text(page, "train-button"), "▶ Play");
      assert.equal(await text(page, "accuracy"), "100%");
      await page.screenshot({ path: join(SCREENSHOTS, "playground-train-desktop.png"), fullPage: true });

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
        const rows = await page.getByTestId("predictions").locator("tbody tr").evaluateAll((trs) =>
          trs.map((tr) => ({ predicted: tr.children[4].textContent, output: Number(tr.querySelector("[data-output='0']")!.textContent) })),
        );
        assert.equal(rows.length, 21);
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

    test("a phone-sized screen: no horizontal overflow in either mode", async () => {
      const { page, problems } = await open("", { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      for (let i = 0; i < 5; i++) await page.getByTestId("step-button").click();
      await page.getByTestId("unit-h1").click();
      assert.equal(await overflow(), 0, "step mode");
      await page.screenshot({ path: join(SCREENSHOTS, "playground-step-phone.png"), fullPage: true });
      await page.getByTestId("mode-train").click();
      await page.getByTestId("train-button").click();
      await page.waitForFunction(() => Number(document.querySelector("[data-testid=epoch]")!.textContent) >= 200);
      await page.getByTestId("train-button").click();
      assert.equal(await overflow(), 0, "train mode");
      await page.screenshot({ path: join(SCREENSHOTS, "playground-train-phone.png"), fullPage: true });
      await close(page, problems);
    });

    test("the keyboard alone: Tab reaches the mode tabs and the step button, Enter and Space work them", async () => {
      const { page, problems } = await open();
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? "");
      const tabTo = async (testid: string, key = "Tab") => {
        for (let i = 0; i < 80 && (await focused()) !== testid; i++) await page.keyboard.press(key);
        assert.equal(await focused(), testid, `Tab reaches ${testid}`);
      };
      await tabTo("mode-train");
      await page.keyboard.press("Enter");
      assert.equal(await page.locator("#panel-train").isVisible(), true);
      assert.equal(await page.locator("#panel-step").isVisible(), false);
      await tabTo("mode-step", "Shift+Tab");
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
      await close(page, problems);
    });
  });
}

