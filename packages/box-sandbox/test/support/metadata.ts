import type { BoxClient } from 'box-node-sdk';
import type { MetadataTemplate } from 'box-node-sdk/schemas';
import type { TestSandbox } from './sandbox';

/** A template with one field of each type Box offers, under a key unique to the test. */
export async function contractTemplate(
  client: BoxClient,
  templateKey: string,
  options: { copyInstanceOnItemCopy?: boolean } = {},
): Promise<MetadataTemplate> {
  return client.metadataTemplates.createMetadataTemplate({
    scope: 'enterprise',
    templateKey,
    displayName: `Contract ${templateKey}`,
    copyInstanceOnItemCopy: options.copyInstanceOnItemCopy ?? false,
    fields: [
      { type: 'string', key: 'customer', displayName: 'Customer' },
      { type: 'float', key: 'amount', displayName: 'Amount' },
      { type: 'date', key: 'signed', displayName: 'Signed' },
      {
        type: 'enum',
        key: 'status',
        displayName: 'Status',
        options: [{ key: 'draft' }, { key: 'review' }, { key: 'final' }],
      },
      {
        type: 'multiSelect',
        key: 'regions',
        displayName: 'Regions',
        options: [{ key: 'EU' }, { key: 'US' }, { key: 'APAC' }],
      },
    ],
  });
}

export interface RawAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** A raw JSON request to the sandbox, for what the SDK hides (a body it would refuse to send, say). */
export async function rawJson(
  sandbox: Pick<TestSandbox, 'url'>,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<RawAnswer> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The `$` properties every instance has, as Box shows them. */
export const instanceProperties = (fields: {
  templateKey: string;
  scope: string;
  parent: string;
  version?: number;
  canEdit?: boolean;
}) => ({
  $type: expect.stringMatching(new RegExp(`^${fields.templateKey}-[0-9a-f-]{36}$`)),
  $parent: fields.parent,
  $id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  $version: fields.version ?? 0,
  $typeVersion: expect.any(Number),
  $template: fields.templateKey,
  $scope: fields.scope,
  $canEdit: fields.canEdit ?? true,
});
