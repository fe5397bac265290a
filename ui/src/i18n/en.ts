// English catalogue, one file per area in en/; the type makes it carry exactly the keys of the Chinese one.
import { common } from './en/common';
import { records } from './en/records';
import { people } from './en/people';
import { designers } from './en/designers';
import { flows } from './en/flows';
import { flowParts } from './en/flow-parts';
import { configurator } from './en/configurator';
import { reports } from './en/reports';
import type { MessageKey } from './zh-CN';

export const en: Record<MessageKey, string> = { ...common, ...records, ...people, ...designers, ...flows, ...flowParts, ...configurator, ...reports };
