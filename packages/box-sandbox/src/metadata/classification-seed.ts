import { randomUUID } from 'node:crypto';
import type { SandboxStore } from '../store';
import { CLASSIFICATION_FIELD_KEY, CLASSIFICATION_TEMPLATE_KEY } from './classifications';
import { enterpriseScope } from './scopes';

/**
 * The classification labels a new sandbox enterprise starts with, as if its admin had set up
 * classification in Box's Admin Console: an app can list, apply and show classifications (Content
 * Sidebar's and Content Sharing's `classification`) from the first start. Box's own SDK tests
 * expect such an enterprise too. The labels are the enterprise's to change or delete like any
 * others (`DELETE .../securityClassification-6VMVochwUWo/schema` removes them all); nothing adds
 * them back.
 */
const LABELS = [
  { key: 'Sensitive', classificationDefinition: 'Sensitive information', colorID: 4 },
  { key: 'Public', classificationDefinition: 'Information anyone may see', colorID: 6 },
];

/** For a new enterprise only (provision.ts makes sure): it has no classification template yet. */
export function seedClassifications(store: SandboxStore, enterpriseId: string): void {
  const scope = enterpriseScope(enterpriseId);
  store.metadataTemplates.create({
    scope,
    templateKey: CLASSIFICATION_TEMPLATE_KEY,
    displayName: 'Classification',
    hidden: false,
    copyInstanceOnItemCopy: true,
    fields: [
      {
        id: randomUUID(),
        type: 'enum',
        key: CLASSIFICATION_FIELD_KEY,
        displayName: 'Classification',
        hidden: false,
        options: LABELS.map(({ key, ...classification }) => ({
          id: randomUUID(),
          key,
          staticConfig: { classification },
        })),
      },
    ],
  });
}
