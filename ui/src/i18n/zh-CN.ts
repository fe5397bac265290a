// Simplified Chinese, the default language. Every word the UI shows that does not come from metadata is here, one
// file per area of the app in zh-CN/; en.ts must have the same keys (the compiler checks).
import { common } from './zh-CN/common';
import { records } from './zh-CN/records';
import { people } from './zh-CN/people';
import { designers } from './zh-CN/designers';
import { flows } from './zh-CN/flows';
import { flowParts } from './zh-CN/flow-parts';
import { configurator } from './zh-CN/configurator';
import { reports } from './zh-CN/reports';

export const zhCN = { ...common, ...records, ...people, ...designers, ...flows, ...flowParts, ...configurator, ...reports };

export type MessageKey = keyof typeof zhCN;
