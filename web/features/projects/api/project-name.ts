/** The new-project form: Harbor's name rule as the server declares it, ticked while typing. */
import { PROJECT_NAME_RULES } from '../../../../server/api/contracts/rules/names';
import { followsRules, type Rule } from '../../../lib/rules';
import { z } from '../../../lib/zod';

/** Harbor's project name rule, shown while typing: the one the server refuses with. */
export const projectNameRules: readonly Rule[] = PROJECT_NAME_RULES;

export const createProjectSchema = z.object({
  project_name: z.string().refine(followsRules(projectNameRules), 'The name does not follow the rules below.'),
  public: z.boolean(),
});
export type CreateProjectInput = z.infer<typeof createProjectSchema>;
