// The template editor's columns: segments, options (with a fixed or percent price adder), parameters, rules (the
// condition as json-logic) and tier steps; rule targets offer the template's own segments and options.
import type { TemplateDocument } from '../api/configurator-api';
import type { Translate } from '../i18n/i18n-context';
import type { GridColumn } from './editable-grid';

export function templateColumns(t: Translate, doc: TemplateDocument | undefined): Record<'segment' | 'option' | 'parameter' | 'rule' | 'tier', GridColumn[]> {
  const names = [
    { key: 'labels.zh-CN', title: t('cfged.nameZh'), kind: 'text' as const },
    { key: 'labels.en', title: t('cfged.nameEn'), kind: 'text' as const },
  ];
  const segments = (doc?.segments ?? []).map((s) => ({ value: s.code, label: `${s.code} ${s.labels['zh-CN'] ?? ''}` }));
  const options = [...new Set((doc?.segments ?? []).flatMap((s) => s.options.map((o) => o.code)))].map((c) => ({ value: c, label: c }));
  return {
    segment: [
      { key: 'code', title: t('cfged.code'), kind: 'text', width: 110 },
      ...names,
      { key: 'prefix', title: t('cfged.prefix'), kind: 'text', width: 80 },
      { key: 'required', title: t('cfg.required'), kind: 'switch', width: 70 },
      { key: 'multiple', title: t('cfg.multiple'), kind: 'switch', width: 80 },
    ],
    option: [
      { key: 'code', title: t('cfged.code'), kind: 'text', width: 90 },
      ...names,
      { key: 'spec', title: t('cfged.spec'), kind: 'text' },
      { key: 'price.add', title: t('cfged.priceAdd'), kind: 'text', width: 110 },
      { key: 'price.percent', title: t('cfged.pricePercent'), kind: 'text', width: 100 },
    ],
    parameter: [
      { key: 'code', title: t('cfged.code'), kind: 'text', width: 120 },
      ...names,
      { key: 'type', title: t('cfged.type'), kind: 'select', width: 100, options: [{ value: 'number', label: t('cfged.typeNumber') }, { value: 'enum', label: t('cfged.typeEnum') }] },
      { key: 'unit', title: t('cfged.unit'), kind: 'text', width: 70 },
      { key: 'min', title: t('cfged.min'), kind: 'number', width: 90 },
      { key: 'max', title: t('cfged.max'), kind: 'number', width: 90 },
      { key: 'options', title: t('cfged.enumOptions'), kind: 'json' },
    ],
    rule: [
      { key: 'code', title: t('cfged.code'), kind: 'text', width: 130 },
      { key: 'kind', title: t('cfged.kind'), kind: 'select', width: 110, options: (['validation', 'alert', 'availability'] as const).map((k) => ({ value: k, label: t(`cfged.kind.${k}`) })) },
      { key: 'segment', title: t('cfged.segment'), kind: 'select', width: 130, options: segments },
      { key: 'option', title: t('cfged.option'), kind: 'select', width: 90, options },
      { key: 'when', title: t('cfged.when'), kind: 'json' },
      { key: 'message.zh-CN', title: t('cfged.messageZh'), kind: 'text' },
      { key: 'message.en', title: t('cfged.messageEn'), kind: 'text' },
    ],
    tier: [
      { key: 'min', title: t('cfged.tierMin'), kind: 'number', width: 140 },
      { key: 'percent', title: t('cfged.tierPercent'), kind: 'text', width: 140 },
    ],
  };
}
