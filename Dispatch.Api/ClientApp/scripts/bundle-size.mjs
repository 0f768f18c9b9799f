// The console's initial load, gzip: what the browser fetches for the first screen (index.html's script, the modules it preloads
// and its stylesheets), and, per screen, the chunks its route loads on top. Reads the build in ../wwwroot (npm run build first).
//   npm run bundle-size            # a table
//   npm run bundle-size -- --json  # for the benchmark command
import { readFileSync, readdirSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

const root = fileURLToPath(new URL('../../wwwroot/', import.meta.url))
const html = readFileSync(join(root, 'index.html'), 'utf8')
const gz = (file) => gzipSync(readFileSync(join(root, file)), { level: 9 }).length
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1])
const sizes = Object.fromEntries(initial.map((f) => [f, gz(f)]))
const js = initial.filter((f) => f.endsWith('.js')).reduce((n, f) => n + sizes[f], 0)
const css = initial.filter((f) => f.endsWith('.css')).reduce((n, f) => n + sizes[f], 0)

// A screen: its route's chunk and everything Vite preloads with it (the entry's __vite__mapDeps list for that import), CSS included.
const entry = initial.find((f) => /^assets\/index-.*\.js$/.test(f))
const entryText = readFileSync(join(root, entry), 'utf8')
const deps = JSON.parse(entryText.match(/m\.f=(\[[^\]]*\])/)?.[1] ?? '[]')
function screen(name) {
  const call = entryText.match(new RegExp(`import\\("\\./${name}-[\\w-]+\\.js"\\),__vite__mapDeps\\(\\[([\\d,]*)\\]\\)`))
  const files = (call?.[1] ?? '').split(',').filter(Boolean).map((i) => deps[Number(i)])
  return files.filter((f) => !initial.includes(f)).reduce((n, f) => n + gz(f), 0)
}
const screens = Object.fromEntries(['AgentDeskView', 'WorkbenchView', 'CaseView', 'DispatchView', 'SupervisionView', 'LiveView', 'FigureCasesView', 'MonthlyAssessmentView'].map((s) => [s, screen(s)]))

const kb = (n) => (n / 1024).toFixed(1)
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ initialJsGzip: js, initialCssGzip: css, initialGzip: js + css, screensGzip: screens }))
} else {
  console.log(`initial load (gzip): ${kb(js + css)} KB — JS ${kb(js)} KB, CSS ${kb(css)} KB (${initial.length} files)`)
  for (const [name, bytes] of Object.entries(screens)) console.log(`  + ${name}: ${kb(bytes)} KB`)
}
