import { z } from 'zod';

/**
 * zod 4 decides at schema construction whether to compile parsers with `new Function`, probing it
 * once; the page's CSP (no unsafe-eval) reports the probe as a violation even though zod catches
 * it. Import this module before any module that builds schemas (before @healthpocket/shared-types).
 */
z.config({ jitless: true });
