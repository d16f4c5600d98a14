// Drives the exported HTML form in headless Chromium, as a respondent would: types a name, picks
// a role, answers every question (keyboard for one of them), checks the progress counter and the
// autosave (by reloading the page), then downloads the answers file.
//
// Usage: node form.mjs FORM.html ANSWERS.json OUT.toml
// ANSWERS.json: { "name": "...", "role": "...", "answers": { "<question id>":
//   { "radio": "<value>" } | { "type": "<text>" } | { "keyboard": <arrow-down presses> },
//   with an optional "note" } }
// Prints a JSON summary on stdout; exits non-zero on any failure.
import { args, captureErrors, launch } from "./chromium.mjs";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [formPath, answersPath, outPath] = args(3, "usage: node form.mjs FORM.html ANSWERS.json OUT.toml");
const spec = JSON.parse(readFileSync(answersPath, "utf8"));

const browser = await launch();
const failures = [];
try {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const network = [];
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith("file:") && !url.startsWith("blob:") && !url.startsWith("data:")) {
      network.push(url);
    }
  });
  const errors = [];
  captureErrors(page, errors);

  await page.goto(pathToFileURL(path.resolve(formPath)).href);

  // Every form control has an accessible name (a label).
  const unlabelled = await page.evaluate(() =>
    Array.from(document.querySelectorAll("input, select, textarea"))
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label"))
      .map((el) => el.id || el.name),
  );
  if (unlabelled.length) failures.push(`controls without a label: ${unlabelled.join(", ")}`);

  // Before any answer: "answer expected" is a quiet hint, not a warning; the time left and a
  // download button sit in the sticky bar.
  const hint = await page.evaluate(() => {
    const required = document.querySelector("fieldset.question[data-optional=false] .hint");
    const muted = getComputedStyle(document.documentElement).getPropertyValue("--muted").trim();
    const probe = document.createElement("span");
    probe.style.color = muted;
    document.body.appendChild(probe);
    const expected = getComputedStyle(probe).color;
    probe.remove();
    return { color: getComputedStyle(required).color, expected };
  });
  if (hint.color !== hint.expected) failures.push(`the required hint is ${hint.color} before any answer, expected the muted ${hint.expected}`);
  const timeLeft = await page.textContent("#time-left");
  if (!/\d/.test(timeLeft)) failures.push(`no time left shown: "${timeLeft}"`);
  if (!(await page.locator("header.top #download-top").count())) failures.push("no download button in the sticky bar");

  await page.fill("#respondent-name", spec.name);
  await page.selectOption("#respondent-role", spec.role);

  const ids = Object.keys(spec.answers);
  for (const qid of ids) {
    const a = spec.answers[qid];
    const fs = page.locator(`fieldset[data-qid="${qid}"]`);
    if (a.keyboard !== undefined) {
      // Keyboard only: focus the first radio, move with the arrow keys (which also selects).
      await fs.locator("input[type=radio]").first().focus();
      await page.keyboard.press("Space");
      for (let i = 0; i < a.keyboard; i++) await page.keyboard.press("ArrowDown");
    } else if (a.ticks !== undefined) {
      for (const t of a.ticks) await fs.locator(`input.tick[value="${t}"]`).check();
    } else if (a.radio !== undefined) {
      await fs.locator(`input[type=radio][value="${a.radio}"]`).check();
    } else if (a.type !== undefined) {
      await fs.locator(".value").fill(a.type);
    }
    if (a.note) await fs.locator("textarea.note").fill(a.note);
  }

  // Every answer counted (and so saved: the form saves as it counts) before the reload.
  const answeredIs = (n) =>
    page
      .waitForFunction((k) => Number(document.querySelector("#answered-count").textContent) === k, n, { timeout: 10000 })
      .then(() => true, () => false);
  await answeredIs(ids.length);
  const shown = Number(await page.textContent("#answered-count"));
  if (shown !== ids.length) failures.push(`progress shows ${shown} answered, expected ${ids.length}`);
  const total = await page.locator("fieldset.question").count();
  const leftAfter = await page.textContent("#time-left");
  if (ids.length === total && leftAfter !== "") failures.push(`time left "${leftAfter}" once every question is answered`);

  // Autosave: a reload brings every answer back from local storage.
  await page.reload();
  const restoredName = await page.inputValue("#respondent-name");
  if (restoredName !== spec.name) failures.push(`name after reload: "${restoredName}"`);
  const restored = Number(await page.textContent("#answered-count"));
  if (restored !== ids.length) failures.push(`after reload ${restored} answered, expected ${ids.length}`);

  // Wait until the restored answers are on the page, then download; a download that does not
  // come says why (the form's status line explains what it refused).
  if (!(await answeredIs(ids.length))) {
    throw new Error(`after reload ${await page.textContent("#answered-count")} answered, expected ${ids.length}; failures so far: ${failures.join(" | ")}`);
  }
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 15000 }).catch(async (e) => {
      throw new Error(`no download (${e.message}); status: ${await page.textContent("#status")}`);
    }),
    page.click("#download"),
  ]);
  await download.saveAs(outPath);
  const status = await page.textContent("#status");

  if (network.length) failures.push(`network requests: ${network.join(", ")}`);
  if (errors.length) failures.push(`page errors: ${errors.join(" | ")}`);
  console.log(
    JSON.stringify({
      suggested: download.suggestedFilename(),
      status,
      answered: restored,
      failures,
    }),
  );
} finally {
  await browser.close();
}
process.exit(failures.length ? 1 : 0);
