// Opens an HTML report in headless Chromium and checks it the way a reader would meet it:
// no console errors, nothing fetched (the page must be self-contained), every chart's SVG
// present and non-empty; saves a full-page screenshot and an A4 PDF, and reports the page count.
//
// usage: node report.mjs REPORT.html OUT_PREFIX
// prints one JSON line: { ok, errors[], charts, pages, screenshot, pdf }; exits 1 on failure.
import { args, captureErrors, launch } from "./chromium.mjs";
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";

const [html, prefix] = args(2, "usage: node report.mjs REPORT.html OUT_PREFIX");
const errors = [];
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const url = pathToFileURL(html).href;
  captureErrors(page, errors);
  page.on("requestfailed", (req) => errors.push(`failed request: ${req.url()}`));
  page.on("request", (req) => {
    if (req.url() !== url) errors.push(`request: ${req.url()}`);
  });
  await page.goto(url, { waitUntil: "load" });

  const charts = await page.$$eval("figure.chart", (figures) =>
    figures.map((f) => {
      const svg = f.querySelector("svg");
      if (!svg) return { id: f.id, ok: false, why: "no svg" };
      const box = svg.getBoundingClientRect();
      const marks = svg.querySelectorAll("polygon, polyline, rect, circle, line, text").length;
      return { id: f.id, ok: box.width > 50 && box.height > 50 && marks > 5, width: box.width, height: box.height, marks };
    }),
  );
  for (const c of charts) if (!c.ok) errors.push(`chart ${c.id} empty: ${JSON.stringify(c)}`);
  if (charts.length === 0) errors.push("no chart in the report");

  const screenshot = `${prefix}.png`;
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.emulateMedia({ media: "print" });
  const pdf = `${prefix}.pdf`;
  await page.pdf({ path: pdf, format: "A4", printBackground: true, preferCSSPageSize: true });
  const pages = (readFileSync(pdf, "latin1").match(/\/Type\s*\/Page(?![s\w])/g) || []).length;

  console.log(JSON.stringify({ ok: errors.length === 0, errors, charts, pages, screenshot, pdf }));
  process.exitCode = errors.length === 0 ? 0 : 1;
} finally {
  await browser.close();
}
