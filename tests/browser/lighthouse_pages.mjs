// Lighthouse (the pinned npm package, its default mobile settings) on several pages with one Chromium:
//   node lighthouse_pages.mjs OUT_PREFIX URL NAME [URL NAME ...]
// writes OUT_PREFIX-NAME.report.json and .report.html for each page, as the CLI's --output-path does.
// One browser for all the pages saves its start-up per page; Lighthouse resets the storage before
// each run, so every page is measured from an empty cache as with a browser of its own.
// CHROME_PATH names the browser; CHROME_FLAGS its flags; CATEGORIES the categories to score.
import fs from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [prefix, ...pages] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: process.env.CHROME_FLAGS.split(" "),
});
try {
  for (let i = 0; i < pages.length; i += 2) {
    const [url, name] = [pages[i], pages[i + 1]];
    const result = await lighthouse(url, {
      port: chrome.port,
      output: ["json", "html"],
      onlyCategories: process.env.CATEGORIES.split(","),
      disableFullPageScreenshot: true, // no category scores it; the tests take their own screenshots
      logLevel: "error",
    });
    fs.writeFileSync(`${prefix}-${name}.report.json`, result.report[0]);
    fs.writeFileSync(`${prefix}-${name}.report.html`, result.report[1]);
  }
} finally {
  await chrome.kill();
}
