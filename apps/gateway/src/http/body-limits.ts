import type { JsonBodyLimits } from '@ovation/http';

/** The API's request bodies (docs/api.md, "Limits"): none comes near either bound, as they are flat objects of a few fields. */
export const API_BODY_LIMITS: JsonBodyLimits = { maxBytes: 100 * 1024, maxDepth: 32 };
