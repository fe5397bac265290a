import { strict as assert } from 'node:assert';
import { clockEffect, durationOf, effectKind, effectKindsFor, effectRows, effectsOf, isConstant, isoDuration, newTimerId, timerAction, timerDo, timerTransitions } from '../../ui/src/admin/flow-automation.ts';
import { problemsUnder } from '../../ui/src/admin/flow-pointers.ts';

describe('flow designer: effects, timer durations and where their problems show', () => {
  it('reads ISO 8601 durations as days, hours or minutes, the largest unit that says them exactly', () => {
    assert.deepEqual(durationOf('P3D'), { amount: 3, unit: 'days', before: false });
    assert.deepEqual(durationOf('PT4H'), { amount: 4, unit: 'hours', before: false });
    assert.deepEqual(durationOf('PT90M'), { amount: 90, unit: 'minutes', before: false });
    assert.deepEqual(durationOf('P1DT2H'), { amount: 26, unit: 'hours', before: false });
    assert.deepEqual(durationOf('PT48H'), { amount: 2, unit: 'days', before: false });
    assert.deepEqual(durationOf('-P7D'), { amount: 7, unit: 'days', before: true });
  });

  it('says a duration that is not one the engine reads, or json-logic, is not a duration', () => {
    for (const bad of ['P', 'PT', 'P1M', 'P1W', '3 days', 'P1DT', { var: 'sla' }, undefined]) assert.equal(durationOf(bad), undefined, String(bad));
  });

  it('writes the ISO 8601 duration back, counting back from a date when asked', () => {
    assert.equal(isoDuration({ amount: 3, unit: 'days', before: false }), 'P3D');
    assert.equal(isoDuration({ amount: 4, unit: 'hours', before: false }), 'PT4H');
    assert.equal(isoDuration({ amount: 30, unit: 'minutes', before: false }), 'PT30M');
    assert.equal(isoDuration({ amount: 7, unit: 'days', before: true }), '-P7D');
    for (const iso of ['P30D', 'PT2H', 'PT45M', '-P1D']) assert.equal(isoDuration(durationOf(iso)!), iso);
  });

  it('turns effects into rows and back, a constant stored bare and a calculation kept as it is', () => {
    const effects = { probability: 80, actual_close_date: { if: [{ var: 'actual_close_date' }, { var: 'actual_close_date' }, { today: [] }] } };
    const rows = effectRows(effects);
    assert.deepEqual(rows.map((r) => r.field), ['probability', 'actual_close_date']);
    assert.equal(isConstant(rows[0]!.value), true);
    assert.equal(isConstant(rows[1]!.value), false);
    assert.deepEqual(effectsOf([...rows, { field: '', value: 1 }]), effects);
    assert.deepEqual(effectsOf([{ field: 'grade', value: 'A' }, { field: 'vip', value: true }]), { grade: 'A', vip: true });
    assert.equal(effectsOf([]), undefined);
    assert.deepEqual(effectRows(undefined), []);
  });

  it('reads the clock calculations the shipped flows use by name, anything else as a formula, and writes them back the same', () => {
    const keepToday = { if: [{ var: 'actual_close_date' }, { var: 'actual_close_date' }, { today: [] }] };
    assert.equal(effectKind('actual_close_date', keepToday), 'keepOrToday');
    assert.deepEqual(clockEffect('actual_close_date', 'keepOrToday'), keepToday);
    assert.equal(effectKind('dispatch_time', { now: [] }), 'now');
    assert.deepEqual(clockEffect('dispatch_time', 'now'), { now: [] });
    assert.equal(effectKind('resolved_time', { if: [{ var: 'resolved_time' }, { var: 'resolved_time' }, { now: [] }] }), 'keepOrNow');
    assert.equal(effectKind('sign_date', { today: [] }), 'today');
    // "keep" names the field itself: keeping another field's value is a formula.
    assert.equal(effectKind('sign_date', keepToday), 'formula');
    assert.equal(effectKind('service_fee', { if: [{ var: 'under_warranty' }, 0, 800] }), 'formula');
    for (const constant of [80, 'won', true, null, '']) assert.equal(effectKind('x', constant), 'constant');
  });

  it('offers the day for a date, the moment for a date-time, and only a formula for a field no constant fits', () => {
    assert.deepEqual(effectKindsFor('date', true), ['constant', 'today', 'keepOrToday', 'formula']);
    assert.deepEqual(effectKindsFor('datetime', true), ['constant', 'now', 'keepOrNow', 'formula']);
    assert.deepEqual(effectKindsFor('money', true), ['constant', 'formula']);
    assert.deepEqual(effectKindsFor('multi_enum', false), ['formula']);
    assert.deepEqual(effectKindsFor(undefined, false), ['formula']);
  });

  it('names a new timer with an unused code', () => {
    assert.equal(newTimerId([]), 'timer_1');
    assert.equal(newTimerId([{ id: 'a' }, { id: 'timer_2' }]), 'timer_3');
    assert.equal(newTimerId([{ id: 'timer_2' }]), 'timer_3');
  });

  it("switches what a timer does, keeping that action's settings, and offers only transitions from its state a timer may fire", () => {
    const notify = { to: [{ kind: 'field', field: 'owner' }], title: { 'zh-CN': '提醒', en: 'Reminder' } };
    const timer = { id: 't', state: 'review', after: 'P1D', do: { notify } };
    assert.equal(timerAction(timer), 'notify');
    assert.deepEqual(timerDo(timer, 'escalate', { notify }), { escalate: true });
    assert.deepEqual(timerDo(timer, 'transition', { notify, transition: 'pass' }), { transition: 'pass' });
    assert.deepEqual(timerDo({ ...timer, do: { escalate: true } }, 'notify', { notify }), { notify });
    assert.equal(timerAction({ do: { transition: 'pass' } }), 'transition');
    const doc = { transitions: [{ action: 'pass', from: ['review'] }, { action: 'sign', from: ['review'], manualOnly: true }, { action: 'submit', from: ['draft'] }] };
    assert.deepEqual(timerTransitions(doc, 'review').map((t) => t.action), ['pass']);
  });

  it('shows a problem at the effect, timer or notification its pointer names, not at a neighbour', () => {
    const effect = { pointer: '/states/negotiation/effects/probabilty', message: 'unknown field "probabilty" of "opportunity"' };
    const after = { pointer: '/timers/2/after', message: 'a negative duration counts back from a date field' };
    const other = { pointer: '/timers/20/state', message: 'unknown state "x"' };
    const title = { pointer: '/transitions/1/notify/0/title/zh-CN', message: 'bad template' };
    const all = [effect, after, other, title];
    assert.deepEqual(problemsUnder(all, '/states/negotiation/effects/probabilty'), [effect]);
    assert.deepEqual(problemsUnder(all, '/timers/2'), [after]);
    assert.deepEqual(problemsUnder(all, '/transitions/1/notify/0'), [title]);
    assert.deepEqual(problemsUnder(all, '/transitions/1/notify/1'), []);
  });
});
