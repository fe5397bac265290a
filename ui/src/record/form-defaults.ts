// One setting for how @rjsf fills defaults, used by the form and by the editor's own copy of the form state:
// were they to differ, a freshly opened form would count as changed. Only declared defaults are filled; an
// enum's first option is not a default.
import { getDefaultFormState, type Experimental_DefaultFormStateBehavior } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import type { JsonSchema } from '../api/types';
import type { FormData } from './form-data';

export const DEFAULT_BEHAVIOR: Experimental_DefaultFormStateBehavior = { constAsDefaults: 'never', emptyObjectFields: 'skipEmptyDefaults' };

export function withDefaults(schema: JsonSchema, data: FormData): FormData {
  return getDefaultFormState(validator, schema as never, data, schema as never, false, DEFAULT_BEHAVIOR) as FormData;
}
