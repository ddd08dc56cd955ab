/**
 * Stands in for zod inside the app bundles (weapp and H5), for imports made by shared-types only.
 * shared-types builds its zod schemas when a file is imported, but the app uses only its types,
 * constants (CONSENT_TEXTS, RELATION_LABELS) and pure functions, and zod would add ~100 KB to the
 * weapp main package. Every schema becomes an inert value; validating with one throws loudly.
 */
const VALIDATORS = ['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'spa', 'decode', 'encode'];

function fail() {
  throw new Error('zod is not bundled in the miniapp: validate on the BFF, or import a pure function');
}

const handler = {
  get(_target, prop) {
    if (VALIDATORS.includes(prop)) return fail;
    if (prop === 'then') return undefined; // not a thenable
    return inert;
  },
  apply() {
    return inert;
  },
};

const inert = new Proxy(function zodInert() {}, handler);

module.exports = inert;
module.exports.z = inert;
module.exports.default = inert;
module.exports.__esModule = true;
