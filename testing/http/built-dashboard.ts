// Test helper (imported by *.test.ts only): a built dashboard in a temporary dist/ folder, as `npm run build`
// leaves it, with a stand-in for the daemon-side renderer (dist/web-ssr/render-first-look.js).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * index.html naming its stylesheet, and beside it a renderer whose body is `render` (given `template` and
 * `rendered`, the RenderedFirstLook parsed from the JSON the daemon sends).
 */
export async function builtDashboard(render: string): Promise<{ webRoot: string; remove: () => Promise<void> }> {
  const dist = await mkdtemp(join(tmpdir(), 'porthole-dist-'));
  const webRoot = join(dist, 'web');
  await mkdir(join(webRoot, 'assets'), { recursive: true });
  await mkdir(join(dist, 'web-ssr'));
  // As in the project: its package.json makes dist's .js files ES modules.
  await writeFile(join(dist, 'package.json'), '{ "type": "module" }');
  await writeFile(
    join(webRoot, 'index.html'),
    '<!doctype html><html lang="en"><head><link rel="stylesheet" crossorigin href="/assets/index-abc.css"></head><body><div id="root"></div></body></html>',
  );
  await writeFile(join(webRoot, 'assets', 'index-abc.css'), '.table{display:grid}');
  await writeFile(
    join(dist, 'web-ssr', 'render-first-look.js'),
    `export function renderFirstLookPage(template, renderedJson) {\nconst rendered = JSON.parse(renderedJson);\n${render}\n}`,
  );
  return { webRoot, remove: () => rm(dist, { recursive: true, force: true }) };
}
