// Regenerates src/api/schema.d.ts from the API's OpenAPI document, so that the console's types are the API's.
//   npm run api-types                                 # from the Api that deploy/local/up runs (127.0.0.1:5080, Development)
//   npm run api-types -- http://127.0.0.1:5099/openapi/v1.json
//   npm run api-types -- ../../.dispatch-local/openapi-v1.json   # the document OpenApiLintSpecs leaves behind
// Commit the result: the build type-checks against it, and a field the API renamed fails the build, not a call.
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString } from 'openapi-typescript'

const source = process.argv[2] ?? 'http://127.0.0.1:5080/openapi/v1.json'
const target = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url))

const text = /^https?:\/\//.test(source)
  ? await fetch(source).then((r) => {
      if (!r.ok) throw new Error(`${source} answered ${r.status}`)
      return r.text()
    })
  : await readFile(source, 'utf8')
const document = JSON.parse(text)
const ast = await openapiTS(document, { alphabetize: true })
const header =
  '// Generated from the API\'s OpenAPI document by scripts/generate-api-types.mjs (npm run api-types). Do not edit.\n' +
  `// ${document.info?.title ?? 'Dispatch API'} ${document.info?.version ?? ''}\n\n`
await writeFile(target, header + astToString(ast))
console.log(`wrote ${target} from ${source}`)
