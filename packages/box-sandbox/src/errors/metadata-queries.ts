import { BoxError } from './box-error';
import { badRequest } from './requests';

/** Box's errors: metadata queries. */

/** A query that does not parse, names a field the template lacks, or compares what cannot be; `message` says which. */
export const metadataQueryInvalid = (message: string) => new BoxError(400, 'invalid_query', message);
/** An argument of `query` that `query_params` does not have. */
export const metadataQueryParamMissing = (name: string) =>
  new BoxError(
    400,
    'unexpected_json_type',
    `The query argument ':${name.slice(0, 100)}' is not in 'query_params'`,
  );
/**
 * `query_params` longer, written as JSON, than the sandbox takes: as much as a query may be. They
 * are the query's values (its LIKE patterns among them), so the query's own bound holds for them.
 */
export const metadataQueryParamsTooLong = (max: number) =>
  new BoxError(400, 'invalid_query', `'query_params' is longer than ${max} characters (as JSON)`);
/** `from` names no template of the enterprise. */
export const metadataQueryTemplateNotFound = () =>
  new BoxError(
    404,
    'instance_not_found',
    "The template was not found. Please make sure to use the full template scope including the enterprise ID, like 'enterprise_12345'.",
  );
/** A marker that is not one of ours, or that was made for a different query. */
export const metadataQueryMarkerInvalid = () =>
  badRequest("Invalid value for 'marker': it must come from a page of the same query");
