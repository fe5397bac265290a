// The third series of the configurator tests, an electromagnetic flow meter, entered only through the API.
const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });

// An electromagnetic flow meter: sizes, liners, electrodes, an optional output suffix, two process parameters.
export const FLOW = {
  code: 'MAG8',
  labels: L('MAG8 电磁流量计', 'MAG8 Electromagnetic flow meter'),
  base_price: '5200.00',
  currency: 'CNY',
  separator: '/',
  segments: [
    { code: 'size', labels: L('口径', 'Size'), prefix: '-', options: [
      { code: '025', labels: L('DN25', 'DN25'), spec: '口径 DN25' },
      { code: '050', labels: L('DN50', 'DN50'), spec: '口径 DN50', price: { add: '600' } },
      { code: '100', labels: L('DN100', 'DN100'), spec: '口径 DN100', price: { add: 1500 } },
    ] },
    { code: 'liner', labels: L('衬里', 'Liner'), prefix: '-', options: [
      { code: 'R', labels: L('氯丁橡胶', 'Neoprene'), spec: '衬里:氯丁橡胶' },
      { code: 'F', labels: L('PTFE', 'PTFE'), spec: '衬里:PTFE', price: { percent: '10' } },
    ] },
    { code: 'electrode', labels: L('电极', 'Electrode'), options: [
      { code: 'S', labels: L('316L', '316L'), spec: '电极:316L' },
      { code: 'H', labels: L('哈氏合金 C', 'Alloy C'), spec: '电极:哈氏合金 C', price: { add: '800.00' } },
      { code: 'T', labels: L('钽', 'Tantalum'), spec: '电极:钽', price: { add: '2400.00' } },
    ] },
    { code: 'extras', labels: L('附加', 'Extras'), required: false, multiple: true, options: [
      { code: 'P', labels: L('脉冲输出', 'Pulse output'), spec: '脉冲输出', price: { add: '300' } },
      { code: 'G', labels: L('接地环', 'Grounding rings'), spec: '接地环', price: { add: '450' } },
    ] },
  ],
  parameters: [
    { code: 'temp', labels: L('介质温度', 'Medium temperature'), type: 'number', unit: '°C', min: -20, max: 180 },
    { code: 'medium', labels: L('介质', 'Medium'), type: 'enum', options: [{ code: 'water', labels: L('水', 'Water') }, { code: 'acid', labels: L('强酸', 'Acid') }] },
  ],
  rules: [
    { code: 'rubber_hot', kind: 'validation', segment: 'liner', when: { and: [{ '==': [{ var: 'liner' }, 'R'] }, { '>': [{ var: 'temp' }, 80] }] }, message: L('氯丁橡胶衬里最高 80 °C', 'Neoprene liners go up to 80 °C') },
    { code: 'tantalum_big', kind: 'availability', segment: 'electrode', option: 'T', when: { '!=': [{ var: 'size' }, '025'] }, message: L('钽电极仅用于 DN50 及以上', 'Tantalum electrodes from DN50 up') },
    { code: 'acid_alert', kind: 'alert', when: { and: [{ '==': [{ var: 'medium' }, 'acid'] }, { '==': [{ var: 'electrode' }, 'S'] }] }, message: L('强酸介质建议选用哈氏合金或钽电极', 'For acids choose Alloy C or tantalum electrodes') },
  ],
  tiers: { mode: 'slab', steps: [{ min: 1, percent: '0' }, { min: 3, percent: '10' }] },
};
