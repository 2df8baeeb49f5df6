import type { Request, Response } from 'express';
import { callerOf } from '../auth/caller';
import type { SandboxContext } from '../context';
import { GLOBAL_SCOPE, SKILLS_TEMPLATE, globalTemplate } from '../metadata/global-templates';
import { skillInvocationInput } from '../metadata/skill-invocations';
import { jsonBody } from './params';

/**
 * `PUT /skill_invocations/:skill_id`: a Box Skill reports on its invocation and sets every skill
 * card of the file at once: the file's `global.boxSkillsCards` instance is made, or its cards
 * replaced. Box answers 200 with no body. The sandbox runs no skills, so any skill id is taken;
 * the caller needs what changing the file's metadata needs (Box hands a skill a token for the file).
 */
export function skillInvocationHandlers(ctx: SandboxContext) {
  const { store, access } = ctx;
  const skillsTemplate = globalTemplate(SKILLS_TEMPLATE)!;

  return {
    update(req: Request, res: Response) {
      const invocation = skillInvocationInput(jsonBody(req));
      const file = access.file(callerOf(req), invocation.fileId, 'metadata');
      // The version named, if any, must be one of the file's (404 otherwise).
      if (invocation.fileVersionId !== undefined) access.versionOf(file, invocation.fileVersionId);
      store.transaction(() => {
        const current = store.metadataInstances.get(file.id, GLOBAL_SCOPE, SKILLS_TEMPLATE);
        if (current) store.metadataInstances.update(current.id, invocation.cards, skillsTemplate.typeVersion);
        else
          store.metadataInstances.create(
            file.id,
            GLOBAL_SCOPE,
            SKILLS_TEMPLATE,
            invocation.cards,
            skillsTemplate.typeVersion,
          );
      });
      res.status(200).end();
    },
  };
}
