import assert from 'node:assert/strict';
import { checkTemplate, compileTemplate, templateProblems } from '../../engine/rules/index.ts';

const now = new Date('2024-01-31T20:05:09.000Z'); // 2024-02-01 04:05:09 in Shanghai
const isEngineError = (code: string) => (e: Error & { code?: string }) => e.code === code;

describe('rules/templates', () => {
  describe('business numbers', () => {
    it('fills date and seq in the context time zone', () => {
      const render = compileTemplate('HT-{{date "YYYYMM"}}-{{seq 4}}', { plainText: true });
      assert.equal(render({ seq: 7 }, { now }), 'HT-202402-0007');
      assert.equal(render({ seq: 123456 }, { now, timeZone: 'UTC' }), 'HT-202401-123456', 'a longer sequence is kept whole');
    });

    it('formats every token: YYYY YY MM DD HH mm ss', () => {
      assert.equal(compileTemplate('{{date "YY/MM/DD HH:mm:ss YYYY"}}')({}, { now }), '24/02/01 04:05:09 2024');
    });

    it('takes now from the data when the options give none, and formats a given date or datetime', () => {
      const render = compileTemplate('{{date "YYYYMMDD"}} {{date "YYYY-MM-DD HH:mm" signed_at}} {{date "DD.MM.YYYY" due}}');
      assert.equal(render({ now: '2023-12-31T16:00:00.000Z', signed_at: '2024-05-01T01:30:00.000Z', due: '2024-06-30' }), '20240101 2024-05-01 09:30 30.06.2024');
    });

    it('pads, upper-cases and lower-cases', () => {
      const render = compileTemplate('{{upper code}}-{{pad n 5}}-{{pad n 3 "*"}}-{{lower name}}', { plainText: true });
      assert.equal(render({ code: 'cnc', n: 42, name: 'ÄBC' }), 'CNC-00042-*42-äbc');
    });

    it('prints money with thousands separators and two decimals, exactly, and nothing for an empty amount', () => {
      const render = compileTemplate('未收 {{money a}} 元', { plainText: true });
      assert.equal(render({ a: '228560.00' }), '未收 228,560.00 元');
      assert.equal(render({ a: 1234567.895 }), '未收 1,234,567.90 元');
      assert.equal(render({ a: '0.005' }), '未收 0.01 元', 'half up');
      assert.equal(render({ a: '-999.5' }), '未收 -999.50 元');
      assert.equal(render({ a: null }), '未收  元');
      assert.throws(() => render({ a: 'abc' }), isEngineError('VALIDATION_FAILED'));
      assert.throws(() => render({}), isEngineError('VALIDATION_FAILED'));
    });

    it('fails when seq is missing instead of numbering with nothing', () => {
      assert.throws(() => compileTemplate('{{seq 4}}')({}), isEngineError('VALIDATION_FAILED'));
    });
  });

  describe('safety', () => {
    it('is strict: a missing variable throws', () => {
      assert.throws(() => compileTemplate('Dear {{customer.name}}')({ customer: {} }), isEngineError('VALIDATION_FAILED'));
      assert.throws(() => compileTemplate('{{missing}}')({}), isEngineError('VALIDATION_FAILED'));
      assert.throws(() => compileTemplate('{{upper missing}}')({}), isEngineError('VALIDATION_FAILED'));
    });

    it('escapes HTML in output', () => {
      assert.equal(compileTemplate('<p>{{note}}</p>')({ note: `<script>alert("x")</script> & 'y'` }), '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;y&#x27;</p>');
    });

    it('refuses prototype names and lookup at compile time', () => {
      for (const source of ['{{constructor}}', '{{__proto__}}', '{{a.constructor.name}}', '{{lookup this "constructor"}}', '{{#with this.__proto__}}x{{/with}}', '{{[prototype]}}']) {
        assert.throws(() => compileTemplate(source), isEngineError('BAD_REQUEST'), source);
        assert.ok(checkTemplate(source).length > 0, source);
      }
    });

    it('prints nothing for inherited properties and methods at run time, never their code', () => {
      const render = compileTemplate('{{#each items}}[{{toString}}|{{hasOwnProperty}}|{{__defineGetter__}}|{{valueOf}}]{{/each}}');
      assert.equal(render({ items: [{ toString: 'own' }, {}] }), '[own|||][|||]');
    });

    it('refuses triple-stash unless allowed', () => {
      assert.throws(() => compileTemplate('{{{html}}}'), isEngineError('BAD_REQUEST'));
      assert.throws(() => compileTemplate('{{& html}}'), isEngineError('BAD_REQUEST'));
      assert.equal(compileTemplate('{{{html}}}', { allowTripleStash: true })({ html: '<b>x</b>' }), '<b>x</b>');
    });

    it('allows only our helpers and if/unless/each/with', () => {
      const render = compileTemplate('{{#if vip}}VIP {{/if}}{{#unless paid}}unpaid {{/unless}}{{#each lines}}{{@index}}:{{sku}};{{/each}}{{#with owner}}{{name}}{{/with}}');
      assert.equal(render({ vip: true, paid: false, lines: [{ sku: 'A' }, { sku: 'B' }], owner: { name: 'Li' } }), 'VIP unpaid 0:A;1:B;Li');
      for (const source of ['{{log "x"}}', '{{foo bar}}', '{{#foo}}x{{/foo}}', '{{#date "YYYY"}}x{{/date}}', '{{if x}}', '{{> partial}}', '{{#*inline "p"}}x{{/inline}}', '{{upper (foo x)}}']) {
        assert.ok(checkTemplate(source).length > 0, source);
        assert.throws(() => compileTemplate(source), isEngineError('BAD_REQUEST'), source);
      }
    });
  });

  describe('checkTemplate', () => {
    it('reports every problem with its line and column', () => {
      const problems = checkTemplate('Hello {{foo x}}\n{{{raw}}} {{bar y}}');
      assert.deepEqual(
        problems.map((p) => [p.line, p.column, p.message.split(' ')[0]]),
        [[1, 6, 'unknown'], [2, 0, 'unescaped'], [2, 10, 'unknown']],
      );
    });

    it('reports a syntax error instead of throwing', () => {
      const [problem] = checkTemplate('{{#if x}}unclosed');
      assert.match(problem!.message, /syntax error/);
    });

    it('refuses the Handlebars built-ins that are not ours, however they are written', () => {
      for (const source of ['{{helperMissing}}', '{{blockHelperMissing}}', '{{log}}', '{{lookup}}', 'A{{helperMissing x}}', '{{#blockHelperMissing}}x{{/blockHelperMissing}}', '{{upper (lookup x "y")}}', '{{#if helperMissing}}x{{/if}}']) {
        assert.ok(checkTemplate(source).some((p) => /built-in/.test(p.message)), source);
        assert.throws(() => compileTemplate(source), isEngineError('BAD_REQUEST'), source);
      }
      assert.deepEqual(checkTemplate('{{customer.helperMissing}} {{#each lines}}{{@index}}{{/each}}'), [], 'a field of that name inside a value is only a name');
    });

    it('refuses a helper called with the wrong number of arguments, which would fail on every use', () => {
      for (const source of ['{{seq}}', '{{upper}}', '{{date}}', '{{pad n}}', '{{seq 4 5}}', '{{#if}}x{{/if}}', '{{#each}}x{{/each}}', '{{#with a b}}x{{/with}}']) {
        assert.ok(checkTemplate(source).some((p) => /takes \d/.test(p.message)), source);
      }
    });

    it('templateProblems fills the template in with sample data and reports what fails then', () => {
      const sample = { seq: 1, now: now.toISOString() };
      assert.deepEqual(templateProblems('HT-{{date "YYYYMM"}}-{{seq 4}}', sample), []);
      for (const source of ['HT-{{no_such}}', '{{seq 99}}', '{{@index}}', '{{../x}}']) {
        const [problem] = templateProblems(source, sample);
        assert.match(problem?.message ?? '', /fails when filled in/, source);
      }
      assert.match(templateProblems('{{helperMissing}}', sample)[0]!.message, /built-in/);
    });

    it('accepts the templates the product uses', () => {
      for (const source of ['HT-{{date "YYYYMM"}}-{{seq 4}}', 'Quote {{number}} for {{customer.name}} is {{#if approved}}approved{{else}}pending{{/if}}', '{{upper model}}-{{pad size 3}}']) {
        assert.deepEqual(checkTemplate(source), [], source);
      }
    });
  });
});
