/**
 * The size limits of every user's account, as `GET /users/me` reports them (`max_upload_size`,
 * `space_amount`) and as uploads enforce them. One pair for the whole sandbox: Box sets them per
 * user (by plan, or by an admin); the sandbox has no plans and no admin console.
 */
export interface AccountLimits {
  /** The largest file a user may upload, in bytes: over it, 403 `file_size_limit_exceeded`. */
  maxUploadSize: number;
  /** What a user may store in all, old versions included: past it, 403 `storage_limit_exceeded`. */
  spaceAmount: number;
}

/** What Box reports for an app user in its own SDKs' test fixtures: 15 GiB per file, 10 GiB in all. */
export const BOX_ACCOUNT_LIMITS: AccountLimits = {
  maxUploadSize: 15 * 1024 ** 3,
  spaceAmount: 10 * 1024 ** 3,
};

/** `given`, with Box's value for whatever it leaves out. */
export function accountLimits(given: Partial<AccountLimits> = {}): AccountLimits {
  return {
    maxUploadSize: given.maxUploadSize ?? BOX_ACCOUNT_LIMITS.maxUploadSize,
    spaceAmount: given.spaceAmount ?? BOX_ACCOUNT_LIMITS.spaceAmount,
  };
}
