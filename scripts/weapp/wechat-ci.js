/**
 * Runs WeChat's own checks from miniprogram-ci on dist/weapp and prints them as one JSON line, the
 * last line of stdout (miniprogram-ci logs its own progress there before it):
 * `node scripts/weapp/wechat-ci.js [projectPath]`. Only the two calls that work offline are used:
 * checkCodeQuality (the devtools' 代码质量扫描) and analyseCode (代码静态依赖分析). Compiling
 * (getCompiledResult), preview and upload first ask servicewechat.com for a signing nonce and
 * fail here with `getaddrinfo ENOTFOUND servicewechat.com` (miniprogram-ci 2.1.42).
 *
 * A script of its own because miniprogram-ci leaves a file watcher open after either call: the
 * process exits explicitly once the answer is printed.
 */
const path = require('node:path');
const ci = require('miniprogram-ci');

async function main() {
  const projectPath = path.resolve(process.argv[2] ?? path.join(__dirname, '../../dist/weapp'));
  const project = new ci.Project({
    appid: require('../../project.config.json').appid,
    type: 'miniProgram',
    projectPath,
    // Required by the constructor, never used by these two calls (they sign nothing).
    privateKey: 'placeholder: checkCodeQuality and analyseCode do not sign',
  });
  const quality = await ci.checkCodeQuality(project);
  const analysis = await ci.analyseCode(project);
  return {
    quality: quality.map(({ name, success, text, detail }) => ({ name, success, text, detail })),
    files: analysis.files.map(({ path: p, moduleId, subPackage }) => ({ path: p, moduleId, subPackage })),
    modules: analysis.modules.map(({ id, type, path: p, errors, deps }) => ({
      id,
      type,
      path: p,
      errors: errors ?? [],
      depErrors: (deps ?? []).filter((d) => d.error).map((d) => ({ request: d.request, error: String(d.error) })),
    })),
  };
}

main().then(
  (result) => {
    // Exit once the line is out: a pipe takes 64 KB at a time.
    process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
