// Jest transformer: strips types with esbuild (no type-checking here; `npm test` runs tsc alongside jest).
const esbuild = require('esbuild');

module.exports = {
  process(source, filename) {
    const result = esbuild.transformSync(source, {
      loader: filename.endsWith('.ts') ? 'ts' : 'js',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: filename,
    });
    return { code: result.code };
  },
};
