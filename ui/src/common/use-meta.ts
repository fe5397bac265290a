// Hooks over the metadata cache; they reload when the language changes because titles come localised.
import { fetchEntityMeta, fetchEntitySummaries } from '../api/meta-api';
import type { EntityMeta, EntitySummary } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { useAsync, type AsyncState } from './use-async';

export function useEntityMeta(entity: string): AsyncState<EntityMeta> {
  const { locale } = useI18n();
  return useAsync(() => fetchEntityMeta(entity), [entity, locale]);
}

export function useEntitySummaries(): AsyncState<Map<string, EntitySummary>> {
  return useAsync(() => fetchEntitySummaries(), []);
}
