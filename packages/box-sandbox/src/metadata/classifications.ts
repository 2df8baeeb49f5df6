import { metadataTemplateInvalid } from '../errors';
import type { MetadataTemplate, OptionStaticConfig, TemplateOption } from '../store/metadata-templates';
import { isObject } from './skill-cards';

/**
 * Box's security classifications: an enterprise template of a fixed key,
 * `securityClassification-6VMVochwUWo`, whose one `enum` field, `Box__Security__Classification__Key`,
 * lists the enterprise's classification labels. Each label (an option) carries
 * `staticConfig.classification`: its definition and a `colorID`. The template is made, changed and
 * applied through the metadata endpoints like any other; these are the rules Box adds for it.
 */

export const CLASSIFICATION_TEMPLATE_KEY = 'securityClassification-6VMVochwUWo';
export const CLASSIFICATION_FIELD_KEY = 'Box__Security__Classification__Key';

/** Box's admin guide: a label's name has at most 40 characters, its definition 300, and there are at most 25. */
const LABEL_NAME_MAX = 40;
const DEFINITION_MAX = 300;
const LABELS_MAX = 25;
/** The colors Box maps `colorID` to (0 yellow ... 7 gray). */
const COLOR_IDS = 8;

export const isClassificationTemplate = (template: Pick<MetadataTemplate, 'scope' | 'templateKey'>) =>
  template.scope.startsWith('enterprise') && template.templateKey === CLASSIFICATION_TEMPLATE_KEY;

/**
 * An option's `staticConfig`, as Box's classification endpoints take it:
 * `{classification: {classificationDefinition?, colorID?}}`. `name` is its place in the body.
 */
export function staticConfigInput(raw: unknown, name: string): OptionStaticConfig {
  const refuse = (at: string, why: string) => metadataTemplateInvalid(name, `'${name}${at}' ${why}`);
  if (!isObject(raw)) throw refuse('', 'must be {classification: {classificationDefinition, colorID}}');
  for (const key of Object.keys(raw))
    if (key !== 'classification') throw refuse('', `has no '${key.slice(0, 100)}': only 'classification'`);
  if (raw.classification === undefined) return {};
  const classification = raw.classification;
  if (!isObject(classification)) throw refuse('.classification', 'must be an object');
  for (const key of Object.keys(classification))
    if (key !== 'classificationDefinition' && key !== 'colorID')
      throw refuse('.classification', `has no '${key.slice(0, 100)}'`);
  const { classificationDefinition: definition, colorID } = classification;
  if (definition !== undefined && (typeof definition !== 'string' || definition.length > DEFINITION_MAX))
    throw refuse(
      '.classification.classificationDefinition',
      `must be a text of at most ${DEFINITION_MAX} characters`,
    );
  if (
    colorID !== undefined &&
    !(typeof colorID === 'number' && Number.isInteger(colorID) && colorID >= 0 && colorID < COLOR_IDS)
  )
    throw refuse('.classification.colorID', `must be a whole number from 0 to ${COLOR_IDS - 1}`);
  return {
    classification: {
      ...(typeof definition === 'string' ? { classificationDefinition: definition } : {}),
      ...(typeof colorID === 'number' ? { colorID } : {}),
    },
  };
}

/**
 * A label's `staticConfig` after an `editEnumOption` that gives `change`: what the change names
 * replaces what the label had, and the rest stays.
 */
export function mergedStaticConfig(
  current: OptionStaticConfig | undefined,
  change: OptionStaticConfig,
): OptionStaticConfig {
  if (!change.classification) return current ?? change;
  return { classification: { ...current?.classification, ...change.classification } };
}

/**
 * What Box holds a classification template to: exactly one field, the `enum`
 * `Box__Security__Classification__Key`, with at most 25 labels of at most 40 characters.
 * `at` names the body or operation at fault.
 */
export function checkClassificationTemplate(template: Pick<MetadataTemplate, 'fields'>, at: string): void {
  const [field, ...others] = template.fields;
  if (!field || others.length > 0 || field.type !== 'enum' || field.key !== CLASSIFICATION_FIELD_KEY)
    throw metadataTemplateInvalid(
      at,
      `The classification template has exactly one field: the 'enum' field '${CLASSIFICATION_FIELD_KEY}'`,
    );
  const labels: TemplateOption[] = field.options ?? [];
  if (labels.length > LABELS_MAX)
    throw metadataTemplateInvalid(at, `An enterprise has at most ${LABELS_MAX} classification labels`);
  const long = labels.find((label) => label.key.length > LABEL_NAME_MAX);
  if (long)
    throw metadataTemplateInvalid(
      at,
      `A classification label has at most ${LABEL_NAME_MAX} characters: '${long.key.slice(0, 100)}'`,
    );
}
