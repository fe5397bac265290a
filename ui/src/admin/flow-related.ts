// A timer's `unlessRelated` ("not done once a related record was created since entering the state"): the ways a
// record of another entity can be related to the flow's record, as the engine reads them
// (engine/workflow/timer-job.ts): its ref `field` points at the record itself, or (with `via`) at the same record one
// of the flow record's own ref fields points at (an activity on the quote's customer).
// No imports: the units run it under node as it is.

/** A ref field of an entity and the entity it points at (GET /api/meta/entities, `references`). */
export interface Reference {
  field: string;
  target: string;
}

export interface RelatedLink {
  field: string;
  via?: string;
}

export interface UnlessRelated extends RelatedLink {
  entity: string;
}

/** How records of `other` (its ref fields `theirs`) can relate to a record of `entity` (its ref fields `ours`). */
export function relatedLinks(entity: string, ours: readonly Reference[], theirs: readonly Reference[]): RelatedLink[] {
  return theirs.flatMap((r) => [
    ...(r.target === entity ? [{ field: r.field }] : []),
    ...ours.filter((o) => o.target === r.target).map((o) => ({ field: r.field, via: o.field })),
  ]);
}

/** The entities whose records can relate to a record of `entity` in one of those ways. */
export function relatableEntities(entity: string, references: ReadonlyMap<string, readonly Reference[]>): string[] {
  const ours = references.get(entity) ?? [];
  return [...references.entries()].filter(([, theirs]) => relatedLinks(entity, ours, theirs).length > 0).map(([name]) => name);
}

/** A link as a select's value and back ("customer" / "customer@customer"). */
export const linkKey = (link: RelatedLink): string => (link.via ? `${link.field}@${link.via}` : link.field);

export function unlessRelatedOf(entity: string, key: string): UnlessRelated {
  const [field, via] = key.split('@');
  return via ? { entity, field: field!, via } : { entity, field: field! };
}
