import { parameterInvalid, parameterMissing } from './comments-and-tasks';

/** Box's errors: search (`GET /search`). */

/** Neither `query` nor `mdfilters`: Box names the missing search `to_search`. */
export const searchTermMissing = () => parameterMissing('to_search');
/** `mdfilters` that is not one filter Box can run: `message` says what is wrong with it. */
export const metadataFilterInvalid = (message: string) => parameterInvalid('mdfilters', message);
