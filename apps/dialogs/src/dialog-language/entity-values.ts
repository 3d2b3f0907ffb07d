import { DialogEntity } from '@actionhub/contracts';

export type EntityInput = string | number | boolean;

export interface EntityCheck {
  values: Record<string, EntityInput>;
  /** Required entities with no usable value, in definition order. */
  missing: DialogEntity[];
}

// "Blog post", "blog-post" and "blogpost" all name the enum value `blogpost`.
const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');

/** The run's inputs as the entities the dialog declares: normalised, or listed as missing. */
export function checkEntities(entities: DialogEntity[], inputs: Record<string, EntityInput>): EntityCheck {
  const values: Record<string, EntityInput> = {};
  const missing: DialogEntity[] = [];
  for (const entity of entities) {
    const value = valueOf(entity, inputs[entity.name]);
    if (value !== undefined) values[entity.name] = value;
    else if (entity.required) missing.push(entity);
    else values[entity.name] = '';
  }
  return { values, missing };
}

function valueOf(entity: DialogEntity, raw: EntityInput | undefined): EntityInput | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  if (text === '') return undefined;
  if (entity.enum) return entity.enum.find((allowed) => squash(allowed) === squash(text));
  switch (entity.type) {
    case 'number':
      return Number.isFinite(Number(text)) ? Number(text) : undefined;
    case 'boolean':
      return /^(true|yes)$/i.test(text) ? true : /^(false|no)$/i.test(text) ? false : undefined;
    case 'email':
      return /^[^@\s]+@[^@\s]+$/.test(text) ? text : undefined;
    case 'url':
      return /^https?:\/\/\S+$/.test(text) ? text : undefined;
    case 'date':
      return Number.isNaN(Date.parse(text)) ? undefined : text;
    case 'text':
      return String(raw);
    default:
      return text;
  }
}
