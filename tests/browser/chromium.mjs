// What both browser scripts share: the command-line check, the system Chromium launched headless
// with nothing reaching out on its own, and the capture of the page's errors.
import { chromium } from "playwright-core";

/** The script's arguments, or the usage line on stderr and exit 2 when one is missing. */
export function args(count, usage) {
  const given = process.argv.slice(2);
  if (given.length < count || given.slice(0, count).some((a) => !a)) {
    console.error(usage);
    process.exit(2);
  }
  return given;
}

/** The system Chromium (PLATFORM_AUDIT_CHROMIUM, else /usr/bin/chromium), headless. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.PLATFORM_AUDIT_CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Pushes onto `errors` every console error and uncaught exception of `page`. */
export function captureErrors(page, errors) {
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`page error: ${err.message}`));
}
