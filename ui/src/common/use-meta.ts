// Hooks over the metadata cache; they reload when the language changes (titles come localised) and when an
// administrator changes the model from this page (a new custom field shows in open forms and lists at once).
import { useSyncExternalStore } from 'react';
import { currentModelVersion, fetchEntityMeta, fetchEntitySummaries, onModelChange } from '../api/meta-api';
import type { EntityMeta, EntitySummary } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { useAsync, type AsyncState } from './use-async';

/** A number that changes whenever the model does. */
export function useModelVersion(): number {
  return useSyncExternalStore(onModelChange, currentModelVersion);
}

/** One entity's metadata; with no entity (none picked yet) nothing is loaded and `data` stays undefined. */
export function useEntityMeta(entity: string | undefined): AsyncState<EntityMeta | undefined> {
  const { locale } = useI18n();
  const model = useModelVersion();
  return useAsync(() => (entity ? fetchEntityMeta(entity) : Promise.resolve(undefined)), [entity, locale, model]);
}

export function useEntitySummaries(): AsyncState<Map<string, EntitySummary>> {
  const model = useModelVersion();
  return useAsync(() => fetchEntitySummaries(), [model]);
}
