// Copy the front-end files the templates use from node_modules into static/vendor/.
// Run after `npm ci`; static/vendor/ is generated and never committed (see .gitignore).
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "static", "vendor");

const files = {
  "@utrecht/component-library-css/dist/index.css": "utrecht/component-library.css",
  "@utrecht/component-library-css/LICENSE.md": "utrecht/LICENSE-component-library.md",
  "@utrecht/design-tokens/dist/theme.css": "utrecht/design-tokens.css",
  "@utrecht/design-tokens/LICENSE.md": "utrecht/LICENSE-design-tokens.md",
  "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
  "htmx.org/LICENSE": "htmx/LICENSE",
};

rmSync(target, { recursive: true, force: true });
for (const [from, to] of Object.entries(files)) {
  const destination = join(target, to);
  mkdirSync(dirname(destination), { recursive: true });
  copyFileSync(join(root, "node_modules", from), destination);
  console.log(`static/vendor/${to}`);
}
