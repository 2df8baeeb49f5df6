import type { MetadataTemplate } from '../store/metadata-templates';

/**
 * Box's global templates, the same for every enterprise, built in rather than stored:
 * `global.properties` (free-form key/value strings, Content Sidebar's "Custom Metadata") and
 * `global.boxSkillsCards` (Box Skills cards, the sidebar's Skills panel). Neither has template
 * fields: their instances follow rules of their own (metadata/values.ts, metadata/skill-cards.ts).
 */

export const GLOBAL_SCOPE = 'global';
export const PROPERTIES_TEMPLATE = 'properties';
export const SKILLS_TEMPLATE = 'boxSkillsCards';

const GLOBAL_TEMPLATES: readonly MetadataTemplate[] = [
  {
    id: 'c1ab2c2e-0f3c-4a8e-9d0a-5f0c7c1d0001',
    scope: GLOBAL_SCOPE,
    templateKey: PROPERTIES_TEMPLATE,
    displayName: 'Properties',
    hidden: false,
    copyInstanceOnItemCopy: false,
    fields: [],
    typeVersion: 0,
  },
  {
    id: 'c1ab2c2e-0f3c-4a8e-9d0a-5f0c7c1d0002',
    scope: GLOBAL_SCOPE,
    templateKey: SKILLS_TEMPLATE,
    displayName: 'Box Skills Cards',
    hidden: true,
    copyInstanceOnItemCopy: false,
    fields: [],
    typeVersion: 0,
  },
];

export const globalTemplates = (): readonly MetadataTemplate[] => GLOBAL_TEMPLATES;

export const globalTemplate = (templateKey: string): MetadataTemplate | undefined =>
  GLOBAL_TEMPLATES.find((t) => t.templateKey === templateKey);

export const globalTemplateById = (id: string): MetadataTemplate | undefined =>
  GLOBAL_TEMPLATES.find((t) => t.id === id);
